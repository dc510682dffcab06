// Component tests of the API's operational surface against the real stack: health and readiness,
// Prometheus metrics, the OpenAPI document (every route listed, every listed route served), the docs
// page without a CDN, the jurisdiction tree, security headers without CORS, the write rate limit, and
// 503 answers when the database or Temporal is unreachable.
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { makeIdNumber } from '../../domain/ids';
import { createPrisma } from '../../runtime/database';
import { startTestPlatform, type TestPlatform } from '../support/harness';

let p: TestPlatform;
const silent = pino({ level: 'silent' });
// Baiyun streets belong to this file.
const STREET = '440111001';

beforeAll(async () => {
  p = await startTestPlatform();
});

afterAll(async () => {
  await p?.stop();
});

const rand = (n: number) => Math.floor(Math.random() * n);
const pad = (v: number, width: number) => String(v).padStart(width, '0');
const reportBody = () => ({
  channel: 'committee',
  subject: {
    idNumber: makeIdNumber('440111', `${1940 + rand(60)}0${1 + rand(9)}1${rand(9)}`, pad(rand(1000), 3)),
    name: '张三',
    streetCode: STREET,
  },
  situation: { summary: 'unemployed, two children, rent arrears' },
});

/** Every route the API serves, as OpenAPI writes it. */
const ROUTES: [method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string][] = [
  ['post', '/api/v1/reports'],
  ['post', '/api/v1/department-signals'],
  ['post', '/api/v1/monitoring/imports'],
  ['get', '/api/v1/monitoring/imports/{importId}'],
  ['get', '/api/v1/cases'],
  ['get', '/api/v1/cases/{caseId}'],
  ['post', '/api/v1/cases/{caseId}/actions'],
  ['get', '/api/v1/cases/{caseId}/workflow'],
  ['get', '/api/v1/cases/{caseId}/matches'],
  ['get', '/api/v1/organisations'],
  ['post', '/api/v1/organisations'],
  ['patch', '/api/v1/organisations/{organisationId}'],
  ['get', '/api/v1/organisations/{organisationId}/projects'],
  ['post', '/api/v1/organisations/{organisationId}/projects'],
  ['get', '/api/v1/organisations/{organisationId}/stats'],
  ['get', '/api/v1/referrals'],
  ['post', '/api/v1/referrals/{referralId}/response'],
  ['get', '/api/v1/households/{householdId}'],
  ['get', '/api/v1/exports/{kind}'],
  ['get', '/api/v1/reports/monthly'],
  ['post', '/api/v1/persons/lookup'],
  ['get', '/api/v1/me/reports'],
  ['get', '/api/v1/escalations'],
  ['get', '/api/v1/escalations/stream'],
  ['get', '/api/v1/stats'],
  ['get', '/api/v1/warnings'],
  ['get', '/api/v1/warnings/{warningId}'],
  ['post', '/api/v1/warnings/{warningId}/actions'],
  ['get', '/api/v1/calendar'],
  ['get', '/api/v1/calendar/deadline'],
  ['put', '/api/v1/calendar/{year}'],
  ['get', '/api/v1/staff'],
  ['post', '/api/v1/staff'],
  ['post', '/codec/decode'],
  ['post', '/codec/encode'],
  ['patch', '/api/v1/staff/{id}'],
  ['put', '/api/v1/jurisdictions/{committeeCode}/designated-worker'],
  ['get', '/api/v1/jurisdictions'],
  ['get', '/api/v1/me/notifications'],
  ['get', '/api/v1/me/notifications/unread-count'],
  ['post', '/api/v1/me/notifications/{id}/read'],
  ['post', '/api/v1/me/notifications/read-all'],
  ['get', '/api/v1/me/revisits'],
  ['get', '/api/v1/webhooks'],
  ['get', '/api/v1/webhooks/{jurisdictionCode}'],
  ['put', '/api/v1/webhooks/{jurisdictionCode}'],
  ['delete', '/api/v1/webhooks/{jurisdictionCode}'],
  ['get', '/api/v1/notifications/dead'],
  ['post', '/api/v1/notifications/{id}/retry'],
  ['get', '/api/v1/access-log'],
  ['get', '/healthz'],
  ['get', '/readyz'],
  ['get', '/metrics'],
  ['get', '/openapi.json'],
  ['get', '/docs'],
  ['get', '/dashboard'],
];

