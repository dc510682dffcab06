// Personal data is never stored or logged in clear. A case is created through the API with a known
// ID number, name, phone and address (and a known free-text summary); then the raw Temporal history
// (read by a client without the codec), the search attributes, the API's log output and a dump of
// the whole database are searched for them — and hold none. The ID number is stored encrypted with a
// keyed look-up hash; Temporal payloads are encrypted under the PII key named in their metadata, and
// still open after the key rotates, while a payload whose key is gone fails loudly.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import pino from 'pino';
import { Pool } from 'pg';
import request from 'supertest';
import { makeIdNumber } from '../../domain/ids';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadDecryptionError, PiiPayloadCodec } from '../../runtime/codec';
import { REDACT_PATHS } from '../../runtime/logger';
import { PiiCipher } from '../../runtime/pii';
import { ciphertextsByKey, rotatePersonalData } from '../../runtime/pii-rotation';
import { caseWorkflowId } from '../../workflows/definitions';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { startTestPlatform, type TestPlatform } from '../support/harness';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database';

const STREET = '440104001';
const K1 = `k1:${randomBytes(32).toString('base64')}`;
const K2 = `k2:${randomBytes(32).toString('base64')}`;

const rand = (n: number) => Math.floor(Math.random() * n);
const digits = (n: number) => Array.from({ length: n }, () => rand(10)).join('');
const cjk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + rand(0x5000))).join('');

// Unique values, so a hit can only come from this test.
const subject = {
  idNumber: makeIdNumber('440104', `19${40 + rand(40)}0${1 + rand(9)}1${rand(9)}`, String(100 + rand(899))),
  name: `欧阳${cjk(2)}`,
  phone: `139${digits(8)}`,
  address: `越秀区${cjk(3)}路${100 + rand(800)}号`,
};
const reporter = { name: `网格员${cjk(2)}`, phone: `137${digits(8)}` };
const summary = `SUMMARY-${randomUUID()} ${cjk(6)} 独居老人, recently fell at home`;
// Free text about the family and its income (§7): sealed in PostgreSQL, open to the caseworker.
const findings = `FINDINGS-${randomUUID()} ${cjk(5)} 六楼无电梯`;
const pauseReason = `PAUSE-${randomUUID()} ${cjk(4)}`;
const monthlyIncome = 5000 + rand(4000) + 0.37;
// A household member found at the visit (§7): name, ID number and income stay out of clear text too.
const member = {
  idNumber: makeIdNumber('440104', `19${40 + rand(40)}0${1 + rand(9)}2${rand(9)}`, String(100 + rand(899))),
  name: `司马${cjk(2)}`,
  monthlyIncome: 3000 + rand(1000) + 0.73,
};
const freeText = () => [summary, findings, pauseReason, String(monthlyIncome), String(member.monthlyIncome)];
const personal = () => [
  subject.idNumber,
  subject.idNumber.toLowerCase(),
  subject.name,
  subject.phone,
  subject.address,
  reporter.name,
  reporter.phone,
  member.idNumber,
  member.name,
];

