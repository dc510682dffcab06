// Component tests of the report endpoints (POST /api/v1/reports, POST /api/v1/department-signals)
// against the real API, Temporal server, worker and PostgreSQL: new and attached cases, validation
// that changes nothing, idempotent retries, body and token errors, and mixed signal batches.
import request from 'supertest';
import { signToken } from '../../runtime/tokens';
import { makeIdNumber } from '../../domain/ids';
import { startTestPlatform, type TestPlatform } from '../support/harness';

let p: TestPlatform;
let caseworker: string;
let hotline: string;
let department: string;

// Tianhe streets are this file's own, so the other API test files never see these cases.
const STREET = '440106001';
const OTHER_STREET = '440106002';

beforeAll(async () => {
  p = await startTestPlatform();
  caseworker = await p.tokenFor('caseworker', STREET);
  hotline = await p.tokenFor('hotline', '440100');
  department = await p.tokenFor('department', '440100');
});

afterAll(async () => {
  await p?.stop();
});

const rand = (n: number) => Math.floor(Math.random() * n);
const pad = (v: number, width: number) => String(v).padStart(width, '0');

/** A valid ID number no other test uses (random birth date and sequence). */
function newIdNumber(options: { minor?: boolean } = {}): string {
  const year = options.minor ? 2012 + rand(5) : 1940 + rand(60);
  return makeIdNumber('440106', `${year}${pad(1 + rand(12), 2)}${pad(1 + rand(28), 2)}`, pad(rand(1000), 3));
}

function reportBody(
  idNumber = newIdNumber(),
  overrides: { subject?: Record<string, unknown>; situation?: Record<string, unknown>; [k: string]: unknown } = {},
) {
  const { subject, situation, ...rest } = overrides;
  return {
    channel: 'grid',
    subject: { idNumber, name: '林秀英', phone: '13800138000', streetCode: STREET, address: '天河区石牌东路1号', ...subject },
    situation: { summary: 'elderly woman living alone, no income', categories: ['elderly'], ...situation },
    reporter: { name: '网格员小李', organisation: 'Shipai grid team' },
    ...rest,
  };
}

const post = (path: string, token: string) => request(p.app).post(path).set('Authorization', `Bearer ${token}`);

async function personCount(idNumber: string): Promise<number> {
  return p.prisma.person.count({ where: { idHash: p.pii.lookupHash(idNumber) } });
}

