// Component tests of GET /stats and staff administration against the real stack: figures checked
// against known data (cases driven through the workflow with a two-second acceptance deadline,
// resolved escalations written with known times to resolve), the seeded 2000:1:1 staffing gaps
// (吕田镇 440117005 has no caseworker), scoping by role, and city officers editing staff and committee
// assignments with the figures following.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Role } from '../../domain/case-types';
import { allJurisdictions } from '../../domain/jurisdictions';
import { act, actor, eventually, openTestCase, type CaseRef } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database';

let p: TestPlatform;
// Conghua (440117) belongs to this file: cases in 城郊街道, and the seeded gap of 吕田镇, which the
// staff edits close and reopen (leaving the seed as it was).
const DISTRICT = '440117';
const STREET = '440117003';
const NEIGHBOUR = '440117004';
const EDIT_STREET = '440117005';
const UNCOVERED_COMMITTEE = '440117005203';
const run = randomUUID().slice(0, 8);

const token = (role: Role, jurisdiction: string) => p.tokenFor(role, jurisdiction);
const get = async (path: string, role: Role, jurisdiction: string) =>
  request(p.app)
    .get(path)
    .set('Authorization', `Bearer ${await token(role, jurisdiction)}`);
const send = async (method: 'post' | 'patch' | 'put', path: string, body: unknown, role: Role = 'city_officer', jurisdiction = '440100') =>
  request(p.app)
    [method](path)
    .set('Authorization', `Bearer ${await token(role, jurisdiction)}`)
    .send(body as object);

type Figures = {
  openCases: { total: number; byStage: Record<string, number> };
  overdue: number;
  openEscalations: { district: number; city: number; total: number };
  timeToResolve: { resolved: number; medianMs: number | null; p90Ms: number | null };
  remindersSent: number;
  warnings: {
    raised: number;
    byLevel: Record<string, number>;
    byStatus: Record<string, number>;
    timeToVerify: { verified: number; medianMs: number | null };
    yield: { casesOpened: number; householdsAssisted: number };
  };
  staffing: {
    peopleInDifficulty: number;
    fullTimeCaseworkers: number;
    peoplePerCaseworker: number | null;
    caseworkersRequired: number;
    caseworkersMissing: number;
    streets: number;
    streetsWithoutCaseworker: string[];
    committees: number;
    committeesWithoutDesignatedWorker: string[];
    meetsStandard: boolean;
  };
};
type Unit = Figures & { code: string };
const unit = (list: Unit[], code: string): Unit => {
  const found = list.find((u) => u.code === code);
  if (!found) throw new Error(`no figures for ${code}`);
  return found;
};

const PERIOD_2020 = 'from=2020-03-01T00:00:00Z&to=2020-04-01T00:00:00Z';
let reported: CaseRef;
let verifying: CaseRef;
let deciding: CaseRef;

let db: OwnDatabase;

/** `count` people of `street` on the register, in `category`; `deceasedAt` marks them deceased. */
async function registerPeople(street: string, count: number, category: string, deceasedAt: Date | null = null): Promise<void> {
  await p.prisma.$executeRaw`
    INSERT INTO register_entries ("personId", category, "streetCode", "districtCode", "deceasedAt", "lastImportId", "updatedAt")
    SELECT 'p-stats-' || ${category} || '-' || ${street} || '-' || g, ${category}, ${street}, ${street.slice(0, 6)}, ${deceasedAt}, 'i-stats', now()
    FROM generate_series(1, ${count}::int) g`;
}

