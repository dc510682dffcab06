// Component tests of organisations, projects, a case's matches and checked referrals (DESIGN.md §10)
// against the real stack: who registers, changes and sees organisations; the contact stored encrypted;
// projects with remaining = budget; matches ranked and scoped like the case file; and refer-to-charity
// refused before the workflow (nothing changed) for an unknown organisation or project, an organisation
// not serving the case's district, another organisation's project, a project without budget or not
// running, then accepted with its project, which the case and the referrals read model keep.
import request from 'supertest';
import type { Role } from '../../domain/case-types';
import { makeIdNumber } from '../../domain/ids';
import { eventually } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';

// Liwan's 彩虹街道 (440103003) belongs to this file; Huangpu (440112) is the other district.
const DISTRICT = '440103';
const STREET = '440103003';
const OTHER_DISTRICT = '440112';
const OTHER_STREET = '440112002';
const CITY = '440100';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => {
  await p?.stop();
});

const tokens = new Map<string, string>();
async function auth(role: Role, jurisdiction: string): Promise<string> {
  const key = `${role}@${jurisdiction}`;
  if (!tokens.has(key)) tokens.set(key, await p.tokenFor(role, jurisdiction));
  return `Bearer ${tokens.get(key)!}`;
}
const get = async (path: string, role: Role, jurisdiction: string) =>
  request(p.app)
    .get(path)
    .set('Authorization', await auth(role, jurisdiction));
const post = async (path: string, body: unknown, role: Role, jurisdiction: string) =>
  request(p.app)
    .post(path)
    .set('Authorization', await auth(role, jurisdiction))
    .send(body as object);
const patch = async (path: string, body: unknown, role: Role, jurisdiction: string) =>
  request(p.app)
    .patch(path)
    .set('Authorization', await auth(role, jurisdiction))
    .send(body as object);

const CONTACT = { name: '陈联络', phone: '13912345678' };
// Ids of this run are its own (a rerun against a kept database must not collide).
const RUN = Date.now().toString(36);
let seq = 0;
const newId = (what: string) => `org-test-${what}-${RUN}-${++seq}`;
const MED = `org-test-liwan-med-${RUN}`;
const MINE = `org-test-liwan-do-${RUN}`;

function organisation(over: Record<string, unknown> = {}) {
  return {
    organisationId: newId('o'),
    name: '荔湾区助医慈善会',
    kind: 'charity',
    services: ['medical'],
    districts: [DISTRICT],
    contact: CONTACT,
    ...over,
  };
}

async function createOrg(over: Record<string, unknown> = {}, role: Role = 'city_officer', jurisdiction = CITY) {
  const res = await post('/api/v1/organisations', organisation(over), role, jurisdiction);
  expect(res.status).toBe(201);
  return res.body as { organisationId: string };
}

async function createProject(organisationId: string, over: Record<string, unknown> = {}) {
  const res = await post(
    `/api/v1/organisations/${organisationId}/projects`,
    { name: '大病救助项目', services: ['medical'], budget: 5000, startsAt: '2026-01-01', ...over },
    'city_officer',
    CITY,
  );
  expect(res.status).toBe(201);
  return res.body as { projectId: string };
}

const listed = (res: request.Response) => (res.body.items as { organisationId: string }[]).map((o) => o.organisationId);

