// OpenAPI paths of this folder's route: the access log.
import { commonProblems, json, problemResponse, queryParameters, type JsonObject } from '../http/openapi';
import { listAccessLogQuerySchema } from './schemas';

export const accessLogPaths: Record<string, JsonObject> = {
  '/api/v1/access-log': {
    get: {
      tags: ['supervision'],
      operationId: 'listAccessLog',
      summary: 'Who read whose personal data',
      description:
        'Every read of personal data (a case file, a family file, a look-up by ID number, an export, a payload decoded for the Temporal UI), newest first; paginate with `nextCursor`. District officers see the reads of their district’s data; city officers every read, including codec decodes (which belong to no district). Every other role gets 403. `from` must not be later than `to`.',
      parameters: queryParameters(listAccessLogQuerySchema),
      responses: {
        '200': json('AccessLogPage', 'one page of the access log'),
        '403': problemResponse('only district and city officers may read the access log'),
        '422': problemResponse('invalid filter or cursor: `errors[].path` names the parameter'),
        ...commonProblems,
      },
    },
  },
};