beforeAll(async () => {
  // A database of its own: a district's figures count every case in it, and other test files
  // (revisits) open cases in the same district at the same time.
  db = await startOwnDatabase('stats');
  p = await startTestPlatform({
    databaseUrl: db.url,
    policyOverrides: { deadlines: { normal: { accept: '2s', escalationWindow: '1h' }, urgent: { accept: '2s', escalationWindow: '1h' } } },
  });
  // The monitored register (§8) gives 2000:1:1 its people in difficulty (§12): here the seed's
  // illustrative figures for 从化 (440117) and 荔湾 (440103), plus people it must not count.
  for (const street of allJurisdictions().filter((j) => j.level === 'street' && /^4401(17|03)/.test(j.code))) {
    await registerPeople(street.code, street.populationInDifficulty ?? 0, 'dibao');
  }
  await registerPeople(EDIT_STREET, 5, 'none');
  await registerPeople(EDIT_STREET, 3, 'tekun', new Date('2026-01-01T00:00:00Z'));
  const caseworker = actor('caseworker', STREET);
  const open = () => openTestCase(p, { streetCode: STREET, districtCode: DISTRICT });
  [reported, verifying, deciding] = await Promise.all([open(), open(), open()]);
  await act(p, verifying, { type: 'accept' }, caseworker);
  await act(p, deciding, { type: 'accept' }, caseworker);
  await act(p, deciding, { type: 'complete-verification', outcome: 'eligible' }, caseworker);
  // The case left in `reported` misses its acceptance deadline and escalates to the district.
  await eventually(async () => (await p.prisma.escalation.findFirst({ where: { caseId: reported.caseId } })) ?? undefined, 30_000);

  // Escalations resolved in March 2020 with known times to resolve, one outside the period, and an
  // open city-level escalation next door.
  const row = (name: string, streetCode: string, extra: Record<string, unknown>) => ({
    escalationId: `s-${run}-${name}`,
    caseId: `c-${run}-${name}`,
    clock: 'verify',
    level: 1,
    status: 'resolved',
    dueAt: new Date('2020-03-01T00:00:00Z'),
    escalatedAt: new Date('2020-03-02T00:00:00Z'),
    districtCode: streetCode.slice(0, 6),
    streetCode,
    stage: 'verifying',
    ...extra,
  });
  const resolved = (name: string, streetCode: string, resolvedAt: string, ms: number) =>
    row(name, streetCode, { resolvedAt: new Date(resolvedAt), timeToResolveMs: BigInt(ms) });
  await p.prisma.escalation.createMany({
    data: [
      resolved('r1', STREET, '2020-03-05T00:00:00Z', 1000),
      resolved('r2', STREET, '2020-03-06T00:00:00Z', 2000),
      resolved('r3', STREET, '2020-03-07T00:00:00Z', 3000),
      resolved('r4', STREET, '2020-03-08T00:00:00Z', 4000),
      resolved('r5', STREET, '2020-03-31T23:59:59Z', 10000),
      resolved('r6', NEIGHBOUR, '2020-03-10T00:00:00Z', 60000),
      resolved('late', STREET, '2020-04-01T00:00:00Z', 999_999),
      row('open-city', NEIGHBOUR, { status: 'open', level: 2, escalatedAt: new Date(), raisedToCityAt: new Date() }),
    ],
  });
});

afterAll(async () => {
  await p?.stop();
  await db?.drop();
});

