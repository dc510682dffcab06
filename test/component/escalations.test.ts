// Component tests of GET /escalations and GET /escalations/stream against the real stack: filters,
// keyset pagination and the item shape; jurisdiction scoping (a district officer never sees another
// district's escalation, on the list or on the stream); live server-sent events from escalations the
// workflow raises when short deadlines pass; replay after a reconnect with Last-Event-ID, served by a
// second API instance from the database; heartbeats, and streams that end on disconnect and shutdown.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import type { Role } from '../../domain/case-types';
import { act, actor, eventually, openTestCase, type CaseRef } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';
import { openSse, type SseConnection, type SseEvent } from '../support/sse-client';

let p: TestPlatform;
// Huadu (440114) and Huangpu (440112) belong to this file.
const DISTRICT_A = '440114';
const DISTRICT_B = '440112';
const STREET_A1 = '440114001';
const STREET_A2 = '440114002';
const STREET_B1 = '440112001';
const silent = pino({ level: 'silent' });

const servers: Server[] = [];
const streams: SseConnection[] = [];

async function listen(
  options: { pollMs?: number; settleMs?: number; heartbeatMs?: number } = {},
): Promise<{ url: string; server: Server }> {
  const app = createApp({
    prisma: p.prisma,
    temporal: p.client,
    config: p.config,
    policy: p.policy,
    pii: p.pii,
    logger: silent,
    escalationStream: { pollMs: 100, settleMs: 300, heartbeatMs: 15_000, ...options },
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function stream(
  base: string,
  role: Role,
  jurisdiction: string,
  query = '',
  headers: Record<string, string> = {},
): Promise<SseConnection> {
  const s = await openSse(`${base}/api/v1/escalations/stream${query}`, {
    Authorization: `Bearer ${await p.tokenFor(role, jurisdiction)}`,
    ...headers,
  });
  streams.push(s);
  return s;
}

const token = (role: Role, jurisdiction: string) => p.tokenFor(role, jurisdiction);
const get = async (path: string, role: Role, jurisdiction: string) =>
  request(p.app)
    .get(path)
    .set('Authorization', `Bearer ${await token(role, jurisdiction)}`);

function openCaseIn(streetCode: string): Promise<CaseRef> {
  return openTestCase(p, { streetCode, districtCode: streetCode.slice(0, 6) });
}

async function escalationOf(caseId: string, status?: 'open' | 'resolved') {
  return eventually(
    async () => (await p.prisma.escalation.findFirst({ where: { caseId, ...(status ? { status } : {}) } })) ?? undefined,
    30_000,
  );
}

const of = (events: SseEvent[], escalationId: string, type?: string) =>
  events.filter((e) => e.json.escalationId === escalationId && (!type || e.type === type));

beforeAll(async () => {
  // Acceptance is due two seconds after a report; the city hears of it four seconds later.
  p = await startTestPlatform({
    policyOverrides: { deadlines: { normal: { accept: '2s', escalationWindow: '4s' }, urgent: { accept: '2s', escalationWindow: '4s' } } },
  });
});

afterAll(async () => {
  for (const s of streams) s.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  await p?.stop();
});

describe('GET /api/v1/escalations', () => {
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `t-${run}-${name}`;
  const at = (iso: string) => new Date(iso);
  const PERIOD = 'from=2021-03-01T00:00:00Z&to=2021-04-01T00:00:00Z';

  beforeAll(async () => {
    const row = (name: string, streetCode: string, extra: Record<string, unknown>) => ({
      escalationId: id(name),
      caseId: `c-${run}-${name}`,
      clock: 'accept',
      level: 1,
      status: 'open',
      dueAt: at('2021-02-28T00:00:00Z'),
      escalatedAt: at('2021-03-01T00:00:00Z'),
      districtCode: streetCode.slice(0, 6),
      streetCode,
      stage: 'reported',
      ...extra,
    });
    await p.prisma.escalation.createMany({
      data: [
        row('a1', STREET_A1, { escalatedAt: at('2021-03-01T01:00:00Z') }),
        row('a2', STREET_A2, {
          level: 2,
          clock: 'verify',
          stage: 'verifying',
          escalatedAt: at('2021-03-02T01:00:00Z'),
          raisedToCityAt: at('2021-03-02T13:00:00Z'),
        }),
        row('a3', STREET_A1, {
          status: 'resolved',
          escalatedAt: at('2021-03-03T01:00:00Z'),
          resolvedAt: at('2021-03-03T01:00:05Z'),
          timeToResolveMs: 5000n,
        }),
        row('b1', STREET_B1, { escalatedAt: at('2021-03-01T02:00:00Z') }),
        row('b2', '440112003', {
          level: 2,
          status: 'resolved',
          escalatedAt: at('2021-03-04T01:00:00Z'),
          resolvedAt: at('2021-03-05T01:00:00Z'),
          timeToResolveMs: 86_400_000n,
        }),
      ],
    });
  });

  const ids = (res: request.Response) => (res.body.items as { escalationId: string }[]).map((e) => e.escalationId);

  it('answers the escalation shape of the design, newest first, with resolvedAt and timeToResolveMs only once resolved', async () => {
    const res = await get(`/api/v1/escalations?${PERIOD}`, 'district_officer', DISTRICT_A);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([id('a3'), id('a2'), id('a1')]);
    expect(res.body.nextCursor).toBeUndefined();
    expect(res.body.items[0]).toEqual({
      escalationId: id('a3'),
      caseId: `c-${run}-a3`,
      level: 'district',
      status: 'resolved',
      clock: 'accept',
      dueAt: '2021-02-28T00:00:00.000Z',
      escalatedAt: '2021-03-03T01:00:00.000Z',
      resolvedAt: '2021-03-03T01:00:05.000Z',
      timeToResolveMs: 5000,
      districtCode: DISTRICT_A,
      streetCode: STREET_A1,
      stage: 'reported',
    });
    expect(res.body.items[1]).toEqual({
      escalationId: id('a2'),
      caseId: `c-${run}-a2`,
      level: 'city',
      status: 'open',
      clock: 'verify',
      dueAt: '2021-02-28T00:00:00.000Z',
      escalatedAt: '2021-03-02T01:00:00.000Z',
      raisedToCityAt: '2021-03-02T13:00:00.000Z',
      districtCode: DISTRICT_A,
      streetCode: STREET_A2,
      stage: 'verifying',
    });
  });

  it.each([
    ['level=city', [id('a2')]],
    ['level=district', [id('a3'), id('a1')]],
    ['status=resolved', [id('a3')]],
    ['status=open', [id('a2'), id('a1')]],
    ['clock=verify', [id('a2')]],
    [`streetCode=${STREET_A1}`, [id('a3'), id('a1')]],
    [`districtCode=${DISTRICT_A}&status=open&level=district`, [id('a1')]],
    ['from=2021-03-02T00:00:00%2B08:00&to=2021-03-03T00:00:00Z', [id('a2')]],
    // An unencoded "+" arrives as a space; it still means the offset.
    ['from=2021-03-02T09:00:00+08:00&to=2021-03-03T09:00:00+08:00', [id('a2')]],
  ])('filters by %s', async (filter, expected) => {
    const hasPeriod = filter.includes('from=');
    const res = await get(`/api/v1/escalations?${filter}${hasPeriod ? '' : `&${PERIOD}`}`, 'district_officer', DISTRICT_A);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(expected);
  });

  it('pages with an opaque cursor and refuses a forged one', async () => {
    const first = await get(`/api/v1/escalations?${PERIOD}&limit=2`, 'city_officer', '440100');
    expect(ids(first)).toEqual([id('b2'), id('a3')]);
    const second = await get(`/api/v1/escalations?${PERIOD}&limit=2&cursor=${first.body.nextCursor}`, 'city_officer', '440100');
    expect(ids(second)).toEqual([id('a2'), id('b1')]);
    const third = await get(`/api/v1/escalations?${PERIOD}&limit=2&cursor=${second.body.nextCursor}`, 'city_officer', '440100');
    expect(ids(third)).toEqual([id('a1')]);
    expect(third.body.nextCursor).toBeUndefined();
    const forged = await get(`/api/v1/escalations?cursor=${Buffer.from('[1,"x","y"]').toString('base64url')}`, 'city_officer', '440100');
    expect(forged.status).toBe(422);
    expect(forged.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
  });

  it('scopes the list: city everything, a district officer only the district, street staff only the street', async () => {
    const cases: [Role, string, string[]][] = [
      ['city_officer', '440100', [id('b2'), id('a3'), id('a2'), id('b1'), id('a1')]],
      ['district_officer', DISTRICT_A, [id('a3'), id('a2'), id('a1')]],
      ['district_officer', DISTRICT_B, [id('b2'), id('b1')]],
      ['street_supervisor', STREET_A1, [id('a3'), id('a1')]],
      ['caseworker', STREET_A1, [id('a3'), id('a1')]],
      ['street_supervisor', STREET_A2, [id('a2')]],
    ];
    for (const [role, jurisdiction, expected] of cases) {
      const res = await get(`/api/v1/escalations?${PERIOD}`, role, jurisdiction);
      expect([role, jurisdiction, ids(res)]).toEqual([role, jurisdiction, expected]);
    }
    // Asking for another district by filter finds nothing rather than widening the scope.
    expect(ids(await get(`/api/v1/escalations?${PERIOD}&districtCode=${DISTRICT_B}`, 'district_officer', DISTRICT_A))).toEqual([]);
    expect(ids(await get(`/api/v1/escalations?${PERIOD}&streetCode=${STREET_A1}`, 'street_supervisor', STREET_A2))).toEqual([]);
  });

  it('never shows a district officer another district’s escalation, on any page', async () => {
    let cursor: string | undefined;
    let seen = 0;
    do {
      const res = await get(`/api/v1/escalations?limit=200${cursor ? `&cursor=${cursor}` : ''}`, 'district_officer', DISTRICT_A);
      expect(res.status).toBe(200);
      for (const item of res.body.items as { districtCode: string; streetCode: string }[]) {
        expect(item.districtCode).toBe(DISTRICT_A);
        expect(item.streetCode.startsWith(DISTRICT_A)).toBe(true);
      }
      seen += res.body.items.length;
      cursor = res.body.nextCursor;
    } while (cursor && seen < 5000);
    expect(seen).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['hotline', '440100'],
    ['department', '440100'],
    ['reporter', STREET_A1],
  ] as [Role, string][])('refuses %s with 403', async (role, jurisdiction) => {
    const res = await get('/api/v1/escalations', role, jurisdiction);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('answers 401 without a token and 422 for bad filters', async () => {
    expect((await request(p.app).get('/api/v1/escalations')).status).toBe(401);
    const bad = await get('/api/v1/escalations?level=street&limit=0&colour=red', 'city_officer', '440100');
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'level', 'limit']);
    const backwards = await get('/api/v1/escalations?from=2021-03-02T00:00:00Z&to=2021-03-01T00:00:00Z', 'city_officer', '440100');
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors).toEqual([{ path: 'to', message: 'must be later than from' }]);
  });
});

describe('GET /api/v1/escalations/stream', () => {
  it('delivers live escalations from the workflow, each district officer only their own district, the city officer both', async () => {
    const { url } = await listen();
    const officerA = await stream(url, 'district_officer', DISTRICT_A);
    // EventSource clients pass the token in the query string instead of a header.
    const officerB = await openSse(`${url}/api/v1/escalations/stream?access_token=${await p.tokenFor('district_officer', DISTRICT_B)}`);
    streams.push(officerB);
    const city = await stream(url, 'city_officer', '440100');
    for (const s of [officerA, officerB, city]) {
      expect(s.status).toBe(200);
      expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(s.headers.get('cache-control')).toMatch(/no-store/);
    }

    const [caseA, caseB] = await Promise.all([openCaseIn(STREET_A1), openCaseIn(STREET_B1)]);
    const [escA, escB] = await Promise.all([escalationOf(caseA.caseId), escalationOf(caseB.caseId)]);

    await officerA.waitFor((ev) => of(ev, escA.escalationId, 'escalation.new').length === 1);
    await officerB.waitFor((ev) => of(ev, escB.escalationId, 'escalation.new').length === 1);
    await city.waitFor(
      (ev) => of(ev, escA.escalationId, 'escalation.new').length === 1 && of(ev, escB.escalationId, 'escalation.new').length === 1,
    );

    const newA = of(officerA.events, escA.escalationId, 'escalation.new')[0];
    expect(newA.id).toMatch(/^\d+$/);
    expect(newA.json).toEqual({
      escalationId: escA.escalationId,
      caseId: caseA.caseId,
      level: 'district',
      status: 'open',
      clock: 'accept',
      dueAt: escA.dueAt.toISOString(),
      escalatedAt: escA.escalatedAt.toISOString(),
      districtCode: DISTRICT_A,
      streetCode: STREET_A1,
      stage: 'reported',
    });
    // Four seconds on, the case is raised to the city, and the stream says so.
    await officerA.waitFor((ev) => of(ev, escA.escalationId, 'escalation.raised').length === 1, 20_000);
    expect(of(officerA.events, escA.escalationId, 'escalation.raised')[0].json).toMatchObject({
      level: 'city',
      raisedToCityAt: expect.any(String),
    });

    // Nothing of the other district, ever; the ids only grow.
    expect(officerA.events.every((e) => e.json.districtCode === DISTRICT_A)).toBe(true);
    expect(officerB.events.every((e) => e.json.districtCode === DISTRICT_B)).toBe(true);
    expect(of(officerA.events, escB.escalationId)).toHaveLength(0);
    expect(of(officerB.events, escA.escalationId)).toHaveLength(0);
    const idsA = officerA.events.map((e) => BigInt(e.id!));
    expect(idsA).toEqual([...idsA].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    // A replay of the whole feed keeps to the district as well.
    const replay = await stream(url, 'district_officer', DISTRICT_A, '?since=0');
    await replay.waitFor((ev) => of(ev, escA.escalationId, 'escalation.raised').length === 1);
    expect(replay.events.length).toBeGreaterThanOrEqual(2);
    expect(replay.events.every((e) => e.json.districtCode === DISTRICT_A)).toBe(true);
    const feedRows = await p.prisma.escalationFeed.findMany({
      where: { districtCode: DISTRICT_A, id: { lte: BigInt(replay.events.at(-1)!.id!) } },
      orderBy: { id: 'asc' },
    });
    expect(replay.events.map((e) => e.id)).toEqual(feedRows.map((r) => String(r.id)));
  });

  it('replays what a client missed after it reconnects with Last-Event-ID, from another API instance, without repeats', async () => {
    const first = await listen();
    const second = await listen();
    const live = await stream(first.url, 'district_officer', DISTRICT_A, `?streetCode=${STREET_A2}`);
    const x = await openCaseIn(STREET_A2);
    const escX = await escalationOf(x.caseId);
    await live.waitFor((ev) => of(ev, escX.escalationId, 'escalation.new').length === 1);
    const lastSeen = live.events.at(-1)!.id!;
    live.close();

    // While the client is away: X is accepted (its escalation resolves) and Y escalates.
    await act(p, x, { type: 'accept' }, actor('caseworker', STREET_A2));
    const y = await openCaseIn(STREET_A2);
    const escY = await escalationOf(y.caseId);
    await escalationOf(x.caseId, 'resolved');

    const resumed = await stream(second.url, 'district_officer', DISTRICT_A, `?streetCode=${STREET_A2}`, { 'Last-Event-ID': lastSeen });
    await resumed.waitFor(
      (ev) => of(ev, escX.escalationId, 'escalation.resolved').length === 1 && of(ev, escY.escalationId, 'escalation.new').length === 1,
    );
    expect(resumed.events.every((e) => BigInt(e.id!) > BigInt(lastSeen))).toBe(true);
    expect(of(resumed.events, escX.escalationId, 'escalation.new')).toHaveLength(0);
    const resolved = of(resumed.events, escX.escalationId, 'escalation.resolved')[0];
    expect(resolved.json).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String), timeToResolveMs: expect.any(Number) });
    expect(resolved.json.timeToResolveMs).toBe(
      Date.parse(resolved.json.resolvedAt as string) - Date.parse(resolved.json.escalatedAt as string),
    );
    // Exactly the feed rows after the last id seen, in order: the database is the memory.
    const upTo = BigInt(resumed.events.at(-1)!.id!);
    const rows = await p.prisma.escalationFeed.findMany({
      where: { streetCode: STREET_A2, id: { gt: BigInt(lastSeen), lte: upTo } },
      orderBy: { id: 'asc' },
    });
    expect(resumed.events.map((e) => e.id)).toEqual(rows.map((r) => String(r.id)));

    // The query parameter does the same for clients that cannot send the header.
    const viaQuery = await stream(first.url, 'district_officer', DISTRICT_A, `?streetCode=${STREET_A2}&lastEventId=${lastSeen}`);
    await viaQuery.waitFor((ev) => ev.length >= resumed.events.length);
    expect(viaQuery.events.slice(0, resumed.events.length).map((e) => e.id)).toEqual(resumed.events.map((e) => e.id));
  });

  it('starts from now without Last-Event-ID, suggests a retry delay and sends heartbeats', async () => {
    const { url } = await listen({ heartbeatMs: 300 });
    const s = await stream(url, 'street_supervisor', STREET_A1);
    await s.waitFor(() => (s.raw().match(/: heartbeat/g) ?? []).length >= 2, 5000);
    expect(s.raw()).toMatch(/^retry: \d+\n/);
    // Everything raised in this file earlier is history: a fresh stream does not repeat it.
    expect(s.events).toHaveLength(0);
  });

  it('refuses report-only roles, missing tokens and malformed Last-Event-ID before streaming', async () => {
    const { url } = await listen();
    const hotline = await fetch(`${url}/api/v1/escalations/stream`, {
      headers: { Authorization: `Bearer ${await p.tokenFor('hotline', '440100')}` },
    });
    expect(hotline.status).toBe(403);
    expect(((await hotline.json()) as { code: string }).code).toBe('ROLE_NOT_ALLOWED');
    expect((await fetch(`${url}/api/v1/escalations/stream`)).status).toBe(401);
    expect((await fetch(`${url}/api/v1/escalations/stream?access_token=forged.token.value`)).status).toBe(401);
    const bad = await fetch(`${url}/api/v1/escalations/stream`, {
      headers: { Authorization: `Bearer ${await p.tokenFor('city_officer', '440100')}`, 'Last-Event-ID': 'yesterday' },
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0].path).toBe('Last-Event-ID');
    // Found by npm run test:schemathesis (ST201): an empty header does not match ^[0-9]{1,18}$ either.
    const empty = await fetch(`${url}/api/v1/escalations/stream`, {
      headers: { Authorization: `Bearer ${await p.tokenFor('city_officer', '440100')}`, 'Last-Event-ID': '' },
    });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { errors: { path: string }[] }).errors[0].path).toBe('Last-Event-ID');
  });

  it('ends streams when the client goes away and when the server shuts down, so nothing holds the process', async () => {
    const { url, server } = await listen({ pollMs: 50 });
    const leaving = await stream(url, 'city_officer', '440100');
    await leaving.waitFor(() => leaving.raw().length > 0, 5000);
    leaving.close();
    await eventually(
      async () => ((await new Promise<number>((r) => server.getConnections((_e, n) => r(n)))) === 0 ? true : undefined),
      5000,
      50,
    );

    const staying = await stream(url, 'city_officer', '440100');
    await staying.waitFor(() => staying.raw().length > 0, 5000);
    const started = Date.now();
    // close() alone: no closeAllConnections. The callback only runs once every connection has ended.
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    expect(Date.now() - started).toBeLessThan(5000);
    await staying.ended;
  });
});
