// Request and response schemas of monitoring imports (DESIGN.md §8). The envelope is checked here; each
// record is checked on its own by the import workflow (domain/monitoring-records.ts), so that a bad
// record is rejected with its index and the rest proceeds. The record schema documents the fields.
import { z } from 'zod';
import {
  IMPORT_STATUSES,
  LOW_INCOME_CATEGORIES,
  MAX_IMPORT_ERRORS,
  MAX_IMPORT_RECORDS,
  MONITORING_SOURCES,
  RECORD_KINDS,
} from '../../domain/monitoring';

/** Largest import body (JSON or CSV) read; a 100,000-record file is about 15 MB, so this leaves room for details. */
export const IMPORT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

const sourceSchema = z.enum(MONITORING_SOURCES, { error: () => `must be one of ${MONITORING_SOURCES.join(', ')}` });

// Documentation of a record; validated record by record by the workflow, so items are not parsed here.
z.object({
  kind: z.enum(RECORD_KINDS),
  idNumber: z.string().meta({ description: 'resident ID number (18 characters); stored encrypted, looked up by keyed hash' }),
  name: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'recorded for a person the platform does not know yet; never overwrites a recorded name' }),
  streetCode: z
    .string()
    .optional()
    .meta({ description: 'required for a person the platform does not know yet; updates the monitored register', example: '440104001' }),
  occurredAt: z.string().meta({ description: 'YYYY-MM-DD (Asia/Shanghai), not in the future', example: '2026-11-20' }),
  amount: z
    .number()
    .min(0)
    .optional()
    .meta({ description: 'CNY: self-paid for medical_expense, the loss for disaster_loss; stored encrypted' }),
  details: z
    .object({
      category: z
        .enum(LOW_INCOME_CATEGORIES)
        .optional()
        .meta({ description: 'low_income_status: 低保 dibao, 特困 tekun, 低保边缘 dibian, none' }),
      grade: z.number().int().min(1).max(4).optional().meta({ description: 'disability_certified: grade 1–4' }),
      months: z.number().int().min(0).optional().meta({ description: 'utility_arrears: months unpaid' }),
    })
    .optional(),
}).meta({ id: 'MonitoringRecord' });

export const importBodySchema = z
  .strictObject({
    source: sourceSchema,
    records: z
      .array(z.unknown())
      .min(1, 'must contain at least one record')
      .meta({ description: `1 to ${MAX_IMPORT_RECORDS} records`, items: { $ref: '#/components/schemas/MonitoringRecord' } }),
  })
  .meta({ id: 'MonitoringImportBody' });

export const csvQuerySchema = z.strictObject({ source: sourceSchema.optional() });

export const importAcceptedSchema = z
  .strictObject({ importId: z.string(), status: z.enum(IMPORT_STATUSES) })
  .meta({ id: 'MonitoringImportAccepted' });

const recordErrorSchema = z.strictObject({
  index: z.number().int(),
  path: z.string().meta({ example: 'records[3].idNumber' }),
  message: z.string(),
});

export const importStatusSchema = z
  .strictObject({
    importId: z.string(),
    source: z.enum(MONITORING_SOURCES),
    status: z.enum(IMPORT_STATUSES),
    total: z.number().int(),
    processed: z.number().int().meta({ description: 'records accepted into the register so far' }),
    rejected: z.number().int(),
    warningsRaised: z.number().int(),
    errors: z.array(recordErrorSchema).meta({ description: `the first ${MAX_IMPORT_ERRORS} rejected records, by index` }),
    failure: z.string().optional().meta({ description: 'why a failed import failed' }),
  })
  .meta({ id: 'MonitoringImport' });
export type ImportStatusView = z.output<typeof importStatusSchema>;