describe('GET /api/v1/stats for a district officer', () => {
  it('counts open cases by stage, overdue clocks, open escalations and time to resolve per street', async () => {
    const res = await get(`/api/v1/stats?${PERIOD_2020}`, 'district_officer', DISTRICT);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2020-03-01T00:00:00.000Z',
      to: '2020-04-01T00:00:00.000Z',
      scope: { level: 'district', code: DISTRICT },
      standard: { peoplePerCaseworker: 2000, minCaseworkersPerStreet: 1, minDesignatedWorkersPerCommittee: 1 },
    });
    expect((res.body.districts as Unit[]).map((d) => d.code)).toEqual([DISTRICT]);
    expect((res.body.streets as Unit[]).map((s) => s.code)).toEqual(['440117001', '440117002', '440117003', '440117004', '440117005']);

    const street = unit(res.body.streets, STREET);
    expect(street.openCases).toEqual({
      total: 3,
      byStage: { reported: 1, verifying: 1, deciding: 1, assisting: 0, referred: 0, monitoring: 0 },
    });
    expect(street.overdue).toBe(1);
    expect(street.openEscalations).toEqual({ district: 1, city: 0, total: 1 });
    // Continuous percentiles of 1, 2, 3, 4, 10 s; the escalation resolved on 1 April is outside.
    expect(street.timeToResolve).toEqual({ resolved: 5, medianMs: 3000, p90Ms: 7600 });

    const neighbour = unit(res.body.streets, NEIGHBOUR);
    expect(neighbour.openEscalations).toEqual({ district: 0, city: 1, total: 1 });
    expect(neighbour.timeToResolve).toEqual({ resolved: 1, medianMs: 60000, p90Ms: 60000 });

    // The district's percentiles are over all six values, not an average of the streets'.
    const district = unit(res.body.districts, DISTRICT);
    expect(district.timeToResolve).toEqual({ resolved: 6, medianMs: 3500, p90Ms: 35000 });
    expect(district.openEscalations).toEqual({ district: 1, city: 1, total: 2 });
    expect(district.openCases.total).toBe(3);
    // A district officer's whole scope is the district.
    const { code: _code, nameZh: _zh, nameEn: _en, ...districtFigures } = district as Unit & { nameZh: string; nameEn: string };
    expect(res.body.total).toEqual(districtFigures);
  });

  it('counts the reminders sent in the period (the default period is the last 30 days)', async () => {
    const reminders = await p.prisma.caseEvent.count({
      where: { type: 'reminder', caseId: { in: [reported.caseId, verifying.caseId, deciding.caseId] } },
    });
    expect(reminders).toBeGreaterThanOrEqual(1);
    const now = await get('/api/v1/stats', 'district_officer', DISTRICT);
    expect(now.status).toBe(200);
    expect(unit(now.body.streets, STREET).remindersSent).toBe(reminders);
    expect(Date.parse(now.body.to) - Date.parse(now.body.from)).toBe(30 * 24 * 3600 * 1000);
    const in2020 = await get(`/api/v1/stats?${PERIOD_2020}`, 'district_officer', DISTRICT);
    expect(unit(in2020.body.streets, STREET).remindersSent).toBe(0);
  });

  it('reports staffing against 2000:1:1 from the register and the seeded staff: people per caseworker, caseworkers missing, committees without a worker', async () => {
    const res = await get(`/api/v1/stats?${PERIOD_2020}`, 'district_officer', DISTRICT);
    // 2480, 1760, 1390, 1640 and 1120 people; one caseworker in each street but 吕田镇, which has none;
    // 街口 needs two; 东明村委会 has no designated worker.
    expect(unit(res.body.districts, DISTRICT).staffing).toEqual({
      peopleInDifficulty: 8390,
      fullTimeCaseworkers: 4,
      peoplePerCaseworker: 2097.5,
      caseworkersRequired: 6,
      caseworkersMissing: 2,
      streets: 5,
      streetsWithoutCaseworker: [EDIT_STREET],
      committees: 16,
      committeesWithoutDesignatedWorker: [UNCOVERED_COMMITTEE],
      meetsStandard: false,
    });
    expect(unit(res.body.streets, '440117001').staffing).toMatchObject({
      peopleInDifficulty: 2480,
      fullTimeCaseworkers: 1,
      caseworkersRequired: 2,
      caseworkersMissing: 1,
      meetsStandard: false,
    });
    expect(unit(res.body.streets, NEIGHBOUR).staffing).toMatchObject({
      caseworkersMissing: 0,
      committeesWithoutDesignatedWorker: [],
      meetsStandard: true,
    });
  });
});