const logLines: string[] = [];
const captured = pino(
  { level: 'trace', base: { service: 'proactive-assistance' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
);

let db: OwnDatabase;
let p: TestPlatform;
let caseId: string;
let workflowId: string;

beforeAll(async () => {
  db = await startOwnDatabase('pii');
  p = await startTestPlatform({ piiKey: K1, databaseUrl: db.url, apiDeps: { logger: captured } });
  const cw = await p.tokenFor('caseworker', STREET);
  const hotline = await p.tokenFor('hotline', '440100');
  const body = {
    channel: 'grid',
    subject: { ...subject, streetCode: STREET },
    situation: { summary, categories: ['elderly'] },
    reporter: { ...reporter, organisation: 'Beijing Jie grid team' },
  };
  const created = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${cw}`)
    .set('Idempotency-Key', randomUUID())
    .send(body);
  expect(created.status).toBe(201);
  caseId = created.body.caseId;
  // A second report attaches, an action, a read, a refused report and a denied read: every path that logs.
  const attached = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${hotline}`)
    .send({ ...body, channel: 'hotline' });
  expect(attached.status).toBe(200);
  expect(
    (await request(p.app).post(`/api/v1/cases/${caseId}/actions`).set('Authorization', `Bearer ${cw}`).send({ type: 'accept' })).status,
  ).toBe(200);
  const act = (action: Record<string, unknown>) =>
    request(p.app).post(`/api/v1/cases/${caseId}/actions`).set('Authorization', `Bearer ${cw}`).send(action);
  const householdMembers = [{ idNumber: member.idNumber, name: member.name, relation: 'spouse', monthlyIncome: member.monthlyIncome }];
  expect((await act({ type: 'record-visit', visitedAt: new Date().toISOString(), findings, monthlyIncome, householdMembers })).status).toBe(
    200,
  );
  const expectedResumeAt = new Date(Date.now() + 86_400_000).toISOString();
  expect((await act({ type: 'pause-clock', reason: pauseReason, expectedResumeAt })).status).toBe(200);
  expect((await act({ type: 'resume-clock' })).status).toBe(200);
  const read = await request(p.app).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${cw}`);
  expect(read.status).toBe(200);
  expect(read.body.subject.name).toBe(subject.name);
  // The caseworker in scope reads the family's words and income in clear from the file.
  expect(JSON.stringify(read.body)).toContain(findings);
  expect(JSON.stringify(read.body)).toContain(pauseReason);
  expect(JSON.stringify(read.body)).toContain(String(monthlyIncome));
  expect(JSON.stringify(read.body)).toContain(summary);
  expect(read.body.reports[0].reporter).toEqual({
    name: reporter.name,
    phoneMasked: `137****${reporter.phone.slice(-4)}`,
    organisation: 'Beijing Jie grid team',
  });
  const family = await request(p.app).get(`/api/v1/households/${read.body.householdId}`).set('Authorization', `Bearer ${cw}`);
  expect(family.body.members).toEqual(
    expect.arrayContaining([expect.objectContaining({ name: member.name, monthlyIncome: member.monthlyIncome, current: true })]),
  );
  const refused = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${cw}`)
    .send({ ...body, subject: { ...body.subject, phone: `${subject.phone}99` } });
  expect(refused.status).toBe(422);
  const other = await p.tokenFor('caseworker', '440104002');
  expect((await request(p.app).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${other}`)).status).toBe(404);
  workflowId = (await p.prisma.case.findUniqueOrThrow({ where: { caseId } })).workflowId;
});

afterAll(async () => {
  await p?.stop();
  await db?.drop();
});

/** Every byte string as UTF-8 text, so JSON.stringify shows what a payload really contains. */
function readable(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(readable);
  if (value && typeof value === 'object') {
    if (typeof (value as { toNumber?: unknown }).toNumber === 'function') return (value as { toString(): string }).toString();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v)]));
  }
  return value;
}

/** Every Payload object (metadata + data) in a history, with the path it was found at. */
function payloadsIn(value: unknown, path = ''): { path: string; payload: Payload }[] {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => payloadsIn(v, `${path}[${i}]`));
  const obj = value as Record<string, unknown>;
  if (obj.metadata && typeof obj.metadata === 'object' && 'data' in obj) return [{ path, payload: obj }];
  return Object.entries(obj).flatMap(([k, v]) => payloadsIn(v, `${path}.${k}`));
}

/**
 * The payloads the platform wrote, through the codec. Temporal's own bookkeeping is left out: search
 * attributes, headers, and patch markers, whose details the SDK writes in plain JSON — checked here to
 * carry nothing but the patch's id.
 */
function platformPayloads(histories: unknown[]): { path: string; payload: Payload }[] {
  const all = payloadsIn(histories);
  for (const { payload } of all.filter(({ path }) => path.includes('markerRecordedEventAttributes.details.patch-data'))) {
    expect(Object.keys(JSON.parse(Buffer.from(payload.data ?? []).toString('utf8')) as object).sort()).toEqual(['deprecated', 'id']);
  }
  return all.filter(({ path }) => !path.includes('searchAttributes') && !path.includes('header') && !path.includes('.details.patch-data'));
}

async function rawHistories(client: Client): Promise<unknown[]> {
  const histories: unknown[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    histories.push(await client.workflow.getHandle(workflowId, wf.runId).fetchHistory());
  }
  return histories;
}

function expectNoneOf(haystack: string, needles: string[], where: string): void {
  const found = needles.filter((n) => haystack.includes(n));
  expect({ where, found }).toEqual({ where, found: [] });
}

describe('the database', () => {
  test('stores the ID number encrypted (key id k1) with a keyed look-up hash, never in clear', async () => {
    const hash = p.pii.lookupHash(subject.idNumber);
    const person = await p.prisma.person.findUniqueOrThrow({ where: { idHash: hash } });
    expect(person.id).toBe(`p-${hash}`);
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(hash).not.toContain(subject.idNumber.slice(6, 14));
    for (const enc of [person.idNumberEnc!, person.nameEnc, person.phoneEnc!, person.addressEnc!]) expect(enc).toMatch(/^v1\.k1\./);
    expect(p.pii.decrypt(person.idNumberEnc!)).toBe(subject.idNumber);
    expect(p.pii.decrypt(person.phoneEnc!)).toBe(subject.phone);
    // The hash is keyed: the same number under another key hashes differently.
    expect(PiiCipher.fromSpec(K2).lookupHash(subject.idNumber)).not.toBe(hash);
    expect(workflowId).toBe(caseWorkflowId(hash));
  });

  test('holds none of the personal data in clear in any row of any table', async () => {
    // As the owner: it sees every table, also those the application has no grant on.
    const pool = new Pool({ connectionString: db.ownerUrl, max: 1 });
    try {
      const { rows: tables } = await pool.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['persons', 'cases', 'case_events', 'idempotency_records', 'access_audit']),
      );
      let dump = '';
      for (const { table_name } of tables) {
        const { rows } = await pool.query<{ row: string }>(`select t::text as row from "${table_name}" t`);
        dump += rows.map((r) => r.row).join('\n');
      }
      // The dump is real: it holds this case and its person's encrypted fields.
      expect(dump).toContain(caseId);
      expect(dump).toContain(p.pii.lookupHash(subject.idNumber));
      expectNoneOf(dump, [...personal(), ...freeText()], 'select of every table');
    } finally {
      await pool.end();
    }
  });

  test('a pg_dump of the database holds none of the personal data in clear', async () => {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root)
      ? readdirSync(root)
          .filter((v) => existsSync(`${root}/${v}/bin/pg_dump`))
          .sort((a, b) => Number(b) - Number(a))
      : [];
    if (db.embedded || versions.length === 0) {
      // The embedded database (no DATABASE_URL) has no pg_dump to talk to; the select above covers it.
      expect(!db.embedded && versions.length > 0).toBe(false);
      return;
    }
    const { stdout } = await promisify(execFile)(`${root}/${versions[0]}/bin/pg_dump`, ['--data-only', '--no-owner', db.ownerUrl], {
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(stdout).toContain(caseId);
    expectNoneOf(stdout, [...personal(), ...freeText()], 'pg_dump');
  });
});

describe('Temporal', () => {
  test('the raw history holds no personal data and not even the free-text summary: every payload is encrypted under k1', async () => {
    const raw = new Client({ connection: p.client.connection, namespace: p.config.temporalNamespace });
    const histories = await rawHistories(raw);
    expect(histories.length).toBeGreaterThanOrEqual(1);
    const text = JSON.stringify(readable(histories));
    expectNoneOf(text, [...personal(), ...freeText(), summary, 'elderly', 'Beijing Jie grid team'], 'raw history');

    const payloads = platformPayloads(histories);
    expect(payloads.length).toBeGreaterThan(5);
    const unencrypted = payloads.filter(({ payload }) => Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCRYPTED_ENCODING);
    expect(unencrypted.map((u) => u.path)).toEqual([]);
    expect(new Set(payloads.map(({ payload }) => Buffer.from(payload.metadata![KEY_ID_METADATA]).toString()))).toEqual(new Set(['k1']));

    // Positive control: decrypted with the key, the same history does hold the summary.
    const codec = PiiPayloadCodec.fromSpec(K1);
    const decoded = await Promise.all(
      payloads.map(async ({ payload }) => Buffer.from((await codec.decode([payload]))[0].data ?? []).toString('utf8')),
    );
    expect(decoded.join('\n')).toContain(summary);
  });

  test('search attributes carry only stage, district, street, urgency and escalation level', async () => {
    const description = await p.client.workflow.getHandle(workflowId).describe();
    const fields = description.raw.workflowExecutionInfo?.searchAttributes?.indexedFields ?? {};
    const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, defaultPayloadConverter.fromPayload(v)]));
    const ours = Object.fromEntries(Object.entries(values).filter(([k]) => k in CASE_SEARCH_ATTRIBUTES));
    expect(ours).toEqual({
      CaseStage: 'verifying',
      CaseDistrict: '440104',
      CaseStreet: STREET,
      CaseUrgency: 'normal',
      CaseEscalationLevel: 0,
    });
    // Anything else is Temporal's own bookkeeping (e.g. BuildIds), never ours.
    for (const key of Object.keys(values))
      expect(key in CASE_SEARCH_ATTRIBUTES || key.startsWith('Temporal') || key === 'BuildIds').toBe(true);
    expectNoneOf(JSON.stringify(values), personal(), 'search attributes');
    expect(description.memo ?? {}).toEqual({});
    expectNoneOf(workflowId, personal(), 'workflow id');
  });
});

describe('logs', () => {
  test('the API log output holds none of the personal data, nor the summary', () => {
    const text = logLines.join('');
    // The requests were logged (one line each, with their route and status) ...
    expect(text).toContain('"route":"/api/v1/reports"');
    expect(logLines.length).toBeGreaterThanOrEqual(6);
    // ... without a trace of the person.
    expectNoneOf(text, [...personal(), ...freeText(), summary], 'API log');
  });
});

describe('key rotation', () => {
  let q: TestPlatform | undefined;
  afterAll(async () => {
    await q?.stop();
  });

  test('after rotation (new key first, old kept) the case goes on: old payloads and rows decrypt, new ones use the new key', async () => {
    // The old worker stops; a worker and API with the rotated PII_KEY take over the same task queue.
    await p.stopWorker();
    q = await startTestPlatform({ piiKey: `${K2},${K1}`, taskQueue: p.taskQueue, databaseUrl: db.url, apiDeps: { logger: captured } });
    const cw = await q.tokenFor('caseworker', STREET);
    const visit = await request(q.app)
      .post(`/api/v1/cases/${caseId}/actions`)
      .set('Authorization', `Bearer ${cw}`)
      .send({ type: 'record-visit', visitedAt: new Date().toISOString(), findings: 'lives alone on the 6th floor, no lift' });
    expect(visit.status).toBe(200);
    expect(visit.body.subject).toMatchObject({ name: subject.name, phoneMasked: `139****${subject.phone.slice(-4)}` });

    const raw = new Client({ connection: q.client.connection, namespace: q.config.temporalNamespace });
    const payloads = platformPayloads(await rawHistories(raw));
    const keyIds = new Set(payloads.map(({ payload }) => Buffer.from(payload.metadata![KEY_ID_METADATA]).toString()));
    expect(keyIds).toEqual(new Set(['k1', 'k2']));
    // A report after rotation is stored under the new key; look-ups still find the person's old row,
    // which it does not rewrite (a report never overwrites the recorded identity, §7).
    const attached = await request(q.app)
      .post('/api/v1/reports')
      .set('Authorization', `Bearer ${cw}`)
      .send({ channel: 'grid', subject: { ...subject, streetCode: STREET }, situation: { summary: 'second visit report' } });
    expect(attached.status).toBe(200);
    expect(attached.body.caseId).toBe(caseId);
    const person = await q.prisma.person.findUniqueOrThrow({ where: { idHash: q.pii.lookupHash(subject.idNumber) } });
    expect(person.nameEnc).toMatch(/^v1\.k1\./);
    expect(person.idNumberEnc).toMatch(/^v1\.k1\./);
    const reports = await q.prisma.caseReportRecord.findMany({ where: { personId: person.id }, orderBy: { receivedAt: 'asc' } });
    expect(reports.at(-1)!.summaryEnc).toMatch(/^v1\.k2\./);
    expect(reports.slice(0, -1).every((r) => r.summaryEnc.startsWith('v1.k1.'))).toBe(true);
    expect(q.pii.decrypt(reports.at(-1)!.summaryEnc)).toBe('second visit report');
  });

  test('a payload whose key is no longer in PII_KEY fails loudly, naming the key', async () => {
    const raw = new Client({ connection: p.client.connection, namespace: p.config.temporalNamespace });
    const [first] = payloadsIn(await rawHistories(raw)).filter(
      ({ payload }) => Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString() === 'k1',
    );
    const withoutK1 = PiiPayloadCodec.fromSpec(K2);
    await expect(withoutK1.decode([first.payload])).rejects.toThrow(PayloadDecryptionError);
    await expect(withoutK1.decode([first.payload])).rejects.toThrow(/key "k1", which is not in PII_KEY \(configured: k2\)/);
    const person = await p.prisma.person.findUniqueOrThrow({ where: { idHash: p.pii.lookupHash(subject.idNumber) } });
    expect(() => PiiCipher.fromSpec(K2).decrypt(person.idNumberEnc!)).toThrow(/"k1" is not configured/);
  });

  test('npm run pii -- rotate re-encrypts every value under the old key, in every table, and a second run finds nothing', async () => {
    // Runs last: before it, the rows under k1 are what the tests above look at.
    // As the tables' owner, as the README says: the append-only tables refuse updates to the application's role.
    const pool = new Pool({ connectionString: db.ownerUrl, max: 1 });
    try {
      expect((await ciphertextsByKey(pool)).k1).toBeGreaterThan(10);
      const person = await q!.prisma.person.findUniqueOrThrow({ where: { idHash: q!.pii.lookupHash(subject.idNumber) } });
      const first = await rotatePersonalData(db.ownerUrl, q!.pii);
      // Text columns and JSON (the sealed fields of event details) alike; the case row was re-projected under k2 already.
      expect(Object.keys(first.rotated)).toEqual(
        expect.arrayContaining(['persons.nameEnc', 'persons.idNumberEnc', 'case_reports.summaryEnc', 'case_events.details']),
      );
      // On PGlite the database is shared with other files, whose rows are under the development key (k0,
      // not in this PII_KEY: left as they are and reported); none is left under k1.
      expect(first.remainingByKey.k1).toBeUndefined();
      expect(Object.keys(await ciphertextsByKey(pool))).not.toContain('k1');
      // The new key alone now opens the rows, and the look-up hash did not move (it has its own key).
      const onlyK2 = PiiCipher.fromSpec(K2);
      const rotated = await q!.prisma.person.findUniqueOrThrow({ where: { id: person.id } });
      expect(rotated.idHash).toBe(person.idHash);
      expect(onlyK2.decrypt(rotated.nameEnc)).toBe(subject.name);
      expect(onlyK2.decrypt(rotated.idNumberEnc!)).toBe(subject.idNumber);
      const report = await q!.prisma.caseReportRecord.findFirstOrThrow({ where: { personId: person.id }, orderBy: { receivedAt: 'asc' } });
      expect(onlyK2.decrypt(report.summaryEnc)).toBe(summary);
      expect((await rotatePersonalData(db.ownerUrl, q!.pii)).rotated).toEqual({});
    } finally {
      await pool.end();
    }
  });
});
