// OpenAPI paths of this folder's routes: the case list, the case file, actions and the case's workflow link.
import { ACTION_TYPES } from '../../domain/case-types';
import {
  caseIdParam,
  commonProblems,
  idempotencyHeader,
  json,
  problemResponse,
  queryParameters,
  ref,
  writeProblems,
  type JsonObject,
} from '../http/openapi';
import { listCasesQuerySchema } from './schemas';

export const casesPaths: Record<string, JsonObject> = {
  '/api/v1/cases': {
    get: {
      tags: ['cases'],
      operationId: 'listCases',
      summary: 'List cases in the caller’s jurisdiction',
      description: 'Sorted by next due date (cases without a deadline last); paginate with `nextCursor`.',
      parameters: queryParameters(listCasesQuerySchema),
      responses: {
        '200': json('CaseList', 'one page of case summaries'),
        '403': problemResponse('report-only roles may not read cases'),
        '422': problemResponse('invalid filter or cursor'),
        ...commonProblems,
      },
    },
  },
  '/api/v1/cases/{caseId}': {
    get: {
      tags: ['cases'],
      operationId: 'getCase',
      summary: 'The case file',
      description: 'Stage, deadlines, escalation level, the full audit trail, escalations and the (masked) subject.',
      parameters: [caseIdParam],
      responses: {
        '200': json('CaseFile', 'the case file'),
        '403': problemResponse('report-only roles may not read cases'),
        '404': problemResponse('no such case in the caller’s jurisdiction'),
        ...commonProblems,
      },
    },
  },
  '/api/v1/cases/{caseId}/actions': {
    post: {
      tags: ['cases'],
      operationId: 'performAction',
      summary: 'Perform one action on a case',
      description: `One of: ${ACTION_TYPES.join(', ')}. Answers the updated case file. An Idempotency-Key makes a retried action happen once.`,
      parameters: [caseIdParam, idempotencyHeader],
      requestBody: { required: true, content: { 'application/json': { schema: ref('CaseAction') } } },
      responses: {
        '200': json('CaseFile', 'the updated case file'),
        '403': problemResponse('the caller’s role may not perform this action'),
        '404': problemResponse('no such case in the caller’s jurisdiction'),
        '409': problemResponse('not allowed in the current stage or approval tier (the reason is in `detail`, the rule in `code`)'),
        ...writeProblems,
        ...commonProblems,
      },
    },
  },
  '/api/v1/cases/{caseId}/workflow': {
    get: {
      tags: ['cases'],
      operationId: 'getCaseWorkflow',
      summary: 'The case’s Temporal workflow and its link in the Temporal web UI',
      parameters: [caseIdParam],
      responses: {
        '200': json('CaseWorkflowLink', 'workflow id, namespace and UI link (null when the UI address is not configured)'),
        '403': problemResponse('report-only roles may not read cases'),
        '404': problemResponse('no such case in the caller’s jurisdiction'),
        ...commonProblems,
      },
    },
  },
};
