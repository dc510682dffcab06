// The case lifecycle (DESIGN.md §3) as a pure state machine: open a case from a report, attach later
// reports, and decide whether an action is allowed and what it changes. The workflow owns the state
// and calls these functions; nothing here does I/O or reads the clock.
import type { ActionOf, ActionType, Actor, CaseAction, CaseEvent, CaseReport, CaseState, ClockName, Referral, Stage } from './case-types';
import { ACTION_TYPES, CLOCKS, STAGES } from './case-types';
import { requiredTier } from './approval';
import { checkTier, DISBURSEMENT_OVERRIDE_ROLES, futureDateRejection } from './action-checks';
import { closeAssistanceIn, hasApprovedAssistance } from './assistance';
import { approveItem, objectToItems, payItem, proposeItem, rejectItem } from './assistance-actions';
import { deepClone } from './clone';
import { endPauseIn, pauseUsedIn, shortenClocksForUrgencyIn, stageClockFor, startClockIn, stopAllClocksIn, stopClockIn } from './deadlines';
import { endEscalationIn, handOverEscalationIn, resolveEscalationIn } from './escalation';
import { addYuan, fromFen, toFen } from './emergency-fund';
import { CaseErrorCode, reject, type DomainRejection } from './errors';
import { formatDuration, fromMs, toMs } from './durations';
import type { CasePolicy } from './policy';
import { clockLength, instantAfter } from './policy-clocks';
import { canPerform, districtOfStreet, ROLE_LABELS, rolesAllowedFor } from './roles';
import { enterAssistingIn, publicNoticeLength, startPublicNoticeIn } from './public-notice';
import { beginTransition, finishTransition, type PendingEvent, type Transition } from './transition';
import type { WorkingCalendar } from './working-days';

export type Decision = { ok: true; state: CaseState; events: CaseEvent[] } | DomainRejection;

export interface DecisionContext {
  /** Whether a street code names a real street; without it any 9-digit code is accepted. */
  streetExists?: (code: string) => boolean;
  /** The official calendar for working-day clocks (§9); without it every year counts Monday–Friday, provisionally. */
  calendar?: WorkingCalendar;
  /**
   * Skip the checks added after cases were already running (a pause beyond maxPause, dates in the
   * future): the workflow sets it when replaying an action it accepted before them (patched()).
   */
  legacyRules?: boolean;
  /**
   * Skip the accountability rules of §14 (issue #17): escalations kept through pause, close and
   * transfer; the pause budget per stage; disbursements within the approval; emergency aid before
   * acceptance within the fund's per-grant maximum; no self-approval. The workflow sets it when
   * replaying an action it accepted before them (patched()).
   */
  legacyAccountability?: boolean;
  /**
   * Decide the assistance actions as before items existed (§10, issue #15): one proposal, one approval,
   * the first disbursement ending assisting. The workflow sets it when replaying an action it accepted
   * before them (patched()); every other time the item handlers of ./assistance-actions decide.
   */
  legacyAssistance?: boolean;
}

const OPEN_STAGES: readonly Stage[] = STAGES.filter((s) => s !== 'closed');

/** The stages in which each action is legal (DESIGN.md §3). */
export const ACTION_STAGES: Readonly<Record<ActionType, readonly Stage[]>> = {
  accept: ['reported'],
  transfer: OPEN_STAGES,
  assign: OPEN_STAGES,
  'record-visit': ['verifying', 'monitoring'],
  'record-economic-check': ['verifying', 'monitoring'],
  'grant-emergency-aid': ['reported', 'verifying'],
  'complete-verification': ['verifying'],
  'settle-emergency-aid': ['verifying'],
  'propose-assistance': ['deciding'],
  'approve-assistance': ['deciding'],
  'reject-assistance': ['deciding'],
  // Only while an approval is posted (公示, §9), which keeps the case in deciding.
  'record-objection': ['deciding'],
  // Monthly items go on being paid while the family is monitored or referred (§10).
  'record-disbursement': ['assisting', 'monitoring', 'referred'],
  'refer-to-charity': ['deciding', 'assisting', 'monitoring'],
  'charity-response': ['referred'],
  'record-revisit': ['monitoring'],
  'pause-clock': OPEN_STAGES,
  'resume-clock': OPEN_STAGES,
  close: OPEN_STAGES,
  reopen: ['closed'],
  'identify-subject': OPEN_STAGES,
  'merge-into': OPEN_STAGES,
};

const URGENT_CATEGORIES_FOR_MINORS = ['unattended', 'left_behind_child'];

