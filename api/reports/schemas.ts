// Request and response schemas of discovery reports and department-signal batches (DESIGN.md §5).
// Handlers receive what these parse to; api/http/openapi.ts documents the very same schemas.
import { z } from 'zod';
import { CHANNELS, STAGES, URGENCIES, URGENT_FLAGS } from '../../domain/case-types';
import { text } from '../../domain/text';
import { fieldErrorSchema } from '../http/schemas';

export const reportSubjectSchema = z
  .strictObject({
    idNumber: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .meta({ description: '18-character resident ID number (GB 11643 check digit)', example: '44010419800101001X' }),
    name: text(100),
    phone: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .meta({ description: 'mobile (13800138000) or landline with area code (020-12345678)' }),
    streetCode: z
      .string()
      .regex(/^\d{9}$/, 'must be a 9-digit street code, see GET /api/v1/jurisdictions')
      .meta({ example: '440104001' }),
    address: text(500).optional(),
  })
  .meta({ description: 'The person the report is about. Stored encrypted; never logged or sent to the workflow.' });

export const reportSituationSchema = z.strictObject({
  summary: text(4000),
  categories: z.array(text(64)).max(20).optional(),
  urgentFlags: z
    .array(z.enum(URGENT_FLAGS))
    .max(URGENT_FLAGS.length)
    .optional()
    .meta({ description: 'any flag puts the case on the green channel' }),
});

export const reporterSchema = z.strictObject({
  name: text(100).optional(),
  phone: z.string().trim().min(1).max(40).optional(),
  organisation: text(200).optional(),
});

export const reportBodySchema = z
  .strictObject({
    channel: z.enum(CHANNELS),
    subject: reportSubjectSchema,
    situation: reportSituationSchema,
    reporter: reporterSchema.optional(),
  })
  .meta({ id: 'ReportBody' });
export type ReportBody = z.infer<typeof reportBodySchema>;

export const reportResponseSchema = z
  .strictObject({
    caseId: z.string(),
    created: z.boolean().meta({ description: 'true: a new case was opened (201); false: attached to the open case (200)' }),
    urgency: z.enum(URGENCIES),
    stage: z.enum(STAGES),
  })
  .meta({ id: 'ReportResult' });
export type ReportResponse = z.infer<typeof reportResponseSchema>;

export const MAX_SIGNALS = 1000;

/** Parsed loosely first: each signal is validated on its own so one bad item rejects only itself. */
export const signalBatchEnvelopeSchema = z.strictObject({
  signals: z.array(z.unknown()).min(1).max(MAX_SIGNALS),
});

/** What the OpenAPI document shows for the batch (the same items as a report). */
export const signalBatchDocSchema = z
  .strictObject({ signals: z.array(reportBodySchema).min(1).max(MAX_SIGNALS) })
  .meta({ id: 'SignalBatch' });

export const signalResultSchema = z.strictObject({
  index: z.number().int().min(0),
  status: z.enum(['created', 'attached', 'rejected']),
  caseId: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
});
export type SignalResult = z.infer<typeof signalResultSchema>;

export const signalBatchResultSchema = z.strictObject({ results: z.array(signalResultSchema) }).meta({ id: 'SignalBatchResult' });
