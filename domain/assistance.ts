// Assistance items (DESIGN.md §10): several per case, each proposed, approved or rejected by its id, its
// tier that of its total value; monthly items paid month by month against a payment clock per item;
// no two approved or active items of one type in a household (重复/多头救助), and temporary assistance
// again within the cooldown only with a recorded reason (自由裁量). Pure: `now` and the policy are
// passed in; the case machine calls these on a Transition's private copy.
import type { AssistanceItem, AssistanceProposal, CaseState, ClockState, EscalationResolution } from './case-types';
import { resolveEscalationIn } from './escalation';
import { fromFen, toFen } from './emergency-fund';
import { addMs, DEFAULT_DISBURSEMENT_GRACE, DEFAULT_TEMPORARY_COOLDOWN, parseClockLength, parseDuration, toMs } from './durations';
import type { CasePolicy } from './policy';
import { instantAfter } from './policy-clocks';
import type { Transition } from './transition';

/** Statuses in which an item counts as the household's aid (the duplicate rule, §10). */
const HELD: readonly AssistanceItem['status'][] = ['approved', 'active'];

/** The default day of the month by which a monthly payment is due (§10). */
const DEFAULT_DISBURSEMENT_DAY = 15;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** amount × (months ?? 1), in CNY, summed in fen so 0.1 CNY steps do not drift. */
export function totalValueOf(item: { amount: number; months?: number }): number {
  return fromFen(toFen(item.amount) * (item.months ?? 1));
}

/**
 * The case's items. A case decided before items existed has at most a `proposal` and an
 * `approvedAssistance`: they read as items 1 and 2, exactly as assistanceItemsIn turns them into items,
 * so the case file shows the same ids before and after.
 */
export function assistanceItemsOf(state: CaseState): AssistanceItem[] {
  if (state.assistance) return state.assistance;
  const items: AssistanceItem[] = [];
  const approved = state.approvedAssistance;
  if (approved) {
    const ended = state.stage === 'closed';
    const posted = state.stage === 'deciding';
    items.push({
      ...itemFields(`${state.caseId}:aid:1`, approved),
      status: ended ? 'ended' : posted ? 'approved' : 'active',
      approvedBy: approved.approvedBy,
      approvedAt: approved.approvedAt,
      ...(posted ? {} : { startsAt: approved.approvedAt }),
      ...(ended && state.closedAt ? { endsAt: state.closedAt, endedAs: 'case-closed' as const } : {}),
      disbursed: approved.disbursed ?? 0,
      fromLegacy: true,
    });
  }
  if (state.proposal) {
    items.push({
      ...itemFields(`${state.caseId}:aid:${items.length + 1}`, state.proposal),
      status: 'proposed',
      disbursed: 0,
      fromLegacy: true,
    });
  }
  return items;
}

function itemFields(itemId: string, p: AssistanceProposal): Omit<AssistanceItem, 'status' | 'disbursed'> {
  return {
    itemId,
    assistanceType: p.assistanceType,
    amount: p.amount,
    ...(p.months !== undefined ? { months: p.months } : {}),
    ...(p.note !== undefined ? { note: p.note } : {}),
    total: totalValueOf(p),
    requiredTier: p.requiredTier,
    proposedBy: p.proposedBy,
    proposedAt: p.proposedAt,
  };
}

/** Turns a case decided before items existed into items (once), and returns them for mutation. */
export function assistanceItemsIn(t: Transition): AssistanceItem[] {
  const s = t.state;
  if (!s.assistance) {
    s.assistance = assistanceItemsOf(s);
    delete s.proposal;
    delete s.approvedAssistance;
  }
  return s.assistance;
}

export function newItemId(state: CaseState): string {
  return `${state.caseId}:aid:${assistanceItemsOf(state).length + 1}`;
}

/**
 * An item that was approved and not withdrawn (approved, active or ended): the family was assisted.
 * The ledgers' SQL says the same in api/cases/assistance-sql.ts.
 */
export function isApprovedItem(item: { status: string; approvedAt?: string }): boolean {
  return item.approvedAt !== undefined && item.status !== 'rejected';
}

/** Whether the family has had assistance approved on this case. */
export function hasApprovedAssistance(state: CaseState): boolean {
  return assistanceItemsOf(state).some(isApprovedItem);
}

/** The item of this type the household already holds (approved or active), if any (§10: no duplicate aid). */
export function heldItemOfType(
  items: readonly AssistanceItem[],
  type: AssistanceItem['assistanceType'],
  except?: string,
): AssistanceItem | undefined {
  return items.find((i) => i.itemId !== except && i.assistanceType === type && HELD.includes(i.status));
}

/** The cooldown after temporary assistance (§10, policy `temporaryCooldown`, wall-clock). */
export function temporaryCooldownMs(policy: CasePolicy): number {
  return parseDuration((policy as Partial<CasePolicy>).temporaryCooldown ?? DEFAULT_TEMPORARY_COOLDOWN);
}

/**
 * The latest approval of temporary assistance to the household within the cooldown before `now`, if
 * any: another one then needs an override with a reason. The API applies the same rule to the
 * household's earlier cases, which this case's workflow does not see.
 */
export function temporaryWithinCooldown(
  approvals: readonly { assistanceType: string; approvedAt?: string; status: string }[],
  now: string,
  cooldownMs: number,
): { approvedAt: string; until: string } | null {
  let latest: string | null = null;
  for (const a of approvals) {
    if (a.assistanceType !== 'temporary' || a.approvedAt === undefined || a.status === 'rejected') continue;
    if (toMs(a.approvedAt) > toMs(now)) continue;
    if (toMs(now) - toMs(a.approvedAt) >= cooldownMs) continue;
    if (latest === null || toMs(a.approvedAt) > toMs(latest)) latest = a.approvedAt;
  }
  return latest === null ? null : { approvedAt: latest, until: addMs(latest, cooldownMs) };
}