/** Green channel: any urgent flag, or a minor reported as unattended or left behind. */
export function isUrgentReport(report: CaseReport): boolean {
  if (report.urgentFlags.length > 0) return true;
  return report.subjectIsMinor && report.categories.some((c) => URGENT_CATEGORIES_FOR_MINORS.includes(c));
}

/** The stage, urgency and place of the case a report opens: openCase's first state has them. */
export function openingPositionOf(report: CaseReport): Pick<CaseState, 'stage' | 'urgency' | 'districtCode' | 'streetCode'> {
  return {
    stage: 'reported',
    urgency: isUrgentReport(report) ? 'urgent' : 'normal',
    districtCode: report.districtCode,
    streetCode: report.streetCode,
  };
}

export function openCase(args: {
  caseId: string;
  report: CaseReport;
  policy: CasePolicy;
  now: string;
  /** The official calendar for working-day clocks (§9); without it every year counts Monday–Friday, provisionally. */
  calendar?: WorkingCalendar;
}): {
  state: CaseState;
  events: CaseEvent[];
} {
  const { caseId, report, policy, now, calendar } = args;
  const opening = openingPositionOf(report);
  const initial: CaseState = {
    caseId,
    personId: report.personId,
    policyVersion: policy.version,
    urgency: opening.urgency,
    stage: opening.stage,
    districtCode: opening.districtCode,
    streetCode: opening.streetCode,
    assigneeId: null,
    ownerStreetCode: null,
    openedAt: now,
    clocks: {},
    clockInstances: {},
    escalations: [],
    emergencyAidTotal: 0,
    disbursedTotal: 0,
    referrals: [],
    reportIds: [report.reportId],
    seq: 0,
    ...(report.subjectUnidentified ? { subjectUnidentified: true as const } : {}),
  };
  const t = beginTransition(initial, policy, now, reporterId(report), calendar);
  startClockIn(t, 'accept');
  return finishTransition(t, [
    {
      type: 'reported',
      actorId: reporterId(report),
      fromStage: null,
      toStage: 'reported',
      details: { ...reportDetails(report), urgency: t.state.urgency, created: true },
    },
  ]);
}

/**
 * A further report about the person of an open case. It may raise the urgency (never lower it); a
 * report id already on the case is a redelivery and changes nothing.
 */
export function attachReport(state: CaseState, report: CaseReport, policy: CasePolicy, now: string, calendar?: WorkingCalendar): Decision {
  // Redelivery is checked first so a retried report gets the same answer after the case has closed.
  if (state.reportIds.includes(report.reportId)) return { ok: true, state, events: [] };
  if (state.stage === 'closed') {
    return reject(CaseErrorCode.CASE_CLOSED, `Case ${state.caseId} is closed; a new report must open a new case.`);
  }

  const t = beginTransition(state, policy, now, reporterId(report), calendar);
  const s = t.state;
  s.reportIds.push(report.reportId);
  const leading: PendingEvent[] = [
    { type: 'report-attached', actorId: reporterId(report), details: { ...reportDetails(report), created: false } },
  ];
  if (s.urgency === 'normal' && isUrgentReport(report)) {
    s.urgency = 'urgent';
    leading.push({
      type: 'urgency-raised',
      actorId: reporterId(report),
      details: { from: 'normal', to: 'urgent', reportId: report.reportId, urgentFlags: [...report.urgentFlags] },
    });
    shortenClocksForUrgencyIn(t);
    // Accepted already, so the emergency-aid clock that acceptance would have started must start now.
    if (s.stage === 'verifying' && s.emergencyAidTotal === 0 && !s.clocks.emergencyAid) {
      startClockIn(t, 'emergencyAid');
    }
  }
  return { ok: true, ...finishTransition(t, leading) };
}

type Handler<T extends ActionType> = (
  t: Transition,
  action: ActionOf<T>,
  actor: Actor,
  context: DecisionContext,
) => DomainRejection | Record<string, unknown> | void;

/**
 * Decides one action: rejects it with a reason (nothing changes) or returns the new state and the
 * events to append. Checks run in a fixed order: action type, role, stage, then the action's own rules.
 *
 * The action's fields must already be valid: callers pass an action parsed with `caseActionSchema`
 * (domain/action-schemas.ts), which the API does for every action at the boundary. Only the shape
 * needed to pick a handler is checked here, so garbage never reaches one under a wrong type; the
 * field rules are not repeated (and zod stays out of the workflow, which calls this from its Update
 * validator).
 */
