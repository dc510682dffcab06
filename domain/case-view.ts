// The case as the API and the workflow's Query show it: the state without its internals, running
// clocks as deadlines (frozen ones listed as paused, not counted as next due). Pure.
import type { CaseEvent, CaseState, CaseView, ClockState, EscalationLevel } from './case-types';
import { CLOCKS } from './case-types';
import { deepClone } from './clone';
import { isFrozen } from './deadlines';
import { toMs } from './durations';
import { escalationLevelOf } from './escalation';
import { assistanceItemsOf, paymentClocksOf } from './assistance';

const NOT_ESCALATED: EscalationLevel = 0;

/** The case as the API shows it. Frozen clocks are listed (paused: true) but not counted as next due. */
export function toCaseView(state: CaseState, recentEvents: CaseEvent[]): CaseView {
  const { clocks, clockInstances: _instances, assistance: _items, ...rest } = deepClone(state);
  const running = CLOCKS.map((name) => clocks[name]).filter((c): c is ClockState => c !== undefined);
  const deadline = (c: ClockState, paused: boolean) => ({
    clock: c.clock,
    dueAt: c.dueAt,
    remindAt: c.remindAt,
    paused,
    escalationLevel: c.escalation?.level ?? NOT_ESCALATED,
    provisional: c.provisional ?? false,
  });
  // A monthly item's payment clock is the office's duty to the family, so a pause (waiting on the family) never freezes it.
  const payments = paymentClocksOf(state).map(({ item, clock }) => ({
    ...deadline(clock, false),
    itemId: item.itemId,
    period: clock.period,
  }));
  const deadlines = [...running.map((c) => deadline(c, isFrozen(state, c.clock))), ...payments].sort(
    (a, b) => toMs(a.dueAt) - toMs(b.dueAt),
  );
  const live = deadlines.filter((d) => !d.paused);
  return {
    ...rest,
    assistance: deepClone(assistanceItemsOf(state)),
    escalationLevel: escalationLevelOf(state),
    deadlines,
    nextDueAt: live.length > 0 ? live[0].dueAt : null,
    events: deepClone(recentEvents),
  };
}
