// The assistance actions on items (DESIGN.md §10): propose, approve and reject an item by its id, an
// objection withdrawing what is posted, payments per item and per month, and the timers of monthly
// items (a missed month reminds, then escalates; the last month passed ends the item and brings the
// case back for re-review). Pure: the case machine calls these on a Transition's private copy; cases
// decided before items existed replay through its older handlers (DecisionContext.legacyAssistance).
import type { ActionOf, Actor, AssistanceItem, CaseEvent, CaseState } from './case-types';
import { checkTier, DISBURSEMENT_OVERRIDE_ROLES, futureDateRejection } from './action-checks';
import { requiredTier } from './approval';
import {
  assistanceItemsIn,
  heldItemOfType,
  newItemId,
  nextUnpaidPeriod,
  paymentClocksOf,
  periodsOf,
  startPaymentClockIn,
  stopPaymentClockIn,
  temporaryCooldownMs,
  temporaryWithinCooldown,
  totalValueOf,
} from './assistance';
import { clockWakeMs, dueStepsOf, stageClockFor, startClockIn, stopClockIn } from './deadlines';
import { addYuan, fromFen, toFen } from './emergency-fund';
import { CaseErrorCode, reject, type DomainRejection } from './errors';
import { fromMs, toMs } from './durations';
import type { CasePolicy } from './policy';
import { enterAssistingIn, publicNoticeLength, startPublicNoticeIn } from './public-notice';
import { instantAfter } from './policy-clocks';
import { ROLE_LABELS } from './roles';
import { beginTransition, finishTransition, type Transition } from './transition';
import type { WorkingCalendar } from './working-days';

type Outcome = DomainRejection | Record<string, unknown> | void;

/**
 * The item an action names, or the only one in `status` when it names none. Refusals say which items
 * there are, so the caller can pick one.
 */
function pickItem(
  items: readonly AssistanceItem[],
  itemId: string | undefined,
  status: 'proposed' | 'active',
  verb: string,
): AssistanceItem | DomainRejection {
  if (itemId !== undefined) {
    const item = items.find((i) => i.itemId === itemId);
    if (!item) {
      return reject(
        CaseErrorCode.ASSISTANCE_ITEM_NOT_FOUND,
        `Item ${itemId} is not an assistance item of this case; its items are ${items.map((i) => i.itemId).join(', ') || 'none'}.`,
      );
    }
    if (item.status === status) return item;
    if (status === 'active' && item.status === 'ended') {
      return reject(
        CaseErrorCode.ASSISTANCE_ITEM_ENDED,
        `Item ${itemId} ended (${item.endedAs ?? 'ended'}) at ${item.endsAt}; nothing more can be ${verb} on it.`,
      );
    }
    return reject(
      CaseErrorCode.ASSISTANCE_ITEM_STATUS,
      `Item ${itemId} is ${item.status}, not ${status}; only a ${status} item can be ${verb}.`,
    );
  }
  const candidates = items.filter((i) => i.status === status);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    return status === 'proposed'
      ? reject(CaseErrorCode.NO_PENDING_PROPOSAL, `There is no proposed assistance item to be ${verb}.`)
      : reject(CaseErrorCode.ASSISTANCE_ITEM_STATUS, `No assistance item of this case is active, so nothing can be ${verb}.`);
  }
  return reject(
    CaseErrorCode.ASSISTANCE_ITEM_REQUIRED,
    `${candidates.length} items are ${status} (${candidates.map((i) => `${i.itemId} ${i.assistanceType}`).join(', ')}); name one with itemId.`,
  );
}

const isRejection = (x: unknown): x is DomainRejection => typeof x === 'object' && x !== null && (x as DomainRejection).ok === false;

