// OpenAPI paths of this folder's routes: the working-day calendar (§9).
import { commonProblems, json, problemResponse, queryParameters, writeProblems, type JsonObject } from '../http/openapi';
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
  '/api/v1/calendar/{year}': {
    put: {
      tags: ['reference'],
      operationId: 'loadCalendarYear',
      summary: 'Load one year of the official calendar while the platform runs (city officers)',
      description:
        'Typically the State Council’s holiday notice for next year. The year is stored and used for new cases at once; every running case with a provisional deadline is told and recomputes it (recording `deadline-rescheduled`), without a restart. Loading the same dates again is harmless and re-tells cases still provisional; other dates for a year the calendar has are refused (409 CALENDAR_YEAR_EXISTS).',
      parameters: [
        { name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{4}$' }, description: 'the year, e.g. 2027' },
      ],
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CalendarYearBody' } } } },
      responses: {
        '201': json('CalendarYearLoaded', 'the year was stored and running cases were told'),
        '200': json('CalendarYearLoaded', 'the same dates were loaded before; cases still provisional were told again'),
        '403': problemResponse('only city officers load calendar years'),
        '409': problemResponse('the calendar already has that year with other dates (CALENDAR_YEAR_EXISTS)'),
        ...writeProblems,
        '422': problemResponse('a date is invalid, outside the year, listed twice, or a make-up day is not a weekend day'),
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