export function decideAction(
  state: CaseState,
  action: CaseAction,
  actor: Actor,
  policy: CasePolicy,
  now: string,
  context: DecisionContext = {},
): Decision {
  const isObject = typeof action === 'object' && action !== null && !Array.isArray(action);
  const type: unknown = isObject ? (action as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) {
    return reject(CaseErrorCode.INVALID_ACTION, `${JSON.stringify(type)} is not a known action type.`);
  }
  const actionType = type as ActionType;
  if (!canPerform(actor.role, actionType)) {
    return reject(
      CaseErrorCode.ROLE_NOT_ALLOWED,
      `A ${ROLE_LABELS[actor.role]} (${actor.role}) may not perform ${actionType}; allowed roles: ${rolesAllowedFor(actionType).join(', ')}.`,
    );
  }
  const allowedStages = ACTION_STAGES[actionType];
  if (!allowedStages.includes(state.stage)) {
    return reject(
      CaseErrorCode.STAGE_NOT_ALLOWED,
      `${actionType} is not allowed in stage ${state.stage}; allowed in: ${allowedStages.join(', ')}`,
    );
  }
  // A private copy, as parsing used to give: nothing in the new state or its events aliases the caller's object.
  const input = deepClone(action);

  const t = beginTransition(state, policy, now, actor.userId, context.calendar);
  const fromStage = state.stage;
  const handler = HANDLERS[actionType] as Handler<ActionType>;
  const outcome = handler(t, input, actor, context);
  if (outcome && (outcome as DomainRejection).ok === false) return outcome as DomainRejection;

  const { type: _type, ...fields } = input;
  const details: Record<string, unknown> = { ...fields, ...(outcome ?? {}) };
  // A pause waits on the family within one stage; once the stage moves on there is nothing to wait for.
  if (t.state.stage !== fromStage && t.state.pause) {
    const ended = endPauseIn(t, 'stage-changed');
    if (ended) details.pauseEnded = ended;
  }
  // The pause budget is per stage (§14): a new stage starts with all of maxPause.
  if (t.state.stage !== fromStage) delete t.state.pauseUsed;
  const event: PendingEvent = { type: actionType, actorId: actor.userId, fromStage, toStage: t.state.stage, details };
  return { ok: true, ...finishTransition(t, [event]) };
}

// ---------------------------------------------------------------------------------------------
// One handler per action. They mutate the Transition's private copy and may return extra event details.
// ---------------------------------------------------------------------------------------------

