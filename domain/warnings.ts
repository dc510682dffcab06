// Warnings (DESIGN.md §8) apart from wiring: the escalation of a late verification (ids, levels, who is
// told), what verifying needs, and the yield of warnings in statistics. Pure; activities/warnings.ts and
// api/warnings/ apply these rules to the database and the case workflow.
import { CLOCKS } from './case-types';
import { CITY_CODE } from './jurisdictions';
import { WARNING_VERIFY_CLOCK, type VerifyOutcome, type WarningStatus } from './monitoring';
import type { NotificationIntent, NotificationKind } from './notifications';
import { titleFor } from './notifications';
import type { RecipientTarget } from './responsibility';
import { STREET_STAFF_ROLES } from './roles';

/**
 * Every clock an escalation can belong to: the case workflow's stage clocks and the warning's. Only the
 * escalation API uses this list; the case workflow's own CLOCKS stay as they are (its types and histories).
 */
export const ESCALATION_CLOCKS = [...CLOCKS, WARNING_VERIFY_CLOCK] as const;
export type EscalationClock = (typeof ESCALATION_CLOCKS)[number];

/** A warning's verification escalates at most once (district, then raised to the city): one id per warning. */
export function warningEscalationId(warningId: string): string {
  return `${warningId}:${WARNING_VERIFY_CLOCK}:1`;
}

/** Feed kinds, in the order a warning's escalation can go through them (escalation_feed is unique per kind). */
export type WarningEscalationStep = 'new' | 'raised' | 'resolved';

/** Who verifies a warning (§8): the street's own staff. District and city officers supervise, they do not verify. */
export const WARNING_VERIFIER_ROLES = STREET_STAFF_ROLES;

/** The status a verification leaves the warning in. */
export function statusAfterVerify(outcome: VerifyOutcome): Exclude<WarningStatus, 'open'> {
  return outcome === 'dismiss' ? 'dismissed' : 'verified';
}

/** Whether a verification outcome opens (or attaches to) the household's case. */
export function outcomeOpensCase(outcome: VerifyOutcome): boolean {
  return outcome !== 'dismiss';
}

interface WarningEscalationFacts {
  warningId: string;
  escalationId: string;
  streetCode: string;
  districtCode: string;
  dueAt: string;
  /** The level the escalation had reached (1 district, 2 city). */
  level: 1 | 2;
  at: string;
}

const KIND_OF_STEP: Record<WarningEscalationStep, NotificationKind> = {
  new: 'escalation',
  raised: 'escalation-raised',
  resolved: 'escalation-resolved',
};

/**
 * Who is told of a step of a warning's escalation, as a case escalation tells them
 * (domain/notifications.ts): the district officers when it escalates, with the street's supervisors
 * (a warning has no assignee: the street answers for it); the city officers and the district when it is
 * raised; everyone it had reached when it is resolved. The payload carries ids, codes and instants only.
 */
export function warningEscalationNotices(step: WarningEscalationStep, f: WarningEscalationFacts): NotificationIntent[] {
  const district: RecipientTarget = { kind: 'role', role: 'district_officer', jurisdictionCode: f.districtCode };
  const city: RecipientTarget = { kind: 'role', role: 'city_officer', jurisdictionCode: CITY_CODE };
  const street: RecipientTarget = { kind: 'role', role: 'street_supervisor', jurisdictionCode: f.streetCode };
  const targets =
    step === 'new'
      ? [district, street]
      : step === 'raised'
        ? [city, district]
        : f.level === 2
          ? [district, street, city]
          : [district, street];
  const kind = KIND_OF_STEP[step];
  const summary = {
    warningId: f.warningId,
    title: titleFor(kind, WARNING_VERIFY_CLOCK),
    eventType: step === 'new' ? 'escalated' : step === 'raised' ? 'escalation-raised' : 'escalation-resolved',
    clock: WARNING_VERIFY_CLOCK,
    dueAt: f.dueAt,
    escalationId: f.escalationId,
    level: f.level === 2 ? 'city' : 'district',
    streetCode: f.streetCode,
    districtCode: f.districtCode,
    at: f.at,
  };
  // One event id per step: the outbox's dedup key (event, recipient, channel) makes a retried step add nothing.
  return targets.map((target) => ({ kind, target, eventId: `${f.escalationId}:${step}`, summary }));
}

/** Why a verification's note is missing, or null: a dismissal must say why (§8), the other outcomes may. */
export function noteProblem(outcome: VerifyOutcome, note: string | undefined): string | null {
  return outcome === 'dismiss' && (note === undefined || note.trim() === '') ? 'is required to dismiss a warning (say why)' : null;
}
