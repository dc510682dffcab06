// The access log read API (GET /api/v1/access-log, DESIGN.md §7 and §14) on the real stack: reading a
// case file is recorded with whose file it was and its district; district officers see their
// district's reads only, city officers every read (codec decodes too, which belong to no district);
// every other role is refused; bad filters are refused naming the parameter; cursor pages visit
// every row once, newest first. Cases live in Huangpu (440112).
import request from 'supertest';
import { recordAccess } from '../../api/http/access-log';
import { makeIdNumber } from '../../domain/ids';
import { startTestPlatform, type TestPlatform } from '../support/harness';

const STREET = '440112003';
const DISTRICT = '440112';
const OTHER_DISTRICT = '440103';

let p: TestPlatform;
let caseId: string;
let personId: string;

interface Row {
  id: string;
  at: string;
  userId: string;
  role: string;
  kind: string;
  subjectRef: string | null;
  personId: string | null;
  districtCode: string | null;
  route: string;
  detail: string | null;
}

beforeAll(async () => {
  p = await startTestPlatform();
  const res = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${await p.tokenFor('hotline', '440100')}`)
    .send({
      channel: 'hotline',
      subject: {
        idNumber: makeIdNumber(DISTRICT, '19520304', String(100 + Math.floor(Math.random() * 800))),
        name: '黄埔访问',
        streetCode: STREET,
      },
      situation: { summary: '访问记录测试' },
    });
  expect(res.status).toBe(201);
  caseId = res.body.caseId;
  personId = (await p.prisma.case.findUniqueOrThrow({ where: { caseId }, select: { personId: true } })).personId;
});

afterAll(async () => {
  await p?.stop();
});

async function as(role: Parameters<TestPlatform['tokenFor']>[0], code: string) {
  return `Bearer ${await p.tokenFor(role, code)}`;
}

async function readCaseFile(): Promise<void> {
  const res = await request(p.app)
    .get(`/api/v1/cases/${caseId}`)
    .set('Authorization', await as('caseworker', STREET));
  expect(res.status).toBe(200);
}

async function accessLog(auth: string, query: Record<string, string>) {
  return request(p.app).get('/api/v1/access-log').query(query).set('Authorization', auth);
}

test("a caseworker's case-file read is recorded: the district's officer and the city officer see it, another district's does not", async () => {
  await readCaseFile();
  const filter = { personId, kind: 'case-file' };

  const district = await accessLog(await as('district_officer', DISTRICT), filter);
  expect(district.status).toBe(200);
  expect(district.body.items).toEqual([
    {
      id: expect.stringMatching(/^\d+$/),
      at: expect.any(String),
      userId: `cw-${STREET}`,
      role: 'caseworker',
      kind: 'case-file',
      subjectRef: caseId,
      personId,
      districtCode: DISTRICT,
      route: 'GET /api/v1/cases/{caseId}',
      detail: null,
    },
  ]);
  // The person's name and ID number are in the case file, never in its access log row.
  expect(JSON.stringify(district.body)).not.toMatch(/黄埔访问|\d{17}[\dX]/);

  const city = await accessLog(await as('city_officer', '440100'), filter);
  expect(city.status).toBe(200);
  expect(city.body.items.map((r: Row) => r.id)).toEqual(district.body.items.map((r: Row) => r.id));

  const other = await accessLog(await as('district_officer', OTHER_DISTRICT), filter);
  expect(other.status).toBe(200);
  expect(other.body.items).toEqual([]);
  // Nor anywhere in the other district's unfiltered log.
  const unfiltered = await accessLog(await as('district_officer', OTHER_DISTRICT), { limit: '200' });
  expect(unfiltered.body.items.filter((r: Row) => r.districtCode !== OTHER_DISTRICT)).toEqual([]);

  // The case list is not a case-file read.
  expect(
    (
      await request(p.app)
        .get('/api/v1/cases')
        .query({ streetCode: STREET })
        .set('Authorization', await as('caseworker', STREET))
    ).status,
  ).toBe(200);
  expect((await accessLog(await as('city_officer', '440100'), filter)).body.items).toHaveLength(1);
});

test('codec decodes have no district: only city officers see them', async () => {
  const subjectRef = `namespace:access-log-test-${Date.now()}`;
  await recordAccess(p.prisma, {
    userId: 'co-440100',
    role: 'city_officer',
    kind: 'codec',
    subjectRef,
    route: 'POST /codec/decode',
    detail: '1 payload(s)',
  });
  const city = await accessLog(await as('city_officer', '440100'), { kind: 'codec', userId: 'co-440100' });
  expect(city.body.items.find((r: Row) => r.subjectRef === subjectRef)).toMatchObject({
    districtCode: null,
    personId: null,
    kind: 'codec',
  });
  const district = await accessLog(await as('district_officer', DISTRICT), { kind: 'codec' });
  expect(district.status).toBe(200);
  expect(district.body.items).toEqual([]);
});

test.each([
  ['caseworker', STREET],
  ['street_supervisor', STREET],
  ['reporter', STREET],
  ['hotline', '440100'],
  ['department', '440100'],
] as const)('a %s gets 403, whatever the filters', async (role, code) => {
  const res = await accessLog(await as(role, code), { personId });
  expect(res.status).toBe(403);
  expect(res.body).toMatchObject({ code: 'ROLE_NOT_ALLOWED', detail: expect.stringContaining('read the access log') });
  expect(JSON.stringify(res.body)).not.toContain(personId);
});

test('a bad kind, a from later than to and a bad cursor are refused naming the parameter', async () => {
  const auth = await as('district_officer', DISTRICT);
  const kind = await accessLog(auth, { kind: 'everything' });
  expect(kind.status).toBe(422);
  expect(kind.body.errors).toEqual([{ path: 'kind', message: expect.stringContaining('case-file, family-file, lookup, export, codec') }]);

  const range = await accessLog(auth, { from: '2026-12-02T10:00:00+08:00', to: '2026-12-01T10:00:00+08:00' });
  expect(range.status).toBe(422);
  expect(range.body.errors).toEqual([{ path: 'from', message: 'must not be later than to' }]);

  const notADate = await accessLog(auth, { to: 'yesterday' });
  expect(notADate.status).toBe(422);
  expect(notADate.body.errors.map((e: { path: string }) => e.path)).toEqual(['to']);

  const cursor = await accessLog(auth, { cursor: 'bogus' });
  expect(cursor.status).toBe(422);
  expect(cursor.body.errors.map((e: { path: string }) => e.path)).toEqual(['cursor']);
});

test('cursor pages visit every row once, newest first; from and to bound the time', async () => {
  const auth = await as('district_officer', DISTRICT);
  // Just after the newest read so far: the five reads below are at or after it, every earlier one before.
  const [newest] = (await accessLog(auth, { personId, limit: '1' })).body.items as Row[];
  const startedAt = new Date(Date.parse(newest.at) + 1).toISOString();
  for (let i = 0; i < 5; i++) await readCaseFile();
  const all = await accessLog(auth, { personId, limit: '200' });
  const ids = all.body.items.map((r: Row) => r.id);
  expect(ids.length).toBeGreaterThanOrEqual(6);
  const ats = all.body.items.map((r: Row) => Date.parse(r.at));
  expect(ats).toEqual([...ats].sort((a, b) => b - a));

  const paged: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await accessLog(auth, { personId, limit: '2', ...(cursor ? { cursor } : {}) });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    paged.push(...page.body.items.map((r: Row) => r.id));
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  expect(paged).toEqual(ids);
  expect(new Set(paged).size).toBe(paged.length);

  const recent = await accessLog(auth, { personId, from: startedAt });
  expect(recent.body.items).toHaveLength(5);
  const before = await accessLog(auth, { personId, to: startedAt });
  expect(before.body.items.map((r: Row) => r.id)).toEqual(ids.slice(5));
});
