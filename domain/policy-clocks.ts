// Durations the case clocks derive from an already validated policy, and the due times they give.
// Kept apart from ./policy (the zod schema, parsing and defaults) because the workflow needs these
// helpers and must not load zod: every cached workflow gets its own instance of every module in the
// workflow bundle. A policy duration is wall-clock ("45s", "24h", "7d") or working days ("10wd", §9).
import type { ClockName, Urgency } from './case-types';
import {
  addMs,
  DEFAULT_CHARITY_FOLLOW_UP,
  DEFAULT_DISBURSEMENT_GRACE,
  DEFAULT_EMERGENCY_AID_RATIFY,
  parseClockLength,
  toMs,
  type ClockLength,
} from './durations';
import type { CasePolicy } from './policy';
import { addWorkingDays, instantAtWorkingFraction, type WorkingCalendar } from './working-days';

/**
 * How long a clock runs before it is due. `pause` is the policy's maxPause. Throws for emergencyAid on
 * a normal case: that clock only exists on the green channel, so asking for it is a programming error.
 */
export function clockLength(policy: CasePolicy, urgency: Urgency, clock: ClockName): ClockLength {
  if (clock === 'pause') return parseClockLength(policy.maxPause);
  if (clock === 'emergencyAid') {
    if (urgency !== 'urgent') throw new Error('normal-urgency cases have no emergencyAid clock');
    return parseClockLength(policy.deadlines.urgent.emergencyAid);
  }
  if (clock === 'emergencyAidRatify') {
    if (urgency !== 'urgent') throw new Error('normal-urgency cases have no emergencyAidRatify clock');
    // Policies stored in cases started before §9 lack the key (it is optional in the schema).
    return parseClockLength(policy.deadlines.urgent.emergencyAidRatify ?? DEFAULT_EMERGENCY_AID_RATIFY);
  }
  if (clock === 'charityFollowUp') {
    // Policies stored in cases started before §10's follow-up lack the key (it is optional in the schema).
    return parseClockLength(policy.deadlines[urgency].charityFollowUp ?? DEFAULT_CHARITY_FOLLOW_UP);
  }
  // Likewise for the grace after a monthly payment day (§10).
  if (clock === 'disbursement') return parseClockLength(policy.deadlines[urgency].disbursement ?? DEFAULT_DISBURSEMENT_GRACE);
  return parseClockLength(policy.deadlines[urgency][clock]);
}

/** Time between escalation to the district and escalation to the city. */
export function escalationWindow(policy: CasePolicy, urgency: Urgency): ClockLength {
  return parseClockLength(policy.deadlines[urgency].escalationWindow);
}

/** A clock's due time and reminder from its start. */
export interface ClockDue {
  /** Wall-clock clocks: UTC ISO as before (2026-11-01T08:00:00.000Z); working-day clocks: +08:00 (2026-10-11T00:00:00+08:00). */
  dueAt: string;
  remindAt: string;
  /** True when the count ran through a year without calendar data (weekdays only): recomputed when the year is loaded. */
  provisional: boolean;
}

/**
 * Due time and reminder of a clock of `length` started at `startedAt`: a wall-clock duration is added
 * to the instant, its reminder at `reminderAt` of it; working days follow §9 (24:00 Asia/Shanghai of the
 * n-th working day after the start day), the reminder at `reminderAt` of the working time.
 */
export function clockDue(startedAt: string, length: ClockLength, reminderAt: number, calendar: WorkingCalendar): ClockDue {
  if (length.kind === 'wall') {
    return { dueAt: addMs(startedAt, length.ms), remindAt: addMs(startedAt, Math.round(reminderAt * length.ms)), provisional: false };
  }
  const startMs = toMs(startedAt);
  const due = addWorkingDays(startMs, length.days, calendar);
  const remind = instantAtWorkingFraction(startMs, length.days, reminderAt, calendar);
  return { dueAt: due.dueAt, remindAt: remind.at, provisional: due.provisional || remind.provisional };
}

/** The instant `length` after `from` (no reminder): e.g. the city deadline after the district one, or the latest end of a pause. */
export function instantAfter(from: string, length: ClockLength, calendar: WorkingCalendar): { at: string; provisional: boolean } {
  if (length.kind === 'wall') return { at: addMs(from, length.ms), provisional: false };
  const due = addWorkingDays(toMs(from), length.days, calendar);
  return { at: due.dueAt, provisional: due.provisional };
}
