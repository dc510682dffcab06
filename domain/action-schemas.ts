// The zod field schemas of case actions (DESIGN.md §3 / §5), shared with the API's OpenAPI
// document. The API parses every action with `caseActionSchema` before it reaches the workflow or the
// closed-case path; domain logic and the workflow only import the types (`CaseAction`, `ActionOf`,
// re-exported type-only by ./case-types), so zod stays out of the workflow bundle, where every cached
// workflow would otherwise build its own copy of these schemas.
import { z } from 'zod';
import { text } from './text';
import type { ActionType } from './action-types';

/** The kinds of assistance a proposal can be for (§3); the policy's publicNotice is keyed by them (§9). */
export const ASSISTANCE_TYPES = [
  'minimum_living',
  'extreme_poverty',
  'temporary',
  'medical',
  'education',
  'housing',
  'employment',
  'disaster',
  'judicial',
] as const;

const isoDateTime = z.iso.datetime({ offset: true });
const amount = z.number().positive().max(10_000_000).multipleOf(0.01);

export const actionSchemas = {
  accept: z.strictObject({ type: z.literal('accept'), assigneeId: text(64).optional() }),
  transfer: z.strictObject({ type: z.literal('transfer'), toStreetCode: z.string().regex(/^\d{9}$/), reason: text(500) }),
  assign: z.strictObject({ type: z.literal('assign'), assigneeId: text(64) }),
  'record-visit': z.strictObject({
    type: z.literal('record-visit'),
    visitedAt: isoDateTime,
    findings: text(4000),
    householdSize: z.number().int().min(1).max(50).optional(),
    monthlyIncome: z.number().min(0).max(10_000_000).optional(),
  }),
  'record-economic-check': z.strictObject({
    type: z.literal('record-economic-check'),
    result: z.enum(['eligible', 'ineligible', 'needs-review']),
    details: text(4000).optional(),
  }),
  'grant-emergency-aid': z.strictObject({
    type: z.literal('grant-emergency-aid'),
    amount,
    kind: text(100).optional(),
    note: text(1000).optional(),
  }),
  'complete-verification': z.strictObject({
    type: z.literal('complete-verification'),
    outcome: z.enum(['eligible', 'watch', 'not-in-need']),
    note: text(1000).optional(),
  }),
  'settle-emergency-aid': z.strictObject({
    type: z.literal('settle-emergency-aid'),
    decision: z.enum(['write-off', 'recover']),
    reason: text(1000),
  }),
  'propose-assistance': z.strictObject({
    type: z.literal('propose-assistance'),
    assistanceType: z.enum(ASSISTANCE_TYPES),
    amount,
    months: z.number().int().min(1).max(60).optional(),
    note: text(1000).optional(),
  }),
  'approve-assistance': z.strictObject({ type: z.literal('approve-assistance'), note: text(1000).optional() }),
  'reject-assistance': z.strictObject({ type: z.literal('reject-assistance'), reason: text(1000) }),
  'record-objection': z.strictObject({ type: z.literal('record-objection'), summary: text(2000) }),
  'record-disbursement': z.strictObject({
    type: z.literal('record-disbursement'),
    amount,
    disbursedAt: isoDateTime.optional(),
    /** Beyond what was approved (§14): street supervisors and above only, with the reason, recorded in the event. */
    override: z.strictObject({ reason: text(1000) }).optional(),
  }),
  'refer-to-charity': z.strictObject({
    type: z.literal('refer-to-charity'),
    organisationId: text(64),
    needs: z.array(text(200)).min(1).max(20),
  }),
  'charity-response': z.strictObject({
    type: z.literal('charity-response'),
    response: z.enum(['accepted', 'declined', 'completed']),
    note: text(1000).optional(),
  }),
  'record-revisit': z.strictObject({
    type: z.literal('record-revisit'),
    visitedAt: isoDateTime,
    findings: text(4000),
    circumstancesChanged: z.boolean(),
  }),
  'pause-clock': z.strictObject({ type: z.literal('pause-clock'), reason: text(500), expectedResumeAt: isoDateTime }),
  'resume-clock': z.strictObject({ type: z.literal('resume-clock') }),
  close: z.strictObject({ type: z.literal('close'), reason: text(1000) }),
  reopen: z.strictObject({ type: z.literal('reopen'), reason: text(1000) }),
} as const satisfies { [T in ActionType]: z.ZodType<{ type: T }> };

export const caseActionSchema = z.discriminatedUnion('type', [
  actionSchemas.accept,
  actionSchemas.transfer,
  actionSchemas.assign,
  actionSchemas['record-visit'],
  actionSchemas['record-economic-check'],
  actionSchemas['grant-emergency-aid'],
  actionSchemas['complete-verification'],
  actionSchemas['settle-emergency-aid'],
  actionSchemas['propose-assistance'],
  actionSchemas['approve-assistance'],
  actionSchemas['reject-assistance'],
  actionSchemas['record-objection'],
  actionSchemas['record-disbursement'],
  actionSchemas['refer-to-charity'],
  actionSchemas['charity-response'],
  actionSchemas['record-revisit'],
  actionSchemas['pause-clock'],
  actionSchemas['resume-clock'],
  actionSchemas.close,
  actionSchemas.reopen,
]);
export type CaseAction = z.infer<typeof caseActionSchema>;
export type ActionOf<T extends ActionType> = Extract<CaseAction, { type: T }>;

// Compile-time check that the union above lists every action type, and nothing else.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const unionCoversEveryActionType: Same<CaseAction['type'], ActionType> = true;
void unionCoversEveryActionType;
