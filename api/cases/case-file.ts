// Shapes the case file answered by GET /cases/{id} and by actions: the workflow's case view, with the
// full audit trail and escalations from the read model merged in, and the subject's personal data
// decrypted and masked. Pure, so the merge rules are unit-tested.
import type { CaseEvent, CaseView, EscalationRecord } from '../../domain/case-types';
import type { EscalationRow } from './repository';
import type { EscalationOut } from '../escalations/schemas';
import type { CaseSubject } from './schemas';

export type CaseFile = Omit<CaseView, 'events' | 'escalations'> & {
  events: CaseEvent[];
  escalations: EscalationOut[];
  subject: CaseSubject | null;
};

/** 440104198001011234 → 440104********1234: region kept (it is the street's area anyway), birth date hidden. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** 13812345678 → 138****5678; 020-12345678 → 020-****5678: enough to confirm a number, not to dial it. */
export function maskPhone(phone: string): string {
  const dash = phone.indexOf('-');
  if (dash > 0) {
    const area = phone.slice(0, dash + 1);
    const rest = phone.slice(dash + 1);
    return area + rest.replace(/\d(?=\d{4})/g, '*');
  }
  if (phone.length <= 7) return phone.replace(/\d(?=\d{2})/g, '*');
  return phone.slice(0, 3) + phone.slice(3, -4).replace(/./g, '*') + phone.slice(-4);
}

function escalationOut(e: EscalationRecord | EscalationRow): EscalationOut {
  const out: EscalationOut = {
    escalationId: e.escalationId,
    caseId: e.caseId,
    level: e.level === 2 ? 'city' : 'district',
    status: e.status,
    clock: e.clock as EscalationOut['clock'],
    dueAt: e.dueAt,
    escalatedAt: e.escalatedAt,
    districtCode: e.districtCode,
    streetCode: e.streetCode,
    stage: e.stage,
  };
  if (e.raisedToCityAt) out.raisedToCityAt = e.raisedToCityAt;
  if (e.resolvedAt) out.resolvedAt = e.resolvedAt;
  if (e.timeToResolveMs !== null && e.timeToResolveMs !== undefined) out.timeToResolveMs = e.timeToResolveMs;
  if (e.endedBy) out.endedBy = e.endedBy;
  if (e.endReason) out.endReason = e.endReason;
  return out;
}

/**
 * The view carries only recent events and is the freshest source (an action's answer comes straight
 * from the workflow); the database carries the whole trail. Union by sequence number, and union
 * escalations by id preferring the view's record, which is never older than the projection.
 */
export function buildCaseFile(
  view: CaseView,
  dbEvents: CaseEvent[],
  dbEscalations: EscalationRow[],
  subject: CaseSubject | null,
): CaseFile {
  const bySeq = new Map<number, CaseEvent>();
  for (const e of dbEvents) bySeq.set(e.seq, e);
  for (const e of view.events ?? []) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
  const events = [...bySeq.values()].sort((a, b) => a.seq - b.seq);

  const escalations = new Map<string, EscalationOut>();
  for (const e of dbEscalations) escalations.set(e.escalationId, escalationOut(e));
  for (const e of view.escalations ?? []) escalations.set(e.escalationId, escalationOut(e));

  const { events: _recent, escalations: _viewEscalations, ...rest } = view;
  return {
    ...rest,
    events,
    escalations: [...escalations.values()].sort((a, b) => a.escalatedAt.localeCompare(b.escalatedAt)),
    subject,
  };
}
