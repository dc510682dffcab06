// Component tests of referrals answered by the organisation itself (DESIGN.md §10, issue #15 items 6-7)
// against the real stack: an organisation's user lists only its own referrals and reads no case file;
// another organisation's answer is refused with nothing changed; accepting starts the charityFollowUp
// clock, which the case's deadlines show; completing records what was delivered, which takes the
// project's remaining down once, even when the projection runs again; the statistics per organisation.
import request from 'supertest';
import type { Role } from '../../domain/case-types';
import { makeIdNumber } from '../../domain/ids';
import { createProjectionActivities } from '../../activities/projection';
import { findCase } from '../../api/cases/repository';
import { signToken } from '../../runtime/tokens';
import { eventually, fileReport, makeReport } from '../support/cases';
import { startTestPlatform, testPolicy, type TestPlatform } from '../support/harness';

// Baiyun (440111) belongs to this file: 440111006 the cases' street, 440111002 another street of it.
const DISTRICT = '440111';
const STREET = '440111006';
const OTHER_STREET = '440111002';
const OTHER_DISTRICT = '440105';
const CITY = '440100';

const RUN = Date.now().toString(36);
const ORG = `org-ref-${RUN}`;
const OTHER_ORG = `org-ref-other-${RUN}`;

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => {
  await p?.stop();
});

const auth = async (role: Role, jurisdiction: string) => `Bearer ${await p.tokenFor(role, jurisdiction)}`;
const get = async (path: string, role: Role, jurisdiction: string) =>
  request(p.app)
    .get(path)
    .set('Authorization', await auth(role, jurisdiction));
const post = async (path: string, body: unknown, role: Role, jurisdiction: string, key?: string) => {
  const req = request(p.app)
    .post(path)
    .set('Authorization', await auth(role, jurisdiction));
  if (key) req.set('Idempotency-Key', key);
  return req.send(body as object);
};
const respond = (referralId: string, body: unknown, organisationId: string, key?: string) =>
  post(`/api/v1/referrals/${referralId}/response`, body, 'organisation', organisationId, key);

let caseSeq = 0;
/** A case of STREET referred to `organisationId` (with `projectId`), answered by nobody yet. */
async function referredCase(
  organisationId: string,
  projectId?: string,
): Promise<{ caseId: string; referralId: string; householdId: string }> {
  caseSeq++;
  const report = await post(
    '/api/v1/reports',
    {
      channel: 'hotline',
      subject: {
        idNumber: makeIdNumber(
          DISTRICT,
          `1962${String(1 + (caseSeq % 9)).padStart(2, '0')}1${caseSeq % 10}`,
          String(100 + Math.floor(Math.random() * 800)),
        ),
        name: '转介应答测试',
        streetCode: STREET,
      },
      situation: { summary: 'needs help with hospital bills' },
    },
    'hotline',
    CITY,
  );
  expect(report.status).toBe(201);
  const caseId = report.body.caseId as string;
  const act = (action: Record<string, unknown>) => post(`/api/v1/cases/${caseId}/actions`, action, 'caseworker', STREET);
  expect((await act({ type: 'accept' })).status).toBe(200);
  expect((await act({ type: 'complete-verification', outcome: 'eligible' })).status).toBe(200);
  const referred = await act({ type: 'refer-to-charity', organisationId, ...(projectId ? { projectId } : {}), needs: ['住院押金'] });
  expect(referred.status).toBe(200);
  const referralId = (referred.body.referrals as { referralId: string }[]).at(-1)!.referralId;
  return { caseId, referralId, householdId: report.body.householdId as string };
}

const version = async (caseId: string) => (await p.prisma.case.findUniqueOrThrow({ where: { caseId }, select: { version: true } })).version;
const remainingFen = async (projectId: string) =>
  Number((await p.prisma.organisationProject.findUniqueOrThrow({ where: { id: projectId } })).remainingFen);

let projectId: string;
let mine: { caseId: string; referralId: string; householdId: string };
let theirs: { caseId: string; referralId: string; householdId: string };

