// OpenAPI paths of this folder's routes: the supervisors' statistics.
import { commonProblems, json, problemResponse, queryParameters, type JsonObject } from '../http/openapi';
import { statsQuerySchema } from './schemas';

export const statsPaths: Record<string, JsonObject> = {
  '/api/v1/stats': {
    get: {
      tags: ['supervision'],
      operationId: 'getStats',
      summary: 'Case load, overdue clocks, escalations, time-to-resolve, reminders, warnings and 2000:1:1 staffing',
      description:
        'Per district and per street of the caller’s scope (and for the scope as a whole). Open cases, overdue clocks and open escalations are as of now; time-to-resolve and reminders count the period [from, to), by default the last 30 days; warnings are those raised in the period, by level and status (now), the median time to verify them and their yield (cases opened, households assisted).',
      parameters: queryParameters(statsQuerySchema),
      responses: {
        '200': json('Stats', 'the figures'),
        '403': problemResponse('report-only roles may not read statistics'),
        '422': problemResponse('invalid period'),
        ...commonProblems,
      },
    },
  },
};
