// Request and response schemas of the HTTP API (DESIGN.md §5). Handlers receive what these parse to,
// and api/openapi.ts turns the very same schemas into the OpenAPI document. Action bodies reuse
// domain/action-schemas' `caseActionSchema`; nothing here re-declares them.
import { z } from 'zod';
import { text } from '../domain/text';
import { caseActionSchema } from '../domain/action-schemas';
import { CHANNELS, CLOCKS, ROLES, STAGES, URGENCIES, URGENT_FLAGS } from '../domain/case-types';


// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

export const reportSubjectSchema = z
  .strictObject({
    idNumber: z.string().trim().min(1).max(32).meta({ description: '18-character resident ID number (GB 11643 check digit)', example: '44010419800101001X' }),
    name: text(100),
    phone: z.string().trim().min(1).max(40).optional().meta({ description: 'mobile (13800138000) or landline with area code (020-12345678)' }),
    streetCode: z.string().regex(/^\d{9}$/, 'must be a 9-digit street code, see GET /api/v1/jurisdictions').meta({ example: '440104001' }),
    address: text(500).optional(),
  })
  .meta({ description: 'The person the report is about. Stored encrypted; never logged or sent to the workflow.' });

export const reportSituationSchema = z.strictObject({
  summary: text(4000),
  categories: z.array(text(64)).max(20).optional(),
  urgentFlags: z.array(z.enum(URGENT_FLAGS)).max(URGENT_FLAGS.length).optional().meta({ description: 'any flag puts the case on the green channel' }),
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

export const fieldErrorSchema = z.strictObject({ path: z.string(), message: z.string() }).meta({ id: 'FieldError' });

export const signalResultSchema = z.strictObject({
  index: z.number().int().min(0),
  status: z.enum(['created', 'attached', 'rejected']),
  caseId: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
});
export type SignalResult = z.infer<typeof signalResultSchema>;

export const signalBatchResultSchema = z.strictObject({ results: z.array(signalResultSchema) }).meta({ id: 'SignalBatchResult' });

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listCasesQuerySchema = z.strictObject({
  stage: z.enum(STAGES).optional(),
  districtCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit district code').optional(),
  streetCode: z.string().regex(/^\d{9}$/, 'must be a 9-digit street code').optional(),
  urgency: z.enum(URGENCIES).optional(),
  escalationLevel: z.enum(['0', '1', '2']).transform(Number).optional().meta({ description: '0 none, 1 district, 2 city' }),
  overdue: booleanQuery.optional().meta({ description: 'true: only cases whose next deadline has passed' }),
  assigneeId: text(64).optional(),
  cursor: z.string().max(512).optional().meta({ description: 'nextCursor of the previous page' }),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(200))
    .optional()
    .meta({ description: '1–200, default 50' }),
});
export type ListCasesQuery = z.output<typeof listCasesQuerySchema>;

export const caseSummarySchema = z
  .strictObject({
    caseId: z.string(),
    stage: z.enum(STAGES),
    urgency: z.enum(URGENCIES),
    districtCode: z.string(),
    streetCode: z.string(),
    assigneeId: z.string().nullable(),
    escalationLevel: z.number().int().min(0).max(2),
    nextDueAt: z.string().nullable(),
    nextDueClock: z.string().nullable(),
    clockPaused: z.boolean(),
    overdue: z.boolean(),
    policyVersion: z.string(),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseListSchema = z
  .strictObject({ items: z.array(caseSummarySchema), nextCursor: z.string().optional() })
  .meta({ id: 'CaseList' });

export const caseEventSchema = z
  .looseObject({
    eventId: z.string(),
    seq: z.number().int(),
    type: z.string(),
    at: z.string(),
    actorId: z.string(),
    fromStage: z.enum(STAGES).nullable(),
    toStage: z.enum(STAGES).nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'CaseEvent' });

export const escalationSchema = z
  .strictObject({
    escalationId: z.string(),
    caseId: z.string(),
    level: z.enum(['district', 'city']),
    status: z.enum(['open', 'resolved']),
    clock: z.enum(CLOCKS),
    dueAt: z.string(),
    escalatedAt: z.string(),
    raisedToCityAt: z.string().optional(),
    resolvedAt: z.string().optional(),
    timeToResolveMs: z.number().optional(),
    districtCode: z.string(),
    streetCode: z.string(),
    stage: z.enum(STAGES),
  })
  .meta({ id: 'Escalation' });
export type EscalationOut = z.infer<typeof escalationSchema>;

export const caseSubjectSchema = z
  .strictObject({
    name: z.string(),
    idNumberMasked: z.string().meta({ example: '440104********123X' }),
    phoneMasked: z.string().optional(),
    address: z.string().optional(),
    birthYear: z.number().int(),
    sex: z.string(),
  })
  .meta({ id: 'CaseSubject', description: 'Decrypted for case readers only; the ID number and phone are masked.' });
export type CaseSubject = z.infer<typeof caseSubjectSchema>;

export const caseFileSchema = z
  .looseObject({
    caseId: z.string(),
    personId: z.string(),
    stage: z.enum(STAGES),
    urgency: z.enum(URGENCIES),
    districtCode: z.string(),
    streetCode: z.string(),
    assigneeId: z.string().nullable(),
    ownerStreetCode: z.string().nullable(),
    escalationLevel: z.number().int().min(0).max(2),
    deadlines: z.array(
      z.looseObject({ clock: z.enum(CLOCKS), dueAt: z.string(), remindAt: z.string(), paused: z.boolean(), escalationLevel: z.number().int() }),
    ),
    nextDueAt: z.string().nullable(),
    openedAt: z.string(),
    policyVersion: z.string(),
    events: z.array(caseEventSchema).meta({ description: 'The full audit trail in sequence order.' }),
    escalations: z.array(escalationSchema),
    subject: caseSubjectSchema.nullable(),
  })
  .meta({ id: 'CaseFile', description: 'The case view plus its full audit trail, escalations and (masked) subject.' });

export const caseActionBodySchema = caseActionSchema.meta({ id: 'CaseAction' });

// ---------------------------------------------------------------------------------------------
// Jurisdictions, problems, health
// ---------------------------------------------------------------------------------------------

export interface JurisdictionOut {
  code: string;
  level: 'city' | 'district' | 'street' | 'committee';
  nameZh: string;
  nameEn: string;
  parentCode: string | null;
  populationInDifficulty?: number;
  children: JurisdictionOut[];
}

export const jurisdictionSchema: z.ZodType<JurisdictionOut> = z
  .strictObject({
    code: z.string(),
    level: z.enum(['city', 'district', 'street', 'committee']),
    nameZh: z.string(),
    nameEn: z.string(),
    parentCode: z.string().nullable(),
    populationInDifficulty: z.number().int().optional(),
    get children(): z.ZodArray<z.ZodType<JurisdictionOut>> {
      return z.array(jurisdictionSchema);
    },
  })
  .meta({ id: 'Jurisdiction' });

export const problemSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: 'stable machine-readable code, e.g. STAGE_NOT_ALLOWED' }),
    requestId: z.string(),
    errors: z.array(fieldErrorSchema),
  })
  .meta({ id: 'Problem' });

export const healthSchema = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });
export const readinessSchema = z
  .strictObject({
    status: z.enum(['ready', 'unavailable']),
    checks: z.strictObject({
      database: z.strictObject({ ok: z.boolean(), error: z.string().optional(), ms: z.number() }),
      temporal: z.strictObject({ ok: z.boolean(), error: z.string().optional(), ms: z.number() }),
    }),
  })
  .meta({ id: 'Readiness' });

export const roleSchema = z.enum(ROLES);