describe('organisations', () => {
  it('a city officer registers one; its contact is stored encrypted and shown to the district’s staff only', async () => {
    const created = await post('/api/v1/organisations', organisation({ organisationId: MED }), 'city_officer', CITY);
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/organisations/${MED}`);
    expect(created.body).toEqual({
      organisationId: MED,
      name: '荔湾区助医慈善会',
      kind: 'charity',
      services: ['medical'],
      districts: [DISTRICT],
      contact: CONTACT,
    });
    const row = await p.prisma.organisation.findUniqueOrThrow({ where: { id: MED } });
    expect(row.contactEnc).toBeTruthy();
    expect(JSON.stringify(row)).not.toMatch(/陈联络|13912345678/);

    const own = await get('/api/v1/organisations', 'caseworker', STREET);
    expect(own.status).toBe(200);
    expect(listed(own)).toContain(MED);
    // The seed's city-wide examples serve every district.
    expect(listed(own)).toContain('org-gz-charity');
    expect((own.body.items as { organisationId: string; contact: unknown }[]).find((o) => o.organisationId === MED)?.contact).toEqual(
      CONTACT,
    );
    expect(listed(await get('/api/v1/organisations', 'caseworker', OTHER_STREET))).not.toContain(MED);
    expect(listed(await get('/api/v1/organisations', 'district_officer', OTHER_DISTRICT))).not.toContain(MED);
    expect(listed(await get(`/api/v1/organisations?districtCode=${DISTRICT}`, 'caseworker', OTHER_STREET))).toEqual([]);
    expect(listed(await get(`/api/v1/organisations?districtCode=${DISTRICT}&service=medical`, 'city_officer', CITY))).toContain(MED);
    expect(listed(await get(`/api/v1/organisations?service=housing`, 'city_officer', CITY))).not.toContain(MED);
    const hotline = await get('/api/v1/organisations', 'hotline', CITY);
    expect(hotline.status).toBe(403);
    expect(JSON.stringify(hotline.body)).not.toContain('陈联络');
  });

  it('the seed’s examples have the platform’s kinds and services, and the city-wide ones serve every district', async () => {
    const row = await p.prisma.organisation.findUniqueOrThrow({ where: { id: 'org-yuexiu-fsc' } });
    expect(row).toMatchObject({
      name: '越秀区家庭综合服务中心',
      kind: 'social_work_agency',
      districts: ['440104'],
      services: ['extreme_poverty'],
    });
    const city = await p.prisma.organisation.findUniqueOrThrow({ where: { id: 'org-gz-charity' } });
    expect(city.districts).toEqual(expect.arrayContaining([DISTRICT, OTHER_DISTRICT, '440104']));
  });

  it('district officers register and change only organisations serving their district alone; bad input changes nothing', async () => {
    const before = await p.prisma.organisation.count();
    const mine = await createOrg({ organisationId: MINE }, 'district_officer', DISTRICT);
    expect(mine.organisationId).toBe(MINE);

    const wider = await post(
      '/api/v1/organisations',
      organisation({ districts: [DISTRICT, OTHER_DISTRICT] }),
      'district_officer',
      DISTRICT,
    );
    expect(wider.status).toBe(422);
    expect(wider.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'districts.1', message: expect.stringContaining(DISTRICT) }],
    });
    const unknown = await post('/api/v1/organisations', organisation({ districts: ['440199'] }), 'city_officer', CITY);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'districts.0', message: expect.stringContaining('not a district') }]);
    const badService = await post('/api/v1/organisations', organisation({ services: ['counselling'] }), 'city_officer', CITY);
    expect(badService.status).toBe(422);
    expect(badService.body.errors[0].path).toBe('services.0');
    const taken = await post('/api/v1/organisations', organisation({ organisationId: MINE }), 'city_officer', CITY);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('ORGANISATION_ID_TAKEN');
    const byCaseworker = await post('/api/v1/organisations', organisation(), 'caseworker', STREET);
    expect(byCaseworker.status).toBe(403);
    expect(await p.prisma.organisation.count()).toBe(before + 1);

    const renamed = await patch(`/api/v1/organisations/${MINE}`, { name: '荔湾区关爱基金', kind: 'fund' }, 'district_officer', DISTRICT);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '荔湾区关爱基金', kind: 'fund', districts: [DISTRICT], contact: CONTACT });

    const cityWide = await createOrg({ districts: [DISTRICT, OTHER_DISTRICT] });
    const rowBefore = await p.prisma.organisation.findUniqueOrThrow({ where: { id: cityWide.organisationId } });
    const notHers = await patch(`/api/v1/organisations/${cityWide.organisationId}`, { name: '改名' }, 'district_officer', DISTRICT);
    expect(notHers.status).toBe(403);
    expect(notHers.body.code).toBe('ROLE_NOT_ALLOWED');
    const outOfScope = await patch(`/api/v1/organisations/${MINE}`, { name: '改名' }, 'district_officer', OTHER_DISTRICT);
    expect(outOfScope.status).toBe(404);
    expect(outOfScope.body.code).toBe('ORGANISATION_NOT_FOUND');
    const empty = await patch(`/api/v1/organisations/${cityWide.organisationId}`, {}, 'city_officer', CITY);
    expect(empty.status).toBe(422);
    expect(await p.prisma.organisation.findUniqueOrThrow({ where: { id: cityWide.organisationId } })).toEqual(rowBefore);
    expect((await p.prisma.organisation.findUniqueOrThrow({ where: { id: MINE } })).name).toBe('荔湾区关爱基金');
  });

  it('projects start with remaining = budget and are listed to whoever sees their organisation', async () => {
    const org = await createOrg();
    const created = await createProject(org.organisationId, { endsAt: '2099-12-31' });
    expect(created).toEqual({
      projectId: expect.stringMatching(/^prj-/),
      organisationId: org.organisationId,
      name: '大病救助项目',
      services: ['medical'],
      budget: 5000,
      remaining: 5000,
      startsAt: '2026-01-01',
      endsAt: '2099-12-31',
    });
    const listedProjects = await get(`/api/v1/organisations/${org.organisationId}/projects`, 'street_supervisor', STREET);
    expect(listedProjects.status).toBe(200);
    expect(listedProjects.body.items).toEqual([created]);
    expect((await get(`/api/v1/organisations/${org.organisationId}/projects`, 'caseworker', OTHER_STREET)).status).toBe(404);
    expect((await get('/api/v1/organisations/org-test-none/projects', 'city_officer', CITY)).status).toBe(404);

    const before = await p.prisma.organisationProject.count();
    const reversed = await post(
      `/api/v1/organisations/${org.organisationId}/projects`,
      { name: 'x', services: ['medical'], budget: 100, startsAt: '2026-12-01', endsAt: '2026-11-01' },
      'city_officer',
      CITY,
    );
    expect(reversed.status).toBe(422);
    expect(reversed.body.errors).toEqual([{ path: 'endsAt', message: expect.any(String) }]);
    const byCaseworker = await post(
      `/api/v1/organisations/${org.organisationId}/projects`,
      { name: 'x', services: ['medical'], budget: 100, startsAt: '2026-12-01' },
      'caseworker',
      STREET,
    );
    expect(byCaseworker.status).toBe(403);
    expect(await p.prisma.organisationProject.count()).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Matches and checked referrals
// ---------------------------------------------------------------------------------------------

let caseSeq = 0;
async function openCase(situation: Record<string, unknown> = {}): Promise<string> {
  caseSeq++;
  const res = await post(
    '/api/v1/reports',
    {
      channel: 'hotline',
      subject: {
        idNumber: makeIdNumber(
          DISTRICT,
          `1958${String(1 + (caseSeq % 9)).padStart(2, '0')}1${caseSeq % 10}`,
          String(100 + Math.floor(Math.random() * 800)),
        ),
        name: '资源对接测试',
        streetCode: STREET,
      },
      situation: { summary: 'needs help with hospital bills', ...situation },
    },
    'hotline',
    CITY,
  );
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}

async function act(caseId: string, action: Record<string, unknown>) {
  return post(`/api/v1/cases/${caseId}/actions`, action, 'caseworker', STREET);
}

async function caseInDeciding(situation: Record<string, unknown> = {}): Promise<string> {
  const caseId = await openCase(situation);
  expect((await act(caseId, { type: 'accept' })).status).toBe(200);
  expect((await act(caseId, { type: 'complete-verification', outcome: 'eligible' })).status).toBe(200);
  return caseId;
}

const version = async (caseId: string) => (await p.prisma.case.findUniqueOrThrow({ where: { caseId }, select: { version: true } })).version;

describe('GET /cases/{caseId}/matches', () => {
  it('ranks the organisations serving the case’s district and their running projects, scoped like the case file', async () => {
    const caseId = await openCase({ categories: ['medical'] });
    const local = await createOrg({ services: ['medical'], districts: [DISTRICT] });
    const project = await createProject(local.organisationId);
    const elsewhere = await createOrg({ services: ['medical'], districts: [OTHER_DISTRICT] });
    const ended = await createProject(local.organisationId, { startsAt: '2025-01-01', endsAt: '2025-12-31' });

    const res = await get(`/api/v1/cases/${caseId}/matches`, 'caseworker', STREET);
    expect(res.status).toBe(200);
    const items = res.body.items as { organisationId: string; projectId?: string; score: number; reasons: { code: string }[] }[];
    const ids = items.map((m) => `${m.organisationId}/${m.projectId ?? ''}`);
    expect(ids).toContain(`${local.organisationId}/${project.projectId}`);
    expect(ids).toContain(`${local.organisationId}/`);
    expect(ids).toContain('org-gz-charity/');
    expect(ids.some((i) => i.startsWith(`${elsewhere.organisationId}/`))).toBe(false);
    expect(ids).not.toContain(`${local.organisationId}/${ended.projectId}`);
    const best = items.find((m) => m.projectId === project.projectId)!;
    expect(best.score).toBe(60);
    expect(best.reasons.map((r) => r.code)).toEqual([
      'serves-district',
      'local-organisation',
      'service-match',
      'project-active',
      'budget-left',
    ]);
    const scores = items.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    expect((await get(`/api/v1/cases/${caseId}/matches`, 'district_officer', DISTRICT)).status).toBe(200);
    const outside = await get(`/api/v1/cases/${caseId}/matches`, 'caseworker', OTHER_STREET);
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('CASE_NOT_FOUND');
    expect((await get(`/api/v1/cases/${caseId}/matches`, 'hotline', CITY)).status).toBe(403);
  });
});

describe('refer-to-charity', () => {
  let caseId: string;
  let org: { organisationId: string };
  let project: { projectId: string };

  beforeAll(async () => {
    caseId = await caseInDeciding();
    org = await createOrg();
    project = await createProject(org.organisationId);
  });

  it('is refused before the workflow, naming the field, for every referral the organisation cannot take', async () => {
    const other = await createOrg();
    const othersProject = await createProject(other.organisationId);
    const notServing = await createOrg({ districts: [OTHER_DISTRICT] });
    const exhausted = await createProject(org.organisationId);
    await p.prisma.organisationProject.update({ where: { id: exhausted.projectId }, data: { remainingFen: 0n } });
    const over = await createProject(org.organisationId, { startsAt: '2025-01-01', endsAt: '2025-12-31' });
    const later = await createProject(org.organisationId, { startsAt: '2099-01-01' });
    const needs = ['住院押金'];
    const before = await version(caseId);
    const refusals: [Record<string, unknown>, number, string, string][] = [
      [{ organisationId: 'org-1' }, 422, 'UNKNOWN_ORGANISATION', 'organisationId'],
      [{ organisationId: notServing.organisationId }, 422, 'ORGANISATION_NOT_SERVING_DISTRICT', 'organisationId'],
      [{ organisationId: org.organisationId, projectId: 'prj-none' }, 422, 'UNKNOWN_PROJECT', 'projectId'],
      [{ organisationId: org.organisationId, projectId: othersProject.projectId }, 422, 'PROJECT_NOT_OF_ORGANISATION', 'projectId'],
      [{ organisationId: org.organisationId, projectId: exhausted.projectId }, 409, 'PROJECT_BUDGET_EXHAUSTED', 'projectId'],
      [{ organisationId: org.organisationId, projectId: over.projectId }, 409, 'PROJECT_NOT_ACTIVE', 'projectId'],
      [{ organisationId: org.organisationId, projectId: later.projectId }, 409, 'PROJECT_NOT_ACTIVE', 'projectId'],
    ];
    for (const [fields, status, code, path] of refusals) {
      const res = await act(caseId, { type: 'refer-to-charity', needs, ...fields });
      expect([code, res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([code, status, code, path]);
      expect(res.body.detail).toEqual(expect.any(String));
    }
    // Nothing changed: no event, no referral, same stage.
    expect(await version(caseId)).toBe(before);
    const file = await get(`/api/v1/cases/${caseId}`, 'caseworker', STREET);
    expect(file.body).toMatchObject({ stage: 'deciding', referrals: [] });
    expect(await p.prisma.referral.count({ where: { caseId } })).toBe(0);
  });

  it('a role that may not refer keeps its 403', async () => {
    const res = await post(
      `/api/v1/cases/${caseId}/actions`,
      { type: 'refer-to-charity', organisationId: 'org-1', needs: ['x'] },
      'district_officer',
      DISTRICT,
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('is accepted with the project, which the case and the referrals read model keep', async () => {
    const res = await act(caseId, {
      type: 'refer-to-charity',
      organisationId: org.organisationId,
      projectId: project.projectId,
      needs: ['住院押金'],
    });
    expect(res.status).toBe(200);
    expect(res.body.stage).toBe('referred');
    expect(res.body.referrals).toEqual([
      expect.objectContaining({ organisationId: org.organisationId, projectId: project.projectId, status: 'pending' }),
    ]);
    const row = await eventually(async () => (await p.prisma.referral.findFirst({ where: { caseId } })) ?? undefined);
    expect(row).toMatchObject({ organisationId: org.organisationId, projectId: project.projectId, status: 'pending' });
  });

  it('without a project, the referral has none', async () => {
    const other = await caseInDeciding();
    const res = await act(other, { type: 'refer-to-charity', organisationId: 'org-gz-charity', needs: ['助医'] });
    expect(res.status).toBe(200);
    expect(res.body.referrals[0]).not.toHaveProperty('projectId');
    const row = await eventually(async () => (await p.prisma.referral.findFirst({ where: { caseId: other } })) ?? undefined);
    expect(row.projectId).toBeNull();
  });
});
