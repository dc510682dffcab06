// Webhook delivery rules: which configured jurisdiction a notification goes to, how long to wait
// before the next attempt, when a notification is given up (dead), and the exact JSON a receiver
// gets. Pure, so the dispatcher activity and the unit tests share one definition.
import { CITY_CODE } from './jurisdictions';
import { parseDuration } from './durations';
import type { CasePolicy } from './policy';

export interface DeliverySettings {
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
}

const DEFAULT_DELIVERY: DeliverySettings = { maxAttempts: 8, backoffMs: 60_000, maxBackoffMs: 3_600_000 };

/**
 * The delivery settings of a policy. Tolerates policies stored before a setting existed: a case
 * keeps the policy JSON it started with, which is never re-parsed, so missing fields take defaults.
 */
export function deliverySettingsOf(policy: Pick<CasePolicy, 'notifications'> | { notifications?: unknown }): DeliverySettings {
  const n = (policy.notifications ?? {}) as { maxAttempts?: unknown; backoff?: { initial?: unknown; max?: unknown } };
  const ms = (text: unknown, fallback: number) => {
    if (typeof text !== 'string') return fallback;
    try {
      return parseDuration(text);
    } catch {
      return fallback;
    }
  };
  const backoffMs = ms(n.backoff?.initial, DEFAULT_DELIVERY.backoffMs);
  return {
    maxAttempts: typeof n.maxAttempts === 'number' && n.maxAttempts >= 1 ? Math.floor(n.maxAttempts) : DEFAULT_DELIVERY.maxAttempts,
    backoffMs,
    maxBackoffMs: Math.max(backoffMs, ms(n.backoff?.max, DEFAULT_DELIVERY.maxBackoffMs)),
  };
}

/** Wait after the `attempts`-th failed attempt: initial, 2×, 4× … capped at the maximum. */
export function backoffDelayMs(attempts: number, settings: Pick<DeliverySettings, 'backoffMs' | 'maxBackoffMs'>): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(settings.backoffMs * 2 ** exponent, settings.maxBackoffMs);
}

export type AttemptOutcome = { state: 'delivered' } | { state: 'pending'; nextAttemptAt: Date } | { state: 'dead' };

/** What becomes of a notification after an attempt; `attempts` already counts this one. */
export function outcomeOf(ok: boolean, attempts: number, settings: DeliverySettings, now: Date): AttemptOutcome {
  if (ok) return { state: 'delivered' };
  if (attempts >= settings.maxAttempts) return { state: 'dead' };
  return { state: 'pending', nextAttemptAt: new Date(now.getTime() + backoffDelayMs(attempts, settings)) };
}

/** The jurisdictions whose webhook could serve `code`, most specific first: street, district, city. */
export function endpointCandidates(code: string): string[] {
  const out: string[] = [];
  if (/^\d{9}$/.test(code)) out.push(code);
  if (/^\d{6,9}$/.test(code) && code.slice(0, 6) !== CITY_CODE) out.push(code.slice(0, 6));
  if (/^\d{6,9}$/.test(code)) out.push(`${code.slice(0, 4)}00`);
  return [...new Set(out)];
}

/** The most specific configured jurisdiction for `code`, or null when none has a webhook. */
export function resolveEndpoint(code: string, configured: ReadonlySet<string> | readonly string[]): string | null {
  const set = configured instanceof Set ? configured : new Set(configured as readonly string[]);
  return endpointCandidates(code).find((c) => set.has(c)) ?? null;
}

export interface WebhookNotification {
  id: bigint | number | string;
  dedupKey: string;
  kind: string;
  caseId: string | null;
  recipientId: string;
  endpointCode: string | null;
  payload: unknown;
  createdAt: Date;
}

/**
 * The body a receiver gets. `id` is stable across attempts (use it to drop duplicates: delivery is
 * at least once when a worker dies mid-request); `notificationId` is the outbox row.
 */
export function webhookBody(n: WebhookNotification): string {
  return JSON.stringify({
    id: n.dedupKey,
    notificationId: String(n.id),
    kind: n.kind,
    caseId: n.caseId,
    recipientId: n.recipientId,
    jurisdictionCode: n.endpointCode,
    createdAt: n.createdAt.toISOString(),
    data: n.payload ?? {},
  });
}
