// Component tests of the case endpoints (GET /cases, GET /cases/{id}, POST /cases/{id}/actions)
// against the real stack: the authorization matrix (role × in/out of scope × read/list/act, where no
// out-of-scope case is ever returned or changed), case files, action outcomes mapped to HTTP,
// idempotent actions, closing and reopening, and list filters with cursor pagination.
import request from 'supertest';
import type { Role } from '../../domain/case-types';
import { makeIdNumber } from '../../domain/ids';
import { startTestPlatform, type TestPlatform } from '../support/harness';

let p: TestPlatform;

// Yuexiu and Haizhu streets belong to this file's cases; list tests use Panyu's 小谷围 on its own.
const STREET_A = '440104001';
const STREET_B = '440104002';
const STREET_C = '440105001';
const LIST_STREET = '440113004';

const token = (role: Role, jurisdiction: string) => p.tokenFor(role, jurisdiction);

const rand = (n: number) => Math.floor(Math.random() * n);
const pad = (v: number, width: number) => String(v).padStart(width, '0');
function newIdNumber(): string {
  return makeIdNumber('440104', `${1940 + rand(60)}${pad(1 + rand(12), 2)}${pad(1 + rand(28), 2)}`, pad(rand(1000), 3));
}

async function openCase(streetCode: string, idNumber = newIdNumber(), phone = '13912345678'): Promise<string> {
  const res = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${await token('hotline', '440100')}`)
    .send({
      channel: 'hotline',
      subject: { idNumber, name: '黄伯', phone, streetCode, address: '北京路1号' },
      situation: { summary: 'elderly man living alone after a stroke' },
    });
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}

const get = async (path: string, role: Role, jurisdiction: string) =>
  request(p.app)
    .get(path)
    .set('Authorization', `Bearer ${await token(role, jurisdiction)}`);
const act = async (caseId: string, role: Role, jurisdiction: string, action: Record<string, unknown>, key?: string) => {
  const req = request(p.app)
    .post(`/api/v1/cases/${caseId}/actions`)
    .set('Authorization', `Bearer ${await token(role, jurisdiction)}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(action);
};

async function caseRow(caseId: string) {
  return p.prisma.case.findUnique({ where: { caseId } });
}

async function waitForWorkflowToComplete(workflowId: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const d = await p.client.workflow.getHandle(workflowId).describe();
    if (d.status.name !== 'RUNNING') return;
    if (Date.now() > deadline) throw new Error(`workflow ${workflowId} still running`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  p = await startTestPlatform();
});

afterAll(async () => {
  await p?.stop();
});

