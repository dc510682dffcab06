// The zod field schemas of case actions (DESIGN.md §3 / §5), shared with the API's OpenAPI
// document. The API parses every action with `caseActionSchema` before it reaches the workflow or the
// closed-case path; domain logic and the workflow only import the types (`CaseAction`, `ActionOf`,
// re-exported type-only by ./case-types), so zod stays out of the workflow bundle, where every cached
// workflow would otherwise build its own copy of these schemas.
import { z } from 'zod';
import { idNumberText, text } from './text';
import type { ActionType } from './action-types';
import { RELATIONS } from './household';

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

export const isoDateTime = z.iso.datetime({ offset: true });
/** An assistance item's id as the case file lists it (`<caseId>:aid:<n>`). */
const itemId = text(120);
const monthlyIncome = z.number().min(0).max(10_000_000);

/**
 * A household member as a report or a visit lists them (§7). The ID number's check digit is checked by
 * the API (domain/ids.ts), which names the member's index in the error; without one, the birth date tells
 * two members of the same name apart.
 */
export const householdMemberSchema = z
  .strictObject({
    idNumber: idNumberText().optional().meta({ description: '18-character resident ID number, when the member has one' }),
    name: text(100),
    relation: z.enum(RELATIONS).meta({ description: 'relation to the subject of the case' }),
    birthDate: z.iso.date().optional().meta({ description: 'YYYY-MM-DD, for a member without an ID number' }),
    disability: z.boolean().optional(),
    monthlyIncome: monthlyIncome.optional().meta({ description: 'CNY per month; stored encrypted' }),
  })
  .meta({ id: 'HouseholdMember' });
export type HouseholdMemberInput = z.infer<typeof householdMemberSchema>;
const householdMembers = z.array(householdMemberSchema).min(1).max(50);
const userIds = z.array(text(64)).min(1).max(10);
const amount = z.number().positive().max(10_000_000).multipleOf(0.01);

/** What an organisation delivered on a completed referral (§10): an amount in CNY and the kinds of help, no free text. */
export const referralDeliverySchema = z.strictObject({
  amount: amount
    .optional()
    .meta({ description: 'CNY delivered; taken from the project\u2019s remaining when the referral names a project' }),
  services: z.array(z.enum(ASSISTANCE_TYPES)).min(1).max(ASSISTANCE_TYPES.length).optional(),
});

export const actionSchemas = {
  accept: z.strictObject({ type: z.literal('accept'), assigneeId: text(64).optional() }),
  transfer: z.strictObject({ type: z.literal('transfer'), toStreetCode: z.string().regex(/^\d{9}$/), reason: text(500) }),
  assign: z.strictObject({ type: z.literal('assign'), assigneeId: text(64) }),
  'record-visit': z.strictObject({
    type: z.literal('record-visit'),
    visitedAt: isoDateTime,
    findings: text(4000),
    householdSize: z.number().int().min(1).max(50).optional(),
    monthlyIncome: monthlyIncome.optional(),
    /** Staff who took part in the visit (入户调查 is done by two). */
    investigators: userIds.optional(),
    /** Set by the API from householdMembers: the composition itself (personal data) stays in PostgreSQL. */
    householdMemberCount: z.number().int().min(1).max(50).optional(),
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
  'approve-assistance': z.strictObject({
    type: z.literal('approve-assistance'),
    /** Which proposed item (§10); may be left out while only one item is proposed. */
    itemId: itemId.optional(),
    note: text(1000).optional(),
    /** Temporary assistance again within the policy's temporaryCooldown (§10): the approver's reason, recorded in the file. */
    override: z.strictObject({ reason: text(1000) }).optional(),
  }),
  'reject-assistance': z.strictObject({ type: z.literal('reject-assistance'), itemId: itemId.optional(), reason: text(1000) }),
  'record-objection': z.strictObject({ type: z.literal('record-objection'), summary: text(2000) }),
  'record-disbursement': z.strictObject({
    type: z.literal('record-disbursement'),
    /** The active item paid (§10); may be left out while only one item is active. */
    itemId: itemId.optional(),
    amount,
    /** A monthly item's month paid for (YYYY-MM); by default its earliest month not yet paid. */
    period: z
      .string()
      .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM, e.g. 2026-12')
      .optional(),
    disbursedAt: isoDateTime.optional(),
    /** Beyond what was approved (§14): street supervisors and above only, with the reason, recorded in the event. */
    override: z.strictObject({ reason: text(1000) }).optional(),
  }),
  'refer-to-charity': z.strictObject({
    type: z.literal('refer-to-charity'),
    organisationId: text(64),
    /** One of the organisation's projects (§10): it must be running and have budget left. */
    projectId: text(64).optional(),
    needs: z.array(text(200)).min(1).max(20),
  }),
  'charity-response': z.strictObject({
    type: z.literal('charity-response'),
    response: z.enum(['accepted', 'declined', 'completed']),
    /** The referral answered (§10); without it, the case's latest pending or accepted one. */
    referralId: text(100).optional(),
    note: text(1000).optional(),
    /** What the organisation delivered, only with `completed`; the amount is taken from the project's remaining (§10). */
    delivered: referralDeliverySchema.optional(),
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
  /**
   * The workflow's form of identify-subject: the API records the identity in PostgreSQL and sends only
   * the person it resolved to (clients send identifySubjectRequestSchema).
   */
  'identify-subject': z.strictObject({ type: z.literal('identify-subject'), personId: text(100) }),
  'merge-into': z.strictObject({ type: z.literal('merge-into'), targetCaseId: text(100), reason: text(1000) }),
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
  actionSchemas['identify-subject'],
  actionSchemas['merge-into'],
]);
export type CaseAction = z.infer<typeof caseActionSchema>;

/** What a client sends for record-visit: the action plus the composition found at the visit (§7). */
const recordVisitRequestSchema = actionSchemas['record-visit']
  .omit({ householdMemberCount: true })
  .extend({ householdMembers: householdMembers.optional() });
/** What a client sends for identify-subject (§7): the identity of an unidentified subject. */
const identifySubjectRequestSchema = z.strictObject({
  type: z.literal('identify-subject'),
  idNumber: idNumberText().meta({ description: '18-character resident ID number' }),
  name: text(100),
});

/**
 * Actions as clients send them (POST /cases/{id}/actions). Two carry personal data that never goes to
 * the workflow: the API records it and sends the workflow form above (api/cases/personal-actions.ts).
 */
export const caseActionRequestSchema = z.discriminatedUnion('type', [
  actionSchemas.accept,
  actionSchemas.transfer,
  actionSchemas.assign,
  recordVisitRequestSchema,
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
  identifySubjectRequestSchema,
  actionSchemas['merge-into'],
]);
export type CaseActionRequest = z.infer<typeof caseActionRequestSchema>;
export type ActionOf<T extends ActionType> = Extract<CaseAction, { type: T }>;

// Compile-time check that the union above lists every action type, and nothing else.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const unionCoversEveryActionType: Same<CaseAction['type'], ActionType> = true;
void unionCoversEveryActionType;
