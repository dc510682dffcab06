// Issue #17 items 4 and 8 (§14) on the real Temporal server and PostgreSQL, through the API: an
// escalation keeps counting toward the city while the case is paused and the pause budget per stage
// cannot be renewed by resuming; closing or transferring an escalated case leaves the escalation
// visible to the district as closed / transferred with who and why, and repeated transfers keep the
// chain; disbursements stay within the approval unless a supervisor overrides; emergency aid before
// acceptance stays within the fund's per-grant maximum; nobody approves their own proposal.
import request from 'supertest';
import type { Role } from '../../domain/case-types';
import { makeIdNumber } from '../../domain/ids';
import { actor, eventually, rejectionOf, act as actOnWorkflow, view, type CaseRef } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';

// 珠江街道 district 440115: streets no other test file uses (the emergency fund is per street and year).
const DISTRICT = '440115';
const STREET_A = '440115003';
const STREET_B = '440115004';

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({
    policyOverrides: {
      deadlines: { normal: { accept: '3s', escalationWindow: '5s' }, urgent: { accept: '2s', escalationWindow: '3s' } },
      maxPause: '6s',
    },
  });
});

afterAll(async () => {
  await p?.stop();
});

const token = (role: Role, jurisdiction: string) => p.tokenFor(role, jurisdiction);

async function post(caseId: string, role: Role, jurisdiction: string, body: Record<string, unknown>) {
  return request(p.app)
    .post(`/api/v1/cases/${caseId}/actions`)
    .set('Authorization', `Bearer ${await token(role, jurisdiction)}`)
    .send(body);
}

async function get(path: string, role: Role, jurisdiction: string) {
  return request(p.app)
    .get(path)
    .set('Authorization', `Bearer ${await token(role, jurisdiction)}`);
}

