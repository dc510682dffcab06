// Stage clocks: deadlines and their reminders, pauses, urgency shortening, the timers due now and the
// instant the workflow should next wake up (DESIGN.md §4). What happens when a deadline is missed is
// in escalation.ts. Pure and deterministic: `now` is passed in.
import type { CaseEvent, CaseState, ClockName, ClockState, EscalationResolution, Stage } from './case-types';
import { CLOCKS } from './case-types';
import { deepClone } from './clone';
import { addMs, fromMs, toMs } from './durations';
import { escalate, raiseToCity, resolveEscalationIn } from './escalation';
import type { CasePolicy } from './policy';
import { clockDurationMs, escalationWindowMs } from './policy-clocks';
import { recipientLabel, responsibleFor } from './responsibility';
import { beginTransition, finishTransition, type Transition } from './transition';

/** Which clock measures a stage; monitoring depends on whether the family is watched or assisted. */
export function stageClockFor(stage: Stage, monitoringMode: CaseState['monitoringMode']): ClockName | null {
  switch (stage) {
    case 'reported':
      return 'accept';
    case 'verifying':
      return 'verify';
    case 'deciding':
      return 'decide';
    case 'assisting':
      return 'reReview';
    case 'referred':
      return 'charityResponse';
    case 'monitoring':
      return monitoringMode === 'assisted' ? 'reReview' : 'revisitInterval';
    case 'closed':
      return null;
  }
}

/** While a case is paused every clock except the pause clock itself stands still. */
export function isFrozen(state: CaseState, clock: ClockName): boolean {
  return state.pause !== undefined && clock !== 'pause';
}

// ---------------------------------------------------------------------------------------------
// Mutating helpers: only ever called on a Transition's private copy.
// ---------------------------------------------------------------------------------------------

export function startClockIn(t: Transition, clock: ClockName): ClockState {
  const s = t.state;
  if (s.clocks[clock]) stopClockIn(t, clock, 'restarted');
  const instance = (s.clockInstances[clock] ?? 0) + 1;
  const durationMs = clockDurationMs(t.policy, s.urgency, clock);
  const started: ClockState = {
    clock,
    startedAt: t.now,
    dueAt: addMs(t.now, durationMs),
    remindAt: addMs(t.now, Math.round(t.policy.reminderAt * durationMs)),
    reminded: false,
    instance,
  };
  s.clockInstances[clock] = instance;
  s.clocks[clock] = started;
  return started;
}

export function stopClockIn(t: Transition, clock: ClockName, resolution: EscalationResolution): void {
  const running = t.state.clocks[clock];
  if (!running) return;
  delete t.state.clocks[clock];
  if (running.escalation) resolveEscalationIn(t, running.escalation.escalationId, resolution);
}

export function stopAllClocksIn(t: Transition, resolution: EscalationResolution): void {
  for (const clock of CLOCKS) stopClockIn(t, clock, resolution);
  // Belt and braces: an open escalation without a running clock would otherwise stay open forever.
  for (const record of t.state.escalations) {
    if (record.status === 'open') resolveEscalationIn(t, record.escalationId, resolution);
  }
}

/**
 * Ends a pause at t.now: frozen clocks (and their city deadlines) move later by the time they stood
 * still. A clock started during the pause only stood still since it started.
 */
export function endPauseIn(t: Transition, resolution: EscalationResolution): { pausedAt: string; pausedMs: number } | null {
  const s = t.state;
  if (!s.pause) return null;
  const pausedAt = s.pause.pausedAt;
  const nowMs = toMs(t.now);
  for (const clock of CLOCKS) {
    const running = s.clocks[clock];
    if (!running || clock === 'pause') continue;
    const frozenSince = Math.max(toMs(pausedAt), toMs(running.startedAt));
    const shift = nowMs - frozenSince;
    if (shift <= 0) continue;
    running.dueAt = addMs(running.dueAt, shift);
    running.remindAt = addMs(running.remindAt, shift);
    if (running.escalation) running.escalation.cityDueAt = addMs(running.escalation.cityDueAt, shift);
  }
  stopClockIn(t, 'pause', resolution);
  delete s.pause;
  return { pausedAt, pausedMs: nowMs - toMs(pausedAt) };
}

/**
 * Urgency was raised: every running clock gets the urgent deadline measured from its own start, keeping
 * any paused time it has already been credited, and never moving a deadline later.
 */
