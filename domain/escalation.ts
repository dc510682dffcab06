// The escalation rule (DESIGN.md §4): a clock missed at its deadline escalates to the district
// (level 1); still unresolved after the policy's escalation window it is raised to the city (level 2);
// completing the stage resolves it with its time-to-resolve. Escalations are never deleted. Pure.
import type { ClockEscalation, ClockState, EscalationLevel, EscalationRecord, EscalationResolution, CaseState } from './case-types';
import { msBetween } from './durations';
import { escalationWindow, instantAfter } from './policy-clocks';
import type { Transition } from './transition';

function levelName(level: 1 | 2): 'district' | 'city' {
  return level === 1 ? 'district' : 'city';
}

export function escalate(t: Transition, c: ClockState): void {
  const s = t.state;
  const escalationId = `${s.caseId}:${c.clock}:${c.instance}`;
  const record: EscalationRecord = {
    escalationId,
    caseId: s.caseId,
    clock: c.clock,
    level: 1,
    status: 'open',
    dueAt: c.dueAt,
    escalatedAt: t.now,
    districtCode: s.districtCode,
    streetCode: s.streetCode,
    stage: s.stage,
  };
  s.escalations.push(record);
  // The city deadline counts from when the clock was due, not from when we noticed, so a worker that
  // was down does not buy the street extra time.
  c.escalation = {
    escalationId,
    level: 1,
    escalatedAt: t.now,
    cityDueAt: cityDueAtOf(t, c.dueAt),
  };
  t.pending.push({
    type: 'escalated',
    actorId: 'system',
    details: { escalationId, clock: c.clock, level: 'district', dueAt: c.dueAt },
  });
}

/** When a clock due at `dueAt` is raised to the city: the policy's escalation window after it, of either kind of duration. */
export function cityDueAtOf(t: Transition, dueAt: string): string {
  return instantAfter(dueAt, escalationWindow(t.policy, t.state.urgency), t.calendar).at;
}

export function raiseToCity(t: Transition, c: ClockState): void {
  const escalation = c.escalation;
  if (!escalation || escalation.level !== 1) return;
  escalation.level = 2;
  escalation.raisedToCityAt = t.now;
  const record = t.state.escalations.find((e) => e.escalationId === escalation.escalationId);
  if (record) {
    record.level = 2;
    record.raisedToCityAt = t.now;
  }
  t.pending.push({
    type: 'escalation-raised',
    actorId: 'system',
    details: { escalationId: escalation.escalationId, clock: c.clock, level: 'city', cityDueAt: escalation.cityDueAt },
  });
}

export function resolveEscalationIn(t: Transition, escalationId: string, resolution: EscalationResolution): void {
  const record = t.state.escalations.find((e) => e.escalationId === escalationId && e.status === 'open');
  if (!record) return;
  const timeToResolveMs = msBetween(record.escalatedAt, t.now);
  record.status = 'resolved';
  record.resolvedAt = t.now;
  record.timeToResolveMs = timeToResolveMs;
  record.resolution = resolution;
  t.pending.push({
    type: 'escalation-resolved',
    actorId: t.actorId,
    details: { escalationId, clock: record.clock, level: levelName(record.level), resolution, timeToResolveMs },
  });
}

/**
 * Ends an open escalation because the case was closed or handed to another street (§14): never a
 * silent resolution, the record keeps who did it and why and stays where it was raised, so the district
 * (and the city, at level 2) still see it.
 */
export function endEscalationIn(
  t: Transition,
  escalationId: string,
  status: 'closed' | 'transferred',
  reason: string,
): EscalationRecord | null {
  const record = t.state.escalations.find((e) => e.escalationId === escalationId && e.status === 'open');
  if (!record) return null;
  record.status = status;
  record.resolvedAt = t.now;
  record.resolution = status;
  record.endedBy = t.actorId;
  record.endReason = reason;
  t.pending.push({
    type: status === 'closed' ? 'escalation-closed' : 'escalation-transferred',
    actorId: t.actorId,
    details: { escalationId, clock: record.clock, level: levelName(record.level), status, reason },
  });
  return record;
}

/**
 * A transfer hands an escalated clock to the new street without resetting the chain (§14): the record at
 * the old street ends as `transferred`, and the clock (restarted or not) carries on at the same level
 * under a new record at the new street, with the city deadline it already had.
 */
export function handOverEscalationIn(t: Transition, c: ClockState, previous: ClockEscalation, reason: string, toStreetCode: string): void {
  const s = t.state;
  const ended = endEscalationIn(t, previous.escalationId, 'transferred', reason);
  const escalationId = `${s.caseId}:${c.clock}:${c.instance}:t${s.escalations.length + 1}`;
  const record: EscalationRecord = {
    escalationId,
    caseId: s.caseId,
    clock: c.clock,
    level: previous.level,
    status: 'open',
    dueAt: ended?.dueAt ?? c.dueAt,
    escalatedAt: t.now,
    ...(previous.raisedToCityAt !== undefined ? { raisedToCityAt: previous.raisedToCityAt } : {}),
    districtCode: s.districtCode,
    streetCode: s.streetCode,
    stage: s.stage,
    continuedFrom: previous.escalationId,
  };
  if (ended) {
    ended.continuedAs = escalationId;
    const event = t.pending[t.pending.length - 1];
    event.details = { ...event.details, toStreetCode, continuedAs: escalationId };
  }
  s.escalations.push(record);
  c.escalation = {
    escalationId,
    level: previous.level,
    escalatedAt: t.now,
    ...(previous.raisedToCityAt !== undefined ? { raisedToCityAt: previous.raisedToCityAt } : {}),
    cityDueAt: previous.cityDueAt,
  };
  t.pending.push({
    type: 'escalated',
    actorId: t.actorId,
    details: { escalationId, clock: c.clock, level: levelName(previous.level), dueAt: record.dueAt, continuedFrom: previous.escalationId },
  });
}

export function escalationLevelOf(state: CaseState): EscalationLevel {
  let level: EscalationLevel = 0;
  for (const record of state.escalations) {
    if (record.status === 'open' && record.level > level) level = record.level;
  }
  return level;
}
