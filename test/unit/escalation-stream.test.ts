// Unit tests of the escalation list and stream helpers: SSE framing, escalation cursors, the feed
// payload as an escalation, the 2000:1:1 requirement per street, and the stream's pump over a fake
// feed table (in-scope rows in id order, nothing sent before it settles, so a late-committing lower
// id is never skipped; heartbeats; stopping on disconnect and on server shutdown).
import pino from 'pino';
import type { ApiContext } from '../../api/http/deps';
import { AppError } from '../../api/http/errors';
import { feedPayloadToEscalation } from '../../api/escalations/repository';
import { formatSseComment, formatSseEvent, pumpEscalationFeed } from '../../api/escalations/escalation-stream';
import type { EscalationStreamOptions } from '../../api/escalations/stream-options';
import { caseworkersRequired } from '../../api/stats/get-stats';
import { decodeEscalationCursor, encodeEscalationCursor } from '../../api/escalations/list-escalations';
import type { Actor } from '../../domain/case-types';

describe('SSE framing', () => {
  it('writes id, event and one line of JSON data, ended by a blank line', () => {
    expect(formatSseEvent(42n, 'escalation.new', { a: 'x\ny' })).toBe('id: 42\nevent: escalation.new\ndata: {"a":"x\\ny"}\n\n');
  });

  it('keeps comments on one line', () => {
    expect(formatSseComment('heart\nbeat')).toBe(': heart beat\n\n');
  });
});

describe('escalation cursors', () => {
  it('round-trip', () => {
    const c = { escalatedAt: '2026-11-29T08:00:00.000Z', escalationId: 'c-1:accept:1' };
    expect(decodeEscalationCursor(encodeEscalationCursor(c))).toEqual(c);
  });

  it.each([
    '!!!',
    Buffer.from('[2,"2026-01-01T00:00:00Z","x"]').toString('base64url'),
    Buffer.from('[1,"soon","x"]').toString('base64url'),
  ])('refuse %s with 422 on cursor', (text) => {
    expect(() => decodeEscalationCursor(text)).toThrow(AppError);
    try {
      decodeEscalationCursor(text);
    } catch (err) {
      expect((err as AppError).errors?.[0]?.path).toBe('cursor');
    }
  });
});

describe('feedPayloadToEscalation', () => {
  const row = { escalationId: 'c-1:verify:1', districtCode: '440104', streetCode: '440104001' };

  it('derives time to resolve from the two instants the projection recorded', () => {
    const out = feedPayloadToEscalation(
      {
        caseId: 'c-1',
        level: 'city',
        status: 'resolved',
        clock: 'verify',
        dueAt: '2026-11-29T08:00:00.000Z',
        escalatedAt: '2026-11-29T08:00:01.000Z',
        raisedToCityAt: '2026-11-29T09:00:00.000Z',
        resolvedAt: '2026-11-29T10:00:01.000Z',
        stage: 'verifying',
        districtCode: '440105',
      },
      row,
    );
    expect(out).toEqual({
      escalationId: 'c-1:verify:1',
      caseId: 'c-1',
      level: 'city',
      status: 'resolved',
      clock: 'verify',
      dueAt: '2026-11-29T08:00:00.000Z',
      escalatedAt: '2026-11-29T08:00:01.000Z',
      raisedToCityAt: '2026-11-29T09:00:00.000Z',
      resolvedAt: '2026-11-29T10:00:01.000Z',
      timeToResolveMs: 7_200_000,
      // The row's columns (what the scope matched) win over the payload.
      districtCode: '440104',
      streetCode: '440104001',
      stage: 'verifying',
    });
  });

  it('leaves out what an open escalation does not have', () => {
    const out = feedPayloadToEscalation(
      {
        caseId: 'c-1',
        level: 'district',
        status: 'open',
        clock: 'accept',
        dueAt: 'a',
        escalatedAt: 'b',
        raisedToCityAt: null,
        resolvedAt: null,
        stage: 'reported',
      },
      row,
    );
    expect(out).not.toHaveProperty('resolvedAt');
    expect(out).not.toHaveProperty('raisedToCityAt');
    expect(out).not.toHaveProperty('timeToResolveMs');
  });
});

describe('caseworkersRequired (2000:1:1)', () => {
  it.each([
    [0, 1],
    [1120, 1],
    [2000, 1],
    [2001, 2],
    [5920, 3],
  ])('%i people need %i caseworkers', (people, required) => {
    expect(caseworkersRequired(people)).toBe(required);
  });
});

// ---------------------------------------------------------------------------------------------
// The pump over a fake feed table
// ---------------------------------------------------------------------------------------------

interface FakeRow {
  id: bigint;
  escalationId: string;
  kind: string;
  districtCode: string;
  streetCode: string;
  payload: Record<string, unknown>;
}

