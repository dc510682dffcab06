// Idempotency-Key handling for writes: the first request with a key runs and its successful answer is
// stored; a retry with the same key and the same body gets that answer again (and changes nothing);
// the same key with a different body is refused. Keys are per caller.
import { createHash } from 'node:crypto';
import type { ApiContext } from './deps';
import { AppError } from './errors';
import { claimIdempotencyKey, findIdempotencyRecord, saveIdempotentResponse } from './idempotency-repository';

export interface Answer {
  status: number;
  body: unknown;
  /** What to remember for replays when the body itself must not be stored (it holds personal data). */
  stored?: unknown;
}

/** JSON with object keys sorted at every level, so key order in the client's body does not matter. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function requestHash(body: unknown): string {
  return sha256(canonicalJson(body));
}

/** The Idempotency-Key header, if any: 1–200 printable ASCII characters. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^[\x21-\x7e][\x20-\x7e]{0,199}$/.test(value) || /\s$/.test(value)) {
    throw new AppError('VALIDATION_FAILED', 'the Idempotency-Key header is invalid', {
      errors: [{ path: 'Idempotency-Key', message: 'must be 1 to 200 printable ASCII characters (a UUID is a good choice)' }],
    });
  }
  return value;
}

/**
 * Runs `run` at most once per (caller, key) to a stored success. A record without an answer means the
 * first attempt is still running or died mid-way; proceeding is safe because every step below is
 * idempotent (deterministic report/update ids, upserts).
 */
export async function idempotent(
  ctx: ApiContext,
  callerId: string,
  key: string | undefined,
  hash: string,
  run: () => Promise<Answer>,
): Promise<Answer & { replayed: boolean }> {
  if (key === undefined) return { ...(await run()), replayed: false };

  const check = async (): Promise<(Answer & { replayed: boolean }) | null> => {
    const existing = await findIdempotencyRecord(ctx.prisma, callerId, key);
    if (!existing) return null;
    if (existing.requestHash !== hash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was already used with a different request body; use a new key for a new request',
        {
          errors: [{ path: 'Idempotency-Key', message: 'already used with a different body' }],
        },
      );
    }
    if (existing.status !== null) return { status: existing.status, body: existing.response, replayed: true };
    return { status: 0, body: null, replayed: false };
  };

  const before = await check();
  if (before?.replayed) return before;
  if (before === null && !(await claimIdempotencyKey(ctx.prisma, callerId, key, hash))) {
    // Lost a race with a concurrent request using the same key: re-check its body and answer.
    const raced = await check();
    if (raced?.replayed) return raced;
  }
  const answer = await run();
  // Only successes are remembered: a conflict or outage may go away, and the retry should try again.
  if (answer.status >= 200 && answer.status < 300) {
    await saveIdempotentResponse(ctx.prisma, callerId, key, answer.status, answer.stored ?? answer.body);
  }
  return { ...answer, replayed: false };
}
