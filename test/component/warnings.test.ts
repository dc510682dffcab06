// Component tests of the warnings API and the warning verification clock (DESIGN.md §8) against the real
// stack: lists and reads scoped like cases; verification with each outcome through the real case
// workflow (open-case: a case in verifying accepted by the caller; watch: monitoring; dismiss: a note);
// a retried verification that opens no second case; and the clock: a warning not verified in time
// escalates to the district once, shows in GET /escalations and the stream, is raised to the city, and
// verifying it resolves the escalation. No personal data in clear in the rows or the clock's history.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload } from '@temporalio/common';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { Prisma } from '../../generated/prisma/client';
import type { Role } from '../../domain/case-types';
import { warningEscalationId } from '../../domain/warnings';
import { warningVerifiedSignal, warningWorkflowId } from '../../workflows/warning-definitions';
import { eventually } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';
import { openSse, type SseConnection } from '../support/sse-client';
import { raiseWarning, registerPerson, type TestPerson } from '../support/warnings';

let p: TestPlatform;
// Nansha (440115) belongs to this file; Panyu (440113) is the district that must see none of it.
const DISTRICT = '440115';
const STREET_A = '440115001';
const STREET_B = '440115002';
const OTHER_DISTRICT = '440113';
const CASEWORKER_A = 'cw-440115001';
const silent = pino({ level: 'silent' });

const servers: Server[] = [];
const streams: SseConnection[] = [];

const token = (role: Role, jurisdiction: string) => p.tokenFor(role, jurisdiction);
const get = async (path: string, role: Role, jurisdiction: string) =>
  request(p.app)
    .get(path)
    .set('Authorization', `Bearer ${await token(role, jurisdiction)}`);
