// Durations the case clocks derive from an already validated policy. Kept apart from ./policy (the
// zod schema, parsing and defaults) because the workflow needs these helpers and must not load zod:
// every cached workflow gets its own instance of every module in the workflow bundle.
import type { ClockName, Urgency } from './case-types';
import { parseDuration } from './durations';
import type { CasePolicy } from './policy';

/**
 * How long a clock runs before it is due. `pause` is the policy's maxPause. Throws for emergencyAid on
 * a normal case: that clock only exists on the green channel, so asking for it is a programming error.
 */
export function clockDurationMs(policy: CasePolicy, urgency: Urgency, clock: ClockName): number {
  if (clock === 'pause') return maxPauseMs(policy);
  if (clock === 'emergencyAid') {
    if (urgency !== 'urgent') throw new Error('normal-urgency cases have no emergencyAid clock');
    return parseDuration(policy.deadlines.urgent.emergencyAid);
  }
  return parseDuration(policy.deadlines[urgency][clock]);
}

/** Time between escalation to the district and escalation to the city. */
export function escalationWindowMs(policy: CasePolicy, urgency: Urgency): number {
  return parseDuration(policy.deadlines[urgency].escalationWindow);
}

export function maxPauseMs(policy: CasePolicy): number {
  return parseDuration(policy.maxPause);
}