describe('health and readiness', () => {
  it('/healthz answers 200 while the process runs', async () => {
    const res = await request(p.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 when the database and Temporal both answer', async () => {
    const res = await request(p.app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ready', checks: { database: { ok: true }, temporal: { ok: true } } });
  });
});

describe('/metrics', () => {
  it('counts requests by route template and status, and cases by stage', async () => {
    const token = await p.tokenFor('caseworker', STREET);
    await request(p.app).get('/api/v1/jurisdictions').set('Authorization', `Bearer ${token}`);
    await request(p.app).get('/api/v1/cases/c-unknown-1').set('Authorization', `Bearer ${token}`);
    await request(p.app)
      .post('/api/v1/reports')
      .set('Authorization', `Bearer ${await p.tokenFor('hotline', '440100')}`)
      .send(reportBody());
    const res = await request(p.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/jurisdictions",status="200"\} 1/);
    // Templates, not raw paths: case ids never become label values.
    expect(res.text).toMatch(/route="\/api\/v1\/cases\/:caseId",status="404"/);
    expect(res.text).not.toContain('c-unknown-1');
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0.1",method="POST",route="\/api\/v1\/reports",status="201"\}/);
    expect(res.text).toMatch(/cases_by_stage\{stage="reported"\} [1-9]\d*/);
  });
});

describe('OpenAPI and docs', () => {
  it('lists every route with its request and response schemas and bearer auth', async () => {
    const res = await request(p.app).get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(listed.sort()).toEqual(ROUTES.map(([m, path]) => `${m} ${path}`).sort());
    expect(doc.paths['/api/v1/reports'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ReportBody',
    });
    expect(doc.paths['/api/v1/cases/{caseId}/actions'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CaseAction',
    });
    expect(doc.paths['/api/v1/cases'].get.parameters.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining([
        'stage',
        'districtCode',
        'streetCode',
        'urgency',
        'escalationLevel',
        'overdue',
        'assigneeId',
        'cursor',
        'limit',
      ]),
    );
    for (const name of [
      'ReportBody',
      'ReportResult',
      'SignalBatch',
      'SignalBatchResult',
      'CaseList',
      'CaseFile',
      'CaseAction',
      'Jurisdiction',
      'Problem',
    ]) {
      expect(doc.components.schemas[name]).toBeDefined();
    }
    // Every $ref resolves inside the document.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(doc.components.schemas[name]).toBeDefined();
    }
    // The action schema is the domain's: every action type is in it.
    expect(JSON.stringify(doc.components.schemas.CaseAction)).toContain('"const":"record-economic-check"');
  });

  it('serves every listed route (none falls through to the 404 handler)', async () => {
    for (const [method, path] of ROUTES) {
      const concrete = path
        .replace('{year}', '2027')
        .replace('{caseId}', 'c-x')
        .replace('{householdId}', 'h-0123456789abcdef')
        .replace('{id}', 'cw-440111001')
        .replace('{committeeCode}', '440111001001');
      const res = await request(p.app)
        [method](concrete)
        .send(method === 'get' ? undefined : {});
      expect(res.body?.code).not.toBe('ROUTE_NOT_FOUND');
    }
  });

  it('serves an interactive docs page with its assets from this server (no CDN)', async () => {
    const page = await request(p.app).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const asset of page.text.match(/(?:src|href)="([^"]+)"/g)!.map((m) => m.split('"')[1])) {
      const res = await request(p.app).get(asset);
      expect([asset, res.status]).toEqual([asset, 200]);
    }
  });
});

