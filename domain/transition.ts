// A transition: the private copy of a case an action or a timer works on, the events it collects,
// and how they are numbered. The clock and escalation helpers all mutate a Transition, never the
// caller's state. Pure.
import type { CaseEvent, CaseState, ClockName, Stage } from './case-types';
import { deepClone } from './clone';
import { toMs } from './durations';
import type { CasePolicy } from './policy';
import { EMPTY_CALENDAR, type WorkingCalendar } from './working-days';

/** An event before it is numbered; stages default to the case's stage when it is sequenced. */
export interface PendingEvent {
  type: string;
  actorId: string;
  details: Record<string, unknown>;
  fromStage?: Stage | null;
  toStage?: Stage | null;
}

/**
 * A working copy of a case during one transition. Only code holding a Transition may mutate its
 * state, and every Transition starts from a deep clone, so callers' states are never touched.
 */
export interface Transition {
  state: CaseState;
  policy: CasePolicy;
  /** The official calendar working-day clocks count in (§9); the workflow holds it, as data from its input or a signal. */
  calendar: WorkingCalendar;
  now: string;
  /** Who is credited with side events (escalation resolutions) caused by this transition. */
  actorId: string;
  pending: PendingEvent[];
  /** Clocks this transition stopped because their stage was done, for the ledgers' on-time rates (§12). */
  clocksCompleted?: ClockCompletion[];
}

/** A clock stopped because its stage was completed: whether that was in time (§12's on-time rate per clock). */
export interface ClockCompletion {
  clock: ClockName;
  dueAt: string;
  /** Completed by its due time (or while a pause froze it) and never escalated. */
  onTime: boolean;
}

export function beginTransition(
  state: CaseState,
  policy: CasePolicy,
  now: string,
  actorId: string,
  calendar: WorkingCalendar = EMPTY_CALENDAR,
): Transition {
  toMs(now); // reject a malformed `now` before it can poison stored instants
  return { state: deepClone(state), policy, calendar, now, actorId, pending: [] };
}

/** Numbers events from state.seq + 1, in order, and advances state.seq. */
function sequenceEvents(state: CaseState, pending: readonly PendingEvent[], at: string): CaseEvent[] {
  return pending.map((p) => {
    state.seq += 1;
    return {
      eventId: `${state.caseId}:${state.seq}`,
      seq: state.seq,
      type: p.type,
      at,
      actorId: p.actorId,
      fromStage: p.fromStage === undefined ? state.stage : p.fromStage,
      toStage: p.toStage === undefined ? state.stage : p.toStage,
      details: p.details,
    };
  });
}

export function finishTransition(t: Transition, leading: PendingEvent[] = []): { state: CaseState; events: CaseEvent[] } {
  const pending = [...leading, ...t.pending];
  // Told on the transition's first event (the action, for an action): details only, so the events a
  // transition writes, their numbers and everything the workflow decides stay as they were (replay).
  if (t.clocksCompleted?.length && pending.length > 0) {
    pending[0] = { ...pending[0], details: { ...pending[0].details, clocksCompleted: t.clocksCompleted } };
  }
  const events = sequenceEvents(t.state, pending, t.now);
  return { state: t.state, events };
}