const HANDLERS: { [T in ActionType]: Handler<T> } = {
  accept(t, action, actor) {
    const s = t.state;
    stopClockIn(t, 'accept', 'completed');
    s.stage = 'verifying';
    s.ownerStreetCode = s.streetCode;
    s.assigneeId = action.assigneeId ?? (actor.role === 'caseworker' ? actor.userId : s.assigneeId);
    startClockIn(t, 'verify');
    if (s.urgency === 'urgent' && s.emergencyAidTotal === 0) startClockIn(t, 'emergencyAid');
    return { streetCode: s.streetCode, assigneeId: s.assigneeId };
  },

  transfer(t, action, _actor, context) {
    const s = t.state;
    const exists = context.streetExists ? context.streetExists(action.toStreetCode) : /^\d{9}$/.test(action.toStreetCode);
    if (!exists) {
      return reject(CaseErrorCode.UNKNOWN_STREET, `Street ${action.toStreetCode} does not exist.`);
    }
    if (action.toStreetCode === s.streetCode) {
      return reject(CaseErrorCode.SAME_STREET, `The case is already at street ${action.toStreetCode}.`);
    }
    const fromStreetCode = s.streetCode;
    s.streetCode = action.toStreetCode;
    s.districtCode = districtOfStreet(action.toStreetCode);
    s.assigneeId = null;
    // A formal transfer hands over first-inquiry responsibility; before acceptance nobody owns it yet.
    if (s.ownerStreetCode !== null) s.ownerStreetCode = action.toStreetCode;
    if (!context.legacyAccountability) {
      transferEscalationsIn(t, action.reason, action.toStreetCode);
      return { fromStreetCode, toStreetCode: action.toStreetCode, reason: action.reason };
    }
    // Open escalations follow the case so the new district's officers see what they now answer for.
    for (const record of s.escalations) {
      if (record.status === 'open') {
        record.streetCode = s.streetCode;
        record.districtCode = s.districtCode;
      }
    }
    if (s.stage === 'reported') {
      stopClockIn(t, 'accept', 'transferred');
      startClockIn(t, 'accept');
    }
    return { fromStreetCode, toStreetCode: action.toStreetCode, reason: action.reason };
  },

  assign(t, action) {
    t.state.assigneeId = action.assigneeId;
  },

  'record-visit'(t, action, _actor, context) {
    return futureDateRejection(t, 'visitedAt', action.visitedAt, context.legacyRules);
  },

  'record-economic-check'() {},

  'grant-emergency-aid'(t, action, _actor, context) {
    const s = t.state;
    if (s.urgency !== 'urgent') {
      return reject(
        CaseErrorCode.NOT_URGENT,
        'Emergency aid before verification is only for green-channel (urgent) cases; this case is normal.',
      );
    }
    // Before acceptance nobody answers for the case yet (§14, §9): only what one grant from the street's fund allows, in total.
    const fund = (t.policy as Partial<CasePolicy>).emergencyFund;
    if (!context.legacyAccountability && s.stage === 'reported' && fund) {
      const grantedFen = toFen(s.emergencyAidTotal);
      const askedFen = toFen(action.amount);
      if (grantedFen + askedFen > toFen(fund.perGrantMax)) {
        return reject(
          CaseErrorCode.EMERGENCY_AID_BEFORE_ACCEPTANCE,
          `Before the case is accepted, emergency aid may total at most one grant from the street's fund (perGrantMax ${fund.perGrantMax} CNY); ${fromFen(grantedFen)} CNY was granted already, ${fromFen(Math.max(0, toFen(fund.perGrantMax) - grantedFen))} CNY is left (asked ${action.amount}). Accept the case first for more.`,
        );
      }
    }
    s.emergencyAidTotal = addYuan(s.emergencyAidTotal, action.amount);
    stopClockIn(t, 'emergencyAid', 'completed');
    // Assist first, complete the paperwork after (§9): verification must follow within emergencyAidRatify.
    if (!context.legacyRules && !s.clocks.emergencyAidRatify) {
      const ratify = startClockIn(t, 'emergencyAidRatify');
      return { emergencyAidTotal: s.emergencyAidTotal, ratifyBy: ratify.dueAt };
    }
    return { emergencyAidTotal: s.emergencyAidTotal };
  },

  'complete-verification'(t, action, _actor, context) {
    const s = t.state;
    if (action.outcome === 'not-in-need' && s.emergencyAidTotal > 0 && !s.emergencyAidSettlement && !context.legacyRules) {
      return reject(
        CaseErrorCode.EMERGENCY_AID_UNSETTLED,
        `The family received ${s.emergencyAidTotal} CNY of emergency aid; a street supervisor must record settle-emergency-aid (write-off or recover) before the case closes as not in need.`,
      );
    }
    stopClockIn(t, 'verify', 'completed');
    // Verification is done, so aid "before verification" can no longer be late, and aid granted is ratified.
    stopClockIn(t, 'emergencyAid', 'superseded');
    stopClockIn(t, 'emergencyAidRatify', 'completed');
    s.verificationOutcome = action.outcome;
    if (action.outcome === 'eligible') {
      s.stage = 'deciding';
      startClockIn(t, 'decide');
    } else if (action.outcome === 'watch') {
      s.stage = 'monitoring';
      s.monitoringMode = 'watch';
      startClockIn(t, 'revisitInterval');
    } else {
      closeIn(t, 'not in need', context);
    }
  },

  'propose-assistance'(t, action, actor, context) {
    if (!context.legacyAssistance) return proposeItem(t, action, actor);
    const s = t.state;
    if (s.proposal) {
      return reject(
        CaseErrorCode.PROPOSAL_PENDING,
        `A proposal of ${s.proposal.amount} CNY (${s.proposal.assistanceType}) is already waiting for approval; approve or reject it first.`,
      );
    }
    const tier = requiredTier(action.amount, t.policy);
    s.proposal = {
      assistanceType: action.assistanceType,
      amount: action.amount,
      ...(action.months !== undefined ? { months: action.months } : {}),
      ...(action.note !== undefined ? { note: action.note } : {}),
      proposedBy: actor.userId,
      proposedAt: t.now,
      requiredTier: tier,
    };
    return { requiredTier: tier };
  },

  'settle-emergency-aid'(t, action, actor) {
    const s = t.state;
    if (s.emergencyAidTotal <= 0) return reject(CaseErrorCode.NOTHING_TO_SETTLE, 'No emergency aid was granted on this case.');
    if (s.emergencyAidSettlement) {
      return reject(
        CaseErrorCode.NOTHING_TO_SETTLE,
        `The emergency aid was already settled (${s.emergencyAidSettlement.decision}) by ${s.emergencyAidSettlement.settledBy}.`,
      );
    }
    s.emergencyAidSettlement = { decision: action.decision, reason: action.reason, settledBy: actor.userId, settledAt: t.now };
    return { emergencyAidTotal: s.emergencyAidTotal };
  },

  'approve-assistance'(t, action, actor, context) {
    if (!context.legacyAssistance) return approveItem(t, action, actor);
    const s = t.state;
    const proposal = s.proposal;
    if (!proposal) return reject(CaseErrorCode.NO_PENDING_PROPOSAL, 'There is no pending proposal to approve.');
    if (!context.legacyAccountability && proposal.proposedBy === actor.userId) {
      return reject(
        CaseErrorCode.SELF_APPROVAL,
        `${actor.userId} proposed this assistance (${proposal.amount} CNY, ${proposal.assistanceType}) and may not approve it; another approver at the ${proposal.requiredTier} tier or above must.`,
      );
    }
    const refusal = checkTier(t, proposal.amount, proposal.requiredTier, actor);
    if (refusal) return refusal;
    s.approvedAssistance = { ...proposal, approvedBy: actor.userId, approvedAt: t.now };
    delete s.proposal;
    stopClockIn(t, 'decide', 'completed');
    const decided = { assistanceType: proposal.assistanceType, amount: proposal.amount, requiredTier: proposal.requiredTier };
    const notice = publicNoticeLength(t.policy, proposal.assistanceType);
    if (notice) {
      // 公示 (§9): the approval is posted; the case waits in deciding and moves on by itself at endsAt.
      const posted = startPublicNoticeIn(t, proposal.assistanceType, notice);
      return { ...decided, publicNoticeEndsAt: posted.endsAt };
    }
    enterAssistingIn(t);
    return decided;
  },

  'record-objection'(t, _action, _actor, context) {
    if (!context.legacyAssistance) return objectToItems(t);
    const s = t.state;
    const notice = s.publicNotice;
    const approved = s.approvedAssistance;
    if (!notice || !approved) {
      return reject(
        CaseErrorCode.NO_PUBLIC_NOTICE,
        `No approval of this case is under public notice (stage ${s.stage}); objections are recorded while an approval of minimum_living or extreme_poverty is posted.`,
      );
    }
    // The objection withdraws the approval: the case is decided again, on a fresh decision clock.
    delete s.publicNotice;
    delete s.approvedAssistance;
    startClockIn(t, 'decide');
    return {
      withdrawn: { assistanceType: approved.assistanceType, amount: approved.amount, approvedBy: approved.approvedBy },
      noticeEndsAt: notice.endsAt,
    };
  },

  'reject-assistance'(t, action, actor, context) {
    if (!context.legacyAssistance) return rejectItem(t, action, actor);
    const s = t.state;
    const proposal = s.proposal;
    if (!proposal) return reject(CaseErrorCode.NO_PENDING_PROPOSAL, 'There is no pending proposal to reject.');
    const refusal = checkTier(t, proposal.amount, proposal.requiredTier, actor);
    if (refusal) return refusal;
    delete s.proposal;
    return { assistanceType: proposal.assistanceType, amount: proposal.amount, requiredTier: proposal.requiredTier };
  },

  'record-disbursement'(t, action, actor, context) {
    if (!context.legacyAssistance) return payItem(t, action, actor);
    const future = futureDateRejection(t, 'disbursedAt', action.disbursedAt, context.legacyRules);
    if (future) return future;
    const s = t.state;
    const limits = context.legacyAccountability ? undefined : disbursementLimitIn(s, action, actor);
    if (limits && 'ok' in limits) return limits;
    s.disbursedTotal = addYuan(s.disbursedTotal, action.amount);
    s.stage = 'monitoring';
    s.monitoringMode = 'assisted';
    // The reReview clock started at approval keeps running: re-review counts from the decision.
    if (!limits) return { disbursedTotal: s.disbursedTotal };
    if (s.approvedAssistance) s.approvedAssistance.disbursed = fromFen(limits.afterFen);
    return {
      disbursedTotal: s.disbursedTotal,
      approvedTotal: fromFen(limits.approvedFen),
      disbursedAgainstApproval: fromFen(limits.afterFen),
      ...(limits.afterFen > limits.approvedFen
        ? { overApprovalBy: fromFen(limits.afterFen - limits.approvedFen), overriddenBy: actor.userId }
        : {}),
    };
  },

  'refer-to-charity'(t, action) {
    const s = t.state;
    const returnStage = s.stage;
    const stageClock = stageClockFor(returnStage, s.monitoringMode);
    if (stageClock) stopClockIn(t, stageClock, 'referred');
    const referralId = `${s.caseId}:ref:${s.referrals.length + 1}`;
    s.referrals.push({
      referralId,
      organisationId: action.organisationId,
      ...(action.projectId !== undefined ? { projectId: action.projectId } : {}),
      needs: [...action.needs],
      status: 'pending',
      referredAt: t.now,
      returnStage,
    });
    s.stage = 'referred';
    startClockIn(t, 'charityResponse');
    return { referralId, returnStage };
  },

  'charity-response'(t, action, actor, context) {
    const s = t.state;
    const referral = referralAnsweredBy(s, action);
    if ('ok' in referral) return referral;
    // §10: an organisation answers only what was referred to it; street staff record any answer given by phone.
    if (actor.role === 'organisation' && referral.organisationId !== actor.jurisdictionCode) {
      return reject(
        CaseErrorCode.REFERRAL_NOT_YOURS,
        `Referral ${referral.referralId} was made to another organisation; an organisation answers only its own referrals.`,
      );
    }
    if (action.response === 'accepted' && referral.status === 'accepted') {
      return reject(CaseErrorCode.INVALID_ACTION, `Referral ${referral.referralId} has already been accepted.`);
    }
    if (action.delivered !== undefined && action.response !== 'completed') {
      return reject(
        CaseErrorCode.DELIVERED_WITHOUT_COMPLETION,
        `delivered is recorded with the response completed only (got ${action.response}).`,
      );
    }
    const wasAccepted = referral.status === 'accepted';
    referral.status = action.response;
    // Before the follow-up clock (legacyRules) every answer overwrote respondedAt; now it keeps the first answer.
    if (context.legacyRules || referral.respondedAt === undefined) referral.respondedAt = t.now;
    stopClockIn(t, 'charityResponse', 'completed');
    const details: Record<string, unknown> = { referralId: referral.referralId, organisationId: referral.organisationId };
    if (referral.projectId !== undefined) details.projectId = referral.projectId;
    if (action.response === 'accepted') {
      // §10: an accepted referral is followed up until it is completed (not for answers recorded before this clock).
      if (!context.legacyRules) details.followUpBy = startClockIn(t, 'charityFollowUp').dueAt;
    } else if (action.response === 'declined') {
      stopClockIn(t, 'charityFollowUp', wasAccepted ? 'completed' : 'stage-changed');
      s.stage = referral.returnStage;
      const clock = stageClockFor(s.stage, s.monitoringMode);
      if (clock) startClockIn(t, clock);
    } else {
      stopClockIn(t, 'charityFollowUp', 'completed');
      if (wasAccepted) referral.completedAt = t.now;
      if (action.delivered !== undefined) referral.delivered = deepClone(action.delivered);
      s.stage = 'monitoring';
      s.monitoringMode = hasApprovedAssistance(s) ? 'assisted' : 'watch';
      startClockIn(t, stageClockFor('monitoring', s.monitoringMode) as ClockName);
    }
    return details;
  },

  'record-revisit'(t, action, _actor, context) {
    const future = futureDateRejection(t, 'visitedAt', action.visitedAt, context.legacyRules);
    if (future) return future;
    const s = t.state;
    const revisitClock = stageClockFor('monitoring', s.monitoringMode) as ClockName;
    if (action.circumstancesChanged) {
      stopClockIn(t, revisitClock, 'completed');
      s.stage = 'verifying';
      startClockIn(t, 'verify');
    } else {
      // The revisit happened, so the next one counts from today; this also resolves a late revisit.
      stopClockIn(t, revisitClock, 'completed');
      const next = startClockIn(t, revisitClock);
      return { nextRevisitDueAt: next.dueAt };
    }
  },

  'pause-clock'(t, action, actor, context) {
    const s = t.state;
    if (s.pause) {
      return reject(
        CaseErrorCode.CLOCK_ALREADY_PAUSED,
        `The clock has been paused since ${s.pause.pausedAt} (${s.pause.reason}); resume it first.`,
      );
    }
    if (!CLOCKS.some((c) => c !== 'pause' && s.clocks[c])) {
      return reject(CaseErrorCode.NOTHING_TO_PAUSE, `No deadline is running in stage ${s.stage}, so there is nothing to pause.`);
    }
    if (toMs(action.expectedResumeAt) <= toMs(t.now)) {
      return reject(CaseErrorCode.INVALID_ACTION, `expectedResumeAt (${action.expectedResumeAt}) must be in the future.`);
    }
    const maxPauseUntil = instantAfter(t.now, clockLength(t.policy, s.urgency, 'pause'), t.calendar).at;
    if (!context.legacyAccountability) {
      // maxPause is the total paused time per stage (§14), so pausing again only gets what is left.
      const usedMs = pauseUsedIn(s);
      const untilMs = toMs(maxPauseUntil) - usedMs;
      const leftMs = Math.max(0, untilMs - toMs(t.now));
      if (leftMs === 0 || toMs(action.expectedResumeAt) > untilMs) {
        return reject(
          CaseErrorCode.PAUSE_TOO_LONG,
          leftMs === 0
            ? `No pause is left in stage ${s.stage}: maxPause (${t.policy.maxPause}) is the total paused time per stage and ${formatDuration(usedMs)} has been used; transfer or close the case, or complete the stage.`
            : `expectedResumeAt (${action.expectedResumeAt}) is beyond what is left of the pause allowed in stage ${s.stage}: ${formatDuration(leftMs)} left, until ${fromMs(untilMs)} (maxPause ${t.policy.maxPause} in total per stage, ${formatDuration(usedMs)} used); pause for less, or transfer or close the case.`,
        );
      }
      s.pause = {
        pausedAt: t.now,
        reason: action.reason,
        expectedResumeAt: action.expectedResumeAt,
        pausedBy: actor.userId,
        accountable: true,
      };
      startClockIn(t, 'pause', { dueAt: fromMs(untilMs) });
      return { maxPauseUntil: fromMs(untilMs), pauseLeftMs: leftMs };
    }
    if (!context.legacyRules && toMs(action.expectedResumeAt) > toMs(maxPauseUntil)) {
      return reject(
        CaseErrorCode.PAUSE_TOO_LONG,
        `expectedResumeAt (${action.expectedResumeAt}) is beyond the longest pause the policy allows (maxPause ${t.policy.maxPause}, until ${maxPauseUntil}); pause for less, or transfer or close the case.`,
      );
    }
    s.pause = { pausedAt: t.now, reason: action.reason, expectedResumeAt: action.expectedResumeAt, pausedBy: actor.userId };
    startClockIn(t, 'pause');
    return { maxPauseUntil };
  },

  'resume-clock'(t) {
    if (!t.state.pause) return reject(CaseErrorCode.CLOCK_NOT_PAUSED, 'The clock is not paused.');
    const ended = endPauseIn(t, 'resumed');
    if (!ended) return;
    return { pausedAt: ended.pausedAt, pausedMs: ended.pausedMs, paused: formatDuration(ended.pausedMs) };
  },

  close(t, action, _actor, context) {
    closeIn(t, action.reason, context);
  },

  reopen(t) {
    const s = t.state;
    if (s.mergedInto) {
      return reject(
        CaseErrorCode.CASE_MERGED,
        `Case ${s.caseId} was merged into ${s.mergedInto}, which holds its reports and evidence; continue there.`,
      );
    }
    delete s.closedAt;
    delete s.closeReason;
    delete s.stageBeforeClose;
    if (s.ownerStreetCode !== null) {
      s.stage = 'verifying';
      startClockIn(t, 'verify');
      // Same rule as acceptance: an urgent case being verified without aid owes emergency aid.
      if (s.urgency === 'urgent' && s.emergencyAidTotal === 0) startClockIn(t, 'emergencyAid');
    } else {
      s.stage = 'reported';
      startClockIn(t, 'accept');
    }
  },

  // The API has recorded the identity in PostgreSQL; the case learns only which person it is (§7).
  'identify-subject'(t, action) {
    const s = t.state;
    if (!s.subjectUnidentified) {
      return reject(CaseErrorCode.SUBJECT_ALREADY_IDENTIFIED, `The subject of case ${s.caseId} is identified already.`);
    }
    const previousPersonId = s.personId;
    s.personId = action.personId;
    delete s.subjectUnidentified;
    return { previousPersonId };
  },

  // Two open cases found to be one family's (§7): this one ends in the target, which holds its reports and
  // evidence. Its escalations are answered there, so they end as resolved with reason `merged`, kept.
  'merge-into'(t, action) {
    const s = t.state;
    if (action.targetCaseId === s.caseId) return reject(CaseErrorCode.INVALID_ACTION, 'A case cannot be merged into itself.');
    for (const record of s.escalations) {
      if (record.status === 'open') resolveEscalationIn(t, record.escalationId, 'merged');
    }
    for (const clock of Object.values(s.clocks)) delete clock.escalation;
    s.mergedInto = action.targetCaseId;
    closeStage(t, action.reason);
  },
};

