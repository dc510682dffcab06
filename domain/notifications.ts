// Who is told about which case event: reminders go to the responsible caseworker (or the street
// supervisors while unassigned), escalations to the district officers (level 1) or city officers
// (level 2), resolutions to whoever the escalation had reached; a new case and a transfer go to the
// street that must act now (quick response, DESIGN.md §7). Pure; the projection activity resolves
// role targets to staff and writes one outbox row per event and recipient.
import type { CaseEvent, CaseState, ClockName } from './case-types';
import { CITY_CODE } from './jurisdictions';
import { WARNING_VERIFY_CLOCK } from './monitoring';
import { districtOfStreet } from './roles';
import { responsibleFor, type RecipientTarget } from './responsibility';

export const NOTIFICATION_KINDS = [
  'reminder',
  'escalation',
  'escalation-raised',
  'escalation-resolved',
  'digest',
  'new-case',
  'case-transferred',
  'new-report',
  /** Proactive discovery (§8): a monitoring import added reasons to an open case's file. */
  'monitoring-reasons',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NotificationChannel = 'in_app' | 'webhook';

/**
 * One row per event, recipient and channel, whatever the number of retries or replays. The in-app
 * form is what the outbox has always used; keep it stable or old rows would be written twice.
 */
export function eventDedupKey(eventId: string, recipientId: string, channel: NotificationChannel): string {
  return `${eventId}:${recipientId}:${channel}`;
}

const CLOCK_LABELS_ZH: Record<ClockName, string> = {
  accept: '受理',
  emergencyAid: '先行救助',
  verify: '核查',
  decide: '审批决定',
  charityResponse: '慈善机构回复',
  revisitInterval: '回访',
  reReview: '定期复核',
  pause: '暂停时限',
  emergencyAidRatify: '先行救助补办手续',
  charityFollowUp: '慈善帮扶跟进',
  disbursement: '按月发放',
};

/** Escalation clocks by label, the warning's verification (§8) with the case clocks. */
const ESCALATION_LABELS_ZH: Readonly<Record<string, string>> = { ...CLOCK_LABELS_ZH, [WARNING_VERIFY_CLOCK]: '预警核查' };

/** A one-line Chinese title for lists and webhook receivers (the structured fields stay in the payload). */
export function titleFor(kind: NotificationKind, clock: unknown): string {
  const label = (typeof clock === 'string' && ESCALATION_LABELS_ZH[clock]) || '办理';
  switch (kind) {
    case 'reminder':
      return `提醒：${label}期限临近`;
    case 'escalation':
      return `督办：${label}逾期，已上报区民政局`;
    case 'escalation-raised':
      return `督办：${label}逾期未办结，已上报市民政局`;
    case 'escalation-resolved':
      return `督办已解除：${label}已办结`;
    case 'digest':
      return '每日待办';
    case 'new-case':
      return '新案件：请及时受理';
    case 'case-transferred':
      return '转入案件：请及时受理';
    case 'new-report':
      return '补充线索：案件收到新的报告';
    case 'monitoring-reasons':
      return '监测预警：案件收到新的监测信息';
  }
}

/** Green channel (绿色通道): the title says so, so the urgent case stands out in a list. */
function newCaseTitleFor(urgent: boolean): string {
  return urgent ? '紧急新案件（绿色通道）：请立即受理' : titleFor('new-case', undefined);
}

/** An escalation that ended because the case was closed while it was open (§14). */
function closedTitleFor(clock: unknown): string {
  const label = (typeof clock === 'string' && (CLOCK_LABELS_ZH as Record<string, string>)[clock]) || '办理';
  return `督办结束：${label}逾期期间案件已结案（见结案理由）`;
}

export interface NotificationIntent {
  kind: NotificationKind;
  target: RecipientTarget;
  eventId: string;
  summary: Record<string, unknown>;
}

/**
 * Notifications for one event. `state` is the case as of the batch being projected; recipients
 * follow the case (a reassignment redirects every later reminder).
 */
export function notificationsFor(
  event: CaseEvent,
  state: Pick<CaseState, 'caseId' | 'assigneeId' | 'streetCode' | 'districtCode' | 'stage'> & Partial<Pick<CaseState, 'urgency'>>,
): NotificationIntent[] {
  const summary = (kind: NotificationKind) => ({
    caseId: state.caseId,
    title: event.type === 'escalation-closed' ? closedTitleFor(event.details.clock) : titleFor(kind, event.details.clock),
    eventType: event.type,
    clock: event.details.clock,
    dueAt: event.details.dueAt,
    escalationId: event.details.escalationId,
    streetCode: state.streetCode,
    districtCode: state.districtCode,
    stage: state.stage,
    at: event.at,
  });
  const intent = (kind: NotificationKind, target: RecipientTarget): NotificationIntent => ({
    kind,
    target,
    eventId: event.eventId,
    summary: summary(kind),
  });
  const district: RecipientTarget = { kind: 'role', role: 'district_officer', jurisdictionCode: state.districtCode };
  const city: RecipientTarget = { kind: 'role', role: 'city_officer', jurisdictionCode: CITY_CODE };
  switch (event.type) {
    case 'reminder':
      return [intent('reminder', responsibleFor(state))];
    case 'escalated':
      return [intent('escalation', district), intent('escalation', responsibleFor(state))];
    case 'escalation-raised':
      return [intent('escalation-raised', city), intent('escalation-raised', district)];
    // §14: a case closed while escalated tells whoever the escalation had reached, as a resolution does
    // (the title says it was closed, not completed). A transfer continues the escalation at the new
    // street with an `escalated` event, which tells the new district.
    case 'escalation-closed':
    case 'escalation-resolved': {
      const targets = [district, responsibleFor(state)];
      if (event.details.level === 'city' || event.details.level === 2) targets.push(city);
      return targets.map((t) => intent('escalation-resolved', t));
    }
    // §7 quick response: the street's caseworkers hear of a new case at once, its supervisors too when
    // it is urgent. The urgency is the event's (as the case opened); the street is where the case is
    // now, which is where it opened unless the same batch already transferred it.
    case 'reported': {
      if (event.details.created !== true) return [];
      const street = state.streetCode;
      const urgent = event.details.urgency === 'urgent';
      const roles = urgent ? (['caseworker', 'street_supervisor'] as const) : (['caseworker'] as const);
      return roles.map((role) =>
        quickIntent('new-case', { kind: 'role', role, jurisdictionCode: street }, newCaseTitleFor(urgent), {
          streetCode: street,
          districtCode: districtOfStreet(street),
          urgency: event.details.urgency,
        }),
      );
    }
    // A further report on an open case reaches whoever answers for it at once; a report filed from
    // outside the case's jurisdiction (answered only 202, §14) is how the owning street learns of it.
    case 'report-attached':
      return [
        quickIntent('new-report', responsibleFor(state), titleFor('new-report', undefined), {
          streetCode: state.streetCode,
          districtCode: state.districtCode,
          urgency: state.urgency,
        }),
      ];
    // The receiving street takes over: its caseworkers and supervisors hear of it at once.
    case 'transfer': {
      const to = event.details.toStreetCode;
      if (typeof to !== 'string') return [];
      const fields = {
        streetCode: to,
        districtCode: districtOfStreet(to),
        fromStreetCode: event.details.fromStreetCode,
        toStreetCode: to,
        urgency: state.urgency,
      };
      return (['caseworker', 'street_supervisor'] as const).map((role) =>
        quickIntent('case-transferred', { kind: 'role', role, jurisdictionCode: to }, titleFor('case-transferred', undefined), fields),
      );
    }
    default:
      return [];
  }

  /** Codes, urgency and stage only: the report's text, the person and the transfer reason stay out (§7). */
  function quickIntent(
    kind: 'new-case' | 'case-transferred' | 'new-report',
    target: RecipientTarget,
    title: string,
    fields: Record<string, unknown>,
  ): NotificationIntent {
    return {
      kind,
      target,
      eventId: event.eventId,
      summary: { caseId: state.caseId, title, eventType: event.type, ...fields, stage: state.stage, at: event.at },
    };
  }
}
