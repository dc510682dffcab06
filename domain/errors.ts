// The product's rejection codes, one list shared by the domain (decideAction), the case workflow's
// validators (ApplicationFailure.type) and the API (api/http/errors.ts maps each to an HTTP status,
// and fails to compile while a code here has none). Rejections are plain data, not Error instances,
// so they survive Temporal's payload serialisation.

export const CaseErrorCode = {
  STAGE_NOT_ALLOWED: 'STAGE_NOT_ALLOWED',
  ROLE_NOT_ALLOWED: 'ROLE_NOT_ALLOWED',
  APPROVAL_TIER_EXCEEDED: 'APPROVAL_TIER_EXCEEDED',
  NOT_URGENT: 'NOT_URGENT',
  NO_PENDING_PROPOSAL: 'NO_PENDING_PROPOSAL',
  PROPOSAL_PENDING: 'PROPOSAL_PENDING',
  CLOCK_ALREADY_PAUSED: 'CLOCK_ALREADY_PAUSED',
  CLOCK_NOT_PAUSED: 'CLOCK_NOT_PAUSED',
  NOTHING_TO_PAUSE: 'NOTHING_TO_PAUSE',
  UNKNOWN_STREET: 'UNKNOWN_STREET',
  SAME_STREET: 'SAME_STREET',
  NO_PENDING_REFERRAL: 'NO_PENDING_REFERRAL',
  INVALID_ACTION: 'INVALID_ACTION',
  CASE_CLOSED: 'CASE_CLOSED',
  // Reserved: repeated emergency grants currently add up (先行救助 may be paid in instalments).
  EMERGENCY_AID_ALREADY_GRANTED: 'EMERGENCY_AID_ALREADY_GRANTED',
  /** A pause whose expected end lies beyond the policy's maxPause. */
  PAUSE_TOO_LONG: 'PAUSE_TOO_LONG',
  /** A visit, revisit or disbursement dated after the moment it is recorded. */
  DATE_IN_FUTURE: 'DATE_IN_FUTURE',
  /** A not-in-need verification of a case that received emergency aid, before settle-emergency-aid. */
  EMERGENCY_AID_UNSETTLED: 'EMERGENCY_AID_UNSETTLED',
  /** settle-emergency-aid on a case without emergency aid, or settled already. */
  NOTHING_TO_SETTLE: 'NOTHING_TO_SETTLE',
  /** record-objection while no approval is posted for public notice (§9). */
  NO_PUBLIC_NOTICE: 'NO_PUBLIC_NOTICE',
  /** record-disbursement beyond what was approved (amount × months) without a supervisor's override (§14). */
  DISBURSEMENT_EXCEEDS_APPROVAL: 'DISBURSEMENT_EXCEEDS_APPROVAL',
  /** Emergency aid before acceptance beyond the street fund's per-grant maximum, in total (§14, §9). */
  EMERGENCY_AID_BEFORE_ACCEPTANCE: 'EMERGENCY_AID_BEFORE_ACCEPTANCE',
  /** approve-assistance by the user who proposed it (§14: nobody approves their own proposal). */
  SELF_APPROVAL: 'SELF_APPROVAL',
  /** An item id that is not one of this case's assistance items (§10), e.g. one of another case. */
  ASSISTANCE_ITEM_NOT_FOUND: 'ASSISTANCE_ITEM_NOT_FOUND',
  /** Several items could be meant (several proposed, or several active): the action must name one by itemId. */
  ASSISTANCE_ITEM_REQUIRED: 'ASSISTANCE_ITEM_REQUIRED',
  /** The item named is not in the status the action needs (approve a proposed one, pay an active one). */
  ASSISTANCE_ITEM_STATUS: 'ASSISTANCE_ITEM_STATUS',
  /** record-disbursement for an item that has ended (paid, its months passed, or the case closed). */
  ASSISTANCE_ITEM_ENDED: 'ASSISTANCE_ITEM_ENDED',
  /** A second approved or active item of one assistance type in the household (§10: 重复/多头救助). */
  DUPLICATE_ASSISTANCE: 'DUPLICATE_ASSISTANCE',
  /** Temporary assistance again within the policy's temporaryCooldown without override {reason} (§10). */
  TEMPORARY_AID_COOLDOWN: 'TEMPORARY_AID_COOLDOWN',
  /** A disbursement's period that is not a month of the item, or an item not paid monthly. */
  PERIOD_NOT_OF_ITEM: 'PERIOD_NOT_OF_ITEM',
  /** A disbursement for a month already paid, or for an item whose months are all paid. */
  PERIOD_ALREADY_PAID: 'PERIOD_ALREADY_PAID',
  // For the API's jurisdiction check; decideAction itself trusts the caller's scoping.
  OUT_OF_SCOPE: 'OUT_OF_SCOPE',
  /** The workflow now holds another case of the person than the one the caller named. */
  CASE_MISMATCH: 'CASE_MISMATCH',
  /** The workflow was started but its opening report has not arrived. */
  CASE_NOT_OPENED: 'CASE_NOT_OPENED',
  /** At most one open case per person: a reopen while a newer case is open is refused. */
  PERSON_HAS_OPEN_CASE: 'PERSON_HAS_OPEN_CASE',
  /** identify-subject on a case whose subject is identified already (§7). */
  SUBJECT_ALREADY_IDENTIFIED: 'SUBJECT_ALREADY_IDENTIFIED',
  /** reopen of a case merged into another (§7): the target holds its file. */
  CASE_MERGED: 'CASE_MERGED',
  /**
   * An Update the platform's API did not send for this case now (§14): unencrypted, issued for another
   * workflow, or issued long ago. The API never meets it unless its clock is far off the worker's.
   */
  UNTRUSTED_UPDATE: 'UNTRUSTED_UPDATE',
  /** charity-response by an organisation to a referral made to another organisation (§10). */
  REFERRAL_NOT_YOURS: 'REFERRAL_NOT_YOURS',
  /** charity-response naming a referral the case does not have. */
  UNKNOWN_REFERRAL: 'UNKNOWN_REFERRAL',
  /** charity-response to a referral already completed or declined. */
  REFERRAL_ALREADY_ANSWERED: 'REFERRAL_ALREADY_ANSWERED',
  /** charity-response with `delivered` but not `completed`: only a completed referral delivered something. */
  DELIVERED_WITHOUT_COMPLETION: 'DELIVERED_WITHOUT_COMPLETION',
} as const;
export type CaseErrorCode = (typeof CaseErrorCode)[keyof typeof CaseErrorCode];

const CODES: ReadonlySet<string> = new Set(Object.values(CaseErrorCode));

export function isCaseErrorCode(value: unknown): value is CaseErrorCode {
  return typeof value === 'string' && CODES.has(value);
}

export interface DomainRejection {
  ok: false;
  code: CaseErrorCode;
  /** A human sentence in English, safe to show to the caller. */
  reason: string;
}

export function reject(code: CaseErrorCode, reason: string): DomainRejection {
  return { ok: false, code, reason };
}