function closeIn(t: Transition, reason: string, context: DecisionContext): void {
  endEscalationsOnClose(t, reason, context);
  closeStage(t, reason);
}

function endEscalationsOnClose(t: Transition, reason: string, context: DecisionContext): void {
  const s = t.state;
  if (!context.legacyAccountability) {
    // Closing does not resolve an escalation (§14): it ends as `closed`, with who closed the case and why.
    for (const record of s.escalations) {
      if (record.status === 'open') endEscalationIn(t, record.escalationId, 'closed', reason);
    }
    for (const clock of Object.values(s.clocks)) delete clock.escalation;
  }
}

/** What every way of closing does after the escalations are ended. */
function closeStage(t: Transition, reason: string): void {
  const s = t.state;
  s.stageBeforeClose = s.stage;
  closeAssistanceIn(t);
  stopAllClocksIn(t, 'closed');
  delete s.pause;
  // A notice ends with the case: a reopened case is verified again before anything is posted.
  delete s.publicNotice;
  // A proposal nobody decided must not block a fresh one if the case is reopened.
  delete s.proposal;
  s.stage = 'closed';
  s.closedAt = t.now;
  s.closeReason = reason;
}

/**
 * Every escalated clock's escalation ends at the old street as `transferred` and carries on at the new
 * one at the same level (§14); before acceptance the accept clock restarts there, keeping it. Open
 * records without a running clock simply follow the case, as before.
 */
