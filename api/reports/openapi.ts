// OpenAPI paths of this folder's routes: discovery reports and department-signal batches.
import {
  idempotencyHeader,
  json,
  problemResponse,
  queryParameters,
  ref,
  commonProblems,
  writeProblems,
  type JsonObject,
} from '../http/openapi';
import { MAX_SIGNALS, myReportsQuerySchema } from './schemas';

export const reportsPaths: Record<string, JsonObject> = {
  '/api/v1/me/reports': {
    get: {
      tags: ['reports'],
      operationId: 'listMyReports',
      summary: 'The caller’s own reports, with what became of them',
      description:
        'Feedback to whoever reported (§7): each report with the case’s current stage and, once decided, its outcome; nothing else about the person. Newest first, cursor pages.',
      parameters: queryParameters(myReportsQuerySchema),
      responses: {
        '200': json('MyReports', 'one page of the caller’s reports'),
        '422': problemResponse('a bad cursor or limit'),
        ...commonProblems,
      },
    },
  },
  '/api/v1/reports': {
    post: {
      tags: ['reports'],
      operationId: 'submitReport',
      summary: 'File a discovery report',
      description:
        'Opens a case for the subject’s household (201) or attaches the report to the open case of the subject or of a member of their household (200, `attachedVia`). A household has at most one open case. A report never overwrites the recorded identity: a different name, phone, address or street is kept with the report and flagged in the case file. A subject without an ID number is reported with `unidentified: true` and a `description`. When the open case lies outside the caller’s jurisdiction the report is attached and the answer is only 202 `{"received": true}`. Any role may report; street-scoped roles only within their street.',
      parameters: [idempotencyHeader],
      requestBody: { required: true, content: { 'application/json': { schema: ref('ReportBody') } } },
      responses: {
        '201': json('ReportResult', 'a new case was opened'),
        '200': json('ReportResult', 'attached to the open case of the person or their household (or an idempotent replay of one)'),
        '202': json('ReportReceived', 'attached to an open case outside the caller’s jurisdiction; the owning street is told'),
        ...writeProblems,
        ...commonProblems,
        '409': problemResponse('the report conflicts with the person’s case'),
      },
    },
  },
  '/api/v1/department-signals': {
    post: {
      tags: ['reports'],
      operationId: 'submitDepartmentSignals',
      summary: `Submit up to ${MAX_SIGNALS} shared-data signals`,
      description:
        'Each signal is a report, validated and processed independently; the answer lists every item by index: created, attached or rejected (with errors). Roles: department, hotline, city_officer.',
      parameters: [idempotencyHeader],
      requestBody: { required: true, content: { 'application/json': { schema: ref('SignalBatch') } } },
      responses: {
        '200': json('SignalBatchResult', 'per-item results in input order'),
        '403': problemResponse('role may not submit department signals'),
        ...writeProblems,
        ...commonProblems,
      },
    },
  },
};