beforeAll(async () => {
  for (const organisationId of [ORG, OTHER_ORG]) {
    const res = await post(
      '/api/v1/organisations',
      {
        organisationId,
        name: '白云区助医慈善会',
        kind: 'charity',
        services: ['medical'],
        districts: [DISTRICT],
        contact: { name: '联络人' },
      },
      'city_officer',
      CITY,
    );
    expect(res.status).toBe(201);
  }
  const project = await post(
    `/api/v1/organisations/${ORG}/projects`,
    { name: '大病救助项目', services: ['medical'], budget: 5000, startsAt: '2026-01-01' },
    'city_officer',
    CITY,
  );
  expect(project.status).toBe(201);
  projectId = project.body.projectId as string;
  mine = await referredCase(ORG, projectId);
  theirs = await referredCase(OTHER_ORG);
});

describe('the organisation role', () => {
  it('is given to each registered organisation’s user, whose token is refused while the organisation is not registered', async () => {
    expect(await p.prisma.staffUser.findUnique({ where: { id: `ou-${ORG}` } })).toMatchObject({
      role: 'organisation',
      jurisdictionCode: ORG,
    });
    const ghost = await signToken(
      { userId: 'ou-org-not-registered', role: 'organisation', jurisdictionCode: 'org-not-registered' },
      p.config.authSecret,
    );
    const res = await request(p.app).get('/api/v1/referrals').set('Authorization', `Bearer ${ghost}`);
    expect([res.status, res.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect(res.body.detail).toContain('not registered');
  });

  it('lists only its own referrals, without personal data', async () => {
    const own = await get('/api/v1/referrals?limit=200', 'organisation', ORG);
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([
      {
        referralId: mine.referralId,
        caseId: mine.caseId,
        organisationId: ORG,
        projectId,
        needs: ['住院押金'],
        status: 'pending',
        referredAt: expect.any(String),
        respondBy: expect.any(String),
        districtCode: DISTRICT,
        streetCode: STREET,
      },
    ]);
    expect(JSON.stringify(own.body)).not.toMatch(/转介应答测试|idNumber|name/);
    const other = await get('/api/v1/referrals', 'organisation', OTHER_ORG);
    expect((other.body.items as { referralId: string }[]).map((r) => r.referralId)).toEqual([theirs.referralId]);
    expect((await get(`/api/v1/referrals?organisationId=${OTHER_ORG}`, 'organisation', ORG)).body.items).toEqual([]);
    expect((await get('/api/v1/referrals?status=accepted', 'organisation', ORG)).body.items).toEqual([]);
  });

  it('staff list the referrals of their jurisdiction; report-only roles none', async () => {
    const ids = async (role: Role, jurisdiction: string) =>
      ((await get(`/api/v1/referrals?organisationId=${ORG}&limit=200`, role, jurisdiction)).body.items as { referralId: string }[]).map(
        (r) => r.referralId,
      );
    expect(await ids('caseworker', STREET)).toEqual([mine.referralId]);
    expect(await ids('district_officer', DISTRICT)).toEqual([mine.referralId]);
    expect(await ids('city_officer', CITY)).toEqual([mine.referralId]);
    expect(await ids('caseworker', OTHER_STREET)).toEqual([]);
    expect(await ids('district_officer', OTHER_DISTRICT)).toEqual([]);
    expect((await get('/api/v1/referrals', 'hotline', CITY)).status).toBe(403);
    // Paged: one at a time, newest first, the cursor continuing where the page ended.
    const page = await get('/api/v1/referrals?limit=1', 'caseworker', STREET);
    expect(page.body.items).toHaveLength(1);
    const next = await get(`/api/v1/referrals?limit=1&cursor=${page.body.nextCursor as string}`, 'caseworker', STREET);
    expect(next.status).toBe(200);
    expect(next.body.items[0].referralId).not.toBe(page.body.items[0].referralId);
    expect((await get('/api/v1/referrals?cursor=abc', 'caseworker', STREET)).body.errors[0].path).toBe('cursor');
  });

  it('reads no case file, list, matches, family file or statistics, not even of a case referred to it', async () => {
    for (const path of [
      `/api/v1/cases/${mine.caseId}`,
      `/api/v1/cases/${mine.caseId}/matches`,
      `/api/v1/cases/${mine.caseId}/workflow`,
      `/api/v1/households/${mine.householdId}`,
      '/api/v1/cases',
      '/api/v1/escalations',
      '/api/v1/stats',
      '/api/v1/exports/cases',
      '/api/v1/organisations',
    ]) {
      const res = await get(path, 'organisation', ORG);
      expect([path, res.status]).toEqual([path, 403]);
      expect(JSON.stringify(res.body)).not.toMatch(/转介应答测试|住院押金/);
    }
    const action = await post(
      `/api/v1/cases/${mine.caseId}/actions`,
      { type: 'charity-response', response: 'accepted' },
      'organisation',
      ORG,
    );
    expect(action.status).toBe(403);
    const report = await post('/api/v1/reports', {}, 'organisation', ORG);
    expect(report.status).toBe(403);
  });
});

describe('answering a referral', () => {
  it('another organisation is refused with REFERRAL_NOT_YOURS, nothing changed', async () => {
    const before = await version(mine.caseId);
    const res = await respond(mine.referralId, { response: 'accepted' }, OTHER_ORG);
    expect([res.status, res.body.code]).toEqual([403, 'REFERRAL_NOT_YOURS']);
    expect(await version(mine.caseId)).toBe(before);
    expect((await p.prisma.referral.findUniqueOrThrow({ where: { referralId: mine.referralId } })).status).toBe('pending');
    const unknown = await respond(`${mine.caseId}:ref:9`, { response: 'accepted' }, ORG);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'UNKNOWN_REFERRAL']);
  });

  it('bad input is a clear 4xx naming the field, nothing changed', async () => {
    const before = await version(mine.caseId);
    const delivered = await respond(mine.referralId, { response: 'accepted', delivered: { amount: 10 } }, ORG);
    expect([delivered.status, delivered.body.code, delivered.body.errors]).toEqual([
      400,
      'DELIVERED_WITHOUT_COMPLETION',
      [{ path: 'delivered', message: expect.any(String) }],
    ]);
    const unknownResponse = await respond(mine.referralId, { response: 'maybe' }, ORG);
    expect([unknownResponse.status, unknownResponse.body.errors[0].path]).toEqual([422, 'response']);
    const badService = await respond(mine.referralId, { response: 'completed', delivered: { services: ['counselling'] } }, ORG);
    expect([badService.status, badService.body.errors[0].path]).toEqual([422, 'delivered.services.0']);
    expect(await version(mine.caseId)).toBe(before);
  });

  it('accepting starts the follow-up clock, which the case’s deadlines show; a retry with the same key happens once', async () => {
    const key = `accept-${RUN}`;
    const res = await respond(mine.referralId, { response: 'accepted', note: '已联系家属' }, ORG, key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      referralId: mine.referralId,
      status: 'accepted',
      respondedAt: expect.any(String),
      followUpBy: expect.any(String),
    });
    const followUpBy = res.body.followUpBy as string;
    expect(Date.parse(followUpBy) - Date.parse(res.body.respondedAt as string)).toBeCloseTo(30 * 86_400_000, -4);
    const after = await version(mine.caseId);
    const again = await respond(mine.referralId, { response: 'accepted', note: '已联系家属' }, ORG, key);
    expect([again.status, again.headers['idempotent-replayed'], again.body.status]).toEqual([200, 'true', 'accepted']);
    expect(await version(mine.caseId)).toBe(after);

    const file = await get(`/api/v1/cases/${mine.caseId}`, 'caseworker', STREET);
    expect(file.body.stage).toBe('referred');
    expect(file.body.deadlines).toEqual([expect.objectContaining({ clock: 'charityFollowUp', dueAt: followUpBy })]);
  });

  it('completing records what was delivered in the case file and takes the project’s remaining down once, even when projected again', async () => {
    expect(await remainingFen(projectId)).toBe(500_000);
    const delivered = { amount: 1200.5, services: ['medical'] };
    const res = await respond(mine.referralId, { response: 'completed', delivered }, ORG);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', completedAt: expect.any(String), delivered });
    expect(await remainingFen(projectId)).toBe(500_000 - 120_050);

    const file = await get(`/api/v1/cases/${mine.caseId}`, 'caseworker', STREET);
    expect(file.body.stage).toBe('monitoring');
    expect(file.body.referrals[0]).toMatchObject({ status: 'completed', delivered });
    const projects = await get(`/api/v1/organisations/${ORG}/projects`, 'city_officer', CITY);
    expect(projects.body.items[0].remaining).toBe(3799.5);

    // The projection activity retried with the same event: the delivery is keyed by the event id.
    const row = (await findCase(p.prisma, mine.caseId, p.pii))!;
    const event = await p.prisma.caseEvent.findFirstOrThrow({
      where: { caseId: mine.caseId, type: 'charity-response' },
      orderBy: { seq: 'desc' },
    });
    const { projectCase } = createProjectionActivities({ prisma: p.prisma, secrets: p.pii });
    const replayed = {
      eventId: event.eventId,
      seq: event.seq,
      type: event.type,
      at: event.at.toISOString(),
      actorId: event.actorId,
      fromStage: 'referred' as const,
      toStage: 'monitoring' as const,
      details: { response: 'completed', referralId: mine.referralId, delivered },
    };
    await projectCase({
      workflowId: row.workflowId,
      state: row.snapshot.state,
      view: row.view,
      policy: row.snapshot.policy,
      events: [replayed],
    });
    await projectCase({
      workflowId: row.workflowId,
      state: row.snapshot.state,
      view: row.view,
      policy: row.snapshot.policy,
      events: [replayed],
    });
    expect(await remainingFen(projectId)).toBe(500_000 - 120_050);
    expect(await p.prisma.referralDelivery.count({ where: { referralId: mine.referralId } })).toBe(1);

    const late = await respond(mine.referralId, { response: 'declined' }, ORG);
    expect([late.status, late.body.code]).toEqual([409, 'REFERRAL_ALREADY_ANSWERED']);
  });

  it('a completed referral without a project just records what was delivered', async () => {
    const res = await respond(theirs.referralId, { response: 'completed', delivered: { amount: 300 } }, OTHER_ORG);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', delivered: { amount: 300 } });
    expect(res.body).not.toHaveProperty('projectId');
    await eventually(async () =>
      (await p.prisma.referralDelivery.count({ where: { referralId: theirs.referralId } })) === 1 ? true : undefined,
    );
  });

  it('street staff may record an answer given by phone; staff of another street may not', async () => {
    const phoned = await referredCase(ORG);
    const outside = await post(`/api/v1/referrals/${phoned.referralId}/response`, { response: 'declined' }, 'caseworker', OTHER_STREET);
    expect([outside.status, outside.body.code]).toEqual([404, 'UNKNOWN_REFERRAL']);
    const officer = await post(`/api/v1/referrals/${phoned.referralId}/response`, { response: 'declined' }, 'district_officer', DISTRICT);
    expect(officer.status).toBe(403);
    const res = await post(
      `/api/v1/referrals/${phoned.referralId}/response`,
      { response: 'declined', note: '电话告知' },
      'street_supervisor',
      STREET,
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('declined');
    const file = await get(`/api/v1/cases/${phoned.caseId}`, 'caseworker', STREET);
    expect(file.body.stage).toBe('deciding');
  });
});

