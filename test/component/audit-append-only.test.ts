// Issue #17 item 7 (§14): the audit cannot be edited by the application. The API and worker connect
// with a role that may INSERT and SELECT the append-only tables (access_log, access_audit,
// case_events, escalation_feed) but not UPDATE, DELETE or TRUNCATE them; migrations run as the owner.
// Someone who takes over the application's connection (an injection, a stolen DATABASE_URL) can
// therefore not erase who read whose file. The application itself still works on that role.
//
// On the real PostgreSQL (DATABASE_URL set) the shared stack gives the application a login role of
// its own (test/support/stack.ts) and the attack runs on exactly the application's connection. The
// embedded PGlite serves every socket connection as its one superuser whatever user name is sent, so
// there the attack takes the group role with SET ROLE: that proves the grants, not the login.
import { Pool, type PoolClient } from 'pg';
import request from 'supertest';
import type { Role } from '../../domain/case-types';
import { makeIdNumber } from '../../domain/ids';
import { APPEND_ONLY_TABLES } from '../../runtime/database';
import { eventually } from '../support/cases';
import { requireTestEnv, startTestPlatform, type TestPlatform } from '../support/harness';

// 海珠区 440105's third street: one no other test file reports cases in.
const STREET = '440105003';
const embedded = process.env.TEST_DATABASE_POOL === '1';

let p: TestPlatform;
let pool: Pool;

beforeAll(async () => {
  p = await startTestPlatform();
  pool = new Pool({ connectionString: requireTestEnv().databaseUrl, max: 1 });
});

afterAll(async () => {
  await pool?.end();
  await p?.stop();
});

/**
 * Runs `sql` as the application would (its own connection, or the group role on PGlite, see top)
 * and answers the rows it touched. Always rolled back: where the attack succeeds (the old code) it
 * must not erase the shared database's audit under the other test files.
 */