describe('authorization matrix', () => {
  let caseA: string; // 440104001 (Yuexiu, Beijing Jie)
  let caseB: string; // 440104002 (Yuexiu, Renmin Jie)
  let caseC: string; // 440105001 (Haizhu)

  beforeAll(async () => {
    [caseA, caseB, caseC] = await Promise.all([openCase(STREET_A), openCase(STREET_B), openCase(STREET_C)]);
  });

  // Who sees what: street roles their street, the district officer the district, the city officer all.
  const readers: { role: Role; jurisdiction: string; sees: ('A' | 'B' | 'C')[] }[] = [
    { role: 'caseworker', jurisdiction: STREET_A, sees: ['A'] },
    { role: 'street_supervisor', jurisdiction: STREET_A, sees: ['A'] },
    { role: 'street_supervisor', jurisdiction: STREET_B, sees: ['B'] },
    { role: 'district_officer', jurisdiction: '440104', sees: ['A', 'B'] },
    { role: 'district_officer', jurisdiction: '440105', sees: ['C'] },
    { role: 'city_officer', jurisdiction: '440100', sees: ['A', 'B', 'C'] },
  ];
  const ids = () => ({ A: caseA, B: caseB, C: caseC });

  it.each(readers)(
    '$role@$jurisdiction reads exactly the cases in its jurisdiction; the others are 404',
    async ({ role, jurisdiction, sees }) => {
      for (const [name, caseId] of Object.entries(ids())) {
        const res = await get(`/api/v1/cases/${caseId}`, role, jurisdiction);
        if (sees.includes(name as 'A')) {
          expect(res.status).toBe(200);
          expect(res.body.caseId).toBe(caseId);
        } else {
          expect(res.status).toBe(404);
          expect(res.body).toMatchObject({ code: 'CASE_NOT_FOUND', detail: `case ${caseId} was not found` });
          expect(JSON.stringify(res.body)).not.toMatch(/stage|streetCode/);
        }
      }
    },
  );

  it.each(readers)('$role@$jurisdiction lists only in-scope cases', async ({ role, jurisdiction, sees }) => {
    for (const street of [STREET_A, STREET_B, STREET_C]) {
      const res = await get(`/api/v1/cases?streetCode=${street}&limit=200`, role, jurisdiction);
      expect(res.status).toBe(200);
      const items = res.body.items as { caseId: string; streetCode: string; districtCode: string }[];
      for (const item of items) {
        if (jurisdiction.length === 9) expect(item.streetCode).toBe(jurisdiction);
        if (jurisdiction.length === 6 && jurisdiction !== '440100') expect(item.districtCode).toBe(jurisdiction);
      }
    }
    // Without filters, too: nothing outside the jurisdiction, ever, on any page.
    let cursor: string | undefined;
    let seen = 0;
    do {
      const res = await get(`/api/v1/cases?limit=200${cursor ? `&cursor=${cursor}` : ''}`, role, jurisdiction);
      expect(res.status).toBe(200);
      for (const item of res.body.items as { streetCode: string }[]) {
        expect(item.streetCode.startsWith(jurisdiction === '440100' ? '4401' : jurisdiction)).toBe(true);
      }
      seen += res.body.items.length;
      cursor = res.body.nextCursor;
    } while (cursor && seen < 5000);
    const listed = new Set<string>();
    for (const street of [STREET_A, STREET_B, STREET_C]) {
      const res = await get(`/api/v1/cases?streetCode=${street}&limit=200`, role, jurisdiction);
      for (const item of res.body.items as { caseId: string }[]) listed.add(item.caseId);
    }
    for (const [name, caseId] of Object.entries(ids())) expect(listed.has(caseId)).toBe(sees.includes(name as 'A'));
  });

  it.each(readers)(
    '$role@$jurisdiction acts only on in-scope cases; out-of-scope cases are 404 and unchanged',
    async ({ role, jurisdiction, sees }) => {
      for (const [name, caseId] of Object.entries(ids())) {
        const before = await caseRow(caseId);
        // The assignee is the case's own street caseworker: any other is refused with 422 (authz.test.ts).
        const street = { A: STREET_A, B: STREET_B, C: STREET_C }[name as 'A' | 'B' | 'C'];
        const res = await act(caseId, role, jurisdiction, { type: 'assign', assigneeId: `cw-${street}` });
        if (sees.includes(name as 'A')) {
          // assign is for supervisors and officers; a caseworker in scope is refused by role, not scope.
          expect(res.status).toBe(role === 'caseworker' ? 403 : 200);
        } else {
          expect(res.status).toBe(404);
          const after = await caseRow(caseId);
          expect(after!.version).toBe(before!.version);
          expect(after!.assigneeId).toBe(before!.assigneeId);
        }
      }
    },
  );

  it.each([
    ['hotline', '440100'],
    ['department', '440100'],
    ['reporter', STREET_A],
  ] as [Role, string][])('%s may not read, list or act on cases (403), even in its jurisdiction', async (role, jurisdiction) => {
    const read = await get(`/api/v1/cases/${caseA}`, role, jurisdiction);
    const list = await get('/api/v1/cases', role, jurisdiction);
    const action = await act(caseA, role, jurisdiction, { type: 'accept' });
    for (const res of [read, list, action]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
    }
    expect((await caseRow(caseA))!.stage).toBe('reported');
  });

  it('writes every denial to the access audit, without personal data', async () => {
    const res = await get(`/api/v1/cases/${caseC}`, 'caseworker', STREET_A);
    expect(res.status).toBe(404);
    const rows = await p.prisma.accessAudit.findMany({ where: { path: `/api/v1/cases/${caseC}`, userId: 'cw-440104001' } });
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({ role: 'caseworker', method: 'GET', status: 404, reason: expect.stringMatching(/jurisdiction/) });
    const reporterDenied = await p.prisma.accessAudit.findFirst({ where: { userId: 'rp-440104001', status: 403 } });
    expect(reporterDenied).not.toBeNull();
    const all = JSON.stringify(await p.prisma.accessAudit.findMany({ take: 500, orderBy: { id: 'desc' } }), (_k, v) =>
      typeof v === 'bigint' ? String(v) : v,
    );
    expect(all).not.toMatch(/黄伯|13912345678|北京路/);
  });

  it('an unknown case is the same 404 as an out-of-scope one, and is not audited', async () => {
    const res = await get('/api/v1/cases/c-does-not-exist', 'city_officer', '440100');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CASE_NOT_FOUND');
    expect(await p.prisma.accessAudit.count({ where: { path: '/api/v1/cases/c-does-not-exist' } })).toBe(0);
  });
});

