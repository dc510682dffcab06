// Per-user write rate limit: a token bucket per caller, in memory (each API process limits on its
// own; with N processes behind a balancer the effective limit is N times higher, which is acceptable
// for a guard against runaway clients rather than a quota).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { RateLimitOptions } from './deps';
import { AppError } from './errors';

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 60, windowMs: 10_000 };

/**
 * Failed authentications (a present but bad token) per client address: each is an access-audit row,
 * so a flood of forged tokens is cut off at 30 a minute per address before any verification. A
 * deployment behind a proxy sees the proxy's address (Express's `trust proxy` is not set).
 */
export const DEFAULT_AUTH_FAILURE_LIMIT: RateLimitOptions = { capacity: 30, windowMs: 60_000 };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly clock: () => number = Date.now,
  ) {
    this.refillPerMs = options.capacity / options.windowMs;
  }

  /** Milliseconds until `key` has a token (0: it has one now), without taking it. */
  waitMs(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = Math.min(this.options.capacity, bucket.tokens + (this.clock() - bucket.updatedAt) * this.refillPerMs);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.refillPerMs);
  }

  /** Takes one token; returns 0 when allowed, else the milliseconds until a token is available. */
  take(key: string): number {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.options.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.prune(now);
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.refillPerMs);
  }

  /** Full buckets carry no information; dropping them keeps memory bounded by active callers. */
  private prune(now: number): void {
    if (this.buckets.size < 10_000) return;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.updatedAt) * this.refillPerMs >= this.options.capacity) this.buckets.delete(key);
    }
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Limits writes per authenticated user (runs after authentication). Reads are not limited. */
export function rateLimitWrites(options: RateLimitOptions): RequestHandler {
  const buckets = new TokenBuckets(options);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!WRITE_METHODS.has(req.method) || !req.actor) return next();
    const waitMs = buckets.take(req.actor.userId);
    if (waitMs === 0) return next();
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    next(
      new AppError(
        'RATE_LIMITED',
        `too many writes; at most ${options.capacity} per ${options.windowMs / 1000} s per user. Retry in ${seconds} s`,
        {
          headers: { 'Retry-After': String(seconds) },
        },
      ),
    );
  };
}
