// OpenAPI path of the ledgers' export (§12).
import { commonProblems, problemResponse, queryParameters, type JsonObject } from '../http/openapi';
import { EXPORT_KINDS } from './export-kinds';
import { exportQuerySchema } from './schemas';

export const exportsPaths: Record<string, JsonObject> = {
  '/api/v1/exports/{kind}': {
    get: {
      tags: ['supervision'],
      operationId: 'exportLedger',
      summary: 'A ledger (台账) of the caller’s jurisdiction as CSV or XLSX',
      description: [
        'Kinds: `cases` 案件台账, `households` 家庭台账, `assistance` 救助台账 (approved assistance), `warnings` 预警台账, `escalations` 督办台账. Chinese column headers; times in Asia/Shanghai; amounts in 元.',
        'Scoped like the lists: a street’s staff export their street, district officers their district, city officers the city; `districtCode` / `streetCode` narrow it further. ID numbers are masked (440104********123X) unless a district or city officer asks `unmasked=true`.',
        'Streamed as it is read (constant memory at any size). Every export is recorded in the access log (kind `export`) before the first byte.',
      ].join('\n\n'),
      parameters: [
        { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: [...EXPORT_KINDS] } },
        ...queryParameters(exportQuerySchema),
      ],
      responses: {
        '200': {
          description: 'the ledger (CSV in UTF-8 with a byte-order mark, or XLSX)',
          headers: { 'Content-Disposition': { schema: { type: 'string' }, description: 'attachment with the file name' } },
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
          },
        },
        '403': problemResponse('report-only roles may not export; `unmasked=true` from anyone but a district or city officer (recorded)'),
        '422': problemResponse('unknown kind, or an invalid filter'),
        ...commonProblems,
      },
    },
  },
};