describe('GET /api/v1/stats for the city', () => {
  it('counts the people in difficulty from the register, not the seed’s figures: 天河 石牌 (440106001) has whom its register has', async () => {
    const seeded = allJurisdictions().find((j) => j.code === '440106001')!.populationInDifficulty;
    await registerPeople('440106001', 2345, 'dibian');
    const res = await get(`/api/v1/stats?${PERIOD_2020}`, 'city_officer', '440100');
    const staffing = unit(res.body.streets, '440106001').staffing;
    expect(staffing.peopleInDifficulty).toBe(2345);
    expect(staffing.peopleInDifficulty).not.toBe(seeded);
    expect(staffing.caseworkersRequired).toBe(2);
  });

  it('shows the seeded coverage gap: 吕田镇 (440117005) has no caseworker', async () => {
    const res = await get(`/api/v1/stats?${PERIOD_2020}`, 'city_officer', '440100');
    expect(res.status).toBe(200);
    expect(res.body.scope).toEqual({ level: 'city', code: '440100' });
    expect(res.body.districts).toHaveLength(11);
    expect(unit(res.body.streets, '440117005').staffing).toEqual({
      peopleInDifficulty: 1120,
      fullTimeCaseworkers: 0,
      peoplePerCaseworker: null,
      caseworkersRequired: 1,
      caseworkersMissing: 1,
      streets: 1,
      streetsWithoutCaseworker: ['440117005'],
      committees: 4,
      committeesWithoutDesignatedWorker: ['440117005203'],
      meetsStandard: false,
    });
    expect(unit(res.body.districts, '440117').staffing).toMatchObject({
      fullTimeCaseworkers: 4,
      caseworkersMissing: 2,
      streetsWithoutCaseworker: ['440117005'],
    });
    // 荔湾: 2150 + 1680 + 1920 + 2480 people and four caseworkers; 逢源 and 花地 need two each.
    expect(unit(res.body.districts, '440103').staffing).toMatchObject({
      peopleInDifficulty: 8230,
      fullTimeCaseworkers: 4,
      caseworkersMissing: 2,
    });
    expect(res.body.total.staffing.streetsWithoutCaseworker).toContain('440117005');
    expect(res.body.total.staffing.committeesWithoutDesignatedWorker).toEqual(
      expect.arrayContaining(['440105004201', '440112004202', '440113004204', '440115002201', '440117005203', '440118005202']),
    );
    // The city's figures include this file's district.
    expect(unit(res.body.districts, DISTRICT).timeToResolve).toEqual({ resolved: 6, medianMs: 3500, p90Ms: 35000 });
  });
});

describe('GET /api/v1/stats scoping', () => {
  it('gives street staff their street only', async () => {
    for (const role of ['street_supervisor', 'caseworker'] as Role[]) {
      const res = await get(`/api/v1/stats?${PERIOD_2020}`, role, STREET);
      expect(res.status).toBe(200);
      expect(res.body.scope).toEqual({ level: 'street', code: STREET });
      expect(res.body.districts).toEqual([]);
      expect((res.body.streets as Unit[]).map((s) => s.code)).toEqual([STREET]);
      expect(res.body.total.timeToResolve).toEqual({ resolved: 5, medianMs: 3000, p90Ms: 7600 });
      expect(res.body.total.openCases.total).toBe(3);
    }
  });

  it('never mixes in another district', async () => {
    const res = await get(`/api/v1/stats?${PERIOD_2020}`, 'district_officer', '440113');
    expect((res.body.streets as Unit[]).every((s) => s.code.startsWith('440113'))).toBe(true);
    // This file's March 2020 escalations are all in Conghua.
    expect(res.body.total.timeToResolve.resolved).toBe(0);
  });

  it.each([
    ['hotline', '440100'],
    ['department', '440100'],
    ['reporter', STREET],
  ] as [Role, string][])('refuses %s with 403', async (role, jurisdiction) => {
    expect((await get('/api/v1/stats', role, jurisdiction)).status).toBe(403);
  });

  it('answers 422 for a period that ends before it starts or is not a date', async () => {
    const backwards = await get('/api/v1/stats?from=2020-04-01T00:00:00Z&to=2020-03-01T00:00:00Z', 'city_officer', '440100');
    expect(backwards.status).toBe(422);
    const notDate = await get('/api/v1/stats?from=yesterday', 'city_officer', '440100');
    expect(notDate.status).toBe(422);
    expect(notDate.body.errors[0].path).toBe('from');
  });
});