describe('GET /api/v1/cases/{caseId}', () => {
  it('answers the case file: view, full audit trail, escalations and the masked subject', async () => {
    const idNumber = newIdNumber();
    const caseId = await openCase(STREET_A, idNumber, '020-83331234');
    await act(caseId, 'caseworker', STREET_A, { type: 'accept' });
    const res = await get(`/api/v1/cases/${caseId}`, 'caseworker', STREET_A);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      caseId,
      stage: 'verifying',
      urgency: 'normal',
      districtCode: '440104',
      streetCode: STREET_A,
      escalationLevel: 0,
      escalations: [],
      subject: {
        name: '黄伯',
        idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`,
        phoneMasked: '020-****1234',
        address: '北京路1号',
      },
    });
    expect(res.body.deadlines).toEqual([expect.objectContaining({ clock: 'verify', dueAt: expect.any(String) })]);
    const seqs = (res.body.events as { seq: number }[]).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(res.body.events.length).toBeGreaterThanOrEqual(2);
    expect(res.body.events[0]).toEqual(
      expect.objectContaining({ type: expect.any(String), at: expect.any(String), actorId: expect.any(String) }),
    );
    expect(JSON.stringify(res.body)).not.toContain(idNumber);
  });
});

describe('POST /api/v1/cases/{caseId}/actions', () => {
  it('accepts, then maps the workflow’s refusals to 409 / 403 / 422 with its reason, changing nothing', async () => {
    const caseId = await openCase(STREET_A);
    const accepted = await act(caseId, 'caseworker', STREET_A, { type: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ caseId, stage: 'verifying', ownerStreetCode: STREET_A });
    expect(accepted.body.events.at(-1)).toMatchObject({ fromStage: 'reported', toStage: 'verifying', actorId: 'cw-440104001' });
    const version = (await caseRow(caseId))!.version;

    const again = await act(caseId, 'caseworker', STREET_A, { type: 'accept' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'STAGE_NOT_ALLOWED', detail: expect.stringMatching(/not allowed in stage verifying/) });

    const byRole = await act(caseId, 'caseworker', STREET_A, { type: 'approve-assistance' });
    expect(byRole.status).toBe(403);
    expect(byRole.body.code).toBe('ROLE_NOT_ALLOWED');

    const unknownStreet = await act(caseId, 'caseworker', STREET_A, { type: 'transfer', toStreetCode: '440104999', reason: 'moved' });
    expect(unknownStreet.status).toBe(422);
    expect(unknownStreet.body).toMatchObject({ code: 'UNKNOWN_STREET', errors: [{ path: 'toStreetCode', message: expect.any(String) }] });

    expect((await caseRow(caseId))!.version).toBe(version);
  });

  it('refuses approval above the supervisor’s tier with 409 APPROVAL_TIER_EXCEEDED', async () => {
    const caseId = await openCase(STREET_A);
    await act(caseId, 'caseworker', STREET_A, { type: 'accept' });
    expect((await act(caseId, 'caseworker', STREET_A, { type: 'complete-verification', outcome: 'eligible' })).status).toBe(200);
    const proposed = await act(caseId, 'caseworker', STREET_A, { type: 'propose-assistance', assistanceType: 'temporary', amount: 5000 });
    expect(proposed.status).toBe(200);
    const tooHigh = await act(caseId, 'street_supervisor', STREET_A, { type: 'approve-assistance' });
    expect(tooHigh.status).toBe(409);
    expect(tooHigh.body.code).toBe('APPROVAL_TIER_EXCEEDED');
    const district = await act(caseId, 'district_officer', '440104', { type: 'approve-assistance', note: 'ok' });
    expect(district.status).toBe(200);
    expect(district.body.stage).toBe('assisting');
  });

  it('answers 422 with the allowed types for an unknown action and field paths for bad fields', async () => {
    const caseId = await openCase(STREET_A);
    const unknown = await act(caseId, 'caseworker', STREET_A, { type: 'fly-away' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'type', message: expect.stringMatching(/must be one of: accept, transfer, assign/) }]);
    const missing = await act(caseId, 'caseworker', STREET_A, { type: 'transfer', toStreetCode: '4401', extra: true });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'toStreetCode', message: expect.any(String) },
        { path: 'reason', message: 'is required' },
        { path: 'extra', message: 'is not a known field; remove it' },
      ]),
    );
    const notObject = await act(caseId, 'caseworker', STREET_A, [] as unknown as Record<string, unknown>);
    expect(notObject.status).toBe(422);
  });

  it('answers 404 for an unknown case', async () => {
    const res = await act('c-nope', 'city_officer', '440100', { type: 'close', reason: 'x' });
    expect(res.status).toBe(404);
  });

  it('performs an action once when it is retried with the same Idempotency-Key', async () => {
    const caseId = await openCase(STREET_A);
    const key = `act-${Math.random()}`;
    const first = await act(caseId, 'caseworker', STREET_A, { type: 'accept' }, key);
    const retry = await act(caseId, 'caseworker', STREET_A, { type: 'accept' }, key);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.stage).toBe('verifying');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const events = await p.prisma.caseEvent.findMany({ where: { caseId, toStage: 'verifying' } });
    expect(events).toHaveLength(1);
    // The stored answer is a reference, not the case file with its decrypted subject.
    const stored = await p.prisma.idempotencyRecord.findMany({ where: { callerId: 'cw-440104001', key: { endsWith: key } } });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored[0].response)).not.toMatch(/黄伯|北京路/);
    const reused = await act(caseId, 'caseworker', STREET_A, { type: 'assign', assigneeId: 'x' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('closes a case, refuses other actions on it, and reopens it after its workflow has completed', async () => {
    const caseId = await openCase(STREET_A);
    const closed = await act(caseId, 'caseworker', STREET_A, { type: 'close', reason: 'family moved away' });
    expect(closed.status).toBe(200);
    expect(closed.body.stage).toBe('closed');
    const row = (await caseRow(caseId))!;
    await waitForWorkflowToComplete(row.workflowId);

    const accept = await act(caseId, 'caseworker', STREET_A, { type: 'accept' });
    expect(accept.status).toBe(409);
    const byCaseworker = await act(caseId, 'caseworker', STREET_A, { type: 'reopen', reason: 'they came back' });
    expect(byCaseworker.status).toBe(403);

    const reopened = await act(caseId, 'street_supervisor', STREET_A, { type: 'reopen', reason: 'they came back' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ caseId, stage: 'reported' });
    expect((await caseRow(caseId))!.stage).toBe('reported');
    const res = await get(`/api/v1/cases/${caseId}`, 'caseworker', STREET_A);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['close', 'reopen']));
  });

  it('refuses to reopen a closed case while the person has a newer open case (409 PERSON_HAS_OPEN_CASE)', async () => {
    const idNumber = newIdNumber();
    const oldCase = await openCase(STREET_A, idNumber);
    await act(oldCase, 'caseworker', STREET_A, { type: 'close', reason: 'resolved' });
    await waitForWorkflowToComplete((await caseRow(oldCase))!.workflowId);
    const newCase = await openCase(STREET_A, idNumber);
    expect(newCase).not.toBe(oldCase);
    const res = await act(oldCase, 'street_supervisor', STREET_A, { type: 'reopen', reason: 'mistake' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PERSON_HAS_OPEN_CASE');
    expect((await caseRow(oldCase))!.stage).toBe('closed');
  });
});

describe('GET /api/v1/cases filters and pagination', () => {
  let listed: string[];

  beforeAll(async () => {
    listed = [];
    for (let i = 0; i < 5; i++) listed.push(await openCase(LIST_STREET));
    // One accepted case moves to verifying (a later deadline), one is assigned.
    await act(listed[0], 'caseworker', LIST_STREET, { type: 'accept', assigneeId: 'cw-440113004' });
  });

  const list = (query: string) => get(`/api/v1/cases?streetCode=${LIST_STREET}&${query}`, 'district_officer', '440113');

  it('pages through every case exactly once, sorted by next due date, with an opaque cursor', async () => {
    const seen: { caseId: string; nextDueAt: string | null }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await list(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((s) => s.caseId)).size).toBe(seen.length);
    expect(seen.map((s) => s.caseId)).toEqual(expect.arrayContaining(listed));
    const dues = seen.map((s) => s.nextDueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());
  });

  it('filters by stage, urgency, assignee, escalation level and overdue', async () => {
    const verifying = await list('stage=verifying');
    expect(verifying.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([listed[0]]);
    const assigned = await list('assigneeId=cw-440113004');
    expect(assigned.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([listed[0]]);
    const reported = await list('stage=reported&urgency=normal&escalationLevel=0&overdue=false&limit=200');
    expect(reported.body.items.map((i: { caseId: string }) => i.caseId)).toEqual(expect.arrayContaining(listed.slice(1)));
    const overdue = await list('overdue=true');
    expect(overdue.body.items.map((i: { caseId: string }) => i.caseId)).not.toEqual(expect.arrayContaining([listed[1]]));
    expect(overdue.body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
  });

  it('refuses bad query parameters with field errors', async () => {
    const res = await list('limit=0&stage=lost&overdue=maybe&colour=red');
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'limit', 'overdue', 'stage']);
    const cursor = await list('cursor=not-a-cursor');
    expect(cursor.status).toBe(422);
    expect(cursor.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    expect((await list('limit=201')).status).toBe(422);
  });
});
