// The codec endpoint for the Temporal Web UI (POST /codec/decode, /codec/encode; Temporal's remote
// codec protocol) on the real stack: a city officer decodes a real case history's encrypted payload,
// every other role is refused, each decode is in the access log, and only the UI's origin gets CORS.
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { signToken } from '../../runtime/tokens';
import { openTestCase } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';

const UI = 'http://temporal-ui.test:8233';
let p: TestPlatform;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  p = await startTestPlatform({ withoutApi: true });
  app = createApp({
    prisma: p.prisma,
    temporal: p.client,
    config: p.config,
    policy: p.policy,
    pii: p.pii,
    logger: pino({ level: 'silent' }),
    temporalUiUrl: UI,
  });
});

afterAll(async () => {
  await p?.stop();
});

/** The first input payload of the case's workflow history, as the UI sends it (base64 JSON). */
async function encryptedStartInput(): Promise<{ metadata: Record<string, string>; data: string }> {
  const ref = await openTestCase(p);
  // Fetched without the codec: what the Temporal server stores and the UI shows.
  const raw = await p.client.connection.workflowService.getWorkflowExecutionHistory({
    namespace: p.config.temporalNamespace,
    execution: { workflowId: ref.workflowId },
  });
  const payload = raw.history!.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

const decode = async (role: Parameters<TestPlatform['tokenFor']>[0], jurisdiction: string, payloads: unknown[]) =>
  request(app)
    .post('/codec/decode')
    .set('Authorization', `Bearer ${await p.tokenFor(role, jurisdiction)}`)
    .set('X-Namespace', p.config.temporalNamespace)
    .send({ payloads });

test('a city officer decodes an encrypted payload of a real case history, and the decode is in the access log', async () => {
  const payload = await encryptedStartInput();
  expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  // This namespace's decodes only: access-log.test.ts decodes as the same officer, in parallel, under its own namespace.
  const mine = { kind: 'codec', userId: 'co-440100', subjectRef: `namespace:${p.config.temporalNamespace}` };
  const before = await p.prisma.accessLog.count({ where: mine });
  const res = await decode('city_officer', '440100', [payload]);
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const decoded = res.body.payloads[0] as { metadata: Record<string, string>; data: string };
  expect(Buffer.from(decoded.metadata.encoding, 'base64').toString()).toBe('json/plain');
  const input = JSON.parse(Buffer.from(decoded.data, 'base64').toString()) as { caseId: string; policy: { version: string } };
  expect(input.caseId).toMatch(/^c-/);
  expect(input.policy.version).toBe(p.policy.version);
  const rows = await p.prisma.accessLog.findMany({ where: mine, orderBy: { id: 'desc' } });
  expect(rows).toHaveLength(before + 1);
  expect(rows[0]).toMatchObject({
    role: 'city_officer',
    route: 'POST /codec/decode',
    subjectRef: `namespace:${p.config.temporalNamespace}`,
    detail: '1 payload(s)',
  });
});

test('encode then decode gives the payload back', async () => {
  const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"x":1}').toString('base64') };
  const encoded = await request(app)
    .post('/codec/encode')
    .set('Authorization', `Bearer ${await p.tokenFor('city_officer', '440100')}`)
    .send({ payloads: [plain] });
  expect(encoded.status).toBe(200);
  expect(encoded.body.payloads[0].data).not.toBe(plain.data);
  const back = await decode('city_officer', '440100', encoded.body.payloads);
  expect(Buffer.from(back.body.payloads[0].data, 'base64').toString()).toBe('{"x":1}');
});

test('every other role is refused (403, audited, nothing logged as read), and so is a caller without a token (401)', async () => {
  const payload = await encryptedStartInput();
  const before = await p.prisma.accessLog.count({ where: { kind: 'codec' } });
  for (const [role, code] of [
    ['district_officer', '440104'],
    ['street_supervisor', '440104001'],
    ['caseworker', '440104001'],
    ['hotline', '440100'],
  ] as const) {
    const res = await decode(role, code, [payload]);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
  }
  expect(
    (
      await request(app)
        .post('/codec/decode')
        .send({ payloads: [payload] })
    ).status,
  ).toBe(401);
  expect(await p.prisma.accessLog.count({ where: { kind: 'codec' } })).toBe(before);
});

test('the codec takes only what /api/v1 takes: no token of an unknown user or beyond TOKEN_MAX_TTL, and one budget of bad tokens per address', async () => {
  const payload = await encryptedStartInput();
  const post = (a: typeof app, token: string) =>
    request(a)
      .post('/codec/decode')
      .set('Authorization', `Bearer ${token}`)
      .send({ payloads: [payload] });
  const ghost = await signToken({ userId: 'co-no-such-user', role: 'city_officer', jurisdictionCode: '440100' }, p.config.authSecret);
  const ghostRes = await post(app, ghost);
  expect(ghostRes.status).toBe(401);
  expect(ghostRes.body.code).toBe('INVALID_TOKEN');
  const century = await signToken(
    { userId: 'co-440100', role: 'city_officer', jurisdictionCode: '440100' },
    p.config.authSecret,
    100 * 365 * 86_400,
  );
  expect((await post(app, century)).status).toBe(401);

  // Bad tokens spent on /codec count against the same address's budget as those sent to /api/v1.
  const limited = createApp({
    prisma: p.prisma,
    temporal: p.client,
    config: p.config,
    policy: p.policy,
    pii: p.pii,
    logger: pino({ level: 'silent' }),
    authFailureLimit: { capacity: 2, windowMs: 60_000 },
  });
  expect((await post(limited, ghost)).status).toBe(401);
  expect((await post(limited, ghost)).status).toBe(401);
  const api = await request(limited).get('/api/v1/cases').set('Authorization', `Bearer ${ghost}`);
  expect(api.status).toBe(429);
  expect(Number(api.headers['retry-after'])).toBeGreaterThan(0);
});

test('a malformed body gets field errors', async () => {
  const res = await decode('city_officer', '440100', [{ data: 'not base64!' }]);
  expect(res.status).toBe(422);
  expect(res.body.errors).toEqual([{ path: 'payloads.0.data', message: 'must be base64' }]);
});

test('CORS answers the Temporal UI’s origin only', async () => {
  const preflight = await request(app)
    .options('/codec/decode')
    .set('Origin', UI)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace');
  expect(preflight.status).toBe(204);
  expect(preflight.headers['access-control-allow-origin']).toBe(UI);
  expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
  const other = await request(app).options('/codec/decode').set('Origin', 'http://evil.test').set('Access-Control-Request-Method', 'POST');
  expect(other.headers['access-control-allow-origin']).toBeUndefined();
});
