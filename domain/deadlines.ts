// Stage clocks: deadlines and their reminders, pauses, urgency shortening, the timers due now and the
// instant the workflow should next wake up (DESIGN.md §4). What happens when a deadline is missed is
// in escalation.ts. Pure and deterministic: `now` is passed in.
import type { CaseEvent, CaseState, ClockName, ClockState, EscalationResolution, Stage } from './case-types';
import { CLOCKS } from './case-types';
import { deepClone } from './clone';
import { addMs, fromMs, toMs } from './durations';
import { cityDueAtOf, escalate, raiseToCity, resolveEscalationIn } from './escalation';
import type { CasePolicy } from './policy';
import type { ClockLength } from './durations';
import { clockDue, clockLength, escalationWindow, instantAfter } from './policy-clocks';
import { recipientLabel, responsibleFor } from './responsibility';
import { beginTransition, finishTransition, type Transition } from './transition';
import { EMPTY_CALENDAR, formatShanghaiInstant, type WorkingCalendar } from './working-days';

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

/**
 * While a case is paused every clock except the pause clock itself stands still; under the §14 rules
 * (`pause.accountable`) an escalated clock does not: a pause never stops an escalation already raised,
 * which keeps counting toward the city.
 */
export function isFrozen(state: CaseState, clock: ClockName): boolean {
  if (state.pause === undefined || clock === 'pause') return false;
  return !(state.pause.accountable === true && state.clocks[clock]?.escalation !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Mutating helpers: only ever called on a Transition's private copy.
// ---------------------------------------------------------------------------------------------

/** `dueAt` overrides the policy's length (the pause clock runs only for what is left of the stage's pause budget). */
export function startClockIn(t: Transition, clock: ClockName, options: { dueAt?: string } = {}): ClockState {
  const s = t.state;
  if (s.clocks[clock]) stopClockIn(t, clock, 'restarted');
  const instance = (s.clockInstances[clock] ?? 0) + 1;
  let started: ClockState;
  if (options.dueAt !== undefined) {
    const startMs = toMs(t.now);
    const dueMs = toMs(options.dueAt);
    const remindAt = fromMs(startMs + Math.round(t.policy.reminderAt * (dueMs - startMs)));
    started = { clock, startedAt: t.now, dueAt: fromMs(dueMs), remindAt, reminded: false, instance };
  } else {
    const length = clockLength(t.policy, s.urgency, clock);
    const due = clockDue(t.now, length, t.policy.reminderAt, t.calendar);
    started = {
      clock,
      startedAt: t.now,
      dueAt: due.dueAt,
      remindAt: due.remindAt,
      reminded: false,
      instance,
      // Only working-day clocks carry these, so a wall-clock clock's state is exactly what it always was.
      ...(length.kind === 'working' ? { workingDays: length.days, provisional: due.provisional } : {}),
    };
  }
  s.clockInstances[clock] = instance;
  s.clocks[clock] = started;
  return started;
}

export function stopClockIn(t: Transition, clock: ClockName, resolution: EscalationResolution): void {
  const running = t.state.clocks[clock];
  if (!running) return;
  if (resolution === 'completed' && clock !== 'pause') {
    const onTime = !running.escalation && (isFrozen(t.state, clock) || toMs(t.now) <= toMs(running.dueAt));
    (t.clocksCompleted ??= []).push({ clock, dueAt: running.dueAt, onTime });
  }
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
  const accountable = s.pause.accountable === true;
  const nowMs = toMs(t.now);
  for (const clock of CLOCKS) {
    const running = s.clocks[clock];
    if (!running || clock === 'pause') continue;
    // Never frozen (isFrozen), so it has no paused time to be credited.
    if (accountable && running.escalation) continue;
    const frozenSince = Math.max(toMs(pausedAt), toMs(running.startedAt));
    const shift = nowMs - frozenSince;
    if (shift <= 0) continue;
    const working = running.workingDays !== undefined;
    if (working) running.pausedMs = (running.pausedMs ?? 0) + shift;
    running.dueAt = shifted(running.dueAt, shift, working);
    running.remindAt = shifted(running.remindAt, shift, working);
    if (running.escalation) running.escalation.cityDueAt = addMs(running.escalation.cityDueAt, shift);
  }
  stopClockIn(t, 'pause', resolution);
  delete s.pause;
  const pausedMs = nowMs - toMs(pausedAt);
  if (accountable) {
    // The stage's pause budget (§14): a resumed pause is charged to it; a new stage starts with a full one.
    if (resolution === 'stage-changed') delete s.pauseUsed;
    else s.pauseUsed = { stage: s.stage, ms: pauseUsedIn(s) + pausedMs };
  }
  return { pausedAt, pausedMs };
}

/** Paused time already charged to the current stage (§14). */
export function pauseUsedIn(state: CaseState): number {
  return state.pauseUsed?.stage === state.stage ? state.pauseUsed.ms : 0;
}

/**
 * Urgency was raised: every running clock gets the urgent deadline measured from its own start, keeping
 * any paused time it has already been credited, and never moving a deadline later.
 */
export function shortenClocksForUrgencyIn(t: Transition): void {
  const s = t.state;
  const normalWindow = escalationWindow(t.policy, 'normal');
  const urgentWindow = escalationWindow(t.policy, 'urgent');
  for (const clock of CLOCKS) {
    const running = s.clocks[clock];
    // The pause clock measures maxPause, which does not depend on urgency; the emergency-aid clocks are urgent-only.
    if (!running || clock === 'pause' || clock === 'emergencyAid' || clock === 'emergencyAidRatify') continue;
    const normal = clockLength(t.policy, 'normal', clock);
    const urgent = clockLength(t.policy, 'urgent', clock);
    if (normal.kind === 'wall' && urgent.kind === 'wall') {
      // Wall-clock on both sides: the arithmetic running cases have always had (replay depends on it).
      if (urgent.ms < normal.ms) {
        running.dueAt = addMs(running.dueAt, urgent.ms - normal.ms);
        const reminderDelta = Math.round(t.policy.reminderAt * urgent.ms) - Math.round(t.policy.reminderAt * normal.ms);
        running.remindAt = addMs(running.remindAt, reminderDelta);
      }
    } else {
      shortenToUrgentIn(t, running, urgent);
    }
    if (running.escalation?.level === 1) shortenCityDueIn(t, running, normalWindow, urgentWindow);
  }
}

/** A clock counted in working days on either side: the urgent due time from its own start plus its paused time, if earlier. */
function shortenToUrgentIn(t: Transition, running: ClockState, urgent: ClockLength): void {
  const paused = running.pausedMs ?? 0;
  const due = clockDue(running.startedAt, urgent, t.policy.reminderAt, t.calendar);
  const working = urgent.kind === 'working';
  const dueAt = shifted(due.dueAt, paused, working);
  if (toMs(dueAt) >= toMs(running.dueAt)) return;
  running.dueAt = dueAt;
  running.remindAt = shifted(due.remindAt, paused, working);
  if (urgent.kind === 'working') {
    running.workingDays = urgent.days;
    running.provisional = due.provisional;
  } else {
    delete running.workingDays;
    delete running.provisional;
  }
}

function shortenCityDueIn(t: Transition, running: ClockState, normalWindow: ClockLength, urgentWindow: ClockLength): void {
  const escalation = running.escalation!;
  if (normalWindow.kind === 'wall' && urgentWindow.kind === 'wall') {
    const windowDelta = normalWindow.ms - urgentWindow.ms;
    if (windowDelta > 0) escalation.cityDueAt = addMs(escalation.cityDueAt, -windowDelta);
    return;
  }
  // The city deadline counts from when the clock was due (escalation.ts), so measure the urgent window from there.
  const record = t.state.escalations.find((e) => e.escalationId === escalation.escalationId);
  const city = instantAfter(record?.dueAt ?? running.dueAt, urgentWindow, t.calendar).at;
  if (toMs(city) < toMs(escalation.cityDueAt)) escalation.cityDueAt = city;
}

/**
 * The calendar now has data for years a provisional deadline was counted through (§9): recompute each
 * running working-day clock that is provisional and not yet escalated, from its own start plus its paused
 * time, and record `deadline-rescheduled` with the old and new due times (also when the date stays, so the
 * case file no longer shows it as provisional). A reminder already sent is not sent again.
 */
export function rescheduleProvisionalClocks(
  state: CaseState,
  policy: CasePolicy,
  now: string,
  calendar: WorkingCalendar,
): { state: CaseState; events: CaseEvent[] } {
  const t = beginTransition(state, policy, now, 'system', calendar);
  for (const clock of CLOCKS) {
    const c = t.state.clocks[clock];
    if (!c || c.provisional !== true || c.workingDays === undefined || c.escalation) continue;
    const paused = c.pausedMs ?? 0;
    const due = clockDue(c.startedAt, { kind: 'working', days: c.workingDays }, policy.reminderAt, calendar);
    const oldDueAt = c.dueAt;
    const newDueAt = shifted(due.dueAt, paused, true);
    c.dueAt = newDueAt;
    if (!c.reminded) c.remindAt = shifted(due.remindAt, paused, true);
    c.provisional = due.provisional;
    t.pending.push({
      type: 'deadline-rescheduled',
      actorId: 'system',
      details: { clock, oldDueAt, newDueAt, moved: toMs(oldDueAt) !== toMs(newDueAt), provisional: due.provisional },
    });
  }
  return finishTransition(t);
}

/** `iso` moved later by `ms`; working-day instants stay in Asia/Shanghai form (+08:00) as the case file shows them. */
function shifted(iso: string, ms: number, working: boolean): string {
  if (!working) return addMs(iso, ms);
  return ms === 0 ? iso : formatShanghaiInstant(toMs(iso) + ms);
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
  calendar: WorkingCalendar = EMPTY_CALENDAR,
): { state: CaseState; events: CaseEvent[] } {
  const t = beginTransition(state, policy, now, actorId, calendar);
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
  const t: Transition = { state: deepClone(state), policy: undefined as never, calendar: EMPTY_CALENDAR, now, actorId, pending: [] };
  stopClockIn(t, clock, resolution);
  return finishTransition(t);
}

interface Firing {
  atMs: number;
  clockIndex: number;
  step: number;
  run: () => void;
}

/** One thing a running clock has to do: 0 remind, 1 escalate to the district, 2 raise to the city. */
export interface ClockStep {
  atMs: number;
  step: 0 | 1 | 2;
  run: () => void;
}

/**
 * What one running clock has due at `nowMs`, in the order of the escalation rule: its reminder, its
 * escalation at the deadline, its raise to the city after the window. The stage clocks and the
 * monthly payment clocks (domain/assistance-actions.ts) both fire through this.
 */
export function dueStepsOf(t: Transition, c: ClockState, nowMs: number): ClockStep[] {
  const steps: ClockStep[] = [];
  if (!c.reminded && nowMs >= toMs(c.remindAt)) steps.push({ atMs: toMs(c.remindAt), step: 0, run: () => remind(t, c) });
  if (!c.escalation && nowMs >= toMs(c.dueAt)) {
    steps.push({ atMs: toMs(c.dueAt), step: 1, run: () => escalate(t, c) });
    const cityDueMs = toMs(cityDueAtOf(t, c.dueAt));
    if (nowMs >= cityDueMs) steps.push({ atMs: cityDueMs, step: 2, run: () => raiseToCity(t, c) });
  } else if (c.escalation?.level === 1 && nowMs >= toMs(c.escalation.cityDueAt)) {
    steps.push({ atMs: toMs(c.escalation.cityDueAt), step: 2, run: () => raiseToCity(t, c) });
  }
  return steps;
}

/** The earliest instant a running clock has something to do (see dueStepsOf), or null once raised to the city. */
export function clockWakeMs(c: ClockState): number | null {
  const candidates = [
    ...(c.reminded ? [] : [toMs(c.remindAt)]),
    ...(!c.escalation ? [toMs(c.dueAt)] : c.escalation.level === 1 ? [toMs(c.escalation.cityDueAt)] : []),
  ];
  return candidates.length === 0 ? null : Math.min(...candidates);
}

/**
 * Sends reminders and escalations that are due at `now`. A late call catches up in the order things
 * were due, once each; a second call at the same instant finds nothing left to do.
 */
export function fireDueTimers(
  state: CaseState,
  policy: CasePolicy,
  now: string,
  calendar: WorkingCalendar = EMPTY_CALENDAR,
): { state: CaseState; events: CaseEvent[] } {
  const t = beginTransition(state, policy, now, 'system', calendar);
  const s = t.state;
  const nowMs = toMs(now);
  const firings: Firing[] = [];

  CLOCKS.forEach((name, clockIndex) => {
    const c = s.clocks[name];
    if (!c || isFrozen(s, name)) return;
    for (const step of dueStepsOf(t, c, nowMs)) firings.push({ ...step, clockIndex });
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
 * The earliest instant at which fireDueTimers would do something or a public notice ends, or null when
 * nothing is scheduled.
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
    const ms = clockWakeMs(c);
    if (ms !== null) consider(fromMs(ms));
  }
  // A posted approval ends its notice by itself (public-notice.ts); pauses do not stop it.
  if (state.publicNotice) consider(state.publicNotice.endsAt);
  return best === null ? null : fromMs(best);
}
