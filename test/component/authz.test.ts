// The exhaustive authorization matrix, checked against a table written out by hand: every role, in
// its own street, in another street of the same district and in another district, against every way
// of touching a case (read, list, act, assign, the workflow link, approve at each tier, the
// escalation list and the escalation stream), warnings (list, read, verify), organisations and a case's matches (§10), referrals
// (list and answer, by the organisation of the referral, another organisation and staff; §10) and the access log of who read the case file. Every denial is also looked up in the access audit,
// which must hold no personal data. Then bad tokens — forged, expired, `alg: none`, RS256 or HS512
// headers, a wrong secret, bad claims — are refused with 401 on every authenticated route.
// (api-cases.test.ts samples the same rules with its own cases; this file enumerates them.)
import { generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { signToken, TOKEN_ISSUER } from '../../runtime/tokens';
import type { Role } from '../../domain/case-types';
import { makeIdNumber } from '../../domain/ids';
import { organisationUser } from '../../domain/organisations';
import { findSeedUser } from '../../domain/seed-staff';
import { eventually, fileReport, makeReport } from '../support/cases';
import { startTestPlatform, testPolicy, type TestPlatform } from '../support/harness';
import { openSse } from '../support/sse-client';
import { raiseWarning, registerPerson } from '../support/warnings';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// Panyu streets and one Haizhu street belong to this file.
const A = '440113001'; // the case's street
const B = '440113002'; // another street of the same district
const C = '440105002'; // a street of another district
const DISTRICT = '440113';
const OTHER_DISTRICT = '440105';
const CITY = '440100';
// Seeded organisations (§10): the case's referral goes to Panyu's food bank; the city's charity is another organisation.
const REFERRAL_ORG = 'org-panyu-food';
const OTHER_ORG = 'org-gz-charity';

let p: TestPlatform;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  // Hundreds of bad tokens come from this one address; the per-address limit has tests of its own below.
  p = await startTestPlatform({
    apiDeps: { escalationStream: { pollMs: 100, settleMs: 300 }, authFailureLimit: { capacity: 1_000_000, windowMs: 1000 } },
  });
  server = createServer(p.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await p?.stop();
});

// ---------------------------------------------------------------------------------------------
// Who, and what each may do to a case in street A
// ---------------------------------------------------------------------------------------------

interface Who {
  role: Role;
  jurisdiction: string;
  label: string;
}
const who = (role: Role, jurisdiction: string, where: string): Who => ({ role, jurisdiction, label: `${role} of ${where}` });
const ACTORS: Who[] = [
  who('caseworker', A, 'the street'),
  who('caseworker', B, 'another street, same district'),
  who('caseworker', C, 'another district'),
  who('street_supervisor', A, 'the street'),
  who('street_supervisor', B, 'another street, same district'),
  who('street_supervisor', C, 'another district'),
  who('reporter', A, 'the street'),
  who('reporter', B, 'another street, same district'),
  who('reporter', C, 'another district'),
  who('district_officer', DISTRICT, 'the district'),
  who('district_officer', OTHER_DISTRICT, 'another district'),
  who('city_officer', CITY, 'the city'),
  who('hotline', CITY, 'the city'),
  who('department', CITY, 'the city'),
  who('organisation', REFERRAL_ORG, 'the case’s referral'),
  who('organisation', OTHER_ORG, 'another referral'),
];

type Seen = 'listed' | 'not listed' | 403;
interface Expected {
  read: number;
  list: Seen;
  /** record-visit: street staff's work. */
  act: number;
  /** assign: supervisors' and officers' work. */
  assign: number;
  workflowLink: number;
  escalations: Seen;
  stream: 'sees' | 'does not see' | 403;
  /** approve-assistance of a proposal at the street (≤ 3,000), district (≤ 10,000) and city tier. */
  approve: { street: number; district: number; city: number };
  /** GET /access-log: district and city officers only, each seeing the reads of their own data. */
  accessLog: Seen;
  /** GET /exports/cases (§12): the case is a line of the caller's ledger. */
  exportCase: Seen;
  /** GET /exports/cases?unmasked=true: district and city officers only. */
  exportUnmasked: number;
}

const OUT_OF_SCOPE: Expected = {
  read: 404,
  list: 'not listed',
  act: 404,
  assign: 404,
  workflowLink: 404,
  escalations: 'not listed',
  stream: 'does not see',
  approve: { street: 404, district: 404, city: 404 },
  accessLog: 403,
  exportCase: 'not listed',
  exportUnmasked: 403,
};
const REPORT_ONLY: Expected = {
  read: 403,
  list: 403,
  act: 403,
  assign: 403,
  workflowLink: 403,
  escalations: 403,
  stream: 403,
  approve: { street: 403, district: 403, city: 403 },
  accessLog: 403,
  exportCase: 403,
  exportUnmasked: 403,
};

// prettier-ignore
const EXPECTED: Record<string, Expected> = {
  'caseworker of the street':                             { read: 200, list: 'listed', act: 200, assign: 403, workflowLink: 200, escalations: 'listed', stream: 'sees', approve: { street: 403, district: 403, city: 403 }, accessLog: 403, exportCase: 'listed', exportUnmasked: 403 },
  'caseworker of another street, same district':          OUT_OF_SCOPE,
  'caseworker of another district':                       OUT_OF_SCOPE,
  'street_supervisor of the street':                      { read: 200, list: 'listed', act: 200, assign: 200, workflowLink: 200, escalations: 'listed', stream: 'sees', approve: { street: 200, district: 409, city: 409 }, accessLog: 403, exportCase: 'listed', exportUnmasked: 403 },
  'street_supervisor of another street, same district':   OUT_OF_SCOPE,
  'street_supervisor of another district':                OUT_OF_SCOPE,
  'reporter of the street':                               REPORT_ONLY,
  'reporter of another street, same district':            REPORT_ONLY,
  'reporter of another district':                         REPORT_ONLY,
  'district_officer of the district':                     { read: 200, list: 'listed', act: 403, assign: 200, workflowLink: 200, escalations: 'listed', stream: 'sees', approve: { street: 200, district: 200, city: 409 }, accessLog: 'listed', exportCase: 'listed', exportUnmasked: 200 },
  'district_officer of another district':                 { ...OUT_OF_SCOPE, accessLog: 'not listed', exportUnmasked: 200 },
  'city_officer of the city':                             { read: 200, list: 'listed', act: 403, assign: 200, workflowLink: 200, escalations: 'listed', stream: 'sees', approve: { street: 200, district: 200, city: 200 }, accessLog: 'listed', exportCase: 'listed', exportUnmasked: 200 },
  'hotline of the city':                                  REPORT_ONLY,
  'department of the city':                               REPORT_ONLY,
  // §10: an organisation answers its referrals and reads nothing else, not even the case referred to it.
  'organisation of the case’s referral':                  REPORT_ONLY,
  'organisation of another referral':                     REPORT_ONLY,
};