describe('staff administration', () => {
  const staffId = `cw-${run}`;
  const coverage = async () =>
    unit((await get(`/api/v1/stats?${PERIOD_2020}`, 'city_officer', '440100')).body.streets, EDIT_STREET).staffing;
  const committeePath = `/api/v1/jurisdictions/${UNCOVERED_COMMITTEE}/designated-worker`;

  it('lets only city officers add and change staff, and the coverage figures follow (closing and reopening 吕田镇’s gap)', async () => {
    expect(await coverage()).toMatchObject({
      peopleInDifficulty: 1120,
      fullTimeCaseworkers: 0,
      streetsWithoutCaseworker: [EDIT_STREET],
      committeesWithoutDesignatedWorker: [UNCOVERED_COMMITTEE],
    });

    for (const [role, jurisdiction] of [
      ['district_officer', DISTRICT],
      ['street_supervisor', EDIT_STREET],
      ['caseworker', NEIGHBOUR],
    ] as [Role, string][]) {
      const denied = await send(
        'post',
        '/api/v1/staff',
        { role: 'caseworker', jurisdictionCode: EDIT_STREET, nameZh: '李四', nameEn: 'Li Si' },
        role,
        jurisdiction,
      );
      expect([role, denied.status]).toEqual([role, 403]);
    }

    const created = await send('post', '/api/v1/staff', {
      id: staffId,
      role: 'caseworker',
      jurisdictionCode: EDIT_STREET,
      nameZh: '李四',
      nameEn: 'Li Si',
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/staff/${staffId}`);
    expect(created.body).toMatchObject({
      id: staffId,
      role: 'caseworker',
      jurisdictionCode: EDIT_STREET,
      fullTimeAssistance: true,
      active: true,
    });
    expect(
      (
        await send('post', '/api/v1/staff', {
          id: staffId,
          role: 'caseworker',
          jurisdictionCode: EDIT_STREET,
          nameZh: '李四',
          nameEn: 'Li Si',
        })
      ).status,
    ).toBe(409);
    expect(await coverage()).toMatchObject({
      fullTimeCaseworkers: 1,
      peoplePerCaseworker: 1120,
      caseworkersMissing: 0,
      streetsWithoutCaseworker: [],
    });

    // The new caseworker also covers 东明村委会: the street now meets 2000:1:1.
    const designated = await send('put', committeePath, { userId: staffId });
    expect(designated.status).toBe(200);
    expect(designated.body).toMatchObject({ code: UNCOVERED_COMMITTEE, streetCode: EDIT_STREET, designatedWorkerId: staffId });
    expect(await coverage()).toMatchObject({ committeesWithoutDesignatedWorker: [], meetsStandard: true });

    // Part-time: no longer a full-time worker. Inactive: the committee is uncovered again.
    const partTime = await send('patch', `/api/v1/staff/${staffId}`, { fullTimeAssistance: false });
    expect(partTime.status).toBe(200);
    expect(partTime.body.fullTimeAssistance).toBe(false);
    expect(await coverage()).toMatchObject({ fullTimeCaseworkers: 0, streetsWithoutCaseworker: [EDIT_STREET] });
    const inactive = await send('patch', `/api/v1/staff/${staffId}`, { active: false });
    expect(inactive.body.active).toBe(false);
    expect(await coverage()).toMatchObject({ committeesWithoutDesignatedWorker: [UNCOVERED_COMMITTEE], meetsStandard: false });

    // A role change: full-time assistance ends with the caseworker role.
    const promoted = await send('patch', `/api/v1/staff/${staffId}`, { role: 'street_supervisor', fullTimeAssistance: false });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ role: 'street_supervisor', active: false, fullTimeAssistance: false });
    const listed = await get(`/api/v1/staff?jurisdictionCode=${EDIT_STREET}`, 'district_officer', DISTRICT);
    expect(listed.status).toBe(200);
    expect((listed.body.items as { id: string }[]).map((s) => s.id)).toEqual(expect.arrayContaining([staffId, `ss-${EDIT_STREET}`]));

    // Back to the seed: no designated worker, no caseworker.
    const cleared = await send('put', committeePath, { userId: null });
    expect(cleared.body.designatedWorkerId).toBeNull();
    expect(await coverage()).toMatchObject({
      fullTimeCaseworkers: 0,
      streetsWithoutCaseworker: [EDIT_STREET],
      committeesWithoutDesignatedWorker: [UNCOVERED_COMMITTEE],
    });
  });

  it('validates assignments: a role must hold a jurisdiction of its level; only caseworkers are full-time workers', async () => {
    const wrongLevel = await send('post', '/api/v1/staff', {
      role: 'caseworker',
      jurisdictionCode: DISTRICT,
      nameZh: '王五',
      nameEn: 'Wang Wu',
    });
    expect(wrongLevel.status).toBe(422);
    expect(wrongLevel.body.errors).toEqual([
      { path: 'jurisdictionCode', message: 'must be a street code for role caseworker (got a district)' },
    ]);
    const fullTimeSupervisor = await send('post', '/api/v1/staff', {
      role: 'street_supervisor',
      jurisdictionCode: EDIT_STREET,
      nameZh: '王五',
      nameEn: 'Wang Wu',
      fullTimeAssistance: true,
    });
    expect(fullTimeSupervisor.status).toBe(422);
    expect(fullTimeSupervisor.body.errors[0].path).toBe('fullTimeAssistance');
    const unknownField = await send('post', '/api/v1/staff', {
      role: 'caseworker',
      jurisdictionCode: EDIT_STREET,
      nameZh: '王五',
      nameEn: 'Wang Wu',
      salary: 1,
    });
    expect(unknownField.status).toBe(422);
    expect((await send('patch', '/api/v1/staff/nobody-here', { active: false })).status).toBe(404);
    expect((await send('patch', `/api/v1/staff/cw-${NEIGHBOUR}`, {})).status).toBe(422);
    expect((await send('patch', `/api/v1/staff/cw-${NEIGHBOUR}`, { active: false }, 'district_officer', DISTRICT)).status).toBe(403);
  });

  it('designates only an active staff member of the committee’s own street', async () => {
    const otherStreet = await send('put', committeePath, { userId: `cw-${NEIGHBOUR}` });
    expect(otherStreet.status).toBe(422);
    expect(otherStreet.body.errors[0].path).toBe('userId');
    expect((await send('put', `/api/v1/jurisdictions/${EDIT_STREET}999/designated-worker`, { userId: null })).status).toBe(404);
    expect((await send('put', `/api/v1/jurisdictions/${EDIT_STREET}/designated-worker`, { userId: null })).status).toBe(404);
    expect((await send('put', committeePath, { userId: null }, 'district_officer', DISTRICT)).status).toBe(403);
    expect((await get('/api/v1/staff', 'caseworker', NEIGHBOUR)).status).toBe(403);
  });
});

describe('GET /api/v1/stats warnings (§8)', () => {
  // Huadu (440114) holds this part's warnings, raised in March 2020 with known times to verify.
  const W_DISTRICT = '440114';
  const W_STREET = '440114001';
  const W_NEIGHBOUR = '440114002';
  const HOUR = 3_600_000;
  let assisted: CaseRef;
  let verifyingCase: CaseRef;

  beforeAll(async () => {
    const caseworker = actor('caseworker', W_STREET);
    assisted = await openTestCase(p, { streetCode: W_STREET, districtCode: W_DISTRICT });
    verifyingCase = await openTestCase(p, { streetCode: W_NEIGHBOUR, districtCode: W_DISTRICT });
    await act(p, assisted, { type: 'accept' }, caseworker);
    await act(p, assisted, { type: 'complete-verification', outcome: 'eligible' }, caseworker);
    await act(p, assisted, { type: 'propose-assistance', assistanceType: 'temporary', amount: 1000 }, caseworker);
    await act(p, assisted, { type: 'approve-assistance' }, actor('street_supervisor', W_STREET));
    await act(p, verifyingCase, { type: 'accept' }, actor('caseworker', W_NEIGHBOUR));
    await eventually(async () =>
      (await p.prisma.case.findUnique({ where: { caseId: assisted.caseId } }))?.stage === 'assisting' ? true : undefined,
    );
    await eventually(async () =>
      (await p.prisma.case.findUnique({ where: { caseId: verifyingCase.caseId } }))?.stage === 'verifying' ? true : undefined,
    );

    const raisedAt = new Date('2020-03-02T00:00:00Z');
    const warning = (name: string, streetCode: string, extra: Record<string, unknown>) => ({
      warningId: `w-${run}-${name}`,
      personId: `p-${run}-${name}`,
      streetCode,
      districtCode: W_DISTRICT,
      level: 'yellow',
      ruleId: 'utility_arrears',
      status: 'open',
      raisedAt,
      verifyDueAt: new Date('2020-03-16T00:00:00Z'),
      escalationWindow: '48h',
      policyVersion: 'test-policy',
      importId: `i-${run}`,
      ...extra,
    });
    const verified = (hours: number, outcome: string, caseId?: string) => ({
      status: outcome === 'dismiss' ? 'dismissed' : 'verified',
      outcome,
      verifiedAt: new Date(raisedAt.getTime() + hours * HOUR),
      verifiedBy: `cw-${W_STREET}`,
      ...(caseId ? { caseId } : {}),
    });
    await p.prisma.warning.createMany({
      data: [
        warning('red', W_STREET, { level: 'red', ...verified(1, 'open-case', assisted.caseId) }),
        // A second warning of the same household's case: one case, one household.
        warning('orange', W_STREET, { level: 'orange', ...verified(3, 'watch', assisted.caseId) }),
        warning('dismissed', W_STREET, verified(5, 'dismiss')),
        warning('open', W_STREET, {}),
        warning('next-door', W_NEIGHBOUR, { level: 'orange', ...verified(2, 'open-case', verifyingCase.caseId) }),
        warning('april', W_STREET, { raisedAt: new Date('2020-04-01T00:00:00Z'), ...verified(1, 'open-case', assisted.caseId) }),
      ],
    });
  });

  it('counts warnings raised in the period by level and status, the median time to verify and the yield, per street and district', async () => {
    const res = await get(`/api/v1/stats?${PERIOD_2020}`, 'district_officer', W_DISTRICT);
    expect(res.status).toBe(200);
    expect(unit(res.body.streets, W_STREET).warnings).toEqual({
      raised: 4,
      byLevel: { red: 1, orange: 1, yellow: 2 },
      byStatus: { open: 1, verified: 2, dismissed: 1 },
      timeToVerify: { verified: 3, medianMs: 3 * HOUR },
      yield: { casesOpened: 1, householdsAssisted: 1 },
    });
    expect(unit(res.body.streets, W_NEIGHBOUR).warnings).toEqual({
      raised: 1,
      byLevel: { red: 0, orange: 1, yellow: 0 },
      byStatus: { open: 0, verified: 1, dismissed: 0 },
      timeToVerify: { verified: 1, medianMs: 2 * HOUR },
      // Opened, still in verifying: not (yet) assisted.
      yield: { casesOpened: 1, householdsAssisted: 0 },
    });
    // The district's median is over its four verified warnings (1, 2, 3 and 5 h), not the streets' medians.
    const district = unit(res.body.districts, W_DISTRICT).warnings;
    expect(district).toMatchObject({
      raised: 5,
      timeToVerify: { verified: 4, medianMs: 2.5 * HOUR },
      yield: { casesOpened: 2, householdsAssisted: 1 },
    });
    expect(res.body.total.warnings).toEqual(district);
    expect(unit(res.body.streets, '440114003').warnings.raised).toBe(0);

    // Street staff see their street's; other districts none of them.
    const street = await get(`/api/v1/stats?${PERIOD_2020}`, 'caseworker', W_NEIGHBOUR);
    expect(street.body.total.warnings.raised).toBe(1);
    expect((await get(`/api/v1/stats?${PERIOD_2020}`, 'district_officer', DISTRICT)).body.total.warnings.raised).toBe(0);
    const april = await get('/api/v1/stats?from=2020-04-01T00:00:00Z&to=2020-05-01T00:00:00Z', 'district_officer', W_DISTRICT);
    expect(april.body.total.warnings).toMatchObject({ raised: 1, yield: { casesOpened: 1, householdsAssisted: 1 } });
  });
});
