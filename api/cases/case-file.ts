// Shapes the case file answered by GET /cases/{id} and by actions: the workflow's case view, with the
// full audit trail and escalations from the read model merged in, and the subject's personal data
// decrypted and masked. Pure, so the merge rules are unit-tested.
import type { CaseEvent, CaseView, EscalationRecord } from '../../domain/case-types';
import type { EscalationRow } from './repository';
import type { EscalationOut } from '../escalations/schemas';
import type { CaseFileReport, CaseSubject } from './schemas';

/** What the case file adds around the workflow's view (§7). */
export interface CaseFileExtras {
  householdId: string | null;
  reports: CaseFileReport[];
  possibleDuplicates: { caseId: string; reason: string }[];
  mergedCases: { caseId: string; closedAt: string | null; events: CaseEvent[] }[];
  /** Proactive discovery (§8): records of other departments that matched a warning rule while the case was open. */
  monitoringReasons: MonitoringReasonView[];
}

export interface MonitoringReasonView {
  ruleId: string;
  level: string;
  kind: string;
  source: string;
  /** YYYY-MM-DD (Asia/Shanghai). */
  occurredAt: string;
  amount?: number;
  /** When the import added it to the case. */
  at: string;
}

export type CaseFile = Omit<CaseView, 'events' | 'escalations'> &
  CaseFileExtras & {
    events: CaseEvent[];
    escalations: EscalationOut[];
    subject: CaseSubject | null;
  };

/** A report record as stored, opened for a reader in scope (the phone not yet masked). */
export interface OpenedReport {
  reportId: string;
  channel: string;
  receivedAt: string;
  summary: string;
  categories: string[];
  urgentFlags: string[];
  reporter: { organisation?: string; name?: string; phone?: string } | null;
  filedBy: string;
  identityDiffers: string[];
  claimed: { name?: string; phone?: string; address?: string; streetCode?: string } | null;
}

const REPORT_EVENTS = new Set(['reported', 'report-attached']);

/**
 * The reports of a case in the order they arrived: each from its record, or, for a report filed
 * before records were kept, from its event in the trail (no summary then). `caseId` says on which
 * case it was filed (a merged case's reports are listed on the target).
 */
export function caseReports(
  cases: { caseId: string; reportIds: string[]; events: CaseEvent[] }[],
  records: OpenedReport[],
): CaseFileReport[] {
  const byId = new Map(records.map((r) => [r.reportId, r]));
  const out: CaseFileReport[] = [];
  for (const c of cases) {
    const events = new Map(
      c.events
        .filter((e) => REPORT_EVENTS.has(e.type) && typeof e.details.reportId === 'string')
        .map((e) => [e.details.reportId as string, e]),
    );
    for (const reportId of c.reportIds) {
      const record = byId.get(reportId);
      if (record) {
        out.push({
          reportId,
          caseId: c.caseId,
          channel: record.channel,
          receivedAt: record.receivedAt,
          summary: record.summary,
          categories: record.categories,
          urgentFlags: record.urgentFlags,
          reporter: record.reporter ? maskedReporter(record.reporter) : null,
          filedBy: record.filedBy,
          identityDiffers: record.identityDiffers as CaseFileReport['identityDiffers'],
          ...(record.claimed ? { claimed: maskedClaim(record.claimed) } : {}),
        });
        continue;
      }
      const event = events.get(reportId);
      if (!event) continue;
      const d = event.details;
      out.push({
        reportId,
        caseId: c.caseId,
        channel: typeof d.channel === 'string' ? d.channel : 'unknown',
        receivedAt: event.at,
        summary: null,
        categories: Array.isArray(d.categories) ? (d.categories as string[]) : [],
        urgentFlags: Array.isArray(d.urgentFlags) ? (d.urgentFlags as string[]) : [],
        reporter: null,
        filedBy: event.actorId.startsWith('report:') ? null : event.actorId,
        identityDiffers: [],
      });
    }
  }
  return out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}

function maskedReporter(r: NonNullable<OpenedReport['reporter']>): NonNullable<CaseFileReport['reporter']> {
  return {
    ...(r.organisation !== undefined ? { organisation: r.organisation } : {}),
    ...(r.name !== undefined ? { name: r.name } : {}),
    ...(r.phone !== undefined ? { phoneMasked: maskPhone(r.phone) } : {}),
  };
}

function maskedClaim(c: NonNullable<OpenedReport['claimed']>): NonNullable<CaseFileReport['claimed']> {
  const { phone, ...rest } = c;
  return { ...rest, ...(phone !== undefined ? { phone: maskPhone(phone) } : {}) };
}

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

/** The trail: the database's events plus the view's recent ones it may not hold yet, by sequence number. */
export function mergeEvents(view: CaseView, dbEvents: CaseEvent[]): CaseEvent[] {
  const bySeq = new Map<number, CaseEvent>();
  for (const e of dbEvents) bySeq.set(e.seq, e);
  for (const e of view.events ?? []) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
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
  extras: CaseFileExtras,
): CaseFile {
  const events = mergeEvents(view, dbEvents);

  const escalations = new Map<string, EscalationOut>();
  for (const e of dbEscalations) escalations.set(e.escalationId, escalationOut(e));
  for (const e of view.escalations ?? []) escalations.set(e.escalationId, escalationOut(e));

  const { events: _recent, escalations: _viewEscalations, ...rest } = view;
  return {
    ...rest,
    events,
    escalations: [...escalations.values()].sort((a, b) => a.escalatedAt.localeCompare(b.escalatedAt)),
    subject,
    ...extras,
  };
}