export function shortenClocksForUrgencyIn(t: Transition): void {
  const s = t.state;
  const windowDelta = escalationWindowMs(t.policy, 'normal') - escalationWindowMs(t.policy, 'urgent');
  for (const clock of CLOCKS) {
    const running = s.clocks[clock];
    // The pause clock measures maxPause, which does not depend on urgency; emergencyAid is urgent-only.
    if (!running || clock === 'pause' || clock === 'emergencyAid') continue;
    const normalMs = clockDurationMs(t.policy, 'normal', clock);
    const urgentMs = clockDurationMs(t.policy, 'urgent', clock);
    if (urgentMs < normalMs) {
      running.dueAt = addMs(running.dueAt, urgentMs - normalMs);
      const reminderDelta = Math.round(t.policy.reminderAt * urgentMs) - Math.round(t.policy.reminderAt * normalMs);
      running.remindAt = addMs(running.remindAt, reminderDelta);
    }
    if (running.escalation?.level === 1 && windowDelta > 0) {
      running.escalation.cityDueAt = addMs(running.escalation.cityDueAt, -windowDelta);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pure API.
// ---------------------------------------------------------------------------------------------

/** Starts (or restarts) a clock; restarting resolves the old run's escalation. */
export function startClock(
  state: CaseState,
  clock: ClockName,
  policy: CasePolicy,
  now: string,
  actorId = 'system',
): { state: CaseState; events: CaseEvent[] } {
  const t = beginTransition(state, policy, now, actorId);
  startClockIn(t, clock);
  return finishTransition(t);
}

/** Stops a clock; an escalation it had raised is resolved (with time-to-resolve), never deleted. */
export function stopClock(
  state: CaseState,
  clock: ClockName,
  now: string,
  resolution: EscalationResolution,
  actorId = 'system',
): { state: CaseState; events: CaseEvent[] } {
  toMs(now);
  // Stopping never consults the policy, which is why this signature does not ask for one.
  const t: Transition = { state: deepClone(state), policy: undefined as never, now, actorId, pending: [] };
  stopClockIn(t, clock, resolution);
  return finishTransition(t);
}

interface Firing {
  atMs: number;
  clockIndex: number;
  step: number;
  run: () => void;
}

/**
 * Sends reminders and escalations that are due at `now`. A late call catches up in the order things
 * were due, once each; a second call at the same instant finds nothing left to do.
 */
export function fireDueTimers(state: CaseState, policy: CasePolicy, now: string): { state: CaseState; events: CaseEvent[] } {
  const t = beginTransition(state, policy, now, 'system');
  const s = t.state;
  const nowMs = toMs(now);
  const firings: Firing[] = [];

  CLOCKS.forEach((name, clockIndex) => {
    const c = s.clocks[name];
    if (!c || isFrozen(s, name)) return;
    if (!c.reminded && nowMs >= toMs(c.remindAt)) {
      firings.push({ atMs: toMs(c.remindAt), clockIndex, step: 0, run: () => remind(t, c) });
    }
    if (!c.escalation && nowMs >= toMs(c.dueAt)) {
      firings.push({ atMs: toMs(c.dueAt), clockIndex, step: 1, run: () => escalate(t, c) });
      const cityDueMs = toMs(c.dueAt) + escalationWindowMs(policy, s.urgency);
      if (nowMs >= cityDueMs) firings.push({ atMs: cityDueMs, clockIndex, step: 2, run: () => raiseToCity(t, c) });
    } else if (c.escalation?.level === 1 && nowMs >= toMs(c.escalation.cityDueAt)) {
      firings.push({ atMs: toMs(c.escalation.cityDueAt), clockIndex, step: 2, run: () => raiseToCity(t, c) });
    }
  });

  firings.sort((a, b) => a.atMs - b.atMs || a.clockIndex - b.clockIndex || a.step - b.step);
  for (const firing of firings) firing.run();
  return finishTransition(t);
}

function remind(t: Transition, c: ClockState): void {
  c.reminded = true;
  t.pending.push({
    type: 'reminder',
    actorId: 'system',
    details: {
      clock: c.clock,
      dueAt: c.dueAt,
      recipient: recipientLabel(responsibleFor(t.state)),
    },
  });
}

/**
 * The earliest instant at which fireDueTimers would do something, or null when nothing is scheduled.
 * It can lie in the past (e.g. right after urgency shortened a clock): sleep max(0, wake - now).
 */
export function nextWakeAt(state: CaseState): string | null {
  let best: number | null = null;
  const consider = (iso: string) => {
    const ms = toMs(iso);
    if (best === null || ms < best) best = ms;
  };
  for (const name of CLOCKS) {
    const c = state.clocks[name];
    if (!c || isFrozen(state, name)) continue;
    if (!c.reminded) consider(c.remindAt);
    if (!c.escalation) consider(c.dueAt);
    else if (c.escalation.level === 1) consider(c.escalation.cityDueAt);
  }
  return best === null ? null : fromMs(best);
}
