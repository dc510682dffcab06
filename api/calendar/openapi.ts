// OpenAPI paths of this folder's routes: the working-day calendar (§9).
import { commonProblems, json, problemResponse, queryParameters, type JsonObject } from '../http/openapi';
import { calendarYearQuerySchema, deadlineQuerySchema } from './schemas';

export const calendarPaths: Record<string, JsonObject> = {
  '/api/v1/calendar/deadline': {
    get: {
      tags: ['reference'],
      operationId: 'getCalendarDeadline',
      summary: 'When a clock of a policy duration started at an instant is due',
      description:
        'Working days (`3wd`) follow DESIGN.md §9: the start day is not counted; the deadline is 24:00 Asia/Shanghai of the n-th working day of the official calendar. A year without data counts weekdays only (`provisional: true`).',
      parameters: queryParameters(deadlineQuerySchema).map((p) => ({ ...p, required: true })),
      responses: {
        '200': json('CalendarDeadline', 'the due time'),
        '422': problemResponse('`from` is not an instant with an offset or `duration` is not a policy duration'),
        ...commonProblems,
      },
    },
  },
  '/api/v1/calendar': {
    get: {
      tags: ['reference'],
      operationId: 'getCalendarYear',
      summary: 'One year of the official working-day calendar the platform uses',
      parameters: queryParameters(calendarYearQuerySchema).map((p) => ({ ...p, required: true })),
      responses: {
        '200': json('CalendarYear', 'the year’s holidays and make-up working days, with their source'),
        '404': problemResponse('the calendar has no data for that year (CALENDAR_YEAR_NOT_FOUND)'),
        '422': problemResponse('`year` is not a four-digit year'),
        ...commonProblems,
      },
    },
  },
};