test('the expected table covers every role', () => {
  expect(new Set(ACTORS.map((a) => a.role))).toEqual(
    new Set(['caseworker', 'street_supervisor', 'district_officer', 'city_officer', 'hotline', 'department', 'reporter', 'organisation']),
  );
  expect(Object.keys(EXPECTED).sort()).toEqual(ACTORS.map((a) => a.label).sort());
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const tokenOf = (a: Pick<Who, 'role' | 'jurisdiction'>) => p.tokenFor(a.role, a.jurisdiction);
const userIdOf = (a: Who) =>
  a.role === 'organisation' ? organisationUser({ organisationId: a.jurisdiction, name: '' }).id : findSeedUser(a.role, a.jurisdiction)!.id;

let idSeq = 0;
const PERSON_NAMES: string[] = [];
async function openCase(street = A): Promise<string> {
  idSeq++;
  const name = `授权测试${String.fromCharCode(0x4e00 + idSeq * 7)}${String.fromCharCode(0x4e00 + idSeq * 13)}`;
  PERSON_NAMES.push(name);
  const res = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${await tokenOf({ role: 'hotline', jurisdiction: CITY })}`)
    .send({
      channel: 'hotline',
      subject: {
        idNumber: makeIdNumber(
          '440113',
          `19${String(30 + (idSeq % 60)).padStart(2, '0')}0${1 + (idSeq % 9)}1${idSeq % 10}`,
          String(100 + Math.floor(Math.random() * 800)),
        ),
        name,
        phone: '13711112222',
        streetCode: street,
      },
      situation: { summary: 'authorization matrix case' },
    });
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}

async function asStreetStaff(caseId: string, action: Record<string, unknown>): Promise<void> {
  const res = await request(p.app)
    .post(`/api/v1/cases/${caseId}/actions`)
    .set('Authorization', `Bearer ${await tokenOf({ role: 'caseworker', jurisdiction: A })}`)
    .send(action);
  expect([action.type, res.status]).toEqual([action.type, 200]);
}

async function version(caseId: string): Promise<number> {
  return (await p.prisma.case.findUniqueOrThrow({ where: { caseId }, select: { version: true } })).version;
}

/**
 * Runs `send` and checks the access audit: a denial (401, 403, 404 for a case outside the caller's
 * jurisdiction, 409 for an approval above the caller's tier) adds exactly one row for this user,
 * method, path and status; anything else adds none.
 */
async function audited(
  a: Who,
  method: string,
  path: string,
  send: () => Promise<request.Response>,
  expectedStatus: number,
): Promise<request.Response> {
  const where = { userId: userIdOf(a), method, path };
  const before = await p.prisma.accessAudit.count({ where });
  const res = await send();
  expect([a.label, method, path, res.status]).toEqual([a.label, method, path, expectedStatus]);
  const rows = await p.prisma.accessAudit.findMany({ where, orderBy: { id: 'asc' } });
  const denied =
    expectedStatus === 401 ||
    expectedStatus === 403 ||
    (expectedStatus === 404 && !path.endsWith('does-not-exist')) ||
    (expectedStatus === 409 && res.body.code === 'APPROVAL_TIER_EXCEEDED');
  expect([a.label, path, rows.length - before]).toEqual([a.label, path, denied ? 1 : 0]);
  if (denied) expect(rows.at(-1)).toMatchObject({ role: a.role, status: expectedStatus, reason: expect.any(String) });
  return res;
}

// ---------------------------------------------------------------------------------------------
// Read, list, act, assign, workflow link
// ---------------------------------------------------------------------------------------------

describe('a case in street A (verifying)', () => {
  let caseId: string;

  beforeAll(async () => {
    caseId = await openCase();
    await asStreetStaff(caseId, { type: 'accept' });
  });

  test.each(ACTORS)('$label: read, list, act, assign and workflow link as the table says', async (a) => {
    const expected = EXPECTED[a.label];
    const auth = `Bearer ${await tokenOf(a)}`;

    const read = await audited(
      a,
      'GET',
      `/api/v1/cases/${caseId}`,
      () => request(p.app).get(`/api/v1/cases/${caseId}`).set('Authorization', auth),
      expected.read,
    );
    if (read.status === 200) expect(read.body.caseId).toBe(caseId);
    else expect(JSON.stringify(read.body)).not.toMatch(/streetCode|stage|授权测试/);

    const list = await request(p.app).get(`/api/v1/cases?streetCode=${A}&limit=200`).set('Authorization', auth);
    const listed: Seen =
      list.status === 403 ? 403 : (list.body.items as { caseId: string }[]).some((i) => i.caseId === caseId) ? 'listed' : 'not listed';
    expect([a.label, 'list', listed]).toEqual([a.label, 'list', expected.list]);

    const link = await audited(
      a,
      'GET',
      `/api/v1/cases/${caseId}/workflow`,
      () => request(p.app).get(`/api/v1/cases/${caseId}/workflow`).set('Authorization', auth),
      expected.workflowLink,
    );
    if (link.status === 200) expect(JSON.stringify(link.body)).toContain('case-');

    const path = `/api/v1/cases/${caseId}/actions`;
    for (const [what, action] of [
      ['act', { type: 'record-visit', visitedAt: new Date().toISOString(), findings: `visit by ${a.label}` }],
      ['assign', { type: 'assign', assigneeId: 'cw-440113001' }],
    ] as const) {
      const before = await version(caseId);
      const res = await audited(a, 'POST', path, () => request(p.app).post(path).set('Authorization', auth).send(action), expected[what]);
      // A refused action changes nothing; an accepted one adds exactly its event.
      expect([a.label, what, (await version(caseId)) - before]).toEqual([a.label, what, res.status === 200 ? 1 : 0]);
    }
  });

  test('an unknown case is 404 for everyone and is not audited as a denial', async () => {
    for (const a of ACTORS.filter((x) => EXPECTED[x.label].read === 200)) {
      await audited(
        a,
        'GET',
        '/api/v1/cases/c-does-not-exist',
        async () =>
          request(p.app)
            .get('/api/v1/cases/c-does-not-exist')
            .set('Authorization', `Bearer ${await tokenOf(a)}`),
        404,
      );
    }
  });
});

describe('the family file and the person look-up of a household in street A', () => {
  let householdId: string;
  let idNumber: string;

  beforeAll(async () => {
    idSeq++;
    idNumber = makeIdNumber('440113', `19${String(30 + (idSeq % 60)).padStart(2, '0')}0${1 + (idSeq % 9)}2${idSeq % 10}`, '517');
    const res = await request(p.app)
      .post('/api/v1/reports')
      .set('Authorization', `Bearer ${await tokenOf({ role: 'hotline', jurisdiction: CITY })}`)
      .send({ channel: 'hotline', subject: { idNumber, name: '授权测试家庭', streetCode: A }, situation: { summary: '授权测试' } });
    expect(res.status).toBe(201);
    householdId = res.body.householdId as string;
  });

  // §7: scoped like cases, so each actor gets what the case file of that street gives them.
  test.each(ACTORS)('$label: family file and look-up answer like a case file of the street', async (a) => {
    const expected = EXPECTED[a.label].read;
    const auth = `Bearer ${await tokenOf(a)}`;
    const family = await audited(
      a,
      'GET',
      `/api/v1/households/${householdId}`,
      () => request(p.app).get(`/api/v1/households/${householdId}`).set('Authorization', auth),
      expected,
    );
    if (family.status === 200) expect(family.body.householdId).toBe(householdId);
    else expect(JSON.stringify(family.body)).not.toMatch(/授权测试|members/);
    const found = await audited(
      a,
      'POST',
      '/api/v1/persons/lookup',
      () => request(p.app).post('/api/v1/persons/lookup').set('Authorization', auth).send({ idNumber }),
      expected,
    );
    if (found.status === 200) expect(found.body.householdId).toBe(householdId);
    else expect(found.body).not.toHaveProperty('personId');
  });
});

// ---------------------------------------------------------------------------------------------
// Warnings (§8): read and listed like a case of the street; verified by the street's own staff only
// ---------------------------------------------------------------------------------------------

// prettier-ignore
const VERIFY_WARNING: Record<string, number> = {
  'caseworker of the street':                             200,
  'caseworker of another street, same district':          404,
  'caseworker of another district':                       404,
  'street_supervisor of the street':                      200,
  'street_supervisor of another street, same district':   404,
  'street_supervisor of another district':                404,
  'reporter of the street':                               403,
  'reporter of another street, same district':            403,
  'reporter of another district':                         403,
  'district_officer of the district':                     403,
  'district_officer of another district':                 404,
  'city_officer of the city':                             403,
  'hotline of the city':                                  403,
  'department of the city':                               403,
  'organisation of the case’s referral':                  403,
  'organisation of another referral':                     403,
};

describe('a warning in street A', () => {
  test('the verify table covers every actor', () => {
    expect(Object.keys(VERIFY_WARNING).sort()).toEqual(ACTORS.map((a) => a.label).sort());
  });

  test.each(ACTORS)('$label: list, read and verify a warning as the table says', async (a) => {
    const { read: expectedRead, list: expectedList } = EXPECTED[a.label];
    const auth = `Bearer ${await tokenOf(a)}`;
    const { warningId } = await raiseWarning(p, await registerPerson(p, A, '授权测试预警'));

    const list = await request(p.app).get(`/api/v1/warnings?streetCode=${A}&limit=200`).set('Authorization', auth);
    const listed: Seen =
      list.status === 403
        ? 403
        : (list.body.items as { warningId: string }[]).some((i) => i.warningId === warningId)
          ? 'listed'
          : 'not listed';
    expect([a.label, 'list warnings', listed]).toEqual([a.label, 'list warnings', expectedList]);

    const readPath = `/api/v1/warnings/${warningId}`;
    const read = await audited(a, 'GET', readPath, () => request(p.app).get(readPath).set('Authorization', auth), expectedRead);
    if (read.status === 200) expect(read.body.warningId).toBe(warningId);
    else expect(JSON.stringify(read.body)).not.toMatch(/streetCode|reasons|授权测试/);

    const path = `/api/v1/warnings/${warningId}/actions`;
    const verified = await audited(
      a,
      'POST',
      path,
      () =>
        request(p.app)
          .post(path)
          .set('Authorization', auth)
          .send({ type: 'verify', outcome: 'dismiss', note: `checked by ${a.label}` }),
      VERIFY_WARNING[a.label],
    );
    const row = await p.prisma.warning.findUniqueOrThrow({ where: { warningId } });
    // A refused verification changes nothing; an accepted one dismisses the warning by this user.
    expect([a.label, row.status, row.verifiedBy]).toEqual(
      verified.status === 200 ? [a.label, 'dismissed', userIdOf(a)] : [a.label, 'open', null],
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Organisations and a case's matches (§10): staff see the organisations serving their district; district
// officers register those of their own district, city officers any; matches are scoped like the case file
// ---------------------------------------------------------------------------------------------

const NOT_STAFF = { list: 403 as Seen, listProjects: 403, create: 403 };
// prettier-ignore
const ORGANISATIONS: Record<string, { list: Seen; listProjects: number; create: number }> = {
  'caseworker of the street':                             { list: 'listed', listProjects: 200, create: 403 },
  'caseworker of another street, same district':          { list: 'listed', listProjects: 200, create: 403 },
  'caseworker of another district':                       { list: 'not listed', listProjects: 404, create: 403 },
  'street_supervisor of the street':                      { list: 'listed', listProjects: 200, create: 403 },
  'street_supervisor of another street, same district':   { list: 'listed', listProjects: 200, create: 403 },
  'street_supervisor of another district':                { list: 'not listed', listProjects: 404, create: 403 },
  'reporter of the street':                               NOT_STAFF,
  'reporter of another street, same district':            NOT_STAFF,
  'reporter of another district':                         NOT_STAFF,
  'district_officer of the district':                     { list: 'listed', listProjects: 200, create: 201 },
  'district_officer of another district':                 { list: 'not listed', listProjects: 404, create: 422 },
  'city_officer of the city':                             { list: 'listed', listProjects: 200, create: 201 },
  'hotline of the city':                                  NOT_STAFF,
  'department of the city':                               NOT_STAFF,
  'organisation of the case’s referral':                  NOT_STAFF,
  'organisation of another referral':                     NOT_STAFF,
};

describe('organisations of district 440113 and the matches of a case in street A', () => {
  const organisationId = `org-authz-${Date.now().toString(36)}`;
  let caseId: string;

  beforeAll(async () => {
    const res = await request(p.app)
      .post('/api/v1/organisations')
      .set('Authorization', `Bearer ${await tokenOf({ role: 'city_officer', jurisdiction: CITY })}`)
      .send({
        organisationId,
        name: '番禺区授权测试慈善会',
        kind: 'charity',
        services: ['temporary'],
        districts: [DISTRICT],
        contact: { name: '授权测试联络人' },
      });
    expect(res.status).toBe(201);
    caseId = await openCase();
  });

  test('the table covers every actor', () => {
    expect(Object.keys(ORGANISATIONS).sort()).toEqual(ACTORS.map((a) => a.label).sort());
  });

  test.each(ACTORS)('$label: lists, reads projects, registers and reads matches as the table says', async (a) => {
    const auth = `Bearer ${await tokenOf(a)}`;
    const expected = ORGANISATIONS[a.label];
    const list = await audited(
      a,
      'GET',
      '/api/v1/organisations',
      () => request(p.app).get('/api/v1/organisations').set('Authorization', auth),
      expected.list === 403 ? 403 : 200,
    );
    const listed: Seen =
      list.status === 403
        ? 403
        : (list.body.items as { organisationId: string }[]).some((o) => o.organisationId === organisationId)
          ? 'listed'
          : 'not listed';
    expect([a.label, 'list organisations', listed]).toEqual([a.label, 'list organisations', expected.list]);
    if (list.status === 403) expect(JSON.stringify(list.body)).not.toContain('授权测试联络人');

    const projectsPath = `/api/v1/organisations/${organisationId}/projects`;
    await audited(a, 'GET', projectsPath, () => request(p.app).get(projectsPath).set('Authorization', auth), expected.listProjects);

    const before = await p.prisma.organisation.count();
    const created = await audited(
      a,
      'POST',
      '/api/v1/organisations',
      () =>
        request(p.app)
          .post('/api/v1/organisations')
          .set('Authorization', auth)
          .send({
            name: `由${a.label}登记`,
            kind: 'volunteer_team',
            services: ['temporary'],
            districts: [DISTRICT],
            contact: { name: '联络人' },
          }),
      expected.create,
    );
    expect([a.label, (await p.prisma.organisation.count()) - before]).toEqual([a.label, created.status === 201 ? 1 : 0]);

    const matchesPath = `/api/v1/cases/${caseId}/matches`;
    const matches = await audited(
      a,
      'GET',
      matchesPath,
      () => request(p.app).get(matchesPath).set('Authorization', auth),
      EXPECTED[a.label].read,
    );
    if (matches.status === 200)
      expect((matches.body.items as { organisationId: string }[]).map((m) => m.organisationId)).toContain(organisationId);
    else expect(matches.body).not.toHaveProperty('items');
  });
});

// ---------------------------------------------------------------------------------------------
// Referrals (§10): listed to the organisation they were made to and the staff of the case's
// jurisdiction; answered by that organisation or the street's own staff (an answer given by phone)
// ---------------------------------------------------------------------------------------------

// prettier-ignore
const REFERRALS: Record<string, { list: Seen; answer: number }> = {
  'caseworker of the street':                             { list: 'listed', answer: 200 },
  'caseworker of another street, same district':          { list: 'not listed', answer: 404 },
  'caseworker of another district':                       { list: 'not listed', answer: 404 },
  'street_supervisor of the street':                      { list: 'listed', answer: 200 },
  'street_supervisor of another street, same district':   { list: 'not listed', answer: 404 },
  'street_supervisor of another district':                { list: 'not listed', answer: 404 },
  'reporter of the street':                               { list: 403, answer: 403 },
  'reporter of another street, same district':            { list: 403, answer: 403 },
  'reporter of another district':                         { list: 403, answer: 403 },
  'district_officer of the district':                     { list: 'listed', answer: 403 },
  'district_officer of another district':                 { list: 'not listed', answer: 403 },
  'city_officer of the city':                             { list: 'listed', answer: 403 },
  'hotline of the city':                                  { list: 403, answer: 403 },
  'department of the city':                               { list: 403, answer: 403 },
  'organisation of the case’s referral':                  { list: 'listed', answer: 200 },
  'organisation of another referral':                     { list: 'not listed', answer: 403 },
};

describe('a case in street A referred to an organisation', () => {
  async function referredCase(): Promise<{ caseId: string; referralId: string }> {
    const caseId = await openCase();
    await asStreetStaff(caseId, { type: 'accept' });
    await asStreetStaff(caseId, { type: 'complete-verification', outcome: 'eligible' });
    await asStreetStaff(caseId, { type: 'refer-to-charity', organisationId: REFERRAL_ORG, needs: ['授权测试需求'] });
    const row = await eventually(async () => (await p.prisma.referral.findFirst({ where: { caseId } })) ?? undefined);
    return { caseId, referralId: row.referralId };
  }
  let probe: { caseId: string; referralId: string };

  beforeAll(async () => {
    probe = await referredCase();
  });

  test('the table covers every actor', () => {
    expect(Object.keys(REFERRALS).sort()).toEqual(ACTORS.map((a) => a.label).sort());
  });

  test.each(ACTORS)('$label: lists the referral as the table says', async (a) => {
    const res = await audited(
      a,
      'GET',
      '/api/v1/referrals',
      async () =>
        request(p.app)
          .get('/api/v1/referrals')
          .query({ limit: '200' })
          .set('Authorization', `Bearer ${await tokenOf(a)}`),
      REFERRALS[a.label].list === 403 ? 403 : 200,
    );
    const seen: Seen =
      res.status === 403
        ? 403
        : (res.body.items as { referralId: string }[]).some((r) => r.referralId === probe.referralId)
          ? 'listed'
          : 'not listed';
    expect([a.label, seen]).toEqual([a.label, REFERRALS[a.label].list]);
    if (res.status === 200) expect(JSON.stringify(res.body)).not.toMatch(/授权测试[^需]/);
  });

  test('each actor answers it, or is refused with nothing changed, as the table says', async () => {
    // Refusals first, all on one referral that must stay pending; each accepted answer gets a case of its own.
    const ordered = [...ACTORS].sort((x, y) => Number(REFERRALS[x.label].answer === 200) - Number(REFERRALS[y.label].answer === 200));
    for (const a of ordered) {
      const expected = REFERRALS[a.label].answer;
      const target = expected === 200 ? await referredCase() : probe;
      const path = `/api/v1/referrals/${target.referralId}/response`;
      const before = await version(target.caseId);
      const res = await audited(
        a,
        'POST',
        path,
        async () =>
          request(p.app)
            .post(path)
            .set('Authorization', `Bearer ${await tokenOf(a)}`)
            .send({ response: 'accepted' }),
        expected,
      );
      if (res.status === 200) expect(res.body).toMatchObject({ referralId: target.referralId, status: 'accepted' });
      else expect([a.label, (await version(target.caseId)) - before]).toEqual([a.label, 0]);
      if (a.role === 'organisation' && expected === 403) expect(res.body.code).toBe('REFERRAL_NOT_YOURS');
    }
    expect((await p.prisma.referral.findUniqueOrThrow({ where: { referralId: probe.referralId } })).status).toBe('pending');
  });
});

// ---------------------------------------------------------------------------------------------
// Monitoring imports (§8): filed by departments (and the city); read by whoever filed them and the city
// ---------------------------------------------------------------------------------------------

const NOT_IMPORTS = { file: 403, read: 403 };
// prettier-ignore
const IMPORTS: Record<string, { file: number; read: number }> = {
  'caseworker of the street':                             NOT_IMPORTS,
  'caseworker of another street, same district':          NOT_IMPORTS,
  'caseworker of another district':                       NOT_IMPORTS,
  'street_supervisor of the street':                      NOT_IMPORTS,
  'street_supervisor of another street, same district':   NOT_IMPORTS,
  'street_supervisor of another district':                NOT_IMPORTS,
  'reporter of the street':                               NOT_IMPORTS,
  'reporter of another street, same district':            NOT_IMPORTS,
  'reporter of another district':                         NOT_IMPORTS,
  'district_officer of the district':                     NOT_IMPORTS,
  'district_officer of another district':                 NOT_IMPORTS,
  'city_officer of the city':                             { file: 202, read: 200 },
  'hotline of the city':                                  NOT_IMPORTS,
  'department of the city':                               { file: 202, read: 200 },
  'organisation of the case’s referral':                  NOT_IMPORTS,
  'organisation of another referral':                     NOT_IMPORTS,
};

describe('monitoring imports', () => {
  let importId: string;

  beforeAll(async () => {
    const res = await request(p.app)
      .post('/api/v1/monitoring/imports')
      .set('Authorization', `Bearer ${await tokenOf({ role: 'department', jurisdiction: CITY })}`)
      .send({
        source: 'education',
        records: [{ kind: 'school_dropout', idNumber: makeIdNumber('440113', '20100101', '911'), streetCode: A, occurredAt: '2026-01-05' }],
      });
    expect(res.status).toBe(202);
    importId = res.body.importId as string;
  });

  test('the table covers every actor', () => {
    expect(Object.keys(IMPORTS).sort()).toEqual(ACTORS.map((a) => a.label).sort());
  });

  test.each(ACTORS)('$label: files an import and reads the department’s as the table says', async (a) => {
    const auth = `Bearer ${await tokenOf(a)}`;
    const expected = IMPORTS[a.label];
    // Content of its own per actor: the same content would be the same import.
    const record = {
      kind: 'school_dropout',
      idNumber: makeIdNumber('440113', '20100102', String(100 + ACTORS.indexOf(a))),
      streetCode: A,
      occurredAt: '2026-01-05',
    };
    const filed = await audited(
      a,
      'POST',
      '/api/v1/monitoring/imports',
      () =>
        request(p.app)
          .post('/api/v1/monitoring/imports')
          .set('Authorization', auth)
          .send({ source: 'health', records: [record] }),
      expected.file,
    );
    if (filed.status !== 202) expect(filed.body).not.toHaveProperty('importId');
    const read = await audited(
      a,
      'GET',
      `/api/v1/monitoring/imports/${importId}`,
      () => request(p.app).get(`/api/v1/monitoring/imports/${importId}`).set('Authorization', auth),
      expected.read,
    );
    if (read.status === 200) expect(read.body.importId).toBe(importId);
    else expect(read.body).not.toHaveProperty('total');
  });
});

// ---------------------------------------------------------------------------------------------
// The access log: who read the case file
// ---------------------------------------------------------------------------------------------

describe('the access log of a case file read in street A', () => {
  let caseId: string;
  let personId: string;
  const reader = who('caseworker', A, 'the street');

  beforeAll(async () => {
    caseId = await openCase();
    personId = (await p.prisma.case.findUniqueOrThrow({ where: { caseId }, select: { personId: true } })).personId;
    const read = await request(p.app)
      .get(`/api/v1/cases/${caseId}`)
      .set('Authorization', `Bearer ${await tokenOf(reader)}`);
    expect(read.status).toBe(200);
  });

  test.each(ACTORS)('$label: GET /access-log answers, and shows the read, as the table says', async (a) => {
    const expected = EXPECTED[a.label].accessLog;
    const res = await audited(
      a,
      'GET',
      '/api/v1/access-log',
      async () =>
        request(p.app)
          .get('/api/v1/access-log')
          .query({ personId, kind: 'case-file', limit: '200' })
          .set('Authorization', `Bearer ${await tokenOf(a)}`),
      expected === 403 ? 403 : 200,
    );
    const rows = res.status === 200 ? (res.body.items as { subjectRef: string; userId: string }[]) : [];
    const seen: Seen =
      res.status === 403 ? 403 : rows.some((r) => r.subjectRef === caseId && r.userId === userIdOf(reader)) ? 'listed' : 'not listed';
    expect([a.label, seen]).toEqual([a.label, expected]);
    if (res.status === 403) expect(JSON.stringify(res.body)).not.toContain(personId);
  });
});

// ---------------------------------------------------------------------------------------------
// Ledgers (§12): a case is a line of its street's, district's and city's ledgers only
// ---------------------------------------------------------------------------------------------

describe('exports', () => {
  let caseId: string;

  beforeAll(async () => {
    caseId = await openCase();
    await eventually(async () => ((await p.prisma.case.count({ where: { caseId } })) === 1 ? true : undefined));
  });

  test.each(ACTORS)('$label: GET /exports/cases lists the case, and unmasked=true answers, as the table says', async (a) => {
    const expected = EXPECTED[a.label];
    const auth = `Bearer ${await tokenOf(a)}`;
    const path = '/api/v1/exports/cases';
    const res = await audited(
      a,
      'GET',
      path,
      () => request(p.app).get(path).query({ streetCode: A }).set('Authorization', auth).buffer(true),
      expected.exportCase === 403 ? 403 : 200,
    );
    const seen: Seen = res.status === 403 ? 403 : res.text.includes(caseId) ? 'listed' : 'not listed';
    expect([a.label, 'export', seen]).toEqual([a.label, 'export', expected.exportCase]);

    await audited(
      a,
      'GET',
      path,
      () => request(p.app).get(path).query({ streetCode: A, unmasked: 'true' }).set('Authorization', auth).buffer(true),
      expected.exportUnmasked,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Assignees: only active staff of the case's street (issue 17, item 10)
// ---------------------------------------------------------------------------------------------

describe('accept and assign name an assignee', () => {
  const supervisorA = { role: 'street_supervisor', jurisdiction: A } as const;
  const INACTIVE = 'cw-authz-deactivated';

  beforeAll(async () => {
    await p.prisma.staffUser.upsert({
      where: { id: INACTIVE },
      create: { id: INACTIVE, role: 'caseworker', jurisdictionCode: A, nameZh: '停用测试', nameEn: 'Deactivated', active: false },
      update: { active: false },
    });
  });

  const BAD_ASSIGNEES: [string, string][] = [
    ['a user who does not exist', 'nobody-at-all'],
    ['a caseworker of another street', 'cw-440113002'],
    ['a district officer', 'do-440113'],
    ['a deactivated caseworker of the street', INACTIVE],
  ];

  test.each(BAD_ASSIGNEES)(
    '%s is refused with 422 naming assigneeId, on accept and on assign; the case is untouched',
    async (_what, assigneeId) => {
      const caseId = await openCase();
      const auth = `Bearer ${await tokenOf(supervisorA)}`;
      const path = `/api/v1/cases/${caseId}/actions`;
      for (const action of [
        { type: 'accept', assigneeId },
        { type: 'assign', assigneeId },
      ]) {
        const before = await version(caseId);
        const res = await request(p.app).post(path).set('Authorization', auth).send(action);
        expect([action.type, res.status, res.body.code]).toEqual([action.type, 422, 'VALIDATION_FAILED']);
        expect(res.body.errors).toEqual([expect.objectContaining({ path: 'assigneeId' })]);
        expect((await version(caseId)) - before).toBe(0);
      }
    },
  );

  test("an active caseworker or supervisor of the case's street is accepted", async () => {
    const caseId = await openCase();
    const auth = `Bearer ${await tokenOf(supervisorA)}`;
    const path = `/api/v1/cases/${caseId}/actions`;
    const accepted = await request(p.app).post(path).set('Authorization', auth).send({ type: 'accept', assigneeId: 'cw-440113001' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.assigneeId).toBe('cw-440113001');
    const assigned = await request(p.app).post(path).set('Authorization', auth).send({ type: 'assign', assigneeId: 'ss-440113001' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assigneeId).toBe('ss-440113001');
  });
});

// ---------------------------------------------------------------------------------------------
// Approval tiers
// ---------------------------------------------------------------------------------------------

describe('approve-assistance by tier', () => {
  const TIERS = { street: 2000, district: 8000, city: 20_000 } as const;

  async function caseAwaitingApproval(amount: number): Promise<string> {
    const caseId = await openCase();
    await asStreetStaff(caseId, { type: 'accept' });
    await asStreetStaff(caseId, { type: 'complete-verification', outcome: 'eligible' });
    await asStreetStaff(caseId, { type: 'propose-assistance', assistanceType: 'temporary', amount });
    return caseId;
  }

  test.each(Object.keys(TIERS) as (keyof typeof TIERS)[])(
    'a %s-tier proposal: each actor is refused or approves as the table says',
    async (tier) => {
      // Refusals first, all on one case that must stay in deciding; each approval gets a case of its own.
      const probe = await caseAwaitingApproval(TIERS[tier]);
      const ordered = [...ACTORS].sort(
        (x, y) => Number(EXPECTED[x.label].approve[tier] === 200) - Number(EXPECTED[y.label].approve[tier] === 200),
      );
      for (const a of ordered) {
        const expected = EXPECTED[a.label].approve[tier];
        const caseId = expected === 200 ? await caseAwaitingApproval(TIERS[tier]) : probe;
        const path = `/api/v1/cases/${caseId}/actions`;
        const before = await version(caseId);
        const res = await audited(
          a,
          'POST',
          path,
          async () =>
            request(p.app)
              .post(path)
              .set('Authorization', `Bearer ${await tokenOf(a)}`)
              .send({ type: 'approve-assistance', note: `by ${a.label}` }),
          expected,
        );
        if (expected === 409) expect(res.body.code).toBe('APPROVAL_TIER_EXCEEDED');
        if (expected === 200) expect(res.body.stage).toBe('assisting');
        else expect((await version(caseId)) - before).toBe(0);
      }
      const stillDeciding = await p.prisma.case.findUniqueOrThrow({ where: { caseId: probe } });
      expect(stillDeciding.stage).toBe('deciding');
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Escalations: list and live stream
// ---------------------------------------------------------------------------------------------

describe('an escalated case in street A', () => {
  let escalatedCase: string;
  let feedBefore: string;

  beforeAll(async () => {
    feedBefore = String((await p.prisma.escalationFeed.aggregate({ _max: { id: true } }))._max.id ?? 0n);
    // Opened through the workflow with a one-second acceptance deadline of its own.
    const quick = testPolicy({
      deadlines: { normal: { accept: '1s', escalationWindow: '1h' }, urgent: { accept: '1s', escalationWindow: '1h' } },
    });
    const opened = await fileReport(p, makeReport({ streetCode: A, districtCode: DISTRICT }), undefined, { policy: quick });
    escalatedCase = opened.caseId;
    await eventually(
      async () =>
        (await p.prisma.escalationFeed.count({ where: { payload: { path: ['caseId'], equals: escalatedCase } } })) > 0 ? true : undefined,
      20_000,
    );
  });

  test.each(ACTORS)('$label: the escalation list shows it as the table says', async (a) => {
    const res = await request(p.app)
      .get(`/api/v1/escalations?streetCode=${A}&limit=200`)
      .set('Authorization', `Bearer ${await tokenOf(a)}`);
    const seen: Seen =
      res.status === 403 ? 403 : (res.body.items as { caseId: string }[]).some((e) => e.caseId === escalatedCase) ? 'listed' : 'not listed';
    expect([a.label, seen]).toEqual([a.label, EXPECTED[a.label].escalations]);
  });

  test('the escalation stream delivers it to exactly the actors the table says, and refuses report-only roles', async () => {
    const outcomes = await Promise.all(
      ACTORS.map(async (a) => {
        const stream = await openSse(`${baseUrl}/api/v1/escalations/stream?since=${feedBefore}`, {
          Authorization: `Bearer ${await tokenOf(a)}`,
        });
        try {
          if (stream.status === 403) return [a.label, 403] as const;
          expect([a.label, stream.status]).toEqual([a.label, 200]);
          const sees = await stream
            .waitFor((events) => events.some((e) => e.json.caseId === escalatedCase), 2500)
            .then(
              () => 'sees' as const,
              () => 'does not see' as const,
            );
          return [a.label, sees] as const;
        } finally {
          stream.close();
        }
      }),
    );
    expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(ACTORS.map((a) => [a.label, EXPECTED[a.label].stream])));
  });
});

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

describe('bad tokens', () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const claims = (sub: string) => ({
    sub,
    role: 'city_officer',
    jur: CITY,
    iss: TOKEN_ISSUER,
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 3600,
  });
  const secret = () => new TextEncoder().encode(p.config.authSecret);
  let rsa: Promise<CryptoKey> | undefined;
  const rsaKey = () => (rsa ??= generateKeyPair('RS256').then((pair) => pair.privateKey));

  /** Each attack: a token for a fresh subject, and the audit reason it must be refused with. */
  const ATTACKS: [string, (sub: string) => Promise<string>, string][] = [
    [
      'forged: a valid token with its role claim changed',
      async (sub) => {
        const [h, , s] = (await signToken({ userId: sub, role: 'caseworker', jurisdictionCode: A }, p.config.authSecret)).split('.');
        return `${h}.${b64(claims(sub))}.${s}`;
      },
      'invalid token: bad_signature',
    ],
    [
      'signed with the wrong secret',
      (sub) => signToken({ userId: sub, role: 'city_officer', jurisdictionCode: CITY }, 'a-different-secret-a-different-secret-0000'),
      'invalid token: bad_signature',
    ],
    [
      'expired',
      (sub) => signToken({ userId: sub, role: 'city_officer', jurisdictionCode: CITY }, p.config.authSecret, -60),
      'invalid token: expired',
    ],
    ['alg none', async (sub) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(sub))}.`, 'invalid token: wrong_algorithm'],
    [
      'HS512 with the right secret',
      (sub) => new SignJWT(claims(sub)).setProtectedHeader({ alg: 'HS512' }).sign(secret()),
      'invalid token: wrong_algorithm',
    ],
    [
      'RS256 signed with an RSA key',
      async (sub) => new SignJWT(claims(sub)).setProtectedHeader({ alg: 'RS256' }).sign(await rsaKey()),
      'invalid token: wrong_algorithm',
    ],
    [
      'an RS256 header on an HMAC signature',
      async (sub) => {
        const [, payload, s] = (await new SignJWT(claims(sub)).setProtectedHeader({ alg: 'HS256' }).sign(secret())).split('.');
        return `${b64({ alg: 'RS256', typ: 'JWT' })}.${payload}.${s}`;
      },
      'invalid token: wrong_algorithm',
    ],
    [
      'an unknown role',
      (sub) => new SignJWT({ ...claims(sub), role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).sign(secret()),
      'invalid token: bad_claims',
    ],
    [
      'another issuer',
      (sub) => new SignJWT({ ...claims(sub), iss: 'someone-else' }).setProtectedHeader({ alg: 'HS256' }).sign(secret()),
      'invalid token: bad_claims',
    ],
    [
      'no expiry',
      async (sub) => {
        const { exp: _exp, ...rest } = claims(sub);
        return new SignJWT(rest).setProtectedHeader({ alg: 'HS256' }).sign(secret());
      },
      'invalid token: bad_claims',
    ],
    [
      'a committee as jurisdiction',
      (sub) => new SignJWT({ ...claims(sub), jur: '440113001001' }).setProtectedHeader({ alg: 'HS256' }).sign(secret()),
      'invalid token: bad_claims',
    ],
    ['not a JWT at all', async () => 'not.a-jwt.token', 'invalid token: malformed'],
    [
      'a well-signed token for a user who does not exist',
      (sub) => signToken({ userId: sub, role: 'city_officer', jurisdictionCode: CITY }, p.config.authSecret),
      'invalid token: unknown_user',
    ],
    [
      'a 100-year expiry',
      (sub) => signToken({ userId: sub, role: 'city_officer', jurisdictionCode: CITY }, p.config.authSecret, 100 * 365 * 86_400),
      'invalid token: too_long',
    ],
  ];

  /** Every authenticated operation of the OpenAPI document, with its path parameters filled in. */
  async function authenticatedOperations(): Promise<{ method: string; path: string }[]> {
    const doc = (await request(p.app).get('/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const fill: Record<string, string> = {
      caseId: 'c-any',
      id: '1',
      jurisdictionCode: A,
      committeeCode: '440113001001',
      householdId: 'h-0123456789abcdef',
    };
    const ops: { method: string; path: string }[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (Array.isArray(op.security) && op.security.length === 0) continue; // public: health, docs, ...
        ops.push({ method: method.toUpperCase(), path: template.replace(/\{(\w+)\}/g, (_, name: string) => fill[name] ?? 'x') });
      }
    }
    return ops;
  }

  test.each(ATTACKS)(
    '%s: 401 with WWW-Authenticate on every authenticated route, audited without personal data',
    async (_name, make, reason) => {
      const ops = await authenticatedOperations();
      expect(ops.length).toBeGreaterThanOrEqual(15);
      for (const { method, path } of ops) {
        const sub = `attacker-${Math.random().toString(36).slice(2, 10)}`;
        const token = await make(sub);
        const res = await request(p.app)
          [method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path)
          .set('Authorization', `Bearer ${token}`)
          .send(method === 'GET' || method === 'DELETE' ? undefined : {});
        expect([method, path, res.status, res.body.code]).toEqual([method, path, 401, 'INVALID_TOKEN']);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=.*error="invalid_token"/);
        const audit = await p.prisma.accessAudit.findMany({ where: { path }, orderBy: { id: 'desc' }, take: 20 });
        const row = audit.find((r) => r.userId === `unverified:${sub}` || (reason === 'invalid token: malformed' && r.reason === reason));
        expect([method, path, row?.reason, row?.status]).toEqual([method, path, reason, 401]);
      }
    },
  );

  test('the stream refuses a bad token in its access_token query parameter too', async () => {
    const stream = await openSse(`${baseUrl}/api/v1/escalations/stream?access_token=${await ATTACKS[3][1]('attacker-stream')}`);
    try {
      expect(stream.status).toBe(401);
    } finally {
      stream.close();
    }
  });

  test("a real user's token with a role or jurisdiction the user no longer holds is refused", async () => {
    for (const claims of [
      { userId: 'cw-440113001', role: 'city_officer' as const, jurisdictionCode: CITY },
      { userId: 'cw-440113001', role: 'caseworker' as const, jurisdictionCode: B },
    ]) {
      const res = await request(p.app)
        .get('/api/v1/cases')
        .set('Authorization', `Bearer ${await signToken(claims, p.config.authSecret)}`);
      expect([res.status, res.body.code]).toEqual([401, 'INVALID_TOKEN']);
    }
  });

  test('the access audit written by this file holds no personal data', async () => {
    const rows = await p.prisma.accessAudit.findMany({ orderBy: { id: 'desc' }, take: 5000 });
    const text = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(text).toContain('unverified:attacker-');
    for (const name of PERSON_NAMES) expect(text).not.toContain(name);
    expect(text).not.toContain('13711112222');
    expect(text).not.toMatch(/Bearer|eyJ/); // never a token
  });
});

