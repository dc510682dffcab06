// Assistance items against the real stack (DESIGN.md §10): several items on one case decided by itemId,
// the tier by total value, no self-approval, refusals that change nothing (an item of another case, a
// payment for an ended item, a month paid already), one payment clock per monthly item, the family file
// listing every item, the temporary-aid cooldown across a household's cases with a recorded override,
// and a missed monthly payment that reminds and escalates on durable timers until it is paid.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { decideAction, openCase as openCaseState } from '../../domain/case-machine';
import type { Actor, CaseAction, CaseState, Role } from '../../domain/case-types';
import { makeIdNumber } from '../../domain/ids';
import { addMs } from '../../domain/durations';
import { CASE_WORKFLOW_TYPE, caseWorkflowId } from '../../workflows/definitions';
import { act as actOnWorkflow, actor, eventually, makeReport, view } from '../support/cases';
import { startTestPlatform, testPolicy, type TestPlatform } from '../support/harness';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database';

// 番禺区 石碁镇 belongs to this file (its own database, too).
const DISTRICT = '440113';
const STREET = '440113003';

let db: OwnDatabase;
let p: TestPlatform;
beforeAll(async () => {
  db = await startOwnDatabase('assistance-items');
  p = await startTestPlatform({ databaseUrl: db.url });
});
afterAll(async () => {
  await p?.stop();
  await db?.drop();
});