export function proposeItem(t: Transition, action: ActionOf<'propose-assistance'>, actor: Actor): Outcome {
  const s = t.state;
  if (s.publicNotice) {
    return reject(
      CaseErrorCode.PROPOSAL_PENDING,
      `The approval of ${s.publicNotice.assistanceType} is under public notice until ${s.publicNotice.endsAt}; propose further assistance after the notice (or after an objection).`,
    );
  }
  const items = assistanceItemsIn(t);
  const pending = items.find((i) => i.status === 'proposed' && i.assistanceType === action.assistanceType);
  if (pending) {
    return reject(
      CaseErrorCode.PROPOSAL_PENDING,
      `Item ${pending.itemId} (${pending.assistanceType}, ${pending.amount} CNY) is already proposed; approve or reject it first.`,
    );
  }
  const held = heldItemOfType(items, action.assistanceType);
  if (held) return duplicateRejection(held);
  const total = totalValueOf(action);
  const tier = requiredTier(total, t.policy);
  const itemId = newItemId(s);
  items.push({
    itemId,
    assistanceType: action.assistanceType,
    amount: action.amount,
    ...(action.months !== undefined ? { months: action.months } : {}),
    ...(action.note !== undefined ? { note: action.note } : {}),
    status: 'proposed',
    total,
    requiredTier: tier,
    proposedBy: actor.userId,
    proposedAt: t.now,
    disbursed: 0,
  });
  const cooldown = action.assistanceType === 'temporary' ? temporaryWithinCooldown(items, t.now, temporaryCooldownMs(t.policy)) : null;
  // Told now, refused only at approval: the approver decides whether to override the cooldown (§10).
  return { itemId, total, requiredTier: tier, ...(cooldown ? { cooldownUntil: cooldown.until } : {}) };
}

function duplicateRejection(held: AssistanceItem): DomainRejection {
  return reject(
    CaseErrorCode.DUPLICATE_ASSISTANCE,
    `The household already holds ${held.assistanceType} assistance (item ${held.itemId}, ${held.status}); a household never holds two approved or active items of one type.`,
  );
}

export function approveItem(t: Transition, action: ActionOf<'approve-assistance'>, actor: Actor): Outcome {
  const items = assistanceItemsIn(t);
  const item = pickItem(items, action.itemId, 'proposed', 'approved');
  if (isRejection(item)) return item;
  if (item.proposedBy === actor.userId) {
    return reject(
      CaseErrorCode.SELF_APPROVAL,
      `${actor.userId} proposed item ${item.itemId} (${item.total} CNY, ${item.assistanceType}) and may not approve it; another approver at the ${item.requiredTier} tier or above must.`,
    );
  }
  const refusal = checkTier(t, item.total, item.requiredTier, actor);
  if (refusal) return refusal;
  const held = heldItemOfType(items, item.assistanceType, item.itemId);
  if (held) return duplicateRejection(held);
  const others = items.filter((i) => i.itemId !== item.itemId);
  const cooldown = item.assistanceType === 'temporary' ? temporaryWithinCooldown(others, t.now, temporaryCooldownMs(t.policy)) : null;
  if (cooldown && !action.override) {
    return reject(
      CaseErrorCode.TEMPORARY_AID_COOLDOWN,
      `Temporary assistance was approved for this household at ${cooldown.approvedAt}; another before ${cooldown.until} (temporaryCooldown ${t.policy.temporaryCooldown}) needs override {reason} from the approver.`,
    );
  }
  item.status = 'approved';
  item.approvedBy = actor.userId;
  item.approvedAt = t.now;
  if (action.override && item.assistanceType === 'temporary')
    item.cooldownOverride = { reason: action.override.reason, by: actor.userId, at: t.now };
  const decided = { itemId: item.itemId, assistanceType: item.assistanceType, total: item.total, requiredTier: item.requiredTier };
  return { ...decided, ...(cooldown ? { cooldownOverriddenUntil: cooldown.until } : {}), ...moveOnIfDecidedIn(t) };
}