async function asApplication(sql: string): Promise<number | null> {
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    if (embedded) await client.query('SET LOCAL ROLE relief_app');
    return (await client.query(sql)).rowCount;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

async function token(role: Role, jurisdiction: string) {
  return p.tokenFor(role, jurisdiction);
}

let seq = 0;
async function reportAndReadCase(): Promise<string> {
  seq += 1;
  const idNumber = makeIdNumber('440105', `1950${String(1 + seq).padStart(2, '0')}15`, String(100 + seq));
  const res = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${await token('caseworker', STREET)}`)
    .send({
      channel: 'grid',
      subject: { idNumber, name: '梁伯', streetCode: STREET },
      situation: { summary: 'lives alone, no income' },
    });
  expect(res.status).toBe(201);
  const caseId = res.body.caseId as string;
  await eventually(async () => {
    const file = await request(p.app)
      .get(`/api/v1/cases/${caseId}`)
      .set('Authorization', `Bearer ${await token('caseworker', STREET)}`);
    return file.status === 200 ? file : undefined;
  });
  return caseId;
}

test('attack 7a: the application connection cannot UPDATE, DELETE or TRUNCATE the audit and event tables', async () => {
  const caseId = await reportAndReadCase();
  // A denied read leaves an access_audit row; the file read above left access_log rows.
  await request(p.app)
    .get(`/api/v1/cases/${caseId}`)
    .set('Authorization', `Bearer ${await token('caseworker', '440105001')}`);
  const before = await p.prisma.accessLog.count({ where: { subjectRef: caseId } });
  expect(before).toBeGreaterThan(0);

  for (const table of APPEND_ONLY_TABLES) {
    const denied = new RegExp(`permission denied for table ${table}`);
    const column = table === 'case_events' ? '"actorId"' : 'id';
    await expect(asApplication(`UPDATE ${table} SET ${column} = ${column}`)).rejects.toThrow(denied);
    await expect(asApplication(`DELETE FROM ${table}`)).rejects.toThrow(denied);
    await expect(asApplication(`TRUNCATE ${table}`)).rejects.toThrow(denied);
  }
  // Nothing was erased, and appending (what the application does) is allowed.
  expect(await p.prisma.accessLog.count({ where: { subjectRef: caseId } })).toBe(before);
  expect(await p.prisma.caseEvent.count({ where: { caseId } })).toBeGreaterThan(0);
  await expect(
    asApplication(`INSERT INTO access_log ("userId", role, kind, route) VALUES ('attack-7a', 'caseworker', 'test', 'GET /test')`),
  ).resolves.toBe(1);
});

test('attack 7b: on that connection the application still reports, acts, projects, notifies and shows the access log', async () => {
  const caseId = await reportAndReadCase();
  const accept = await request(p.app)
    .post(`/api/v1/cases/${caseId}/actions`)
    .set('Authorization', `Bearer ${await token('caseworker', STREET)}`)
    .send({ type: 'accept' });
  expect(accept.status).toBeLessThan(300);
  // The projection (case row upsert, events, escalations) caught up with the action.
  await eventually(async () => {
    const file = await request(p.app)
      .get(`/api/v1/cases/${caseId}`)
      .set('Authorization', `Bearer ${await token('caseworker', STREET)}`);
    return file.body.stage === 'verifying' ? file : undefined;
  });
  const inbox = await request(p.app)
    .get('/api/v1/me/notifications')
    .set('Authorization', `Bearer ${await token('caseworker', STREET)}`);
  expect(inbox.status).toBe(200);
  const log = await request(p.app)
    .get(`/api/v1/access-log?kind=case-file&userId=cw-${STREET}`)
    .set('Authorization', `Bearer ${await token('district_officer', '440105')}`);
  expect(log.status).toBe(200);
  expect(log.body.items.length).toBeGreaterThan(0);
});

test('attack 7c: no /api/v1 answer that can carry personal data may be cached (Cache-Control: no-store), errors included', async () => {
  const caseId = await reportAndReadCase();
  const file = await request(p.app)
    .get(`/api/v1/cases/${caseId}`)
    .set('Authorization', `Bearer ${await token('caseworker', STREET)}`);
  const householdId = file.body.householdId as string;
  expect(householdId).toEqual(expect.any(String));
  seq += 1;
  const requests: [string, Role, string, (auth: string) => request.Test][] = [
    ['GET /cases', 'caseworker', STREET, (a) => request(p.app).get('/api/v1/cases').set('Authorization', a)],
    ['GET /cases/{id}', 'caseworker', STREET, (a) => request(p.app).get(`/api/v1/cases/${caseId}`).set('Authorization', a)],
    [
      'POST /cases/{id}/actions',
      'caseworker',
      STREET,
      (a) => request(p.app).post(`/api/v1/cases/${caseId}/actions`).set('Authorization', a).send({ type: 'accept' }),
    ],
    [
      'POST /reports',
      'caseworker',
      STREET,
      (a) =>
        request(p.app)
          .post('/api/v1/reports')
          .set('Authorization', a)
          .send({
            channel: 'grid',
            subject: {
              idNumber: makeIdNumber('440105', `1951${String(1 + (seq % 12)).padStart(2, '0')}15`, String(100 + seq)),
              name: '梁婆',
              streetCode: STREET,
            },
            situation: { summary: 'lives alone' },
          }),
    ],
    ['GET /me/reports', 'caseworker', STREET, (a) => request(p.app).get('/api/v1/me/reports').set('Authorization', a)],
    ['GET /households/{id}', 'caseworker', STREET, (a) => request(p.app).get(`/api/v1/households/${householdId}`).set('Authorization', a)],
    [
      'POST /persons/lookup',
      'caseworker',
      STREET,
      (a) =>
        request(p.app)
          .post('/api/v1/persons/lookup')
          .set('Authorization', a)
          .send({ idNumber: makeIdNumber('440105', '19500215', '102') }),
    ],
    ['GET /me/notifications', 'caseworker', STREET, (a) => request(p.app).get('/api/v1/me/notifications').set('Authorization', a)],
    ['GET /me/revisits', 'caseworker', STREET, (a) => request(p.app).get('/api/v1/me/revisits').set('Authorization', a)],
    ['GET /escalations', 'district_officer', '440105', (a) => request(p.app).get('/api/v1/escalations').set('Authorization', a)],
    ['GET /stats', 'district_officer', '440105', (a) => request(p.app).get('/api/v1/stats').set('Authorization', a)],
    ['GET /access-log', 'district_officer', '440105', (a) => request(p.app).get('/api/v1/access-log').set('Authorization', a)],
    ['GET /staff', 'district_officer', '440105', (a) => request(p.app).get('/api/v1/staff').set('Authorization', a)],
    ['GET /notifications/dead', 'city_officer', '440100', (a) => request(p.app).get('/api/v1/notifications/dead').set('Authorization', a)],
    ['GET /webhooks', 'city_officer', '440100', (a) => request(p.app).get('/api/v1/webhooks').set('Authorization', a)],
    ['GET /calendar', 'caseworker', STREET, (a) => request(p.app).get('/api/v1/calendar').set('Authorization', a)],
    // Refusals and errors about someone's data are not to be kept either.
    ['403 GET /cases/{id}', 'caseworker', '440105001', (a) => request(p.app).get(`/api/v1/cases/${caseId}`).set('Authorization', a)],
    ['404 GET /cases/{id}', 'caseworker', STREET, (a) => request(p.app).get('/api/v1/cases/c-does-not-exist').set('Authorization', a)],
    ['401 GET /cases', 'caseworker', STREET, () => request(p.app).get('/api/v1/cases').set('Authorization', 'Bearer not-a-token')],
  ];
  const seen: [string, number, string | undefined][] = [];
  for (const [label, role, jurisdiction, send] of requests) {
    const res = await send(`Bearer ${await token(role, jurisdiction)}`);
    seen.push([label, res.status, res.headers['cache-control']]);
  }
  expect(seen.filter(([, , cache]) => cache !== 'no-store')).toEqual([]);
  // The requests were real answers, not all refusals: most of them succeeded.
  expect(seen.filter(([, status]) => status < 300).length).toBeGreaterThanOrEqual(14);
  // The public jurisdiction codes (the same for everyone) stay cacheable for an hour.
  const codes = await request(p.app)
    .get('/api/v1/jurisdictions')
    .set('Authorization', `Bearer ${await token('caseworker', STREET)}`);
  expect(codes.headers['cache-control']).toBe('private, max-age=3600');
});
