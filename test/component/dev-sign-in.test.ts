// Component tests of the development sign-in (api/dashboard/routes.ts) against the real API and
// database: besides supervisors and caseworkers it offers the users of registered organisations (§10),
// whose token reads their referrals, and never a user row whose organisation is not registered.
import request from 'supertest';
import { startTestPlatform, type TestPlatform } from '../support/harness';

const CITY = '440100';
const RUN = Date.now().toString(36);
const ORG = `org-dev-signin-${RUN}`;
const UNREGISTERED = `org-dev-unregistered-${RUN}`;

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ withoutWorker: true, apiDeps: { devSignIn: true } });
  const created = await request(p.app)
    .post('/api/v1/organisations')
    .set('Authorization', `Bearer ${await p.tokenFor('city_officer', CITY)}`)
    .send({
      organisationId: ORG,
      name: '开发登录测试慈善会',
      kind: 'charity',
      services: ['medical'],
      districts: ['440103'],
      contact: { name: '陈联络', phone: '13912345678' },
    });
  expect(created.status).toBe(201);
  // A user row without its organisation (as a half-finished import might leave): not a way in.
  await p.prisma.staffUser.create({
    data: { id: `ou-${UNREGISTERED}`, role: 'organisation', jurisdictionCode: UNREGISTERED, nameZh: '未登记组织', nameEn: UNREGISTERED },
  });
});
afterAll(async () => {
  await p?.prisma.staffUser.deleteMany({ where: { id: `ou-${UNREGISTERED}` } });
  await p?.stop();
});

type DevUser = { id: string; role: string; jurisdictionCode: string; nameZh: string };

test('the development sign-in lists the users of registered organisations after the staff, and not an unregistered one', async () => {
  const res = await request(p.app).get('/dashboard/dev-users');
  expect(res.status).toBe(200);
  const users = res.body.items as DevUser[];
  expect(users).toContainEqual(
    expect.objectContaining({ id: `ou-${ORG}`, role: 'organisation', jurisdictionCode: ORG, nameZh: '开发登录测试慈善会' }),
  );
  expect(users.map((u) => u.id)).not.toContain(`ou-${UNREGISTERED}`);
  // The staff are still offered, first: city, district, street supervisors and caseworkers.
  expect(users.map((u) => u.id)).toEqual(expect.arrayContaining(['co-440100', 'do-440103', 'ss-440103001', 'cw-440103001']));
  const firstOrganisation = users.findIndex((u) => u.role === 'organisation');
  expect(users.slice(firstOrganisation).every((u) => u.role === 'organisation')).toBe(true);
  expect(new Set(users.map((u) => u.role))).toEqual(
    new Set(['city_officer', 'district_officer', 'street_supervisor', 'caseworker', 'organisation']),
  );
});

test('a registered organisation’s development token reads its own referrals; an unregistered one gets no token', async () => {
  const issued = await request(p.app)
    .post('/dashboard/dev-token')
    .send({ userId: `ou-${ORG}` });
  expect(issued.status).toBe(200);
  const token = issued.body.token as string;
  const referrals = await request(p.app).get('/api/v1/referrals').set('Authorization', `Bearer ${token}`);
  expect(referrals.status).toBe(200);
  expect(referrals.body.items).toEqual([]);
  // Still no case list for it.
  expect((await request(p.app).get('/api/v1/cases').set('Authorization', `Bearer ${token}`)).status).toBe(403);

  const refused = await request(p.app)
    .post('/dashboard/dev-token')
    .send({ userId: `ou-${UNREGISTERED}` });
  expect(refused.status).toBe(422);
  expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'userId' })]);
  // Roles the sign-in does not offer stay refused.
  expect((await request(p.app).post('/dashboard/dev-token').send({ userId: 'hl-440100' })).status).toBe(422);
});
