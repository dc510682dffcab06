// OpenAPI paths of monitoring imports (DESIGN.md §8).
import { MAX_IMPORT_ERRORS, MAX_IMPORT_RECORDS } from '../../domain/monitoring';
import { commonProblems, idempotencyHeader, json, problemResponse, queryParameters, ref, type JsonObject } from '../http/openapi';
import { csvQuerySchema, IMPORT_BODY_LIMIT_BYTES } from './schemas';

const limit = `${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MB`;

export const monitoringPaths: Record<string, JsonObject> = {
  '/api/v1/monitoring/imports': {
    post: {
      tags: ['reports'],
      operationId: 'submitMonitoringImport',
      summary: `Share up to ${MAX_IMPORT_RECORDS} records of another department`,
      description: `Answers 202 at once; the records are processed durably (GET the import for progress). JSON \`{"source", "records"}\`, or \`text/csv\` with a header row of the record's field names (\`details.<key>\` for a detail) and \`?source=\`. Each bad record is rejected on its own with its index, field and reason; the rest proceeds. The same Idempotency-Key, or the same content again, answers the same import and creates nothing. At most ${MAX_IMPORT_RECORDS} records and ${limit}. Roles: department, city_officer.`,
      parameters: [idempotencyHeader, ...queryParameters(csvQuerySchema)],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: ref('MonitoringImportBody') },
          'text/csv': { schema: { type: 'string' }, example: 'kind,idNumber,streetCode,occurredAt,amount,details.category\n' },
        },
      },
      responses: {
        '202': json('MonitoringImportAccepted', 'stored and queued (or the same import again)'),
        '400': problemResponse('malformed JSON'),
        '403': problemResponse('role may not file monitoring imports'),
        '413': problemResponse(`body larger than ${limit}`),
        '415': problemResponse('body is neither application/json nor text/csv'),
        '422': problemResponse(`no records, more than ${MAX_IMPORT_RECORDS}, an unknown source or a bad CSV header`),
        ...commonProblems,
      },
    },
  },
  '/api/v1/monitoring/imports/{importId}': {
    get: {
      tags: ['reports'],
      operationId: 'getMonitoringImport',
      summary: 'An import’s progress and its first rejected records',
      description: `Status, counts and the first ${MAX_IMPORT_ERRORS} errors by record index (field and reason, never the value). The department user who filed it and city officers may read it.`,
      parameters: [{ name: 'importId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': json('MonitoringImport', 'the import'),
        '403': problemResponse('role may not read monitoring imports'),
        '404': problemResponse('no such import, or filed by someone else'),
        ...commonProblems,
      },
    },
  },
};