function transferEscalationsIn(t: Transition, reason: string, toStreetCode: string): void {
  const s = t.state;
  const handOver = (clock: ClockName, restart: boolean) => {
    const running = s.clocks[clock];
    const previous = running?.escalation;
    if (!running) return;
    if (!previous) {
      if (restart) startClockIn(t, clock);
      return;
    }
    delete running.escalation;
    const c = restart ? startClockIn(t, clock) : running;
    handOverEscalationIn(t, c, previous, reason, toStreetCode);
  };
  for (const clock of CLOCKS) {
    if (clock === 'accept' && s.stage === 'reported') handOver(clock, true);
    else handOver(clock, false);
  }
  for (const record of s.escalations) {
    if (record.status === 'open') {
      record.streetCode = s.streetCode;
      record.districtCode = s.districtCode;
    }
  }
}

/**
 * What a disbursement may add (§14): the approval's amount × months in total, unless a street
 * supervisor or above records `override: {reason}`. Returns the rejection, or the sums in fen.
 */
function disbursementLimitIn(
  s: CaseState,
  action: ActionOf<'record-disbursement'>,
  actor: Actor,
): DomainRejection | { approvedFen: number; afterFen: number } {
  const approved = s.approvedAssistance;
  const approvedFen = approved ? toFen(approved.amount) * (approved.months ?? 1) : 0;
  const disbursedFen = toFen(approved?.disbursed ?? 0);
  const afterFen = disbursedFen + toFen(action.amount);
  if (action.override && !DISBURSEMENT_OVERRIDE_ROLES.includes(actor.role)) {
    return reject(
      CaseErrorCode.ROLE_NOT_ALLOWED,
      `Only a street supervisor or above may record a disbursement beyond the approval (override); a ${ROLE_LABELS[actor.role]} may not.`,
    );
  }
  if (afterFen > approvedFen && !action.override) {
    const what = approved
      ? `${fromFen(approvedFen)} CNY was approved (${approved.amount} × ${approved.months ?? 1} month(s)), ${fromFen(disbursedFen)} CNY disbursed, ${fromFen(Math.max(0, approvedFen - disbursedFen))} CNY left`
      : 'no assistance is approved on this case';
    return reject(
      CaseErrorCode.DISBURSEMENT_EXCEEDS_APPROVAL,
      `A disbursement of ${action.amount} CNY exceeds the approval: ${what}. Disburse at most what is left, or a street supervisor records it with override {reason}.`,
    );
  }
  return { approvedFen, afterFen };
}

