// Who is told about which case event: reminders go to the responsible caseworker (or the street
// supervisors while unassigned), escalations to the district officers (level 1) or city officers
// (level 2), resolutions to whoever the escalation had reached. Pure; the projection activity
// resolves role targets to staff and writes one outbox row per event and recipient.
import type { CaseEvent, CaseState, Role } from './case-types';

export type NotificationKind = 'reminder' | 'escalation' | 'escalation-raised' | 'escalation-resolved';

export type RecipientTarget =
  | { kind: 'user'; userId: string }
  | { kind: 'role'; role: Role; jurisdictionCode: string };

export interface NotificationIntent {
  kind: NotificationKind;
  target: RecipientTarget;
  eventId: string;
  summary: Record<string, unknown>;
}

function responsible(state: Pick<CaseState, 'assigneeId' | 'streetCode'>): RecipientTarget {
  return state.assigneeId
    ? { kind: 'user', userId: state.assigneeId }
    : { kind: 'role', role: 'street_supervisor', jurisdictionCode: state.streetCode };
}

/**
 * Notifications for one event. `state` is the case as of the batch being projected; recipients
 * follow the case (a reassignment redirects every later reminder).
 */
export function notificationsFor(event: CaseEvent, state: Pick<CaseState, 'caseId' | 'assigneeId' | 'streetCode' | 'districtCode' | 'stage'>): NotificationIntent[] {
  const summary = {
    caseId: state.caseId,
    eventType: event.type,
    clock: event.details.clock,
    dueAt: event.details.dueAt,
    escalationId: event.details.escalationId,
    streetCode: state.streetCode,
    districtCode: state.districtCode,
    stage: state.stage,
    at: event.at,
  };
  const intent = (kind: NotificationKind, target: RecipientTarget): NotificationIntent => ({ kind, target, eventId: event.eventId, summary });
  const district: RecipientTarget = { kind: 'role', role: 'district_officer', jurisdictionCode: state.districtCode };
  const city: RecipientTarget = { kind: 'role', role: 'city_officer', jurisdictionCode: '440100' };
  switch (event.type) {
    case 'reminder':
      return [intent('reminder', responsible(state))];
    case 'escalated':
      return [intent('escalation', district), intent('escalation', responsible(state))];
    case 'escalation-raised':
      return [intent('escalation-raised', city), intent('escalation-raised', district)];
    case 'escalation-resolved': {
      const targets = [district, responsible(state)];
      if (event.details.level === 'city' || event.details.level === 2) targets.push(city);
      return targets.map((t) => intent('escalation-resolved', t));
    }
    default:
      return [];
  }
}
