// The street's emergency fund (乡镇临时救助备用金, DESIGN.md §9) through the API on the real Temporal
// server and PostgreSQL: street staff stay within the per-grant maximum and the street's yearly budget
// (409 with what is left, nothing changed), concurrent grants never overspend, district officers may go
// beyond (marked in the ledger), a grant the workflow refuses gives its money back, and GET /stats
// shows each street's fund used and left.
import request from 'supertest';
import { makeIdNumber } from '../../domain/ids';
import { shanghaiYearOf } from '../../domain/working-days';
import { startTestPlatform, type TestPlatform } from '../support/harness';

// Streets no other test file uses: the fund is per street and year in the shared database.
const STREET = '440111003';
const QUIET_STREET = '440111004';
const PER_GRANT_MAX = 1000;
const BUDGET = 2500;

let p: TestPlatform;
let caseworker: string;
let district: string;

beforeAll(async () => {
  p = await startTestPlatform({ policyOverrides: { emergencyFund: { perGrantMax: PER_GRANT_MAX, streetAnnualBudget: BUDGET } } });
  caseworker = await p.tokenFor('caseworker', STREET);
  district = await p.tokenFor('district_officer', STREET.slice(0, 6));
});

afterAll(async () => {
  await p?.stop();
});

let seq = 0;
async function urgentAcceptedCase(): Promise<string> {
  seq += 1;
  const idNumber = makeIdNumber(
    '440111',
    `19${50 + (seq % 40)}0${1 + (seq % 9)}1${seq % 9}`,
    String(100 + Math.floor(Math.random() * 900)),
  );
  const report = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${caseworker}`)
    .send({
      channel: 'grid',
      subject: { idNumber, name: '陈伯', streetCode: STREET },
      situation: { summary: 'collapsed at home, nobody to care for him', urgentFlags: ['critical_illness'] },
    });
  expect(report.status).toBe(201);
  const caseId = report.body.caseId as string;
  expect((await action(caseworker, caseId, { type: 'accept' })).status).toBe(200);
  return caseId;
}

function action(token: string, caseId: string, body: Record<string, unknown>, idempotencyKey?: string) {
  const req = request(p.app).post(`/api/v1/cases/${caseId}/actions`).set('Authorization', `Bearer ${token}`);
  return (idempotencyKey ? req.set('Idempotency-Key', idempotencyKey) : req).send(body);
}

const grant = (token: string, caseId: string, amount: number, idempotencyKey?: string) =>
  action(token, caseId, { type: 'grant-emergency-aid', amount, kind: 'cash' }, idempotencyKey);

async function fundOf(street: string) {
  const res = await request(p.app).get('/api/v1/stats').set('Authorization', `Bearer ${district}`);
  expect(res.status).toBe(200);
  return (res.body.streets as { code: string; emergencyFund: Record<string, number> }[]).find((s) => s.code === street)!.emergencyFund;
}

test('street staff stay within the per-grant maximum and the budget; concurrent grants never overspend; district officers may go beyond', async () => {
  const year = shanghaiYearOf(Date.now());
  expect(await fundOf(STREET)).toEqual({ year, budget: BUDGET, granted: 0, reserved: 0, left: BUDGET, grants: 0, beyondLimit: 0 });

  // Above the per-grant maximum: refused, and the case and the fund are as they were.
  const first = await urgentAcceptedCase();
  const tooLarge = await grant(caseworker, first, 1200);
  expect(tooLarge.status).toBe(409);
  expect(tooLarge.body).toMatchObject({
    code: 'EMERGENCY_GRANT_TOO_LARGE',
    detail: expect.stringContaining(`at most ${PER_GRANT_MAX} CNY`),
  });
  const untouched = await request(p.app).get(`/api/v1/cases/${first}`).set('Authorization', `Bearer ${caseworker}`);
  expect(untouched.body.emergencyAidTotal).toBe(0);

  // Within the limits: granted, and retried with the same Idempotency-Key it is charged once.
  expect((await grant(caseworker, first, 1000, 'fund-1')).status).toBe(200);
  expect((await grant(caseworker, first, 1000, 'fund-1')).status).toBe(200);
  expect(await fundOf(STREET)).toMatchObject({ granted: 1000, reserved: 0, left: 1500, grants: 1 });

  // 1,500 left: of three grants of 1,000 sent at the same instant exactly one passes.
  const cases = await Promise.all([urgentAcceptedCase(), urgentAcceptedCase(), urgentAcceptedCase()]);
  const answers = await Promise.all(cases.map((c) => grant(caseworker, c, 1000)));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
  for (const refused of answers.filter((a) => a.status === 409)) {
    expect(refused.body).toMatchObject({ code: 'EMERGENCY_FUND_EXHAUSTED', detail: expect.stringContaining('has 500 CNY left') });
  }
  expect(await fundOf(STREET)).toMatchObject({ granted: 2000, reserved: 0, left: 500, grants: 2 });

  // A district officer may grant beyond what is left; the ledger marks it.
  const refusedCase = cases[answers.findIndex((a) => a.status === 409)];
  expect((await grant(district, refusedCase, 1000)).status).toBe(200);
  expect(await fundOf(STREET)).toEqual({ year, budget: BUDGET, granted: 3000, reserved: 0, left: 0, grants: 3, beyondLimit: 1 });
  const rows = await p.prisma.emergencyFundGrant.findMany({ where: { streetCode: STREET, beyondLimit: { not: null } } });
  expect(rows.map((r) => [r.role, r.beyondLimit, r.status])).toEqual([['district_officer', 'street-annual-budget', 'granted']]);

  // Another street's fund is its own.
  expect(await fundOf(QUIET_STREET)).toMatchObject({ granted: 0, left: BUDGET });
});

test('a grant the workflow refuses gives its money back', async () => {
  const caseId = await urgentAcceptedCase();
  expect((await action(caseworker, caseId, { type: 'complete-verification', outcome: 'eligible' })).status).toBe(200);
  const before = await fundOf(STREET);
  // In deciding the workflow refuses emergency aid (it is for before verification).
  const refused = await grant(district, caseId, 300);
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe('STAGE_NOT_ALLOWED');
  expect(await fundOf(STREET)).toEqual(before);
  const rows = await p.prisma.emergencyFundGrant.findMany({ where: { caseId } });
  expect(rows.map((r) => r.status)).toEqual(['released']);
  const year = await p.prisma.emergencyFundYear.findUniqueOrThrow({
    where: { streetCode_year: { streetCode: STREET, year: before.year } },
  });
  expect(Number(year.committedFen)).toBe(300_000);
});