describe('POST /api/v1/reports', () => {
  it('opens a new case (201) and stores the person encrypted, with no personal data in the case', async () => {
    const idNumber = newIdNumber();
    const res = await post('/api/v1/reports', caseworker).send(reportBody(idNumber));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      caseId: expect.stringMatching(/^c-/),
      created: true,
      urgency: 'normal',
      stage: 'reported',
      householdId: `h-${p.pii.lookupHash(idNumber)}`,
    });

    const person = await p.prisma.person.findUnique({ where: { idHash: p.pii.lookupHash(idNumber) } });
    expect(person).not.toBeNull();
    expect(JSON.stringify(person)).not.toContain(idNumber);
    expect(JSON.stringify(person)).not.toContain('林秀英');
    expect(p.pii.decrypt(person!.nameEnc)).toBe('林秀英');

    const row = await p.prisma.case.findUnique({ where: { caseId: res.body.caseId } });
    expect(row).toMatchObject({ personId: person!.id, streetCode: STREET, districtCode: '440106', stage: 'reported' });
    expect(row!.workflowId).not.toContain(idNumber);
    expect(JSON.stringify(row!.view)).not.toContain(idNumber);
    expect(JSON.stringify(row!.view)).not.toContain('林秀英');
  });

  it('attaches a second report about the same person to the open case (200), and an urgent flag raises its urgency', async () => {
    const idNumber = newIdNumber();
    const first = await post('/api/v1/reports', caseworker).send(reportBody(idNumber));
    expect(first.status).toBe(201);
    const second = await post('/api/v1/reports', hotline).send(
      reportBody(idNumber, {
        channel: 'hotline',
        situation: { summary: 'neighbour says she collapsed', urgentFlags: ['critical_illness'] },
      }),
    );
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      caseId: first.body.caseId,
      created: false,
      urgency: 'urgent',
      stage: 'reported',
      householdId: first.body.householdId,
      attachedVia: 'person',
    });
  });

  it('accepts a lowercase x check digit and spaces in the phone (normalised)', async () => {
    let idNumber = newIdNumber();
    while (!idNumber.endsWith('X')) idNumber = newIdNumber();
    const res = await post('/api/v1/reports', caseworker).send(reportBody(idNumber.toLowerCase(), { subject: { phone: '138 0013 8000' } }));
    expect(res.status).toBe(201);
    expect(await personCount(idNumber)).toBe(1);
  });

  it('refuses an ID number with a wrong check digit on subject.idNumber, and creates nothing', async () => {
    const good = newIdNumber();
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const res = await post('/api/v1/reports', caseworker).send(reportBody(bad));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 422,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'subject.idNumber', message: expect.stringMatching(/check digit/) }],
    });
    expect(await personCount(bad)).toBe(0);
  });

  it('refuses a future birth date, a bad phone and a street outside a caseworker’s street, each on its field', async () => {
    const future = makeIdNumber('440106', '20991231', pad(rand(1000), 3));
    const res = await post('/api/v1/reports', caseworker).send(
      reportBody(future, { subject: { phone: '12345', streetCode: OTHER_STREET } }),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: 'subject.idNumber', message: expect.stringMatching(/future/) },
      { path: 'subject.phone', message: expect.any(String) },
      { path: 'subject.streetCode', message: expect.stringMatching(/outside your jurisdiction/) },
    ]);
  });

  it('refuses an unknown street, unknown fields and a bad channel with field paths', async () => {
    const res = await post('/api/v1/reports', hotline).send({
      ...reportBody(newIdNumber(), { subject: { streetCode: '440106999' } }),
      channel: 'fax',
      extra: 1,
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'channel', message: expect.stringMatching(/^must be one of: grid/) },
        { path: 'extra', message: 'is not a known field; remove it' },
      ]),
    );
    const street = await post('/api/v1/reports', hotline).send(reportBody(newIdNumber(), { subject: { streetCode: '440106999' } }));
    expect(street.body.errors).toEqual([{ path: 'subject.streetCode', message: expect.stringMatching(/not a known street/) }]);
  });

  it('lets every role report: hotline and department city-wide, a reporter in their own street', async () => {
    const reporter = await p.tokenFor('reporter', STREET);
    for (const token of [hotline, department, reporter]) {
      const res = await post('/api/v1/reports', token).send(reportBody());
      expect(res.status).toBe(201);
    }
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer for a retry with the same key and body, creating nothing new', async () => {
      const idNumber = newIdNumber();
      const body = reportBody(idNumber);
      const key = `report-${Math.random()}`;
      const first = await post('/api/v1/reports', caseworker).set('Idempotency-Key', key).send(body);
      expect(first.status).toBe(201);
      // Same body with its keys in another order is the same request.
      const reordered = { situation: body.situation, reporter: body.reporter, subject: body.subject, channel: body.channel };
      const retry = await post('/api/v1/reports', caseworker).set('Idempotency-Key', key).send(reordered);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const view = (await p.prisma.case.findUnique({ where: { caseId: first.body.caseId } }))!.view as { reportIds: string[] };
      expect(view.reportIds).toHaveLength(1);
    });

    it('refuses the same key with a different body (422 IDEMPOTENCY_KEY_REUSED) and changes nothing', async () => {
      const key = `report-${Math.random()}`;
      const first = await post('/api/v1/reports', caseworker).set('Idempotency-Key', key).send(reportBody());
      expect(first.status).toBe(201);
      const other = newIdNumber();
      const reuse = await post('/api/v1/reports', caseworker).set('Idempotency-Key', key).send(reportBody(other));
      expect(reuse.status).toBe(422);
      expect(reuse.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await personCount(other)).toBe(0);
    });

    it('keeps keys per caller: another user may use the same key', async () => {
      const key = `shared-${Math.random()}`;
      const a = await post('/api/v1/reports', caseworker).set('Idempotency-Key', key).send(reportBody());
      const b = await post('/api/v1/reports', hotline).set('Idempotency-Key', key).send(reportBody());
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.caseId).not.toBe(b.body.caseId);
    });

    it('refuses an unusable key', async () => {
      const res = await post('/api/v1/reports', caseworker).set('Idempotency-Key', 'x'.repeat(201)).send(reportBody());
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    });
  });

  describe('bodies and tokens', () => {
    it('answers 400 for malformed JSON', async () => {
      const res = await post('/api/v1/reports', caseworker).set('Content-Type', 'application/json').send('{"channel": ');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'MALFORMED_JSON', status: 400, title: 'Bad Request', errors: [] });
    });

    it('answers 415 for a non-JSON body', async () => {
      const res = await post('/api/v1/reports', caseworker).set('Content-Type', 'text/plain').send('channel=grid');
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 413 for a body over 1 MB', async () => {
      const res = await post('/api/v1/reports', caseworker)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(reportBody(newIdNumber(), { situation: { summary: 'x'.repeat(1_100_000) } })));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('BODY_TOO_LARGE');
    });

    it('answers 401 with WWW-Authenticate without a token (not audited) and with a forged one (audited)', async () => {
      const none = await request(p.app).post('/api/v1/reports').send(reportBody());
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(none.body.code).toBe('UNAUTHENTICATED');

      const forgedUser = `forger-${Math.random().toString(36).slice(2)}`;
      const forged = await signToken(
        { userId: forgedUser, role: 'city_officer', jurisdictionCode: '440100' },
        'not-the-server-secret-not-the-server-secret',
      );
      const res = await post('/api/v1/reports', forged).send(reportBody());
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
      const audit = await p.prisma.accessAudit.findMany({ where: { userId: `unverified:${forgedUser}` } });
      expect(audit).toEqual([
        expect.objectContaining({ status: 401, method: 'POST', path: '/api/v1/reports', reason: 'invalid token: bad_signature' }),
      ]);
    });

    it('answers 401 for an expired token', async () => {
      const expired = await signToken({ userId: 'cw-440106001', role: 'caseworker', jurisdictionCode: STREET }, p.config.authSecret, -5);
      const res = await post('/api/v1/reports', expired).send(reportBody());
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/expired/);
    });
  });
});

