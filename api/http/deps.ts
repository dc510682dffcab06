// The dependencies the HTTP API is built over, injected by the process entry point or by tests, so the
// app never reaches for globals (database, Temporal connection, clock, configuration).
import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';
import type pino from 'pino';
import type { CasePolicy } from '../../domain/policy';
import type { WorkingCalendar } from '../../domain/working-days';
import type { PrismaClient } from '../../generated/prisma/client';
import type { AppConfig } from '../../runtime/config';
import type { PiiCipher } from '../../runtime/pii';
import type { CaseClient } from '../../clients/case-client';
import type { WarningClient } from '../../clients/warning-client';
import type { EscalationStreamOptions } from '../escalations/stream-options';
import type { StaffDirectory } from './staff-directory';

export interface RateLimitOptions {
  /** Writes a caller may burst. */
  capacity: number;
  /** Time in which an empty bucket refills completely. */
  windowMs: number;
}

export interface ApiDeps {
  prisma: PrismaClient;
  temporal: Client;
  config: AppConfig;
  policy: CasePolicy;
  /**
   * The official working-day calendar (§9), built once by the composition root from chinese-days and
   * CALENDAR_FILE; defaults to the package's years alone.
   */
  calendar?: WorkingCalendar;
  /**
   * The calendar with the years loaded at run time (api/calendar/live-calendar.ts); the composition
   * root passes one it has refreshed from PostgreSQL. Without it the app builds one over `calendar`.
   */
  liveCalendar?: CalendarHolder;
  pii: PiiCipher;
  logger: pino.Logger;
  now?: () => Date;
  /**
   * The dashboard's development sign-in (any seeded user's token for the asking). Only the embedded
   * development mode (`npm start` with neither TEMPORAL_ADDRESS nor DATABASE_URL) turns it on.
   */
  devSignIn?: boolean;
  /** Writes per token; defaults to 60 per 10 seconds. */
  rateLimit?: RateLimitOptions;
  /** Failed authentications per client address; defaults to 30 per minute. */
  authFailureLimit?: RateLimitOptions;
  /** How long a token user's status is cached; defaults to 30 seconds. */
  staffCacheMs?: number;
  /** How long /readyz waits for each dependency; defaults to 2 seconds. */
  readinessTimeoutMs?: number;
  /**
   * Deadline for one request's Temporal calls (updates wait for the workflow and its projection);
   * defaults to 30 seconds. Past it the client stops retrying and the caller gets 503.
   */
  temporalTimeoutMs?: number;
  /** Base URL of the Temporal web UI (e.g. http://127.0.0.1:8233); the dashboard links each case's workflow there. */
  temporalUiUrl?: string;
  /** Poll, settle and heartbeat intervals of GET /escalations/stream; tests shorten them. */
  escalationStream?: Partial<EscalationStreamOptions>;
}

/** A calendar that grows while the platform runs: `current` is what a request counts in now. */
export interface CalendarHolder {
  readonly current: WorkingCalendar;
  /** Takes up the years stored in PostgreSQL (loaded by any API process) and answers the result. */
  refresh(prisma: PrismaClient): Promise<WorkingCalendar>;
}

/** What routes and use cases receive: the deps with defaults resolved. */
export interface ApiContext extends ApiDeps {
  now: () => Date;
  /** The calendar as of this moment (liveCalendar.current). */
  readonly calendar: WorkingCalendar;
  liveCalendar: CalendarHolder;
  log: pino.Logger;
  /** The case workflows' client (clients/case-client.ts), its calls under `temporalCall`'s deadline. */
  cases: CaseClient;
  /** Signals warnings' verification clocks (clients/warning-client.ts), under the same deadline. */
  warnings: WarningClient;
  /** Token users' status, cached; forget a user after changing them. */
  staff: StaffDirectory;
  /**
   * Bearer-token authentication (api/http/auth.ts) built once per app: every authenticated path
   * (/api/v1, /codec) shares its staff look-ups and its per-address budget of failed attempts.
   */
  authenticate: RequestHandler;
  /** Runs Temporal client calls under a deadline, so an outage answers 503 instead of hanging. */
  temporalCall<T>(fn: () => Promise<T>, timeoutMs?: number): Promise<T>;
}
