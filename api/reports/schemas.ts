// Request and response schemas of discovery reports and department-signal batches (DESIGN.md §5).
// Handlers receive what these parse to; api/http/openapi.ts documents the very same schemas.
import { z } from 'zod';
import { householdMemberSchema } from '../../domain/action-schemas';
import { caseReportSchema } from '../../domain/update-schemas';
import { CHANNELS, STAGES, URGENCIES } from '../../domain/case-types';
import { idNumberText, text } from '../../domain/text';
import { CASE_OUTCOMES } from '../../domain/household';
import { cursorQuery, fieldErrorSchema, limitQuery } from '../http/schemas';

export const reportSubjectSchema = z
  .strictObject({
    idNumber: idNumberText().optional().meta({
      description: '18-character resident ID number (GB 11643 check digit); required unless `unidentified` is true',
      example: '44010419800101001X',
    }),
    name: text(100).optional().meta({ description: 'required unless `unidentified` is true' }),
    unidentified: z.boolean().optional().meta({
      description: 'true for a person whose identity is not known (流浪乞讨人员, a found child): omit idNumber, give description',
    }),
    description: text(1000)
      .optional()
      .meta({ description: 'what is known of an unidentified person: apparent age, sex, where found; stored encrypted' }),
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

// The fields the workflow receives as they are (CaseReport): their rules are written once, there.
const reported = caseReportSchema.shape;

export const reportSituationSchema = z.strictObject({
  summary: reported.summary,
  categories: reported.categories.optional(),
  urgentFlags: reported.urgentFlags.optional().meta({ description: 'any flag puts the case on the green channel' }),
});

export const reporterSchema = z.strictObject({
  name: text(100).optional(),
  phone: z.string().trim().min(1).max(40).optional(),
  organisation: reported.reporterOrganisation,
});

export const reportBodySchema = z
  .strictObject({
    channel: z.enum(CHANNELS),
    subject: reportSubjectSchema,
    situation: reportSituationSchema,
    reporter: reporterSchema.optional(),
    household: z
      .strictObject({ members: z.array(householdMemberSchema).min(1).max(50) })
      .optional()
      .meta({ description: 'who the subject lives with, as the reporter knows it; the home visit records the household authoritatively' }),
  })
  .meta({ id: 'ReportBody' });
export type ReportBody = z.infer<typeof reportBodySchema>;

export const reportResponseSchema = z
  .strictObject({
    caseId: z.string(),
    created: z.boolean().meta({ description: 'true: a new case was opened (201); false: attached to the open case (200)' }),
    urgency: z.enum(URGENCIES),
    stage: z.enum(STAGES),
    householdId: z.string(),
    attachedVia: z
      .enum(['person', 'household'])
      .optional()
      .meta({ description: 'when attached: the subject has the open case themself, or a member of their household has it' }),
  })
  .meta({ id: 'ReportResult' });
export type ReportResponse = z.infer<typeof reportResponseSchema>;

/** §14: the report about a person whose open case lies outside the caller's scope is received and attached; nothing else is said. */
export const reportReceivedSchema = z.strictObject({ received: z.literal(true) }).meta({ id: 'ReportReceived' });
export type ReportReceived = z.infer<typeof reportReceivedSchema>;

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

export const myReportsQuerySchema = z.strictObject({
  cursor: cursorQuery(512),
  limit: limitQuery(200, 50),
});

export const myReportsSchema = z
  .strictObject({
    items: z.array(
      z.strictObject({
        reportId: z.string(),
        receivedAt: z.string(),
        channel: z.enum(CHANNELS),
        stage: z.enum(STAGES).nullable().meta({ description: 'the case’s current stage; null while the report is being filed' }),
        outcome: z.enum(CASE_OUTCOMES).optional(),
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'MyReports' });
export type MyReports = z.infer<typeof myReportsSchema>;
