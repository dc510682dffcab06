// The live escalation stream (GET /escalations/stream): server-sent events read from the
// escalation_feed table by id, so every API process delivers the same events and a client that
// reconnects with Last-Event-ID gets exactly what it missed, from the database rather than memory.
import type { Actor } from '../../domain/case-types';
import type { ApiContext } from '../http/deps';
import type { StreamEventType } from './schemas';
import type { EscalationStreamOptions } from './stream-options';
import { feedMaxId, readFeed, type FeedKind } from './repository';
import { requireCaseReader, scopeFilterOf } from '../http/scope';

export const DEFAULT_STREAM_OPTIONS: EscalationStreamOptions = {
  pollMs: 500,
  settleMs: 1000,
  heartbeatMs: 15_000,
  retryMs: 3000,
  batchSize: 200,
};

const EVENT_TYPE: Record<FeedKind, StreamEventType> = {
  new: 'escalation.new',
  raised: 'escalation.raised',
  resolved: 'escalation.resolved',
};

/** One SSE event. `data` is JSON on one line, so it never needs splitting into several data lines. */
export function formatSseEvent(id: bigint | string, type: string, data: unknown): string {
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by clients, keeps intermediaries from timing the connection out. */
export function formatSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/**
 * Where a stream starts: after the client's last event id (header or query), after `since`, or after
 * the current end of the feed ("now").
 */
export async function streamStartId(ctx: ApiContext, position: { lastEventId?: string; since?: string }): Promise<bigint> {
  const end = await feedMaxId(ctx.prisma);
  const requested = position.lastEventId ?? position.since;
  if (requested === undefined) return end;
  // An id beyond the end (a client of another installation, a restored database) would wait for ever.
  const after = BigInt(requested);
  return after > end ? end : after;
}

export interface SseSink {
  /** Writes a chunk; resolves once the client can take more (or the connection is gone). */
  write(chunk: string): Promise<void>;
}

export interface PumpArgs {
  startAfter: bigint;
  narrow: { districtCode?: string; streetCode?: string };
  options: EscalationStreamOptions;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
  /** True once the server is shutting down: the stream then ends instead of holding the process open. */
  serverClosing: () => boolean;
  /** When the caller's token expires (ms since the epoch): the stream ends then; the client must sign in again. */
  expiresAt?: number;
  sink: SseSink;
}

/** Sends the feed to one client until it disconnects or the server shuts down. */
export async function pumpEscalationFeed(ctx: ApiContext, actor: Actor, args: PumpArgs): Promise<void> {
  requireCaseReader(actor);
  const { options, signal, sink } = args;
  const scope = scopeFilterOf(actor);
  const log = ctx.log.child({ stream: 'escalations', userId: actor.userId });
  const expired = () => args.expiresAt !== undefined && Date.now() >= args.expiresAt;
  const stopped = () => signal.aborted || args.serverClosing() || expired();

  let cursor = args.startAfter;
  // Feed ends seen at each poll; the newest one older than settleMs becomes the watermark.
  const sightings: { at: number; maxId: bigint }[] = [];
  let watermark = 0n;
  let lastWrite = Date.now();
  let failing = false;

  await sink.write(`retry: ${options.retryMs}\n${formatSseComment(`escalation stream for ${actor.role} ${actor.jurisdictionCode}`)}`);

  while (!stopped()) {
    try {
      const now = Date.now();
      sightings.push({ at: now, maxId: await feedMaxId(ctx.prisma) });
      while (sightings.length > 0 && sightings[0].at <= now - options.settleMs) {
        const seen = sightings.shift()!;
        if (seen.maxId > watermark) watermark = seen.maxId;
      }
      while (watermark > cursor && !stopped()) {
        const rows = await readFeed(ctx.prisma, {
          scope,
          narrow: args.narrow,
          afterId: cursor,
          upToId: watermark,
          limit: options.batchSize,
          cipher: ctx.pii,
        });
        for (const row of rows) {
          if (stopped()) return;
          await sink.write(formatSseEvent(row.id, EVENT_TYPE[row.kind], row.escalation));
          lastWrite = Date.now();
        }
        // Fewer rows than asked: everything in scope up to the watermark has been sent.
        cursor = rows.length < options.batchSize ? watermark : rows.at(-1)!.id;
      }
      if (failing) log.info('escalation stream reads the feed again');
      failing = false;
    } catch (err) {
      // The client keeps its connection (and gets heartbeats) while the database is away; the
      // cursor has not moved, so nothing is lost once reads succeed again.
      if (!failing) log.warn({ err: { message: (err as Error).message.split('\n')[0] } }, 'escalation stream cannot read the feed');
      failing = true;
    }
    if (stopped()) break;
    if (Date.now() - lastWrite >= options.heartbeatMs) {
      await sink.write(formatSseComment(`heartbeat ${new Date().toISOString()}`));
      lastWrite = Date.now();
    }
    await pause(args.expiresAt === undefined ? options.pollMs : Math.max(0, Math.min(options.pollMs, args.expiresAt - Date.now())), signal);
  }
  if (expired() && !signal.aborted) await sink.write(formatSseComment('token expired; reconnect with a new token'));
}

/** Waits `ms` or until the signal aborts; the timer never keeps the process alive. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });
}
