// The daily digest: for one person, the revisits and deadlines that are overdue, due today or due
// this week (the next seven local days), overdue first. Local days follow the policy's time zone.
// Pure (Intl only, no clock): the digest activity passes the instant the run was scheduled for.
import { titleFor } from './notifications';
import type { CasePolicy } from './policy';

/** Clocks that are visits to a family; every other clock is a deadline of the case's stage. */
const REVISIT_CLOCKS: readonly string[] = ['revisitInterval', 'reReview'];

export type DueItemKind = 'revisit' | 'deadline';
export type DigestBucket = 'overdue' | 'today' | 'week';

export function dueItemKind(clock: string): DueItemKind {
  return REVISIT_CLOCKS.includes(clock) ? 'revisit' : 'deadline';
}

export interface DigestSchedule {
  hour: number;
  minute: number;
  timezone: string;
}

/** When the digest runs, from the policy (defaults 08:00 Asia/Shanghai for older policies). */
export function digestScheduleOf(policy: Pick<CasePolicy, 'notifications'>): DigestSchedule {
  const digest = (policy.notifications as { digest?: { time?: string; timezone?: string } } | undefined)?.digest;
  const [hour, minute] = (digest?.time ?? '08:00').split(':').map(Number) as [number, number];
  return { hour, minute, timezone: digest?.timezone ?? 'Asia/Shanghai' };
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return f;
}

function localParts(ms: number, timezone: string): LocalParts {
  const parts = Object.fromEntries(
    formatterFor(timezone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Offset of `timezone` from UTC at instant `ms`, in milliseconds (Shanghai: +8 h). */
function offsetMs(ms: number, timezone: string): number {
  const p = localParts(ms, timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant local midnight starts on the given local calendar day (month may overflow: day + 7). */
function localMidnight(year: number, month: number, day: number, timezone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  // Two passes settle the offset even when the day starts on a daylight-saving change.
  let guess = wall - offsetMs(wall, timezone);
  guess = wall - offsetMs(guess, timezone);
  return guess;
}

export interface DigestWindow {
  /** Local calendar date of the run, `YYYY-MM-DD`: one digest per person per date. */
  localDate: string;
  timezone: string;
  /** The run's instant: anything due before it is overdue. */
  at: string;
  /** Start of the next local day: due before it (and not overdue) is "today". */
  todayEnd: string;
  /** Start of the local day seven days from today: due before it is "this week". */
  weekEnd: string;
}

export function digestWindow(at: Date | string, timezone: string): DigestWindow {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const p = localParts(ms, timezone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    localDate: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    timezone,
    at: new Date(ms).toISOString(),
    todayEnd: new Date(localMidnight(p.year, p.month, p.day + 1, timezone)).toISOString(),
    weekEnd: new Date(localMidnight(p.year, p.month, p.day + 7, timezone)).toISOString(),
  };
}

export function bucketOf(dueAt: string, window: DigestWindow): DigestBucket | null {
  const due = Date.parse(dueAt);
  if (due < Date.parse(window.at)) return 'overdue';
  if (due < Date.parse(window.todayEnd)) return 'today';
  if (due < Date.parse(window.weekEnd)) return 'week';
  return null;
}

/** One running deadline of a case, as the read model lists it. */
export interface DueItem {
  caseId: string;
  /** A ClockName, or whatever an older view stored. */
  clock: string;
  kind: DueItemKind;
  dueAt: string;
  /** A Stage and an Urgency, read back from the database as text. */
  stage: string;
  urgency: string;
  streetCode: string;
  escalationLevel: number;
}

/** The running, unpaused deadlines in a case view's `deadlines` list as due items. */
export function dueItemsOf(
  row: { caseId: string; stage: string; urgency: string; streetCode: string; escalationLevel: number },
  deadlines: unknown,
): DueItem[] {
  if (!Array.isArray(deadlines)) return [];
  return deadlines
    .filter((d: unknown): d is { clock: string; dueAt: string; paused?: boolean } => {
      const item = d as { clock?: unknown; dueAt?: unknown; paused?: unknown } | null;
      return typeof item?.clock === 'string' && typeof item.dueAt === 'string' && item.paused !== true;
    })
    .map((d) => ({
      caseId: row.caseId,
      clock: d.clock,
      kind: dueItemKind(d.clock),
      dueAt: d.dueAt,
      stage: row.stage,
      urgency: row.urgency,
      streetCode: row.streetCode,
      escalationLevel: row.escalationLevel,
    }));
}

/** Earliest due first; ties broken by case id and clock so the order never depends on the query. */
export function compareDue(a: DueItem, b: DueItem): number {
  return Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.caseId.localeCompare(b.caseId) || String(a.clock).localeCompare(String(b.clock));
}

const DIGEST_MAX_ITEMS = 200;

export interface DigestPayload {
  title: string;
  localDate: string;
  timezone: string;
  generatedFor: string;
  counts: Record<DigestBucket, number>;
  items: (DueItem & { bucket: DigestBucket })[];
  /** More items were due than a digest lists; the full list is GET /api/v1/me/revisits. */
  truncated: boolean;
}

/** The digest of one person, or null when nothing is overdue or due this week (no empty digests). */
export function buildDigest(items: readonly DueItem[], window: DigestWindow): DigestPayload | null {
  const order: Record<DigestBucket, number> = { overdue: 0, today: 1, week: 2 };
  const bucketed = items
    .map((item) => ({ ...item, bucket: bucketOf(item.dueAt, window) }))
    .filter((item): item is DueItem & { bucket: DigestBucket } => item.bucket !== null)
    .sort((a, b) => order[a.bucket] - order[b.bucket] || compareDue(a, b));
  if (bucketed.length === 0) return null;
  const counts = { overdue: 0, today: 0, week: 0 };
  for (const item of bucketed) counts[item.bucket]++;
  return {
    title: `${titleFor('digest', undefined)}（${window.localDate}）：逾期 ${counts.overdue} 项，今日到期 ${counts.today} 项，本周到期 ${counts.week} 项`,
    localDate: window.localDate,
    timezone: window.timezone,
    generatedFor: window.at,
    counts,
    items: bucketed.slice(0, DIGEST_MAX_ITEMS),
    truncated: bucketed.length > DIGEST_MAX_ITEMS,
  };
}

export function digestDedupKey(localDate: string, recipientId: string, channel: 'in_app' | 'webhook'): string {
  return `digest:${localDate}:${recipientId}:${channel}`;
}