// ---------------------------------------------------------------------------------------------
// Monthly payments: periods are calendar months in Asia/Shanghai; a month's payment is due by the end
// of its `disbursementDay`, a missed one reminds at once and escalates `deadlines.disbursement` later.
// ---------------------------------------------------------------------------------------------

function disbursementDayOf(policy: CasePolicy): number {
  return (policy as Partial<CasePolicy>).disbursementDay ?? DEFAULT_DISBURSEMENT_DAY;
}

/** YYYY-MM of an instant in Asia/Shanghai. */
function periodOf(iso: string): string {
  return new Date(toMs(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

/** The period `n` months after `period`. */
function addPeriods(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** 24:00 Asia/Shanghai of day `day` of the period: the last moment its payment is on time. */
export function paymentDueAt(period: string, day: number): string {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, day + 1) - SHANGHAI_OFFSET_MS).toISOString();
}

/** The month a monthly item activated at `startsAt` pays first: this month if its payment day is still ahead. */
export function firstPeriodFor(startsAt: string, day: number): string {
  const period = periodOf(startsAt);
  return toMs(startsAt) < toMs(paymentDueAt(period, day)) ? period : addPeriods(period, 1);
}

/** Every period of a monthly item, in order. */
export function periodsOf(item: AssistanceItem): string[] {
  if (item.firstPeriod === undefined || item.months === undefined) return [];
  return Array.from({ length: item.months }, (_, i) => addPeriods(item.firstPeriod!, i));
}

/** The earliest period of a monthly item not yet paid, or null when every month is paid. */
export function nextUnpaidPeriod(item: AssistanceItem): string | null {
  const paid = new Set((item.payments ?? []).map((p) => p.period));
  return periodsOf(item).find((p) => !paid.has(p)) ?? null;
}

/** The start of the month after the item's last one (Asia/Shanghai): from then on its months have passed. */
function monthlyEndsAt(firstPeriod: string, months: number): string {
  return paymentDueAt(addPeriods(firstPeriod, months), 0);
}

/** Starts the payment clock of `period` on the item: reminder when it is due, escalation the grace later. */
export function startPaymentClockIn(t: Transition, item: AssistanceItem, period: string): ClockState & { period: string } {
  const s = t.state;
  const instance = (s.clockInstances.disbursement ?? 0) + 1;
  s.clockInstances.disbursement = instance;
  const remindAt = paymentDueAt(period, disbursementDayOf(t.policy));
  const grace = parseClockLength(t.policy.deadlines[s.urgency].disbursement ?? DEFAULT_DISBURSEMENT_GRACE);
  const escalateAt = instantAfter(remindAt, grace, t.calendar);
  const clock = {
    clock: 'disbursement' as const,
    period,
    startedAt: t.now,
    remindAt,
    dueAt: escalateAt.at,
    reminded: false,
    instance,
    ...(grace.kind === 'working' ? { workingDays: grace.days, provisional: escalateAt.provisional } : {}),
  };
  item.payment = clock;
  return clock;
}

/** Every running payment clock of the case, with the item it belongs to. */
export function paymentClocksOf(state: CaseState): { item: AssistanceItem; clock: ClockState & { period: string } }[] {
  return (state.assistance ?? []).flatMap((item) => (item.payment ? [{ item, clock: item.payment }] : []));
}

/**
 * Stops an item's payment clock. `completed` (the month was paid) counts for the ledgers' on-time rate
 * against the payment day; an escalation it had raised is resolved with its time-to-resolve.
 */
export function stopPaymentClockIn(t: Transition, item: AssistanceItem, resolution: EscalationResolution): void {
  const running = item.payment;
  if (!running) return;
  if (resolution === 'completed') {
    const onTime = !running.escalation && toMs(t.now) <= toMs(running.remindAt);
    (t.clocksCompleted ??= []).push({ clock: 'disbursement', dueAt: running.remindAt, onTime });
  }
  delete item.payment;
  if (running.escalation) resolveEscalationIn(t, running.escalation.escalationId, resolution);
}

/**
 * The family starts being assisted (§10): every approved item becomes active from now; a monthly item
 * gets its months, from this month if its payment day is still ahead, and the payment clock of the first.
 */
export function activateApprovedItemsIn(t: Transition): void {
  for (const item of t.state.assistance ?? []) {
    if (item.status !== 'approved') continue;
    item.status = 'active';
    item.startsAt = t.now;
    if (item.months === undefined || item.fromLegacy) continue;
    const first = firstPeriodFor(t.now, disbursementDayOf(t.policy));
    item.firstPeriod = first;
    item.endsAt = monthlyEndsAt(first, item.months);
    startPaymentClockIn(t, item, first);
  }
}

/** The case closes (§10): what was not decided is rejected, what was approved or active ends, payments stop. */
export function closeAssistanceIn(t: Transition): void {
  for (const item of t.state.assistance ?? []) {
    if (item.status === 'proposed') {
      item.status = 'rejected';
      item.rejectedBy = t.actorId;
      item.rejectedAt = t.now;
      item.reason = 'case closed';
    } else if (item.status === 'approved' || item.status === 'active') {
      stopPaymentClockIn(t, item, 'closed');
      item.status = 'ended';
      item.endsAt = t.now;
      item.endedAs = 'case-closed';
    }
  }
}