let seq = 0;
async function reportCase(street: string, urgent = false): Promise<string> {
  seq += 1;
  const idNumber = makeIdNumber(
    DISTRICT,
    `19${40 + (seq % 50)}0${1 + (seq % 9)}2${seq % 9}`,
    String(100 + Math.floor(Math.random() * 900)),
  );
  const res = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${await token('caseworker', street)}`)
    .send({
      channel: 'grid',
      subject: { idNumber, name: '黄婆婆', streetCode: street },
      situation: { summary: 'lives alone, no income', ...(urgent ? { urgentFlags: ['critical_illness'] } : {}) },
    });
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}

async function caseFile(caseId: string) {
  const res = await get(`/api/v1/cases/${caseId}`, 'district_officer', DISTRICT);
  expect(res.status).toBe(200);
  return res.body as {
    escalationLevel: number;
    workflowId?: string;
    escalations: Record<string, unknown>[];
    events: Record<string, unknown>[];
  };
}

const escalated = (caseId: string, level: number) =>
  eventually(async () => {
    const file = await caseFile(caseId);
    return file.escalationLevel >= level ? file : undefined;
  }, 20_000);

async function workflowRef(caseId: string): Promise<CaseRef> {
  const row = await p.prisma.case.findUniqueOrThrow({ where: { caseId } });
  return { workflowId: row.workflowId, caseId, personKey: row.personId };
}

test('attack 4a: an escalated case that is paused still reaches the city, and pausing again after the maximum is refused', async () => {
  const caseId = await reportCase(STREET_A);
  await escalated(caseId, 1); // accept due after 3s
  const ref = await workflowRef(caseId);
  const supervisor = actor('street_supervisor', STREET_A);
  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  await actOnWorkflow(p, ref, { type: 'pause-clock', reason: 'family in hospital', expectedResumeAt: inSeconds(5) }, supervisor);
  // City due 5s after the missed deadline: reached while the case is still paused.
  const city = await eventually(async () => {
    const v = await view(p, ref);
    return v.escalationLevel === 2 ? v : undefined;
  }, 15_000);
  expect(city.pause).toBeDefined();
  // The pause runs into its maximum (6s) and escalates itself; resuming and pausing again gets nothing.
  await eventually(async () => ((await view(p, ref)).escalations.some((e) => e.clock === 'pause') ? true : undefined), 15_000);
  await actOnWorkflow(p, ref, { type: 'resume-clock' }, supervisor);
  const again = await rejectionOf(p, ref, { type: 'pause-clock', reason: 'again', expectedResumeAt: inSeconds(2) }, supervisor);
  expect(again).toMatchObject({ type: 'PAUSE_TOO_LONG', message: expect.stringContaining('No pause is left in stage reported') });
  const res = await post(caseId, 'street_supervisor', STREET_A, { type: 'pause-clock', reason: 'again', expectedResumeAt: inSeconds(2) });
  expect(res.status).toBe(422);
  expect(res.body.code).toBe('PAUSE_TOO_LONG');
});

test('attack 4b: closing an escalated case keeps the escalation visible to the district as closed, with who and why', async () => {
  const caseId = await reportCase(STREET_A);
  await escalated(caseId, 1);
  const closed = await post(caseId, 'street_supervisor', STREET_A, { type: 'close', reason: 'duplicate of another report' });
  expect(closed.status).toBe(200);
  const list = await eventually(async () => {
    const res = await get(`/api/v1/escalations?status=closed&districtCode=${DISTRICT}`, 'district_officer', DISTRICT);
    expect(res.status).toBe(200);
    const mine = (res.body.items as Record<string, unknown>[]).filter((e) => e.caseId === caseId);
    return mine.length > 0 ? mine : undefined;
  });
  expect(list).toEqual([
    expect.objectContaining({
      status: 'closed',
      clock: 'accept',
      endedBy: actor('street_supervisor', STREET_A).userId,
      endReason: 'duplicate of another report',
      districtCode: DISTRICT,
      resolvedAt: expect.any(String),
    }),
  ]);
  expect(list[0]).not.toHaveProperty('timeToResolveMs');
  const row = await p.prisma.escalation.findFirstOrThrow({ where: { caseId } });
  // The reason is free text, sealed at rest (§7): the column holds a ciphertext that opens to it.
  expect(row.status).toBe('closed');
  expect(row.endReason).not.toContain('duplicate');
  expect(p.pii.decrypt(row.endReason!)).toBe('duplicate of another report');
});

test('attack 4c: repeated transfers keep the escalation and its chain; each hand-over is recorded as transferred', async () => {
  const caseId = await reportCase(STREET_A);
  const first = await escalated(caseId, 1);
  const raisedAt = Date.parse(String(first.escalations[0].escalatedAt));
  const streets = [STREET_B, STREET_A, STREET_B];
  for (const [i, toStreetCode] of streets.entries()) {
    const res = await post(caseId, 'district_officer', DISTRICT, { type: 'transfer', toStreetCode, reason: `hand-over ${i + 1}` });
    expect(res.status).toBe(200);
    expect(res.body.escalationLevel).toBe(1);
  }
  const transferred = await eventually(async () => {
    const res = await get(`/api/v1/escalations?status=transferred&districtCode=${DISTRICT}`, 'district_officer', DISTRICT);
    const mine = (res.body.items as Record<string, unknown>[]).filter((e) => e.caseId === caseId);
    return mine.length === 3 ? mine : undefined;
  });
  expect(transferred.map((e) => e.endReason).sort()).toEqual(['hand-over 1', 'hand-over 2', 'hand-over 3']);
  expect(transferred.every((e) => e.endedBy === actor('district_officer', DISTRICT).userId)).toBe(true);
  // The city deadline counts from the first missed deadline (window 5s), whatever the transfers did.
  const city = await escalated(caseId, 2);
  const open = city.escalations.find((e) => e.status === 'open')!;
  expect(open).toMatchObject({ level: 'city', streetCode: STREET_B });
  expect(Date.parse(String(open.raisedToCityAt)) - raisedAt).toBeLessThan(8_000);
});

test('attack 8: disbursements within the approval, emergency aid before acceptance within the fund rule, no self-approval', async () => {
  const caseId = await reportCase(STREET_A);
  expect((await post(caseId, 'caseworker', STREET_A, { type: 'accept' })).status).toBe(200);
  expect((await post(caseId, 'caseworker', STREET_A, { type: 'complete-verification', outcome: 'eligible' })).status).toBe(200);
  const proposal = { type: 'propose-assistance', assistanceType: 'temporary', amount: 2000 };
  expect((await post(caseId, 'street_supervisor', STREET_A, proposal)).status).toBe(200);

  const self = await post(caseId, 'street_supervisor', STREET_A, { type: 'approve-assistance' });
  expect(self.status).toBe(403);
  expect(self.body.code).toBe('SELF_APPROVAL');
  expect((await post(caseId, 'district_officer', DISTRICT, { type: 'approve-assistance' })).status).toBe(200);

  const huge = await post(caseId, 'caseworker', STREET_A, { type: 'record-disbursement', amount: 10_000_000 });
  expect(huge.status).toBe(409);
  expect(huge.body).toMatchObject({ code: 'DISBURSEMENT_EXCEEDS_APPROVAL', detail: expect.stringContaining('2000 CNY left') });
  const override = { type: 'record-disbursement', amount: 2500, override: { reason: 'hospital deposit paid directly' } };
  expect((await post(caseId, 'caseworker', STREET_A, override)).status).toBe(403);
  const allowed = await post(caseId, 'street_supervisor', STREET_A, override);
  expect(allowed.status).toBe(200);
  const file = await caseFile(caseId);
  expect(file.events.find((e) => e.type === 'record-disbursement')).toMatchObject({
    details: expect.objectContaining({ override: { reason: 'hospital deposit paid directly' }, overApprovalBy: 500 }),
  });

  // Emergency aid on an urgent case nobody has accepted: 10 million, three times, by a district officer.
  const urgent = await reportCase(STREET_B, true);
  for (let i = 0; i < 3; i++) {
    const res = await post(urgent, 'district_officer', DISTRICT, { type: 'grant-emergency-aid', amount: 10_000_000 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EMERGENCY_AID_BEFORE_ACCEPTANCE');
  }
  expect((await post(urgent, 'caseworker', STREET_B, { type: 'grant-emergency-aid', amount: 3000 })).status).toBe(200);
  const more = await post(urgent, 'caseworker', STREET_B, { type: 'grant-emergency-aid', amount: 100 });
  expect(more.status).toBe(409);
  expect(more.body.code).toBe('EMERGENCY_AID_BEFORE_ACCEPTANCE');
  const granted = await caseFile(urgent);
  expect(granted).toMatchObject({ emergencyAidTotal: 3000 });
});