const verify = async (
  warningId: string,
  body: Record<string, unknown>,
  role: Role = 'caseworker',
  jurisdiction = STREET_A,
  key?: string,
) => {
  const req = request(p.app)
    .post(`/api/v1/warnings/${warningId}/actions`)
    .set('Authorization', `Bearer ${await token(role, jurisdiction)}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send({ type: 'verify', ...body });
};
const ids = (res: request.Response) => (res.body.items as { warningId: string }[]).map((w) => w.warningId);

async function listen(): Promise<string> {
  const app = createApp({
    prisma: p.prisma,
    temporal: p.client,
    config: p.config,
    policy: p.policy,
    pii: p.pii,
    logger: silent,
    escalationStream: { pollMs: 100, settleMs: 300, heartbeatMs: 15_000 },
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Every payload of a history, decoded with the platform's codec (what the workflow really received). */
async function decodedHistory(workflowId: string): Promise<string> {
  const history = await p.client.workflow.getHandle(workflowId).fetchHistory();
  const payloads: Payload[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.metadata && o.data instanceof Uint8Array) payloads.push(o);
      else Object.values(o).forEach(walk);
    }
  };
  walk(history.events);
  const codec = p.dataConverter.payloadCodecs![0];
  const decoded = await codec.decode(payloads);
  return decoded.map((d) => Buffer.from(d.data ?? []).toString('utf8')).join('\n');
}

beforeAll(async () => {
  p = await startTestPlatform();
});

afterAll(async () => {
  for (const s of streams) s.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  await p?.stop();
});

describe('GET /api/v1/warnings and /warnings/{warningId}', () => {
  let a: TestPerson;
  let inA: string;
  let redInA: string;
  let inB: string;

  beforeAll(async () => {
    a = await registerPerson(p, STREET_A, '梁一');
    const b = await registerPerson(p, STREET_B, '梁二');
    inA = (await raiseWarning(p, a, { level: 'orange' })).warningId;
    redInA = (await raiseWarning(p, await registerPerson(p, STREET_A), { level: 'red', ruleId: 'disaster_loss' })).warningId;
    inB = (await raiseWarning(p, b)).warningId;
  });

  it("shows a street's staff their street, a district officer the district and the city officer everything", async () => {
    const street = await get('/api/v1/warnings', 'caseworker', STREET_A);
    expect(street.status).toBe(200);
    expect(ids(street)).toEqual(expect.arrayContaining([inA, redInA]));
    expect(ids(street)).not.toContain(inB);
    expect(new Set((street.body.items as { streetCode: string }[]).map((w) => w.streetCode))).toEqual(new Set([STREET_A]));

    const district = await get('/api/v1/warnings?limit=200', 'district_officer', DISTRICT);
    expect(ids(district)).toEqual(expect.arrayContaining([inA, redInA, inB]));
    expect(ids(await get('/api/v1/warnings?limit=200', 'district_officer', OTHER_DISTRICT))).not.toEqual(expect.arrayContaining([inA]));
    expect(ids(await get(`/api/v1/warnings?streetCode=${STREET_B}`, 'city_officer', '440100'))).toContain(inB);
  });

  it('filters by level, status and street, newest first, page by page', async () => {
    const red = await get(`/api/v1/warnings?level=red&districtCode=${DISTRICT}`, 'district_officer', DISTRICT);
    expect(ids(red)).toContain(redInA);
    expect(ids(red)).not.toContain(inA);
    expect(ids(await get(`/api/v1/warnings?status=dismissed`, 'caseworker', STREET_A))).not.toContain(inA);
    const onlyB = await get(`/api/v1/warnings?streetCode=${STREET_B}`, 'district_officer', DISTRICT);
    expect(ids(onlyB)).toContain(inB);
    expect(ids(onlyB)).not.toContain(inA);

    const first = await get('/api/v1/warnings?limit=1', 'caseworker', STREET_A);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`/api/v1/warnings?limit=1&cursor=${first.body.nextCursor}`, 'caseworker', STREET_A);
    expect(second.body.items).toHaveLength(1);
    expect(ids(second)[0]).not.toBe(ids(first)[0]);
    expect(Date.parse(second.body.items[0].raisedAt)).toBeLessThanOrEqual(Date.parse(first.body.items[0].raisedAt));
    const bad = await get('/api/v1/warnings?level=purple', 'caseworker', STREET_A);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('level');
  });

  it('answers one warning with its reasons decrypted and the person masked, and logs the read', async () => {
    const res = await get(`/api/v1/warnings/${inA}`, 'caseworker', STREET_A);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      warningId: inA,
      personId: a.personId,
      streetCode: STREET_A,
      districtCode: DISTRICT,
      level: 'orange',
      ruleId: 'medical_expense',
      status: 'open',
      escalationLevel: 0,
      reasons: [{ kind: 'medical_expense', source: 'medical_insurance', occurredAt: '2026-11-03', amount: 12_345.5 }],
      subject: { name: '梁一', idNumberMasked: `${a.idNumber.slice(0, 6)}********${a.idNumber.slice(-4)}` },
    });
    expect(res.body.caseId).toBeUndefined();
    const logged = await p.prisma.accessLog.findMany({ where: { subjectRef: inA, kind: 'warning', userId: CASEWORKER_A } });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ personId: a.personId, districtCode: DISTRICT, route: 'GET /api/v1/warnings/{warningId}' });
  });

  it("answers 404 for another street's warning and an unknown one, and 403 to report-only roles", async () => {
    expect((await get(`/api/v1/warnings/${inB}`, 'caseworker', STREET_A)).status).toBe(404);
    const other = await get(`/api/v1/warnings/${inA}`, 'district_officer', OTHER_DISTRICT);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('WARNING_NOT_FOUND');
    expect((await get('/api/v1/warnings/w-unknown', 'city_officer', '440100')).body.code).toBe('WARNING_NOT_FOUND');
    for (const role of ['department', 'hotline'] as const) {
      expect((await get('/api/v1/warnings', role, '440100')).status).toBe(403);
      expect((await get(`/api/v1/warnings/${inA}`, role, '440100')).status).toBe(403);
    }
    expect(await p.prisma.accessLog.count({ where: { subjectRef: inB } })).toBe(0);
  });
});

describe('POST /api/v1/warnings/{warningId}/actions (verify)', () => {
  const caseFile = async (caseId: string) => (await get(`/api/v1/cases/${caseId}`, 'caseworker', STREET_A)).body;

  it('open-case opens the household’s case accepted by the caller (verifying) and links it; a second warning attaches to it', async () => {
    const person = await registerPerson(p, STREET_A);
    const first = await raiseWarning(p, person);
    const res = await verify(first.warningId, { outcome: 'open-case', note: '入户核实：自付医疗费用属实' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ warningId: first.warningId, status: 'verified', outcome: 'open-case', verifiedBy: CASEWORKER_A });
    expect(res.body.note).toBe('入户核实：自付医疗费用属实');
    const caseId = res.body.caseId as string;
    expect(caseId).toEqual(expect.any(String));
    const file = await eventually(async () => {
      const f = await caseFile(caseId);
      return f.stage === 'verifying' ? f : undefined;
    });
    expect(file).toMatchObject({ caseId, stage: 'verifying', streetCode: STREET_A, assigneeId: CASEWORKER_A });
    expect(file.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['reported', 'accept']));

    // The note is stored encrypted, never in clear.
    const row = await p.prisma.warning.findUniqueOrThrow({ where: { warningId: first.warningId } });
    expect(row.noteEnc).not.toContain('入户');
    expect(p.pii.decrypt(row.noteEnc!)).toBe('入户核实：自付医疗费用属实');

    const second = await raiseWarning(p, person, { ruleId: 'utility_arrears', level: 'yellow' });
    const again = await verify(second.warningId, { outcome: 'open-case' }, 'street_supervisor', STREET_A);
    expect(again.status).toBe(200);
    expect(again.body.caseId).toBe(caseId);
    expect(await p.prisma.case.count({ where: { personId: person.personId } })).toBe(1);
  });

  it('watch puts the case on the watch list (monitoring)', async () => {
    const w = await raiseWarning(p, await registerPerson(p, STREET_A));
    const res = await verify(w.warningId, { outcome: 'watch' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'verified', outcome: 'watch' });
    const file = await eventually(async () => {
      const f = await caseFile(res.body.caseId);
      return f.stage === 'monitoring' ? f : undefined;
    });
    expect(file.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['accept', 'complete-verification']));
  });

  it('dismiss needs a note: without one 422 naming note and nothing changes; with one the warning is dismissed', async () => {
    const w = await raiseWarning(p, await registerPerson(p, STREET_A));
    const refused = await verify(w.warningId, { outcome: 'dismiss' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'note', message: expect.stringContaining('required') }]);
    const badOutcome = await verify(w.warningId, { outcome: 'ignore' });
    expect(badOutcome.status).toBe(422);
    expect(badOutcome.body.errors[0].path).toBe('outcome');
    const badType = await request(p.app)
      .post(`/api/v1/warnings/${w.warningId}/actions`)
      .set('Authorization', `Bearer ${await token('caseworker', STREET_A)}`)
      .send({ type: 'close' });
    expect(badType.status).toBe(422);
    expect(badType.body.errors[0].path).toBe('type');
    expect(await p.prisma.warning.findUniqueOrThrow({ where: { warningId: w.warningId } })).toMatchObject({
      status: 'open',
      outcome: null,
      verifiedAt: null,
      noteEnc: null,
    });

    const res = await verify(w.warningId, { outcome: 'dismiss', note: '已迁出本街道' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'dismissed', outcome: 'dismiss', note: '已迁出本街道' });
    expect(res.body.caseId).toBeUndefined();
    expect(await p.prisma.case.count({ where: { personId: w.personId } })).toBe(0);
  });

  it('a warning verified already answers 409 WARNING_NOT_OPEN', async () => {
    const w = await raiseWarning(p, await registerPerson(p, STREET_A));
    expect((await verify(w.warningId, { outcome: 'dismiss', note: '重复数据' })).status).toBe(200);
    const twice = await verify(w.warningId, { outcome: 'open-case' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('WARNING_NOT_OPEN');
    expect(await p.prisma.case.count({ where: { personId: w.personId } })).toBe(0);
  });

  it('only the street’s caseworkers and supervisors verify: a district officer 403, another street 404', async () => {
    const w = await raiseWarning(p, await registerPerson(p, STREET_A));
    const officer = await verify(w.warningId, { outcome: 'dismiss', note: '核查' }, 'district_officer', DISTRICT);
    expect(officer.status).toBe(403);
    expect(officer.body.code).toBe('ROLE_NOT_ALLOWED');
    expect((await verify(w.warningId, { outcome: 'dismiss', note: '核查' }, 'caseworker', STREET_B)).status).toBe(404);
    expect((await verify(w.warningId, { outcome: 'dismiss', note: '核查' }, 'department', '440100')).status).toBe(403);
    expect((await p.prisma.warning.findUniqueOrThrow({ where: { warningId: w.warningId } })).status).toBe('open');
  });

  it('a retried verification opens no second case: the same Idempotency-Key replays, a crash before the record repeats the case steps harmlessly', async () => {
    const w = await raiseWarning(p, await registerPerson(p, STREET_A));
    const first = await verify(w.warningId, { outcome: 'open-case' }, 'caseworker', STREET_A, 'verify-once');
    const replay = await verify(w.warningId, { outcome: 'open-case' }, 'caseworker', STREET_A, 'verify-once');
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.caseId).toBe(first.body.caseId);
    // As if the first attempt died after its UPDATE, before the key's answer was stored: the same key succeeds again.
    await p.prisma.idempotencyRecord.updateMany({
      where: { callerId: CASEWORKER_A, key: `warning:${w.warningId}:verify-once` },
      data: { status: null, response: Prisma.DbNull },
    });
    const unanswered = await verify(w.warningId, { outcome: 'open-case' }, 'caseworker', STREET_A, 'verify-once');
    expect(unanswered.status).toBe(200);
    expect(unanswered.body.caseId).toBe(first.body.caseId);
    // Without a key it is a second verification of a verified warning.
    expect((await verify(w.warningId, { outcome: 'open-case' })).status).toBe(409);

    // As if the API died after the case steps and before its UPDATE: the row is open again, the case exists.
    await p.prisma.warning.update({
      where: { warningId: w.warningId },
      data: { status: 'open', outcome: null, caseId: null, verifiedAt: null, verifiedBy: null },
    });
    const retried = await verify(w.warningId, { outcome: 'open-case' });
    expect(retried.status).toBe(200);
    expect(retried.body.caseId).toBe(first.body.caseId);
    expect(await p.prisma.case.count({ where: { personId: w.personId } })).toBe(1);
    const file = await caseFile(first.body.caseId);
    expect(file.events.filter((e: { type: string }) => e.type === 'accept')).toHaveLength(1);
  });
});

describe('the warningVerify clock', () => {
  it('a warning unverified at verifyDueAt escalates to the district once, shows in the list and the stream, is raised to the city, and verifying resolves it', async () => {
    const base = await listen();
    const district = await openSse(`${base}/api/v1/escalations/stream`, {
      Authorization: `Bearer ${await token('district_officer', DISTRICT)}`,
    });
    streams.push(district);
    const person = await registerPerson(p, STREET_B, '欧阳测试');
    const now = Date.now();
    const w = await raiseWarning(p, person, { verifyDueAt: new Date(now + 3_000), cityDueAt: new Date(now + 9_000) });
    const escalationId = warningEscalationId(w.warningId);

    const escalated = await eventually(async () => (await p.prisma.escalation.findUnique({ where: { escalationId } })) ?? undefined);
    expect(escalated).toMatchObject({
      caseId: null,
      warningId: w.warningId,
      clock: 'warningVerify',
      level: 1,
      status: 'open',
      stage: null,
    });
    expect(escalated.streetCode).toBe(STREET_B);
    expect(escalated.dueAt.toISOString()).toBe(w.clock.verifyDueAt);
    expect(escalated.escalatedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(w.clock.verifyDueAt));

    const listed = await get(`/api/v1/escalations?clock=warningVerify&districtCode=${DISTRICT}`, 'district_officer', DISTRICT);
    expect(listed.status).toBe(200);
    const item = (listed.body.items as Record<string, unknown>[]).find((e) => e.escalationId === escalationId);
    expect(item).toMatchObject({ warningId: w.warningId, clock: 'warningVerify', level: 'district', status: 'open', streetCode: STREET_B });
    expect(item).not.toHaveProperty('caseId');
    expect(item).not.toHaveProperty('stage');
    expect(ids(await get(`/api/v1/escalations?clock=warningVerify`, 'district_officer', OTHER_DISTRICT))).toEqual([]);
    expect((await get(`/api/v1/warnings/${w.warningId}`, 'district_officer', DISTRICT)).body.escalationLevel).toBe(1);

    const [news] = await district.waitFor((events) =>
      events.some((e) => e.type === 'escalation.new' && e.json.escalationId === escalationId),
    );
    expect(news).toBeDefined();
    const streamed = district.events.find((e) => e.type === 'escalation.new' && e.json.escalationId === escalationId)!;
    expect(streamed.json).toMatchObject({ warningId: w.warningId, clock: 'warningVerify', level: 'district' });
    expect(streamed.json).not.toHaveProperty('caseId');

    const told = await eventually(async () => {
      const rows = await p.prisma.notification.findMany({ where: { recipientId: `do-${DISTRICT}`, kind: 'escalation', caseId: null } });
      const mine = rows.filter((r) => (r.payload as { warningId?: string }).warningId === w.warningId);
      return mine.length > 0 ? mine : undefined;
    });
    expect(told).toHaveLength(1);
    expect(told[0].payload).toMatchObject({ escalationId, clock: 'warningVerify', title: expect.stringContaining('预警核查') });

    const raised = await eventually(async () => {
      const e = await p.prisma.escalation.findUnique({ where: { escalationId } });
      return e && e.level === 2 ? e : undefined;
    }, 30_000);
    expect(raised.raisedToCityAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(w.clock.cityDueAt));
    const city = await get(`/api/v1/escalations?clock=warningVerify&level=city`, 'city_officer', '440100');
    expect((city.body.items as { escalationId: string }[]).map((e) => e.escalationId)).toContain(escalationId);
    expect(await p.prisma.escalation.count({ where: { warningId: w.warningId } })).toBe(1);
    expect((await p.prisma.escalationFeed.findMany({ where: { escalationId } })).map((f) => f.kind).sort()).toEqual(['new', 'raised']);
    await eventually(async () =>
      (await p.prisma.notification.count({ where: { recipientId: 'co-440100', kind: 'escalation-raised', caseId: null } })) > 0
        ? true
        : undefined,
    );

    const res = await verify(w.warningId, { outcome: 'dismiss', note: '核查属实，已另行救助' }, 'street_supervisor', STREET_B);
    expect(res.status).toBe(200);
    await p.client.workflow.getHandle(warningWorkflowId(w.warningId)).result();
    const resolved = await p.prisma.escalation.findUniqueOrThrow({ where: { escalationId } });
    expect(resolved).toMatchObject({ status: 'resolved', level: 2 });
    expect(resolved.resolvedAt!.toISOString()).toBe(res.body.verifiedAt);
    expect(Number(resolved.timeToResolveMs)).toBe(resolved.resolvedAt!.getTime() - resolved.escalatedAt.getTime());
    await district.waitFor((events) => events.some((e) => e.type === 'escalation.resolved' && e.json.escalationId === escalationId));
    expect(
      (await get(`/api/v1/escalations?clock=warningVerify&status=resolved`, 'district_officer', DISTRICT)).body.items.map(
        (e: { escalationId: string }) => e.escalationId,
      ),
    ).toContain(escalationId);

    // No personal data in clear: not in the escalation rows, the feed, the notifications or the clock's history.
    const personal = [person.name, person.idNumber, '12345.5', '核查属实'];
    const rows = JSON.stringify(
      {
        warning: await p.prisma.warning.findUniqueOrThrow({ where: { warningId: w.warningId } }),
        reasons: await p.prisma.warningReason.findMany({ where: { warningId: w.warningId } }),
        escalation: resolved,
        feed: await p.prisma.escalationFeed.findMany({ where: { escalationId } }),
        notifications: await p.prisma.notification.findMany({
          where: { caseId: null, payload: { path: ['warningId'], equals: w.warningId } },
        }),
      },
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    );
    for (const value of personal) expect(rows).not.toContain(value);
    const history = await decodedHistory(warningWorkflowId(w.warningId));
    expect(history).toContain(w.warningId);
    for (const value of personal) expect(history).not.toContain(value);
  });

  it('a warning verified in time never escalates, and its clock ends at the signal', async () => {
    const w = await raiseWarning(p, await registerPerson(p, STREET_A), { verifyDueAt: new Date(Date.now() + 60_000) });
    expect((await verify(w.warningId, { outcome: 'dismiss', note: '不属实' })).status).toBe(200);
    await p.client.workflow.getHandle(warningWorkflowId(w.warningId)).result();
    expect(await p.prisma.escalation.count({ where: { warningId: w.warningId } })).toBe(0);
  });

  it('a verification whose signal was lost still wins: at the deadline the clock finds the row verified and escalates nothing', async () => {
    const w = await raiseWarning(p, await registerPerson(p, STREET_A), { verifyDueAt: new Date(Date.now() + 2_000) });
    // What the API commits; the signal never comes.
    await p.prisma.warning.update({
      where: { warningId: w.warningId },
      data: { status: 'dismissed', outcome: 'dismiss', verifiedAt: new Date(), verifiedBy: CASEWORKER_A },
    });
    await p.client.workflow.getHandle(warningWorkflowId(w.warningId)).result();
    expect(await p.prisma.escalation.count({ where: { warningId: w.warningId } })).toBe(0);
  });

  it('a signal the row does not confirm changes nothing: the clock keeps waiting for its deadline', async () => {
    const w = await raiseWarning(p, await registerPerson(p, STREET_A), { verifyDueAt: new Date(Date.now() + 3_000) });
    const handle = p.client.workflow.getHandle(warningWorkflowId(w.warningId));
    await handle.signal(warningVerifiedSignal);
    const escalated = await eventually(
      async () => (await p.prisma.escalation.findUnique({ where: { escalationId: warningEscalationId(w.warningId) } })) ?? undefined,
    );
    expect(escalated.status).toBe('open');
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect((await verify(w.warningId, { outcome: 'dismiss', note: '核查' })).status).toBe(200);
    await handle.result();
    expect((await p.prisma.escalation.findUniqueOrThrow({ where: { escalationId: warningEscalationId(w.warningId) } })).status).toBe(
      'resolved',
    );
  });
});