describe('the charityFollowUp clock', () => {
  it('escalates an accepted referral not completed in time to the district, like every clock', async () => {
    // A case of its own with a two-second follow-up (the platform's policy keeps 30d for the others).
    const quick = testPolicy({
      deadlines: { normal: { charityFollowUp: '2s', escalationWindow: '1h' }, urgent: { charityFollowUp: '2s', escalationWindow: '1h' } },
    });
    const opened = await fileReport(p, makeReport({ streetCode: STREET, districtCode: DISTRICT }), undefined, { policy: quick });
    const act = (action: Record<string, unknown>) => post(`/api/v1/cases/${opened.caseId}/actions`, action, 'caseworker', STREET);
    expect((await act({ type: 'accept' })).status).toBe(200);
    expect((await act({ type: 'complete-verification', outcome: 'eligible' })).status).toBe(200);
    const referred = await act({ type: 'refer-to-charity', organisationId: OTHER_ORG, needs: ['陪诊'] });
    expect(referred.status).toBe(200);
    const referralId = (referred.body.referrals as { referralId: string }[])[0].referralId;
    expect((await respond(referralId, { response: 'accepted' }, OTHER_ORG)).status).toBe(200);
    const escalation = await eventually(
      async () => (await p.prisma.escalation.findFirst({ where: { caseId: opened.caseId, clock: 'charityFollowUp' } })) ?? undefined,
      20_000,
    );
    expect(escalation).toMatchObject({ level: 1, status: 'open', districtCode: DISTRICT, streetCode: STREET });
    // Completing resolves it.
    expect((await respond(referralId, { response: 'completed' }, OTHER_ORG)).status).toBe(200);
    const resolved = await p.prisma.escalation.findUniqueOrThrow({ where: { escalationId: escalation.escalationId } });
    expect(resolved.status).toBe('resolved');
  });
});

