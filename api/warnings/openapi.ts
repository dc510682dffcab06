// OpenAPI paths of the warnings API (DESIGN.md §8): the list, one warning and its verification.
import {
  commonProblems,
  idempotencyHeader,
  json,
  problemResponse,
  queryParameters,
  ref,
  writeProblems,
  type JsonObject,
} from '../http/openapi';
import { listWarningsQuerySchema } from './schemas';

const warningIdParam = { name: 'warningId', in: 'path', required: true, schema: { type: 'string' } };

export const warningsPaths: Record<string, JsonObject> = {
  '/api/v1/warnings': {
    get: {
      tags: ['warnings'],
      operationId: 'listWarnings',
      summary: 'List warnings in the caller’s jurisdiction',
      description:
        'Warnings raised from other departments’ data (§8), newest first; paginate with `nextCursor`. Without reasons: read one warning for them.',
      parameters: queryParameters(listWarningsQuerySchema),
      responses: {
        '200': json('WarningList', 'one page of warnings'),
        '403': problemResponse('report-only roles may not read warnings'),
        '422': problemResponse('invalid filter or cursor'),
        ...commonProblems,
      },
    },
  },
  '/api/v1/warnings/{warningId}': {
    get: {
      tags: ['warnings'],
      operationId: 'getWarning',
      summary: 'One warning with its reasons',
      description: 'Reasons with their amounts, the verifier’s note and the person’s name: recorded in the access log.',
      parameters: [warningIdParam],
      responses: {
        '200': json('Warning', 'the warning'),
        '403': problemResponse('report-only roles may not read warnings'),
        '404': problemResponse('no such warning in the caller’s jurisdiction'),
        ...commonProblems,
      },
    },
  },
  '/api/v1/warnings/{warningId}/actions': {
    post: {
      tags: ['warnings'],
      operationId: 'performWarningAction',
      summary: 'Verify a warning (caseworkers and street supervisors of its street)',
      description:
        '`{"type": "verify", "outcome": "open-case"|"watch"|"dismiss", "note"?}`. open-case opens (or attaches to) the household’s case, accepted by your street (stage verifying), and links it; watch does the same and puts it on the watch list (monitoring); dismiss needs a note. Stops the warning’s verification clock and resolves its escalation. Answers the updated warning. An Idempotency-Key makes a retried verification happen once.',
      parameters: [warningIdParam, idempotencyHeader],
      requestBody: { required: true, content: { 'application/json': { schema: ref('WarningAction') } } },
      responses: {
        '200': json('Warning', 'the verified (or dismissed) warning'),
        '403': problemResponse('only caseworkers and street supervisors verify warnings'),
        '404': problemResponse('no such warning in the caller’s jurisdiction'),
        '409': problemResponse('the warning is not open (WARNING_NOT_OPEN), or the household’s case refused the step'),
        ...writeProblems,
        ...commonProblems,
      },
    },
  },
};
