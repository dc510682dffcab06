// Request and response schemas of the case list, the case file and case actions. Action bodies reuse
// domain/action-schemas' `caseActionRequestSchema`; nothing here re-declares them.
import { z } from 'zod';
import { MONITORING_SOURCES, RECORD_KINDS, WARNING_LEVELS } from '../../domain/monitoring';
import { IDENTITY_FIELDS } from '../../domain/household';
import { cursorQuery, jurisdictionQuery, limitQuery } from '../http/schemas';
import { ASSISTANCE_TYPES, caseActionRequestSchema } from '../../domain/action-schemas';
import { ASSISTANCE_ITEM_STATUSES, CLOCKS, STAGES, URGENCIES } from '../../domain/case-types';
import { text } from '../../domain/text';
import { escalationSchema } from '../escalations/schemas';

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listCasesQuerySchema = z.strictObject({
  stage: z.enum(STAGES).optional(),
  ...jurisdictionQuery,
  urgency: z.enum(URGENCIES).optional(),
  escalationLevel: z.enum(['0', '1', '2']).transform(Number).optional().meta({ description: '0 none, 1 district, 2 city' }),
  overdue: booleanQuery.optional().meta({ description: 'true: only cases whose next deadline has passed' }),
  assigneeId: text(64).optional(),
  cursor: cursorQuery(512),
  limit: limitQuery(200, 50),
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

export const caseSubjectSchema = z
  .strictObject({
    name: z.string().meta({ description: 'empty for an unidentified person reported without a name' }),
    idNumberMasked: z
      .string()
      .nullable()
      .meta({ example: '440104********123X', description: 'null until an unidentified person is identified' }),
    phoneMasked: z.string().optional(),
    address: z.string().optional(),
    birthYear: z.number().int().nullable(),
    sex: z.string().nullable(),
    unidentified: z.boolean(),
    description: z.string().optional().meta({ description: 'what is known of an unidentified person' }),
  })
  .meta({ id: 'CaseSubject', description: 'Decrypted for case readers only; the ID number and phone are masked.' });
export type CaseSubject = z.infer<typeof caseSubjectSchema>;

export const caseFileReportSchema = z
  .strictObject({
    reportId: z.string(),
    caseId: z.string().meta({ description: 'the case the report was filed on (another case when it was merged into this one)' }),
    channel: z.string(),
    receivedAt: z.string(),
    summary: z.string().nullable().meta({ description: 'null for reports filed before summaries were kept' }),
    categories: z.array(z.string()),
    urgentFlags: z.array(z.string()),
    reporter: z
      .strictObject({ organisation: z.string().optional(), name: z.string().optional(), phoneMasked: z.string().optional() })
      .nullable(),
    filedBy: z.string().nullable(),
    identityDiffers: z
      .array(z.enum(IDENTITY_FIELDS))
      .meta({ description: 'fields this report stated differently from the recorded identity, which it did not change (§7)' }),
    claimed: z
      .strictObject({
        name: z.string().optional(),
        phone: z.string().optional(),
        address: z.string().optional(),
        streetCode: z.string().optional(),
      })
      .optional()
      .meta({ description: 'what the report said for those fields (the phone masked)' }),
  })
  .meta({ id: 'CaseFileReport' });
export type CaseFileReport = z.infer<typeof caseFileReportSchema>;

const assistanceItemSchema = z
  .looseObject({
    itemId: z
      .string()
      .meta({ example: 'c-4f2a:aid:1', description: 'names the item in approve-, reject-assistance and record-disbursement' }),
    assistanceType: z.enum(ASSISTANCE_TYPES),
    amount: z.number().meta({ description: 'CNY; per month when `months` is set' }),
    months: z.number().int().optional(),
    total: z.number().meta({ description: 'amount × (months ?? 1): the value the approval tier is set by' }),
    status: z.enum(ASSISTANCE_ITEM_STATUSES),
    requiredTier: z.enum(['street', 'district', 'city']),
    proposedBy: z.string(),
    proposedAt: z.string(),
    approvedBy: z.string().optional(),
    approvedAt: z.string().optional(),
    startsAt: z.string().optional(),
    endsAt: z.string().optional().meta({ description: 'monthly items: the start of the month after their last; others: when they ended' }),
    endedAs: z.enum(['paid', 'months-passed', 'case-closed']).optional(),
    disbursed: z.number(),
    firstPeriod: z.string().optional().meta({ description: 'monthly items: the first month paid for (YYYY-MM)' }),
    payments: z.array(z.strictObject({ period: z.string(), amount: z.number(), at: z.string(), by: z.string() })).optional(),
    cooldownOverride: z
      .looseObject({ by: z.string(), at: z.string() })
      .optional()
      .meta({ description: 'temporary assistance again within temporaryCooldown, approved with a reason' }),
  })
  .meta({ id: 'AssistanceItem' });

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
      z.looseObject({
        clock: z.enum(CLOCKS),
        dueAt: z.string(),
        remindAt: z.string(),
        paused: z.boolean(),
        escalationLevel: z.number().int(),
        itemId: z.string().optional().meta({ description: 'clock `disbursement`: the monthly item whose payment it waits for (§10)' }),
        period: z.string().optional().meta({ description: 'clock `disbursement`: the month (YYYY-MM) not yet paid' }),
        provisional: z.boolean().optional().meta({
          description:
            'Counted through a year without official calendar data (weekdays only); recomputed when that year is loaded (§9). Absent on cases older than working-day clocks.',
        }),
      }),
    ),
    nextDueAt: z.string().nullable(),
    openedAt: z.string(),
    policyVersion: z.string(),
    assistance: z.array(assistanceItemSchema).meta({ description: 'Every assistance item of the case, in the order proposed (§10).' }),
    events: z.array(caseEventSchema).meta({ description: 'The full audit trail in sequence order.' }),
    escalations: z.array(escalationSchema),
    subject: caseSubjectSchema.nullable(),
    householdId: z.string().nullable(),
    reports: z
      .array(caseFileReportSchema)
      .meta({ description: 'Every report of the case (and of cases merged into it), oldest first (§7).' }),
    possibleDuplicates: z
      .array(z.strictObject({ caseId: z.string(), reason: z.string() }))
      .meta({ description: 'Open cases that may be about the same family (§7); merge-into resolves them.' }),
    mergedCases: z
      .array(z.strictObject({ caseId: z.string(), closedAt: z.string().nullable(), events: z.array(caseEventSchema) }))
      .meta({ description: 'Cases merged into this one, with their audit trail (visits, findings, evidence).' }),
    monitoringReasons: z
      .array(
        z.strictObject({
          ruleId: z.string(),
          level: z.enum(WARNING_LEVELS),
          kind: z.enum(RECORD_KINDS),
          source: z.enum(MONITORING_SOURCES),
          occurredAt: z.string().meta({ description: 'YYYY-MM-DD' }),
          amount: z.number().optional().meta({ description: 'CNY, for records with an amount' }),
          at: z.string().meta({ description: 'when the import added it to the case' }),
        }),
      )
      .meta({
        description:
          'Records of other departments that matched a warning rule while the case was open (§8): the person gets no separate warning, the reasons come here, oldest first.',
      }),
  })
  .meta({ id: 'CaseFile', description: 'The case view plus its full audit trail, escalations and (masked) subject.' });

export const caseActionBodySchema = caseActionRequestSchema.meta({ id: 'CaseAction' });

export const caseWorkflowLinkSchema = z
  .strictObject({
    caseId: z.string(),
    workflowId: z.string(),
    namespace: z.string(),
    temporalUiUrl: z
      .string()
      .nullable()
      .meta({ description: 'the workflow in the Temporal web UI; null when the UI address is not configured' }),
  })
  .meta({ id: 'CaseWorkflowLink' });