export function rejectItem(t: Transition, action: ActionOf<'reject-assistance'>, actor: Actor): Outcome {
  const items = assistanceItemsIn(t);
  const item = pickItem(items, action.itemId, 'proposed', 'rejected');
  if (isRejection(item)) return item;
  const refusal = checkTier(t, item.total, item.requiredTier, actor);
  if (refusal) return refusal;
  item.status = 'rejected';
  item.rejectedBy = actor.userId;
  item.rejectedAt = t.now;
  item.reason = action.reason;
  return {
    itemId: item.itemId,
    assistanceType: item.assistanceType,
    total: item.total,
    requiredTier: item.requiredTier,
    ...moveOnIfDecidedIn(t),
  };
}

/**
 * Once no item waits for a decision and at least one was approved, the case leaves deciding (the decide
 * clock is done): the approvals are posted first when a type needs a public notice (§9, the longest
 * notice among them), otherwise the family is assisted at once. While an item is still proposed, or when
 * every item was rejected, the case stays in deciding and the decide clock runs on.
 */
function moveOnIfDecidedIn(t: Transition): Record<string, unknown> {
  const s = t.state;
  const items = s.assistance ?? [];
  if (s.stage !== 'deciding' || items.some((i) => i.status === 'proposed')) return {};
  const approved = items.filter((i) => i.status === 'approved');
  if (approved.length === 0) return {};
  stopClockIn(t, 'decide', 'completed');
  let posted: {
    type: AssistanceItem['assistanceType'];
    endsMs: number;
    length: NonNullable<ReturnType<typeof publicNoticeLength>>;
  } | null = null;
  for (const item of approved) {
    const length = publicNoticeLength(t.policy, item.assistanceType);
    if (!length) continue;
    const endsMs = toMs(instantAfter(t.now, length, t.calendar).at);
    if (!posted || endsMs > posted.endsMs) posted = { type: item.assistanceType, endsMs, length };
  }
  if (posted) {
    // 公示 (§9): the approvals are posted; the case waits in deciding and moves on by itself at endsAt.
    const notice = startPublicNoticeIn(t, posted.type, posted.length);
    return { publicNoticeEndsAt: notice.endsAt };
  }
  enterAssistingIn(t);
  return { activeItems: approved.map((i) => i.itemId) };
}

/** An objection during the notice withdraws every approval posted (§9); the case is decided again. */
export function objectToItems(t: Transition): Outcome {
  const s = t.state;
  const notice = s.publicNotice;
  const items = assistanceItemsIn(t);
  const posted = items.filter((i) => i.status === 'approved');
  if (!notice || posted.length === 0) {
    return reject(
      CaseErrorCode.NO_PUBLIC_NOTICE,
      `No approval of this case is under public notice (stage ${s.stage}); objections are recorded while an approval of minimum_living or extreme_poverty is posted.`,
    );
  }
  for (const item of posted) {
    item.status = 'rejected';
    item.rejectedBy = t.actorId;
    item.rejectedAt = t.now;
    item.reason = 'withdrawn after an objection during the public notice';
  }
  delete s.publicNotice;
  startClockIn(t, 'decide');
  return {
    withdrawn: posted.map((i) => ({ itemId: i.itemId, assistanceType: i.assistanceType, total: i.total, approvedBy: i.approvedBy })),
    noticeEndsAt: notice.endsAt,
  };
}