describe('GET /organisations/{organisationId}/stats', () => {
  it('counts the organisation’s referrals, its acceptance rate, median time to answer and what it delivered', async () => {
    const res = await get(`/api/v1/organisations/${ORG}/stats`, 'organisation', ORG);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      organisationId: ORG,
      scope: 'all',
      referrals: 2,
      pending: 0,
      accepted: 0,
      declined: 1,
      completed: 1,
      acceptanceRate: 0.5,
      medianTimeToAnswerMs: expect.any(Number),
      medianTimeToAnswer: expect.any(String),
      deliveredAmount: 1200.5,
    });
    expect(res.body.medianTimeToAnswerMs).toBeGreaterThan(0);
    const district = await get(`/api/v1/organisations/${ORG}/stats`, 'district_officer', DISTRICT);
    expect(district.body).toMatchObject({ scope: DISTRICT, referrals: 2, deliveredAmount: 1200.5 });
    expect((await get(`/api/v1/organisations/${ORG}/stats`, 'city_officer', CITY)).body.referrals).toBe(2);
    const future = await get(`/api/v1/organisations/${ORG}/stats?from=2099-01-01T00:00:00Z`, 'city_officer', CITY);
    expect(future.body).toMatchObject({ referrals: 0, acceptanceRate: null, medianTimeToAnswerMs: null, deliveredAmount: 0 });
  });

  it('is refused to another organisation, to officers of districts it does not serve and to street staff', async () => {
    expect((await get(`/api/v1/organisations/${ORG}/stats`, 'organisation', OTHER_ORG)).status).toBe(403);
    expect((await get(`/api/v1/organisations/${ORG}/stats`, 'district_officer', OTHER_DISTRICT)).status).toBe(404);
    expect((await get(`/api/v1/organisations/${ORG}/stats`, 'caseworker', STREET)).status).toBe(403);
    expect((await get('/api/v1/organisations/org-none/stats', 'city_officer', CITY)).status).toBe(404);
  });
});