describe('GET /api/v1/jurisdictions', () => {
  it('answers the city tree with its 11 districts and their streets to any authenticated user', async () => {
    const res = await request(p.app)
      .get('/api/v1/jurisdictions')
      .set('Authorization', `Bearer ${await p.tokenFor('reporter', STREET)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: '440100', level: 'city', nameEn: expect.any(String) });
    expect(res.body.children).toHaveLength(11);
    const yuexiu = res.body.children.find((d: { code: string }) => d.code === '440104');
    expect(yuexiu.children[0]).toMatchObject({ code: expect.stringMatching(/^440104\d{3}$/), level: 'street', nameZh: expect.any(String) });
    expect((await request(p.app).get('/api/v1/jurisdictions')).status).toBe(401);
  });
});

describe('HTTP hygiene', () => {
  it('sends security headers and no CORS headers, even to a cross-origin preflight', async () => {
    const res = await request(p.app).get('/healthz').set('Origin', 'https://evil.example');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(p.app)
      .options('/api/v1/reports')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('answers unknown routes with a problem document', async () => {
    const res = await request(p.app).get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', requestId: res.headers['x-request-id'] });
  });

  it('limits writes per user with 429 and Retry-After, leaving other users and reads alone', async () => {
    const app = createApp({
      prisma: p.prisma,
      temporal: p.client,
      config: p.config,
      policy: p.policy,
      pii: p.pii,
      logger: silent,
      rateLimit: { capacity: 2, windowMs: 60_000 },
    });
    const token = await p.tokenFor('hotline', '440100');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await request(app).post('/api/v1/reports').set('Authorization', `Bearer ${token}`).send({})).status);
    }
    expect(statuses).toEqual([422, 422, 429]);
    const limited = await request(app).post('/api/v1/reports').set('Authorization', `Bearer ${token}`).send({});
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await request(app).get('/api/v1/jurisdictions').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const other = await p.tokenFor('department', '440100');
    expect((await request(app).post('/api/v1/reports').set('Authorization', `Bearer ${other}`).send({})).status).toBe(422);
  });
});

describe('unreachable dependencies', () => {
  // No retry interceptor: the client's default retries would keep timers alive after the test closes
  // the connection (and then throw from a timer), and the point here is the mapping of UNAVAILABLE.
  const deadTemporal = () => new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500, interceptors: [] }) });

  it('answers 503 (not 500) when the database is down, and /readyz says which dependency failed', async () => {
    const deadPrisma = createPrisma('postgresql://u:p@127.0.0.1:1/none?connect_timeout=1');
    const app = createApp({ prisma: deadPrisma, temporal: p.client, config: p.config, policy: p.policy, pii: p.pii, logger: silent });
    try {
      const officer = await p.tokenFor('city_officer', '440100');
      const list = await request(app).get('/api/v1/cases').set('Authorization', `Bearer ${officer}`);
      expect(list.status).toBe(503);
      expect(list.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: expect.stringMatching(/database/) });
      expect(list.headers['retry-after']).toBeDefined();
      const report = await request(app).post('/api/v1/reports').set('Authorization', `Bearer ${officer}`).send(reportBody());
      expect(report.status).toBe(503);
      const ready = await request(app).get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toMatchObject({ database: { ok: false, error: expect.any(String) }, temporal: { ok: true } });
      expect((await request(app).get('/healthz')).status).toBe(200);
      expect((await request(app).get('/metrics')).status).toBe(200);
    } finally {
      await deadPrisma.$disconnect();
    }
  });

  it('answers 503 when Temporal is down', async () => {
    const temporal = deadTemporal();
    const app = createApp({
      prisma: p.prisma,
      temporal,
      config: p.config,
      policy: p.policy,
      pii: p.pii,
      logger: silent,
      readinessTimeoutMs: 1500,
      temporalTimeoutMs: 3000,
    });
    try {
      const res = await request(app)
        .post('/api/v1/reports')
        .set('Authorization', `Bearer ${await p.tokenFor('hotline', '440100')}`)
        .send(reportBody());
      expect(res.status).toBe(503);
      expect(res.body.detail).toMatch(/Temporal\) is unreachable/);
      const ready = await request(app).get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toMatchObject({ database: { ok: true }, temporal: { ok: false } });
    } finally {
      await temporal.connection.close().catch(() => undefined);
    }
  });
});

// Found by npm run test:schemathesis (ST204): an undocumented method on a documented path was 404.
describe('a method the document does not list for a path', () => {
  test('answers 405 with Allow, on public and authenticated paths; an unknown path stays 404', async () => {
    const health = await request(p.app).trace('/healthz');
    expect([health.status, health.headers.allow]).toEqual([405, 'GET, HEAD']);
    const auth = `Bearer ${await p.tokenFor('city_officer', '440100')}`;
    const jurisdictions = await request(p.app).delete('/api/v1/jurisdictions').set('Authorization', auth);
    expect([jurisdictions.status, jurisdictions.body.code, jurisdictions.headers.allow]).toEqual([405, 'METHOD_NOT_ALLOWED', 'GET, HEAD']);
    const staff = await request(p.app).trace('/api/v1/staff/cw-440104001').set('Authorization', auth);
    expect([staff.status, staff.headers.allow]).toEqual([405, 'PATCH']);
    expect((await request(p.app).get('/api/v1/no-such-thing').set('Authorization', auth)).status).toBe(404);
  });

  // Found by npm run test:schemathesis (ST205): Express's own OPTIONS answer also listed PUT from /calendar/:year.
  test('OPTIONS lists the methods the document has for the path, a literal path before a template', async () => {
    const auth = `Bearer ${await p.tokenFor('caseworker', '440104001')}`;
    const deadline = await request(p.app).options('/api/v1/calendar/deadline').set('Authorization', auth);
    expect([deadline.status, deadline.headers.allow]).toEqual([200, 'GET, HEAD']);
    const year = await request(p.app).options('/api/v1/calendar/2027').set('Authorization', auth);
    expect([year.status, year.headers.allow]).toEqual([200, 'PUT']);
    // ST204: PUT on the literal path is 405, not PUT /calendar/:year's 422 for the year "deadline".
    const put = await request(p.app).put('/api/v1/calendar/deadline').set('Authorization', auth).send({});
    expect([put.status, put.body.code, put.headers.allow]).toEqual([405, 'METHOD_NOT_ALLOWED', 'GET, HEAD']);
  });
});