export function payItem(t: Transition, action: ActionOf<'record-disbursement'>, actor: Actor): Outcome {
  const future = futureDateRejection(t, 'disbursedAt', action.disbursedAt);
  if (future) return future;
  const s = t.state;
  const items = assistanceItemsIn(t);
  const item = pickItem(items, action.itemId, 'active', 'paid');
  if (isRejection(item)) return item;
  if (action.override && !DISBURSEMENT_OVERRIDE_ROLES.includes(actor.role)) {
    return reject(
      CaseErrorCode.ROLE_NOT_ALLOWED,
      `Only a street supervisor or above may record a disbursement beyond the approval (override); a ${ROLE_LABELS[actor.role]} may not.`,
    );
  }
  const monthly = item.firstPeriod !== undefined;
  let period: string | undefined;
  if (monthly) {
    const chosen = choosePeriod(item, action.period);
    if (isRejection(chosen)) return chosen;
    period = chosen;
  } else if (action.period !== undefined) {
    return reject(CaseErrorCode.PERIOD_NOT_OF_ITEM, `Item ${item.itemId} is not paid monthly, so a disbursement for it names no period.`);
  }
  const approvedFen = toFen(item.total);
  const afterFen = toFen(item.disbursed) + toFen(action.amount);
  if (afterFen > approvedFen && !action.override) {
    return reject(
      CaseErrorCode.DISBURSEMENT_EXCEEDS_APPROVAL,
      `A disbursement of ${action.amount} CNY exceeds item ${item.itemId}: ${item.total} CNY was approved (${item.amount} × ${item.months ?? 1} month(s)), ${item.disbursed} CNY disbursed, ${fromFen(Math.max(0, approvedFen - toFen(item.disbursed)))} CNY left. Disburse at most what is left, or a street supervisor records it with override {reason}.`,
    );
  }
  item.disbursed = fromFen(afterFen);
  s.disbursedTotal = addYuan(s.disbursedTotal, action.amount);
  const details: Record<string, unknown> = {
    itemId: item.itemId,
    ...(period !== undefined ? { period } : {}),
    disbursedTotal: s.disbursedTotal,
    approvedTotal: item.total,
    disbursedAgainstApproval: item.disbursed,
    ...(afterFen > approvedFen ? { overApprovalBy: fromFen(afterFen - approvedFen), overriddenBy: actor.userId } : {}),
  };
  if (period !== undefined) {
    (item.payments ??= []).push({ period, amount: action.amount, at: action.disbursedAt ?? t.now, by: actor.userId });
    const next = nextUnpaidPeriod(item);
    if (item.payment && item.payment.period !== next)
      stopPaymentClockIn(t, item, item.payment.period === period ? 'completed' : 'superseded');
    if (next !== null && !item.payment) startPaymentClockIn(t, item, next);
    if (next !== null) details.nextPeriod = next;
    else if (toMs(t.now) >= toMs(item.endsAt!)) details.itemEnded = endItemIn(t, item, 'months-passed');
  } else if (afterFen >= approvedFen) {
    details.itemEnded = endItemIn(t, item, 'paid');
  }
  // Assisting is the time until every item has started being paid; the family is then monitored (re-review
  // keeps counting from the decision), while monthly items go on paying.
  if (s.stage === 'assisting' && items.every((i) => !(i.status === 'active' || i.status === 'ended') || i.disbursed > 0)) {
    s.stage = 'monitoring';
    s.monitoringMode = 'assisted';
  }
  return details;
}

function choosePeriod(item: AssistanceItem, asked: string | undefined): string | DomainRejection {
  const periods = periodsOf(item);
  const paid = new Set((item.payments ?? []).map((p) => p.period));
  if (asked === undefined) {
    const next = nextUnpaidPeriod(item);
    if (next === null)
      return reject(
        CaseErrorCode.PERIOD_ALREADY_PAID,
        `Every month of item ${item.itemId} (${periods[0]} to ${periods[periods.length - 1]}) is paid.`,
      );
    return next;
  }
  if (!periods.includes(asked)) {
    return reject(
      CaseErrorCode.PERIOD_NOT_OF_ITEM,
      `${asked} is not a month of item ${item.itemId}, which pays ${periods[0]} to ${periods[periods.length - 1]}.`,
    );
  }
  if (paid.has(asked)) return reject(CaseErrorCode.PERIOD_ALREADY_PAID, `${asked} of item ${item.itemId} is paid already.`);
  return asked;
}

/**
 * Ends an item. When the last month of a monthly item has passed and nothing else is active, the case is
 * re-reviewed (§10): it goes back to verifying, on a fresh verification clock, to decide what comes next.
 */