// ---------------------------------------------------------------------------------------------
// Token lifetime, deactivation and floods (issue 17, item 3)
// ---------------------------------------------------------------------------------------------

describe('token users, lifetimes and floods', () => {
  const LEAVER = 'cw-authz-leaver';
  const leaverToken = () => signToken({ userId: LEAVER, role: 'caseworker', jurisdictionCode: A }, p.config.authSecret);

  beforeEach(async () => {
    await p.prisma.staffUser.upsert({
      where: { id: LEAVER },
      create: { id: LEAVER, role: 'caseworker', jurisdictionCode: A, nameZh: '离职测试', nameEn: 'Leaver', active: true },
      update: { active: true, role: 'caseworker', jurisdictionCode: A },
    });
  });

  test('deactivating a staff user through the API stops their token at once on that process', async () => {
    const token = await leaverToken();
    const before = await request(p.app).get('/api/v1/cases').set('Authorization', `Bearer ${token}`);
    expect(before.status).toBe(200);
    const city = `Bearer ${await tokenOf({ role: 'city_officer', jurisdiction: CITY })}`;
    const patched = await request(p.app).patch(`/api/v1/staff/${LEAVER}`).set('Authorization', city).send({ active: false });
    expect(patched.status).toBe(200);
    const after = await request(p.app).get('/api/v1/cases').set('Authorization', `Bearer ${token}`);
    expect([after.status, after.body.code]).toEqual([401, 'INVALID_TOKEN']);
    const row = await p.prisma.accessAudit.findFirst({ where: { userId: `unverified:${LEAVER}` }, orderBy: { id: 'desc' } });
    expect(row?.reason).toBe('invalid token: inactive_user');
  });

  test('a deactivation written by another process takes effect once the status cache expires (30 s by default)', async () => {
    const { createApp } = await import('../../api/app');
    const pino = (await import('pino')).default;
    const other = createApp({ ...appDeps(), logger: pino({ level: 'silent' }), staffCacheMs: 400 });
    const token = await leaverToken();
    expect((await request(other).get('/api/v1/cases').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    await p.prisma.staffUser.update({ where: { id: LEAVER }, data: { active: false } });
    await new Promise((r) => setTimeout(r, 500));
    expect((await request(other).get('/api/v1/cases').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });

  test('the escalation stream ends when its token expires', async () => {
    const token = await p.tokenFor('caseworker', A, 2);
    const stream = await openSse(`${baseUrl}/api/v1/escalations/stream`, { Authorization: `Bearer ${token}` });
    try {
      expect(stream.status).toBe(200);
      const ended = await Promise.race([
        stream.ended.then(() => 'ended' as const),
        new Promise<'still open'>((r) => setTimeout(() => r('still open'), 5000)),
      ]);
      expect(ended).toBe('ended');
      expect(stream.raw()).toContain('token expired');
    } finally {
      stream.close();
    }
  });

  test('a flood of bad tokens from one address is cut off with 429 before verification, and stops writing audit rows', async () => {
    const { createApp } = await import('../../api/app');
    const pino = (await import('pino')).default;
    const limited = createApp({ ...appDeps(), logger: pino({ level: 'silent' }), authFailureLimit: { capacity: 5, windowMs: 60_000 } });
    const flood = `flood-${Math.random().toString(36).slice(2, 8)}`;
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 40; i++) {
      const forged = await signToken(
        { userId: `${flood}-${i}`, role: 'city_officer', jurisdictionCode: CITY },
        'wrong-secret-wrong-secret-wrong-secret-00',
      );
      const res = await request(limited).get('/api/v1/cases').set('Authorization', `Bearer ${forged}`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(await p.prisma.accessAudit.count({ where: { userId: { startsWith: `unverified:${flood}` } } })).toBe(5);
  });
});

function appDeps() {
  return { prisma: p.prisma, temporal: p.client, config: p.config, policy: p.policy, pii: p.pii };
}
