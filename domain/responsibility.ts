// Who is responsible for a case right now (首问负责制): its assigned caseworker, or, while nobody is
// assigned, the supervisors of the street that holds it. Reminders, escalation notices, the daily
// digest and "my deadlines" all ask this one function (the SQL of api/notifications/repository.ts
// repeats it for speed, and test/component/responsibility.test.ts holds the two together).
import type { Actor, Role } from './case-types';

export type RecipientTarget = { kind: 'user'; userId: string } | { kind: 'role'; role: Role; jurisdictionCode: string };

export function responsibleFor(c: { assigneeId?: string | null; streetCode: string }): RecipientTarget {
  return c.assigneeId
    ? { kind: 'user', userId: c.assigneeId }
    : { kind: 'role', role: 'street_supervisor', jurisdictionCode: c.streetCode };
}

/** The target as the audit trail records it: a user id, or `role:jurisdiction`. */
export function recipientLabel(target: RecipientTarget): string {
  return target.kind === 'user' ? target.userId : `${target.role}:${target.jurisdictionCode}`;
}

/** Whether `actor` is who the case's reminders and "my deadlines" are for. */
export function isResponsible(
  actor: Pick<Actor, 'userId' | 'role' | 'jurisdictionCode'>,
  c: { assigneeId?: string | null; streetCode: string },
): boolean {
  const target = responsibleFor(c);
  return target.kind === 'user'
    ? target.userId === actor.userId
    : target.role === actor.role && target.jurisdictionCode === actor.jurisdictionCode;
}