function fakeFeed() {
  const rows: FakeRow[] = [];
  const matches = (row: FakeRow, where: { AND: Record<string, unknown>[] }) =>
    where.AND.every((clause) =>
      Object.entries(clause).every(([key, cond]) => {
        const value = row[key as keyof FakeRow];
        if (typeof cond === 'string') return value === cond;
        const c = cond as { startsWith?: string; gt?: bigint; lte?: bigint; in?: unknown[] };
        if (c.in) return c.in.includes(value);
        if (c.startsWith !== undefined) return (value as string).startsWith(c.startsWith);
        return (c.gt === undefined || (value as bigint) > c.gt) && (c.lte === undefined || (value as bigint) <= c.lte);
      }),
    );
  const prisma = {
    escalationFeed: {
      aggregate: async () => ({ _max: { id: rows.length ? rows.reduce((m, r) => (r.id > m ? r.id : m), 0n) : null } }),
      findMany: async (args: { where: { AND: Record<string, unknown>[] }; take: number }) =>
        rows
          .filter((r) => matches(r, args.where))
          .sort((a, b) => (a.id < b.id ? -1 : 1))
          .slice(0, args.take),
    },
  };
  const add = (id: number, districtCode: string, kind = 'new') =>
    rows.push({
      id: BigInt(id),
      escalationId: `e-${id}`,
      kind,
      districtCode,
      streetCode: `${districtCode}001`,
      payload: { caseId: `c-${id}`, level: 'district', status: 'open', clock: 'accept', dueAt: 'x', escalatedAt: 'y', stage: 'reported' },
    });
  return { prisma, add };
}

const officer: Actor = { userId: 'do-440104', role: 'district_officer', jurisdictionCode: '440104' };
const fast: EscalationStreamOptions = { pollMs: 10, settleMs: 60, heartbeatMs: 100_000, retryMs: 1000, batchSize: 2 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pump(prisma: unknown, options: Partial<EscalationStreamOptions> = {}, startAfter = 0n) {
  const chunks: string[] = [];
  const controller = new AbortController();
  let closing = false;
  const ctx = { prisma, log: pino({ level: 'silent' }) } as unknown as ApiContext;
  const done = pumpEscalationFeed(ctx, officer, {
    startAfter,
    narrow: {},
    options: { ...fast, ...options },
    signal: controller.signal,
    serverClosing: () => closing,
    sink: { write: async (chunk) => void chunks.push(chunk) },
  });
  const ids = () => chunks.flatMap((c) => [...c.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])));
  return { chunks, ids, done, disconnect: () => controller.abort(), shutdown: () => (closing = true) };
}

describe('pumpEscalationFeed', () => {
  it('sends the scope’s rows in id order, in batches, starting with a retry hint', async () => {
    const feed = fakeFeed();
    for (let i = 1; i <= 7; i++) feed.add(i, i % 2 ? '440104' : '440105');
    const s = pump(feed.prisma);
    await sleep(200);
    s.disconnect();
    await s.done;
    expect(s.chunks[0]).toMatch(/^retry: 1000\n/);
    expect(s.ids()).toEqual([1, 3, 5, 7]);
  });

  it('waits for ids to settle, so a lower id that commits late is still sent', async () => {
    const feed = fakeFeed();
    const s = pump(feed.prisma, { settleMs: 150 });
    await sleep(30);
    // Id 2 commits first; id 1 (taken earlier by a slower transaction) commits 50 ms later.
    feed.add(2, '440104');
    await sleep(50);
    expect(s.ids()).toEqual([]);
    feed.add(1, '440104');
    await sleep(300);
    s.disconnect();
    await s.done;
    expect(s.ids()).toEqual([1, 2]);
  });

  it('resumes after the given id and sends heartbeats when idle', async () => {
    const feed = fakeFeed();
    for (let i = 1; i <= 4; i++) feed.add(i, '440104');
    const s = pump(feed.prisma, { heartbeatMs: 40 }, 2n);
    await sleep(200);
    s.disconnect();
    await s.done;
    expect(s.ids()).toEqual([3, 4]);
    expect(s.chunks.filter((c) => c.startsWith(': heartbeat')).length).toBeGreaterThanOrEqual(2);
  });

  it('ends when the server shuts down, and keeps going (quietly) while the database is away', async () => {
    let failing = true;
    const feed = fakeFeed();
    feed.add(1, '440104');
    const flaky = {
      escalationFeed: {
        aggregate: async () => {
          if (failing) throw new Error('connection terminated');
          return feed.prisma.escalationFeed.aggregate();
        },
        findMany: feed.prisma.escalationFeed.findMany,
      },
    };
    const s = pump(flaky);
    await sleep(60);
    failing = false;
    await sleep(150);
    expect(s.ids()).toEqual([1]);
    s.shutdown();
    await s.done;
  });

  it('refuses report-only roles', async () => {
    const ctx = { prisma: fakeFeed().prisma, log: pino({ level: 'silent' }) } as unknown as ApiContext;
    await expect(
      pumpEscalationFeed(
        ctx,
        { userId: 'hl-440100', role: 'hotline', jurisdictionCode: '440100' },
        {
          startAfter: 0n,
          narrow: {},
          options: fast,
          signal: new AbortController().signal,
          serverClosing: () => false,
          sink: { write: async () => undefined },
        },
      ),
    ).rejects.toMatchObject({ status: 403 });
  });
});
