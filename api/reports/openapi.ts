// OpenAPI paths of this folder's routes: discovery reports and department-signal batches.
import { idempotencyHeader, json, problemResponse, ref, commonProblems, writeProblems, type JsonObject } from '../http/openapi';
import { MAX_SIGNALS } from './schemas';

export const reportsPaths: Record<string, JsonObject> = {
  '/api/v1/reports': {
    post: {
      tags: ['reports'],
      operationId: 'submitReport',
      summary: 'File a discovery report',
      description:
        'Opens a case for the subject (201) or attaches the report to the person’s open case (200). Any role may report; street-scoped roles only within their street.',
      parameters: [idempotencyHeader],
      requestBody: { required: true, content: { 'application/json': { schema: ref('ReportBody') } } },
      responses: {
        '201': json('ReportResult', 'a new case was opened'),
        '200': json('ReportResult', 'attached to the person’s open case (or an idempotent replay of one)'),
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