describe('POST /api/v1/department-signals', () => {
  it('handles each signal on its own: good ones create or attach, bad ones are rejected with field errors, in index order', async () => {
    const shared = newIdNumber();
    const badCheck = (() => {
      const id = newIdNumber();
      return id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    })();
    const signals = [
      reportBody(shared, { channel: 'department' }),
      reportBody(badCheck, { channel: 'department' }),
      reportBody(shared, { channel: 'department', situation: { summary: 'hospital: discharged with no caregiver' } }),
      { channel: 'department', subject: { name: 'x' } },
      reportBody(newIdNumber(), { channel: 'department', subject: { streetCode: OTHER_STREET } }),
    ];
    const res = await post('/api/v1/department-signals', department).send({ signals });
    expect(res.status).toBe(200);
    const results = res.body.results as { index: number; status: string; caseId?: string; errors?: { path: string }[] }[];
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect([results[1].status, results[3].status, results[4].status]).toEqual(['rejected', 'rejected', 'created']);
    expect([results[0].status, results[2].status].sort()).toEqual(['attached', 'created']);
    // Within one batch, the first signal about a person opens the case and the later one attaches
    // (signals run concurrently, so which of 0 and 2 created it is not fixed; the case is the same).
    expect(results[0].caseId).toBe(results[2].caseId);
    expect(results[1].errors).toEqual([{ path: 'subject.idNumber', message: expect.stringMatching(/check digit/) }]);
    expect(results[3].errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['subject.idNumber', 'subject.streetCode', 'situation']));
    expect(await personCount(badCheck)).toBe(0);
  });

  it('is only for department, hotline and city officer (403 for a caseworker, audited)', async () => {
    const res = await post('/api/v1/department-signals', caseworker).send({ signals: [reportBody()] });
    expect(res.status).toBe(403);
    const audit = await p.prisma.accessAudit.findFirst({
      where: { userId: 'cw-440106001', path: '/api/v1/department-signals' },
      orderBy: { id: 'desc' },
    });
    expect(audit).toMatchObject({ status: 403, role: 'caseworker' });
    const city = await post('/api/v1/department-signals', await p.tokenFor('city_officer', '440100')).send({ signals: [reportBody()] });
    expect(city.status).toBe(200);
  });

  it('refuses more than 1,000 signals (413) and an empty or malformed batch (422)', async () => {
    const many = Array.from({ length: 1001 }, () => ({ channel: 'department' }));
    const tooMany = await post('/api/v1/department-signals', department).send({ signals: many });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.code).toBe('BATCH_TOO_LARGE');
    const empty = await post('/api/v1/department-signals', department).send({ signals: [] });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ path: 'signals', message: 'must contain at least 1 item' }]);
    const wrong = await post('/api/v1/department-signals', department).send([reportBody()]);
    expect(wrong.status).toBe(422);
  });

  it('replays a batch sent again with the same Idempotency-Key', async () => {
    const key = `batch-${Math.random()}`;
    const body = { signals: [reportBody(), reportBody()] };
    const first = await post('/api/v1/department-signals', department).set('Idempotency-Key', key).send(body);
    const again = await post('/api/v1/department-signals', department).set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });
});