function endItemIn(
  t: Transition,
  item: AssistanceItem,
  reason: 'paid' | 'months-passed',
): { itemId: string; reason: string; reReview: boolean } {
  const s = t.state;
  stopPaymentClockIn(t, item, 'completed');
  item.status = 'ended';
  item.endedAs = reason;
  if (reason === 'paid') item.endsAt = t.now;
  const stillActive = (s.assistance ?? []).some((i) => i.status === 'active');
  const reReview = reason === 'months-passed' && !stillActive && (s.stage === 'assisting' || s.stage === 'monitoring');
  if (reReview) {
    const clock = stageClockFor(s.stage, s.monitoringMode);
    if (clock) stopClockIn(t, clock, 'superseded');
    s.stage = 'verifying';
    startClockIn(t, 'verify');
  }
  return { itemId: item.itemId, reason, reReview };
}

// ---------------------------------------------------------------------------------------------
// Timers of monthly items. The workflow calls these after fireDueTimers: cases without items have none.
// ---------------------------------------------------------------------------------------------

/**
 * Payment reminders and escalations due at `now` (clock `disbursement`, one per monthly item), and
 * monthly items whose last month has passed with every month paid. A pause never holds them: paying the
 * family does not wait on the family.
 */
export function firePaymentTimers(
  state: CaseState,
  policy: CasePolicy,
  now: string,
  calendar: WorkingCalendar,
): { state: CaseState; events: CaseEvent[] } {
  if (!state.assistance || state.stage === 'closed') return { state, events: [] };
  const t = beginTransition(state, policy, now, 'system', calendar);
  const nowMs = toMs(now);
  const firings: { atMs: number; order: number; step: number; run: () => void }[] = [];
  t.state.assistance!.forEach((item, order) => {
    const c = item.payment;
    if (c) {
      // The stage clocks' steps, each event also naming the item and month (and the reminder the payment day).
      const about = { itemId: item.itemId, period: c.period, assistanceType: item.assistanceType };
      for (const { atMs, step, run } of dueStepsOf(t, c, nowMs)) {
        firings.push({
          atMs,
          order,
          step,
          run: () => {
            run();
            const event = t.pending[t.pending.length - 1];
            event.details = { ...event.details, ...(step === 0 ? { paymentDay: c.remindAt } : {}), ...about };
          },
        });
      }
    }
    if (monthsPassed(item, nowMs)) {
      firings.push({
        atMs: toMs(item.endsAt!),
        order,
        step: 3,
        run: () => {
          const fromStage = t.state.stage;
          const ended = endItemIn(t, item, 'months-passed');
          t.pending.push({
            type: 'assistance-ended',
            actorId: 'system',
            fromStage,
            toStage: t.state.stage,
            details: { ...ended, assistanceType: item.assistanceType, endsAt: item.endsAt },
          });
        },
      });
    }
  });
  firings.sort((a, b) => a.atMs - b.atMs || a.order - b.order || a.step - b.step);
  for (const firing of firings) firing.run();
  return finishTransition(t);
}

/** A monthly item, every month paid, whose last month is over. (One still owed a month ends when it is paid.) */
function monthsPassed(item: AssistanceItem, nowMs: number): boolean {
  return (
    item.status === 'active' &&
    item.firstPeriod !== undefined &&
    item.endsAt !== undefined &&
    nowMs >= toMs(item.endsAt) &&
    nextUnpaidPeriod(item) === null
  );
}

/** The earliest instant firePaymentTimers would do something, or null. */
export function paymentWakeAt(state: CaseState): string | null {
  if (state.stage === 'closed') return null;
  let best: number | null = null;
  const consider = (iso: string) => {
    const ms = toMs(iso);
    if (best === null || ms < best) best = ms;
  };
  for (const { clock: c } of paymentClocksOf(state)) {
    const ms = clockWakeMs(c);
    if (ms !== null) consider(fromMs(ms));
  }
  for (const item of state.assistance ?? []) {
    if (item.status === 'active' && item.firstPeriod !== undefined && item.endsAt !== undefined && nextUnpaidPeriod(item) === null)
      consider(item.endsAt);
  }
  return best === null ? null : fromMs(best);
}