const tokens = new Map<string, string>();
async function auth(role: Role, jurisdiction: string): Promise<string> {
  const key = `${role}@${jurisdiction}`;
  if (!tokens.has(key)) tokens.set(key, await p.tokenFor(role, jurisdiction));
  return `Bearer ${tokens.get(key)!}`;
}
const scopeOf = (role: Role) => (role === 'district_officer' ? DISTRICT : STREET);
async function act(caseId: string, action: Record<string, unknown>, role: Role = 'caseworker') {
  return request(p.app)
    .post(`/api/v1/cases/${caseId}/actions`)
    .set('Authorization', await auth(role, scopeOf(role)))
    .send(action);
}
async function ok(caseId: string, action: Record<string, unknown>, role: Role = 'caseworker') {
  const res = await act(caseId, action, role);
  if (res.status !== 200) throw new Error(`${String(action.type)}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CaseFileBody;
}
async function file(caseId: string): Promise<CaseFileBody> {
  const res = await request(p.app)
    .get(`/api/v1/cases/${caseId}`)
    .set('Authorization', await auth('caseworker', STREET));
  expect(res.status).toBe(200);
  return res.body as CaseFileBody;
}

interface ItemBody {
  itemId: string;
  assistanceType: string;
  status: string;
  total: number;
  disbursed: number;
  endedAs?: string;
  cooldownOverride?: { reason: string; by: string };
  payments?: { period: string }[];
}
interface CaseFileBody {
  caseId: string;
  stage: string;
  householdId: string;
  assistance: ItemBody[];
  deadlines: { clock: string; itemId?: string; period?: string }[];
  events: { type: string }[];
}

let seq = 0;
function idNumber(): string {
  seq++;
  return makeIdNumber(DISTRICT, `1961${String(1 + (seq % 9)).padStart(2, '0')}1${seq % 10}`, String(100 + Math.floor(Math.random() * 800)));
}
async function report(id: string): Promise<string> {
  const res = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', await auth('caseworker', STREET))
    .send({ channel: 'grid', subject: { idNumber: id, name: '救助事项测试', streetCode: STREET }, situation: { summary: '失业，无收入' } });
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}
async function deciding(id = idNumber()): Promise<string> {
  const caseId = await report(id);
  await ok(caseId, { type: 'accept' });
  await ok(caseId, { type: 'complete-verification', outcome: 'eligible' });
  return caseId;
}

test('several items on one case: each decided by its id, the tier by total value, refusals change nothing', async () => {
  const caseId = await deciding();
  const other = await deciding();
  await ok(other, { type: 'propose-assistance', assistanceType: 'medical', amount: 300 });

  await ok(caseId, { type: 'propose-assistance', assistanceType: 'temporary', amount: 800 });
  const proposed = await ok(
    caseId,
    { type: 'propose-assistance', assistanceType: 'education', amount: 600, months: 6 },
    'street_supervisor',
  );
  expect(proposed.assistance.map((i) => [i.itemId, i.status, i.total])).toEqual([
    [`${caseId}:aid:1`, 'proposed', 800],
    [`${caseId}:aid:2`, 'proposed', 3600],
  ]);
  const before = (await file(caseId)).events.length;

  const unnamed = await act(caseId, { type: 'approve-assistance' }, 'street_supervisor');
  expect([unnamed.status, unnamed.body.code]).toEqual([409, 'ASSISTANCE_ITEM_REQUIRED']);
  const foreign = await act(caseId, { type: 'approve-assistance', itemId: `${other}:aid:1` }, 'street_supervisor');
  expect([foreign.status, foreign.body.code, foreign.body.errors[0].path]).toEqual([409, 'ASSISTANCE_ITEM_NOT_FOUND', 'itemId']);
  const self = await act(caseId, { type: 'approve-assistance', itemId: `${caseId}:aid:2` }, 'street_supervisor');
  expect([self.status, self.body.code]).toEqual([403, 'SELF_APPROVAL']);
  expect((await file(caseId)).events.length).toBe(before);
  expect((await file(other)).assistance[0].status).toBe('proposed');

  // 600 × 6 = 3600 CNY: district business, however small one month is.
  const first = await ok(caseId, { type: 'approve-assistance', itemId: `${caseId}:aid:2` }, 'district_officer');
  expect(first.stage).toBe('deciding');
  const both = await ok(caseId, { type: 'approve-assistance', itemId: `${caseId}:aid:1` }, 'street_supervisor');
  expect(both.stage).toBe('assisting');
  expect(both.assistance.map((i) => i.status)).toEqual(['active', 'active']);
  expect(both.deadlines.filter((d) => d.clock === 'disbursement').map((d) => d.itemId)).toEqual([`${caseId}:aid:2`]);

  const which = await act(caseId, { type: 'record-disbursement', amount: 100 });
  expect([which.status, which.body.code]).toEqual([409, 'ASSISTANCE_ITEM_REQUIRED']);
  const paid = await ok(caseId, { type: 'record-disbursement', itemId: `${caseId}:aid:1`, amount: 800 });
  expect(paid.assistance[0]).toMatchObject({ status: 'ended', endedAs: 'paid', disbursed: 800 });
  const afterPaid = (await file(caseId)).events.length;
  const ended = await act(caseId, { type: 'record-disbursement', itemId: `${caseId}:aid:1`, amount: 1 });
  expect([ended.status, ended.body.code]).toEqual([409, 'ASSISTANCE_ITEM_ENDED']);
  const month = await ok(caseId, { type: 'record-disbursement', itemId: `${caseId}:aid:2`, amount: 600 });
  const period = month.assistance[1].payments![0].period;
  expect(month.stage).toBe('monitoring');
  const again = await act(caseId, { type: 'record-disbursement', itemId: `${caseId}:aid:2`, amount: 600, period });
  expect([again.status, again.body.code]).toEqual([409, 'PERIOD_ALREADY_PAID']);
  expect((await file(caseId)).events.length).toBe(afterPaid + 1);

  // The family file lists both items, read from the projected case view.
  const householdId = (await file(caseId)).householdId;
  const family = await eventually(async () => {
    const res = await request(p.app)
      .get(`/api/v1/households/${householdId}`)
      .set('Authorization', await auth('caseworker', STREET));
    return res.body.assistance?.length === 2 && res.body.assistance[1].disbursed === 600 ? res.body : undefined;
  });
  expect(family.assistance.map((a: ItemBody) => [a.itemId, a.status])).toEqual([
    [`${caseId}:aid:1`, 'ended'],
    [`${caseId}:aid:2`, 'active'],
  ]);
});

test('temporary aid again on a later case of the household within the cooldown needs an override with a reason', async () => {
  const id = idNumber();
  const firstCase = await deciding(id);
  await ok(firstCase, { type: 'propose-assistance', assistanceType: 'temporary', amount: 500 });
  await ok(firstCase, { type: 'approve-assistance' }, 'street_supervisor');
  await ok(firstCase, { type: 'record-disbursement', amount: 500 });
  await ok(firstCase, { type: 'close', reason: '已发放临时救助' }, 'street_supervisor');
  // The household's next case is a new run of the same workflow; the earlier one is in the read model.
  const secondCase = await eventually(async () => {
    const row = await p.prisma.case.findUnique({ where: { caseId: firstCase } });
    return row?.stage === 'closed' ? deciding(id) : undefined;
  });
  expect(secondCase).not.toBe(firstCase);
  await ok(secondCase, { type: 'propose-assistance', assistanceType: 'temporary', amount: 400 });
  const before = (await file(secondCase)).events.length;

  const refused = await act(secondCase, { type: 'approve-assistance' }, 'street_supervisor');
  expect([refused.status, refused.body.code]).toEqual([409, 'TEMPORARY_AID_COOLDOWN']);
  expect(refused.body.errors[0].path).toBe('override');
  const noReason = await act(secondCase, { type: 'approve-assistance', override: {} }, 'street_supervisor');
  expect(noReason.status).toBe(422);
  expect(JSON.stringify(noReason.body.errors)).toContain('override.reason');
  expect((await file(secondCase)).events.length).toBe(before);

  const approved = await ok(secondCase, { type: 'approve-assistance', override: { reason: '家中失火，急需救助' } }, 'street_supervisor');
  expect(approved.assistance[0]).toMatchObject({ status: 'active', cooldownOverride: { reason: '家中失火，急需救助' } });
  // Read back from PostgreSQL, where the reason is sealed and opened for the reader.
  const read = await eventually(async () => {
    const f = await file(secondCase);
    return f.assistance[0]?.status === 'active' ? f : undefined;
  });
  expect(read.assistance[0].cooldownOverride?.reason).toBe('家中失火，急需救助');
  const row = await p.prisma.case.findUnique({ where: { caseId: secondCase } });
  expect(JSON.stringify(row?.view)).not.toContain('家中失火');
});

test('a missed monthly payment reminds, then escalates to the district on durable timers; paying it resolves the escalation', async () => {
  // A case whose monthly item was activated just now, with its payment day moved to seconds from now:
  // the workflow resumes from that state (as after continue-as-new) and its timers must do the rest.
  const policy = testPolicy();
  const personKey = `p-${randomUUID()}`;
  const workflowId = caseWorkflowId(personKey);
  const caseId = `c-${randomUUID()}`;
  const cw = actor('caseworker', STREET);
  const now = new Date().toISOString();
  const step = (s: CaseState, action: CaseAction, by: Actor = cw): CaseState => {
    const d = decideAction(s, action, by, policy, now);
    if (!d.ok) throw new Error(d.reason);
    return d.state;
  };
  let state = openCaseState({
    caseId,
    report: makeReport({ personId: personKey, streetCode: STREET, districtCode: DISTRICT }),
    policy,
    now,
  }).state;
  state = step(state, { type: 'accept' });
  state = step(state, { type: 'complete-verification', outcome: 'eligible' });
  state = step(state, { type: 'propose-assistance', assistanceType: 'education', amount: 500, months: 2 });
  state = step(state, { type: 'approve-assistance' }, actor('street_supervisor', STREET));
  const item = state.assistance![0];
  item.payment = { ...item.payment!, remindAt: addMs(now, 2_000), dueAt: addMs(now, 4_000) };
  const period = item.payment.period;

  await p.client.workflow.start(CASE_WORKFLOW_TYPE, {
    workflowId,
    taskQueue: p.taskQueue,
    args: [{ caseId, policy, resume: { state, recentEvents: [], appliedActionIds: [] } }],
  });
  const ref = { workflowId, caseId, personKey };
  const escalated = await eventually(async () => {
    const v = await view(p, ref);
    return v.events.some((e) => e.type === 'escalated') ? v : undefined;
  }, 20_000);
  expect(escalated.events.map((e) => [e.type, e.details.clock, e.details.period])).toEqual([
    ['reminder', 'disbursement', period],
    ['escalated', 'disbursement', period],
  ]);
  const row = await eventually(async () => (await p.prisma.escalation.findFirst({ where: { caseId, status: 'open' } })) ?? undefined);
  expect(row).toMatchObject({ clock: 'disbursement', level: 1, districtCode: DISTRICT });

  const paid = await actOnWorkflow(p, ref, { type: 'record-disbursement', amount: 500, period }, cw);
  expect(paid.events.slice(-2).map((e) => e.type)).toEqual(['record-disbursement', 'escalation-resolved']);
  expect(paid.deadlines.filter((d) => d.clock === 'disbursement').map((d) => d.period)).not.toContain(period);
  await eventually(async () => ((await p.prisma.escalation.findFirst({ where: { caseId } }))?.status === 'resolved' ? true : undefined));
});
