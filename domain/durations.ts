// Policy durations ("45s", "10m", "24h", "7d", and "10wd" working days, §9) and ISO-instant arithmetic.
// Pure: every instant is passed in, so the same code runs in the Temporal workflow sandbox and in tests.
import { parseWorkingDays, workingDaysNominalMs } from './working-days';

/**
 * §9's default for ratifying emergency aid (deadlines.urgent.emergencyAidRatify): the schema's default,
 * and what a policy stored by a case started before the key existed means. Here because both the
 * schema (zod) and the workflow's clock helpers (no zod) need it.
 */
export const DEFAULT_EMERGENCY_AID_RATIFY = '5wd';

/**
 * §10's default for following up an accepted referral until it is completed
 * (deadlines.normal|urgent.charityFollowUp); like DEFAULT_EMERGENCY_AID_RATIFY, also what a policy
 * stored by a case started before the key existed means.
 */
export const DEFAULT_CHARITY_FOLLOW_UP = '30d';

/**
 * §10's defaults for monthly aid and temporary aid, likewise what a policy stored before the keys
 * existed means: a missed month's payment escalates this long after its payment day
 * (deadlines.*.disbursement), and temporary aid again within the cooldown needs an override.
 */
export const DEFAULT_DISBURSEMENT_GRACE = '5wd';
export const DEFAULT_TEMPORARY_COOLDOWN = '90d';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const DURATION_RE = /^(\d+)(s|m|h|d)$/;

/** Parses a policy duration into milliseconds; throws an Error whose message quotes the bad value. */
export function parseDuration(text: string): number {
  const match = typeof text === 'string' ? DURATION_RE.exec(text) : null;
  if (!match) {
    throw new Error(`${JSON.stringify(text)} is not a duration like 45s, 10m, 24h or 7d`);
  }
  const ms = Number(match[1]) * UNIT_MS[match[2] as Unit];
  if (ms <= 0) throw new Error(`${JSON.stringify(text)} must be longer than zero`);
  if (!Number.isSafeInteger(ms)) throw new Error(`${JSON.stringify(text)} is too long`);
  return ms;
}

/**
 * Formats milliseconds in policy syntax using the largest unit that divides it exactly ("36h", "90m",
 * "7d"), so the result always parses back to the same value; sub-second remainders fall back to "ms".
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new Error(`cannot format ${ms} as a duration`);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0s';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}

/** Milliseconds since the epoch; throws on anything Date.parse cannot read (a programming error). */
export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`${JSON.stringify(iso)} is not an ISO-8601 instant`);
  return ms;
}

export function fromMs(ms: number): string {
  return new Date(ms).toISOString();
}

/** The instant `ms` after `iso`, in canonical UTC form (2026-11-01T08:00:00.000Z). */
export function addMs(iso: string, ms: number): string {
  return fromMs(toMs(iso) + ms);
}

/** `b - a` in milliseconds (positive when b is later). */
export function msBetween(aIso: string, bIso: string): number {
  return toMs(bIso) - toMs(aIso);
}

/** A policy duration, resolved: wall-clock milliseconds, or a number of working days of the official calendar. */
export type ClockLength = { readonly kind: 'wall'; readonly ms: number } | { readonly kind: 'working'; readonly days: number };

/** Whether a duration string is meant as working days; its validity is parseClockLength's business. */
export function isWorkingDaysText(text: string): boolean {
  return /wd\s*$/.test(text);
}

/** Reads a policy duration of either kind; throws an Error whose message quotes the bad value. */
export function parseClockLength(text: string): ClockLength {
  if (typeof text === 'string' && isWorkingDaysText(text)) {
    const parsed = parseWorkingDays(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return { kind: 'working', days: parsed.days };
  }
  return { kind: 'wall', ms: parseDuration(text) };
}

/** The nominal length of a duration, a working day counting as 24 h (§9): what "urgent not longer than normal" compares. */
export function nominalMs(length: ClockLength): number {
  return length.kind === 'wall' ? length.ms : workingDaysNominalMs(length.days);
}