/**
 * The referral a charity-response answers: the one it names, or (as before §10's referralId) the latest
 * pending or accepted one. A named referral already completed or declined is answered already.
 */
function referralAnsweredBy(s: CaseState, action: ActionOf<'charity-response'>): Referral | DomainRejection {
  if (action.referralId === undefined) {
    const latest = [...s.referrals].reverse().find((r) => r.status === 'pending' || r.status === 'accepted');
    return latest ?? reject(CaseErrorCode.NO_PENDING_REFERRAL, 'There is no pending or accepted referral to respond to.');
  }
  const named = s.referrals.find((r) => r.referralId === action.referralId);
  if (!named) return reject(CaseErrorCode.UNKNOWN_REFERRAL, `Case ${s.caseId} has no referral ${action.referralId}.`);
  if (named.status === 'completed' || named.status === 'declined') {
    return reject(
      CaseErrorCode.REFERRAL_ALREADY_ANSWERED,
      `Referral ${named.referralId} was ${named.status} at ${named.respondedAt ?? 'an earlier time'}; it takes no further answer.`,
    );
  }
  return named;
}

function reporterId(report: CaseReport): string {
  return report.reportedBy ?? `report:${report.reportId}`;
}

function reportDetails(report: CaseReport): Record<string, unknown> {
  return {
    reportId: report.reportId,
    channel: report.channel,
    urgentFlags: [...report.urgentFlags],
    categories: [...report.categories],
  };
}
