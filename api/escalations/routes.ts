// Routes for supervisors watching escalations: the scoped, filtered list and the live server-sent-event
// stream. Both need a case-reading role; report-only roles get 403.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { validationError } from '../http/errors';
import { parseQuery } from '../http/parse';
import { escalationStreamQuerySchema, feedIdSchema, listEscalationsQuerySchema } from './schemas';
import { tagRoute } from '../http/metrics';
import { requireCaseReader } from '../http/scope';
import { DEFAULT_STREAM_OPTIONS, pumpEscalationFeed, streamStartId } from './escalation-stream';
import type { EscalationStreamOptions } from './stream-options';
import { listEscalationsForActor } from './list-escalations';

const ESCALATION_STREAM_PATH = '/escalations/stream';

/**
 * EventSource cannot set headers, so the stream (and only the stream) also takes the bearer token as
 * `?access_token=`. Runs before authentication; a header, when present, wins. Query strings are never
 * logged (api/logging.ts logs the path only).
 */
export function streamTokenFromQuery(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.method === 'GET' && req.path === ESCALATION_STREAM_PATH && req.headers.authorization === undefined) {
      const token = (req.query as Record<string, unknown>).access_token;
      if (typeof token === 'string' && token.length > 0) req.headers.authorization = `Bearer ${token}`;
    }
    next();
  };
}

function lastEventIdHeader(req: Request): string | undefined {
  const header = req.headers['last-event-id'];
  if (header === undefined) return undefined;
  // Present but empty is refused like any other value the documented pattern does not match: EventSource
  // only sends the header with the id of an event it received (schemathesis ST201).
  const parsed = feedIdSchema.safeParse(typeof header === 'string' ? header.trim() : header);
  if (!parsed.success)
    throw validationError(
      [{ path: 'Last-Event-ID', message: 'must be an event id received from this stream' }],
      'invalid Last-Event-ID header',
    );
  return parsed.data;
}

export function escalationsRouter(ctx: ApiContext): Router {
  const router = Router();
  const streamOptions: EscalationStreamOptions = { ...DEFAULT_STREAM_OPTIONS, ...ctx.escalationStream };

  router.get('/escalations', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireCaseReader(actor);
    const query = parseQuery(listEscalationsQuerySchema, req.query);
    res.json(await listEscalationsForActor(ctx, actor, query));
  });

  router.get(ESCALATION_STREAM_PATH, tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireCaseReader(actor);
    const query = parseQuery(escalationStreamQuerySchema, req.query);
    const startAfter = await streamStartId(ctx, { lastEventId: lastEventIdHeader(req) ?? query.lastEventId, since: query.since });

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // nginx and similar proxies buffer responses unless told not to.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);

    const disconnected = new AbortController();
    res.on('close', () => disconnected.abort());
    // http.Server.close() stops listening at once but waits for open connections: a stream that kept
    // going would hold the process up, so each stream ends itself when its server stops listening.
    const server = (req.socket as { server?: { listening?: boolean } }).server;
    const sink = {
      write: (chunk: string) =>
        new Promise<void>((resolve) => {
          if (res.writableEnded || res.destroyed || res.write(chunk)) return resolve();
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        }),
    };
    req.log.debug({ startAfter: String(startAfter) }, 'escalation stream opened');
    try {
      await pumpEscalationFeed(ctx, actor, {
        startAfter,
        narrow: { districtCode: query.districtCode, streetCode: query.streetCode },
        options: streamOptions,
        signal: disconnected.signal,
        serverClosing: () => server?.listening === false,
        expiresAt: req.tokenExpiresAt?.getTime(),
        sink,
      });
    } finally {
      // A stopping server must not keep the connection either, as an idle keep-alive socket.
      const closing = server?.listening === false;
      if (!res.writableEnded) res.end(() => (closing ? req.socket.end() : undefined));
      else if (closing) req.socket.end();
    }
  });

  return router;
}
