// OpenAPI path of the monthly report (§12).
import { commonProblems, json, problemResponse, queryParameters, type JsonObject } from '../http/openapi';
import { monthlyReportQuerySchema } from './schemas';
import './schemas';

export const monthlyReportPaths: Record<string, JsonObject> = {
  '/api/v1/reports/monthly': {
    get: {
      tags: ['supervision'],
      operationId: 'getMonthlyReport',
      summary: 'The monthly report (月度统计报表) of the caller’s jurisdiction',
      description:
        'For a calendar month in Asia/Shanghai: new cases by channel, cases closed by outcome, assistance approved by type (households, amount) and disbursed, warnings by level with their yield, the on-time rate per clock, escalations, and per caseworker the cases handled, their on-time rate and escalations (绩效考核). Scoped like the lists; `districtCode` / `streetCode` narrow it. `format=xlsx` answers the same as a workbook with Chinese headers.',
      parameters: queryParameters(monthlyReportQuerySchema),
      responses: {
        '200': {
          ...json('MonthlyReport', 'the report'),
          content: {
            ...json('MonthlyReport', 'the report').content,
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
          },
        },
        '403': problemResponse('report-only roles may not read reports'),
        '422': problemResponse('a malformed month or one in the future, or an invalid filter'),
        ...commonProblems,
      },
    },
  },
};
