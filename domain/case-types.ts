// The vocabulary of a case: stages, clocks, actions, events and the case state that the workflow
// holds. Constants and types only (no zod at runtime); imported by domain logic, workflows,
// activities and the API. The action field schemas are in ./action-schemas.
import type { ActionOf } from './action-schemas';

export const STAGES = ['reported', 'verifying', 'deciding', 'assisting', 'referred', 'monitoring', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * `organisation` (§10) is last, like every later addition: the user of a registered organisation, whose
 * jurisdiction is the organisation's id (not a code of the tree). It answers its own referrals only.
 */
export const ROLES = [
  'caseworker',
  'street_supervisor',
  'district_officer',
  'city_officer',
  'hotline',
  'department',
  'reporter',
  'organisation',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * The clocks a case can run; names match the policy's `deadlines` keys, plus `pause` (a pause past
 * maxPause). `emergencyAidRatify` (§9: emergency aid granted before verification must be ratified by
 * completing it), `charityFollowUp` (§10: an accepted referral is followed up until completed) and
 * `disbursement` come last so that the firing order of the older clocks stays as running cases had it.
 */
export const CLOCKS = [
  'accept',
  'emergencyAid',
  'verify',
  'decide',
  'charityResponse',
  'revisitInterval',
  'reReview',
  'pause',
  'emergencyAidRatify',
  'charityFollowUp',
  // §10: a monthly item's payment for one month. Never in `clocks`: each monthly item holds its own
  // (AssistanceItem.payment), so a case with several monthly items has one payment clock per item.
  'disbursement',
] as const;
export type ClockName = (typeof CLOCKS)[number];

export const CHANNELS = ['grid', 'committee', 'social_worker', 'hotline', 'department', 'media', 'neighbor', 'self'] as const;
export type Channel = (typeof CHANNELS)[number];

export const URGENT_FLAGS = ['minor_unattended', 'mental_illness', 'critical_illness', 'disability_no_caregiver', 'disaster'] as const;
export type UrgentFlag = (typeof URGENT_FLAGS)[number];

/** Who performs an action. The API derives it from the verified bearer token; the workflow trusts it. */
export interface Actor {
  userId: string;
  role: Role;
  /** City, district or street code the user is scoped to; for the `organisation` role, the organisation's id. */
  jurisdictionCode: string;
}

// ---------------------------------------------------------------------------------------------
// Actions (DESIGN.md §3 / §5). The field schemas (zod) live in ./action-schemas, which the API uses
// to validate every action at the boundary. This module must not import zod at runtime: the workflow
// bundle imports it, and each cached workflow gets its own copy of every module it loads.
// ---------------------------------------------------------------------------------------------

export { ACTION_TYPES, type ActionType } from './action-types';

// Type-only (erased at runtime): the action shapes are inferred from the zod schemas.
export type { ActionOf, CaseAction } from './action-schemas';

/**
 * A discovery report as the workflow sees it. Personal data (ID number, name, phone, address) is
 * NOT here: the API stores the person (encrypted) and passes only the opaque `personId`.
 */
export interface CaseReport {
  reportId: string;
  channel: Channel;
  personId: string;
  streetCode: string;
  districtCode: string;
  summary: string;
  categories: string[];
  urgentFlags: UrgentFlag[];
  /** True when the subject's ID number shows a minor (under 18 at `receivedAt`). */
  subjectIsMinor: boolean;
  reporterOrganisation?: string;
  receivedAt: string;
  /** User id of whoever filed the report (from the token), for the audit trail's "who". */
  reportedBy?: string;
  /** Reported without an ID number (§7): the case opens with a temporary identity until identify-subject. */
  subjectUnidentified?: boolean;
}

// ---------------------------------------------------------------------------------------------
// State held by the workflow (and projected to PostgreSQL).
// ---------------------------------------------------------------------------------------------

export type EscalationLevel = 0 | 1 | 2;

export interface ClockEscalation {
  escalationId: string;
  /** 1 = district, 2 = city. */
  level: 1 | 2;
  escalatedAt: string;
  raisedToCityAt?: string;
  /** When it will be raised to the city if the clock is still running. */
  cityDueAt: string;
}

export interface ClockState {
  clock: ClockName;
  startedAt: string;
  /** Deadline, already moved later by any paused time. */
  dueAt: string;
  /** When the reminder goes out (reminderAt fraction of the duration), shifted with pauses like dueAt. */
  remindAt: string;
  reminded: boolean;
  escalation?: ClockEscalation;
  /** Distinguishes successive runs of the same clock so deterministic ids never collide. */
  instance: number;
  /** Working-day clocks only (§9): the count dueAt was computed from, so a later calendar can recompute it. */
  workingDays?: number;
  /** Working-day clocks only: time credited by pauses, added again when dueAt is recomputed. */
  pausedMs?: number;
  /** Working-day clocks only: the count ran through a year without calendar data (weekdays only). */
  provisional?: boolean;
}

/** Why an escalated clock stopped: the stage was completed, or the case moved on some other way. */
export type EscalationResolution =
  'completed' | 'transferred' | 'referred' | 'restarted' | 'resumed' | 'stage-changed' | 'superseded' | 'closed' | 'merged';

export const ESCALATION_STATUSES = ['open', 'resolved', 'closed', 'transferred'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export interface EscalationRecord {
  escalationId: string;
  caseId: string;
  clock: ClockName;
  level: 1 | 2;
  /**
   * `resolved`: the stage was completed (or the clock otherwise stopped). `closed` / `transferred`
   * (§14): the case was closed or handed to another street while escalated; the record keeps who did
   * it and why, and stays with the district it was raised to.
   */
  status: EscalationStatus;
  dueAt: string;
  escalatedAt: string;
  raisedToCityAt?: string;
  /** When it stopped being open, whichever way it ended. */
  resolvedAt?: string;
  /** Only for `resolved`: time-to-resolve counts stages completed, not cases closed or handed on. */
  timeToResolveMs?: number;
  resolution?: EscalationResolution;
  /** `closed` / `transferred`: who closed or transferred the case, and the reason they gave. */
  endedBy?: string;
  endReason?: string;
  /** A transfer ends this record and continues the escalation at the new street under this id. */
  continuedAs?: string;
  /** The record at the previous street that this one continues (same level, same city deadline). */
  continuedFrom?: string;
  districtCode: string;
  streetCode: string;
  stage: Stage;
}

export interface AssistanceProposal {
  assistanceType: ActionOf<'propose-assistance'>['assistanceType'];
  amount: number;
  months?: number;
  note?: string;
  proposedBy: string;
  proposedAt: string;
  requiredTier: ApprovalTier;
}

export type ApprovalTier = 'street' | 'district' | 'city';

export const ASSISTANCE_ITEM_STATUSES = ['proposed', 'approved', 'rejected', 'active', 'ended'] as const;
export type AssistanceItemStatus = (typeof ASSISTANCE_ITEM_STATUSES)[number];

/** One month's payment of a monthly item (§10), `period` as YYYY-MM in Asia/Shanghai. */
export interface AssistancePayment {
  period: string;
  amount: number;
  at: string;
  by: string;
}

/**
 * One assistance item of a case (§10): each propose-assistance creates one; approval and rejection name
 * it by `itemId`. `amount` is per month when `months` is set, and the approval tier is that of the total
 * (`amount × (months ?? 1)`). An approved item becomes `active` when the family starts being assisted and
 * `ended` when it is paid (one-off), when its last month has passed (monthly) or when the case closes.
 */
export interface AssistanceItem {
  itemId: string;
  assistanceType: AssistanceProposal['assistanceType'];
  amount: number;
  months?: number;
  note?: string;
  status: AssistanceItemStatus;
  /** amount × (months ?? 1), in CNY. */
  total: number;
  requiredTier: ApprovalTier;
  proposedBy: string;
  proposedAt: string;
  approvedBy?: string;
  approvedAt?: string;
  rejectedBy?: string;
  rejectedAt?: string;
  /** Why it was rejected or withdrawn (sealed in the read model like every reason). */
  reason?: string;
  startsAt?: string;
  /** Monthly items: the start of the month after the last one paid for (Asia/Shanghai). Others: when they ended. */
  endsAt?: string;
  endedAs?: 'paid' | 'months-passed' | 'case-closed';
  /** What record-disbursement has paid against this item. */
  disbursed: number;
  /** Monthly items from activation on: the first month paid for (YYYY-MM); `months` months follow from it. */
  firstPeriod?: string;
  payments?: AssistancePayment[];
  /** The running payment clock of the earliest month not yet paid (clock `disbursement`). */
  payment?: ClockState & { period: string };
  /** `temporary` again within the policy's temporaryCooldown, approved with a reason (§10, 自由裁量). */
  cooldownOverride?: { reason: string; by: string; at: string };
  /** Made from an approval recorded before items existed: it has no payment schedule. */
  fromLegacy?: true;
}

export interface Referral {
  referralId: string;
  organisationId: string;
  /** The organisation's project it draws on (§10); absent on referrals without one and on every older one. */
  projectId?: string;
  needs: string[];
  status: 'pending' | 'accepted' | 'declined' | 'completed';
  referredAt: string;
  /**
   * The organisation's first answer (accepted, declined, or completed at once). Referrals answered
   * before the follow-up clock (§10) hold their last answer here instead.
   */
  respondedAt?: string;
  /** When an accepted referral was completed. */
  completedAt?: string;
  /** What the organisation delivered, recorded with `completed` (amount in CNY; services as assistance types). */
  delivered?: ReferralDelivery;
  /** The stage to return to when the charity declines. */
  returnStage: Stage;
}

export interface ReferralDelivery {
  amount?: number;
  services?: string[];
}

/** An approval posted for objections (公示, §9) before the family is assisted. */
export interface PublicNotice {
  assistanceType: AssistanceProposal['assistanceType'];
  startedAt: string;
  endsAt: string;
  /** The end was counted in working days through a year without calendar data. */
  provisional?: boolean;
}

export interface CaseEvent {
  /** Deterministic: `${caseId}:${seq}` so re-projection never duplicates. */
  eventId: string;
  seq: number;
  type: string;
  at: string;
  actorId: string;
  fromStage: Stage | null;
  toStage: Stage | null;
  details: Record<string, unknown>;
}

export interface PauseState {
  pausedAt: string;
  reason: string;
  expectedResumeAt: string;
  pausedBy: string;
  /**
   * Paused under the §14 rules: an escalated clock keeps counting toward the city while paused, and
   * the paused time is charged to the stage's pause budget (maxPause in total). Pauses recorded before
   * those rules lack it and keep the behaviour they had.
   */
  accountable?: true;
}

export interface CaseState {
  caseId: string;
  personId: string;
  policyVersion: string;
  urgency: Urgency;
  stage: Stage;
  /** Stage before `closed`, used by reopen. */
  stageBeforeClose?: Stage;
  districtCode: string;
  streetCode: string;
  assigneeId: string | null;
  /** Street that accepted the case (first-inquiry responsibility), null until accepted. */
  ownerStreetCode: string | null;
  openedAt: string;
  closedAt?: string;
  closeReason?: string;
  /** Running clocks, at most one per name. */
  clocks: Partial<Record<ClockName, ClockState>>;
  clockInstances: Partial<Record<ClockName, number>>;
  pause?: PauseState;
  /** Paused time already used in the current stage (§14: maxPause is the total per stage); reset when the stage changes. */
  pauseUsed?: { stage: Stage; ms: number };
  /** Every escalation ever raised on this case (open and resolved); never deleted. */
  escalations: EscalationRecord[];
  /**
   * The assistance items (§10), once the case has used them; cases decided before keep `proposal` and
   * `approvedAssistance` until their next assistance action turns them into items (domain/assistance.ts).
   */
  assistance?: AssistanceItem[];
  proposal?: AssistanceProposal;
  /** `disbursed`: what record-disbursement has paid against this approval (§14: never beyond amount × months without an override). */
  approvedAssistance?: AssistanceProposal & { approvedBy: string; approvedAt: string; disbursed?: number };
  /** While set the approval is posted and the case waits in `deciding` until `endsAt` (§9). */
  publicNotice?: PublicNotice;
  emergencyAidTotal: number;
  /** How emergency aid to a family found not in need was settled (§9: 先行救助, 后补手续). */
  emergencyAidSettlement?: { decision: 'write-off' | 'recover'; reason: string; settledBy: string; settledAt: string };
  disbursedTotal: number;
  referrals: Referral[];
  /** watch = watch-list family (revisitInterval); assisted = re-review (reReview). */
  monitoringMode?: 'watch' | 'assisted';
  reportIds: string[];
  /** What the last verification found; absent on cases verified before it was kept. */
  verificationOutcome?: 'eligible' | 'watch' | 'not-in-need';
  /** The subject was reported without an ID number and is not identified yet (§7). */
  subjectUnidentified?: true;
  /** Closed by merge-into: the case that holds this one's reports and evidence (§7). */
  mergedInto?: string;
  /** Last event sequence number written. */
  seq: number;
}

export interface CaseView extends Omit<CaseState, 'clocks' | 'clockInstances' | 'assistance'> {
  /** Every assistance item, also those of a case decided before items existed (derived from its approval). */
  assistance: AssistanceItem[];
  escalationLevel: EscalationLevel;
  deadlines: {
    clock: ClockName;
    dueAt: string;
    remindAt: string;
    paused: boolean;
    escalationLevel: EscalationLevel;
    /** Counted through a year without calendar data; recomputed when that year's calendar is loaded (§9). */
    provisional: boolean;
    /** A monthly item's payment clock (`disbursement`): the item and the month it waits for. */
    itemId?: string;
    period?: string;
  }[];
  nextDueAt: string | null;
  events: CaseEvent[];
}