describe('an organisation’s user in the staff API', () => {
  const patch = async (path: string, body: unknown) =>
    request(p.app)
      .patch(path)
      .set('Authorization', await auth('city_officer', CITY))
      .send(body as object);

  it('is deactivated by a city officer, which stops its token at once; nothing else of it changes', async () => {
    const path = `/api/v1/staff/ou-${OTHER_ORG}`;
    const moved = await patch(path, { role: 'caseworker', jurisdictionCode: STREET });
    expect(moved.status).toBe(422);
    expect((moved.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['jurisdictionCode', 'role']);
    const created = await post(
      '/api/v1/staff',
      { role: 'organisation', jurisdictionCode: OTHER_ORG, nameZh: '冒充', nameEn: 'Impostor' },
      'city_officer',
      CITY,
    );
    expect(created.status).toBe(422);
    expect((created.body.errors as { path: string }[]).map((e) => e.path)).toContain('role');

    expect((await patch(path, { active: false })).status).toBe(200);
    const refused = await get('/api/v1/referrals', 'organisation', OTHER_ORG);
    expect([refused.status, refused.body.code]).toEqual([401, 'INVALID_TOKEN']);
    expect((await patch(path, { active: true })).status).toBe(200);
    expect((await get('/api/v1/referrals', 'organisation', OTHER_ORG)).status).toBe(200);
    expect(await p.prisma.staffUser.findUniqueOrThrow({ where: { id: `ou-${OTHER_ORG}` } })).toMatchObject({
      role: 'organisation',
      jurisdictionCode: OTHER_ORG,
      active: true,
    });
  });
});
