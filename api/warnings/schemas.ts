// Request and response schemas of the warnings API (DESIGN.md §8): the list, one warning, and the verify
// action. A warning's reasons carry amounts (expenses, losses: personal data), so only the single read,
// which is recorded in the access log, shows them; the list shows the warning without its reasons.
import { z } from 'zod';
import { MONITORING_SOURCES, RECORD_KINDS, VERIFY_OUTCOMES, WARNING_LEVELS, WARNING_STATUSES } from '../../domain/monitoring';
import { text } from '../../domain/text';
import { noteProblem } from '../../domain/warnings';
import { cursorQuery, jurisdictionQuery, limitQuery } from '../http/schemas';

export const listWarningsQuerySchema = z.strictObject({
  level: z.enum(WARNING_LEVELS).optional(),
  status: z.enum(WARNING_STATUSES).optional(),
  ...jurisdictionQuery,
  cursor: cursorQuery(512),
  limit: limitQuery(200, 50),
});
export type ListWarningsQuery = z.output<typeof listWarningsQuerySchema>;

const warningFields = {
  warningId: z.string(),
  personId: z.string().meta({ description: 'the person on the register (an opaque id, never the ID number)' }),
  householdId: z.string().optional(),
  streetCode: z.string(),
  districtCode: z.string(),
  level: z.enum(WARNING_LEVELS),
  ruleId: z.string(),
  status: z.enum(WARNING_STATUSES),
  raisedAt: z.string(),
  verifyDueAt: z.string(),
  verifyDueProvisional: z.boolean().meta({ description: 'counted through a year without calendar data (§9)' }),
  escalationLevel: z.number().int().min(0).max(2).meta({ description: '0 none, 1 district, 2 city (clock warningVerify)' }),
  outcome: z.enum(VERIFY_OUTCOMES).optional(),
  caseId: z.string().optional().meta({ description: 'the case opened or attached to by open-case or watch' }),
  verifiedAt: z.string().optional(),
  verifiedBy: z.string().optional(),
};

export const warningSummarySchema = z
  .strictObject({ ...warningFields, reasonCount: z.number().int().min(0) })
  .meta({ id: 'WarningSummary', description: 'A warning without its reasons (GET /warnings/{warningId} has them).' });
export type WarningSummary = z.infer<typeof warningSummarySchema>;

export const warningListSchema = z
  .strictObject({ items: z.array(warningSummarySchema), nextCursor: z.string().optional() })
  .meta({ id: 'WarningList', description: 'Newest warning first (by raisedAt, then id).' });

export const warningReasonSchema = z
  .strictObject({
    kind: z.enum(RECORD_KINDS),
    source: z.enum(MONITORING_SOURCES),
    occurredAt: z.string().meta({ description: 'date (YYYY-MM-DD, Asia/Shanghai)' }),
    amount: z.number().optional().meta({ description: 'CNY (a self-paid expense, a loss)' }),
  })
  .meta({ id: 'WarningReason' });

export const warningSubjectSchema = z
  .strictObject({ name: z.string(), idNumberMasked: z.string().nullable() })
  .meta({ id: 'WarningSubject', description: 'Decrypted for readers in scope, like a case file’s subject; the ID number masked.' });
export type WarningSubject = z.infer<typeof warningSubjectSchema>;

export const warningSchema = z
  .strictObject({
    ...warningFields,
    reasons: z.array(warningReasonSchema),
    note: z.string().optional().meta({ description: 'the verifier’s note (required to dismiss)' }),
    subject: warningSubjectSchema.nullable(),
  })
  .meta({ id: 'Warning' });
export type WarningOut = z.infer<typeof warningSchema>;

export const warningActionSchema = z
  .strictObject({
    type: z.literal('verify'),
    outcome: z.enum(VERIFY_OUTCOMES).meta({
      description:
        'open-case: open (or attach to) the household’s case, accepted by your street, stage verifying; watch: the same, then on the watch list (monitoring); dismiss: nothing to do (needs a note)',
    }),
    note: text(2000).optional().meta({ description: 'what the verification found; required for dismiss' }),
  })
  .superRefine((body, ctx) => {
    // A blank note is refused by the note's own schema already: one error per field.
    if (typeof body.note === 'string') return;
    const problem = noteProblem(body.outcome, body.note);
    if (problem) ctx.addIssue({ code: 'custom', path: ['note'], message: problem });
  })
  .meta({ id: 'WarningAction' });
export type WarningAction = z.output<typeof warningActionSchema>;
