// Query of GET /api/v1/exports/{kind} (§12).
import { z } from 'zod';
import { instantQuery, jurisdictionQuery } from '../http/schemas';
import { EXPORT_KINDS } from './export-kinds';

export const exportKindSchema = z.enum(EXPORT_KINDS, { error: `must be one of ${EXPORT_KINDS.join(', ')}` });

export const exportQuerySchema = z.strictObject({
  format: z.enum(['csv', 'xlsx']).default('csv').meta({ description: 'csv (UTF-8 with BOM, opens in Excel) or xlsx' }),
  ...jurisdictionQuery,
  from: instantQuery
    .optional()
    .meta({ description: 'the ledger’s own time (opened, created, approved, raised, escalated) at or after this instant' }),
  to: instantQuery.optional().meta({ description: 'the ledger’s own time before this instant' }),
  unmasked: z
    .enum(['true', 'false'])
    .default('false')
    .meta({ description: 'true: full ID numbers (district and city officers only; anyone else gets 403, recorded)' }),
});
export type ExportQuery = z.output<typeof exportQuerySchema>;
