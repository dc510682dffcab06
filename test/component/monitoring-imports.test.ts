// Component tests of monitoring imports (DESIGN.md §8) against the real API, Temporal server, worker and
// PostgreSQL: the answers' shapes, JSON and CSV, bad records rejected one by one while the rest proceeds,
// whole-import errors that store nothing, idempotency, who may read an import, warnings raised (one open
// per person and rule, reasons accumulated), reasons in the case file of a person with an open case, and
// no personal data in clear in the tables, the workflow history or the errors.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { makeIdNumber } from '../../domain/ids';
import { PiiPayloadCodec } from '../../runtime/codec';
import { signToken } from '../../runtime/tokens';
import { discoveryTaskQueue } from '../../workflows/definitions';
import { monitoringImportWorkflowId } from '../../workflows/import-definitions';
import { eventually } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';

let p: TestPlatform;
let department: string;
let cityOfficer: string;
let caseworker: string;
let otherDepartment: string;

const STREET = '440118004';
const PATH = '/api/v1/monitoring/imports';

beforeAll(async () => {
  p = await startTestPlatform();
  department = await p.tokenFor('department', '440100');
  cityOfficer = await p.tokenFor('city_officer', '440100');
  caseworker = await p.tokenFor('caseworker', STREET);
  // A second department user, to show that an import is its filer's (and the city's) only.
  await p.prisma.staffUser.upsert({
    where: { id: 'dp-test-imports' },
    create: { id: 'dp-test-imports', role: 'department', jurisdictionCode: '440100', nameZh: '测试部门', nameEn: 'Test department' },
    update: {},
  });
  otherDepartment = await signToken({ userId: 'dp-test-imports', role: 'department', jurisdictionCode: '440100' }, p.config.authSecret);
}, 60_000);

afterAll(async () => {
  await p?.stop();
});

const rand = (n: number) => Math.floor(Math.random() * n);
const pad = (v: number, width: number) => String(v).padStart(width, '0');
const ids: string[] = [];
/** A valid ID number no other test uses (random birth date and sequence); remembered for the clear-text scans. */
function newIdNumber(): string {
  const id = makeIdNumber('440118', `${1950 + rand(50)}${pad(1 + rand(12), 2)}${pad(1 + rand(28), 2)}`, pad(rand(1000), 3));
  ids.push(id);
  return id;
}
const NAMES = ['欧阳监测', '司马预警'];
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const post = (token: string) => request(p.app).post(PATH).set('Authorization', `Bearer ${token}`);
const get = (importId: string, token = department) => request(p.app).get(`${PATH}/${importId}`).set('Authorization', `Bearer ${token}`);

async function completed(importId: string) {
  return eventually(async () => {
    const res = await get(importId);
    return res.body.status === 'completed' || res.body.status === 'failed' ? res.body : undefined;
  }, 60_000);
}

describe('a JSON import', () => {
  let importId: string;
  let status: Record<string, unknown>;
  const tekun = newIdNumber();
  const dropout = newIdNumber();
  const bad = { id: newIdNumber(), unknownPerson: newIdNumber() };
  const records = [
    {
      kind: 'low_income_status',
      idNumber: tekun,
      name: NAMES[0],
      streetCode: STREET,
      occurredAt: '2026-11-01',
      details: { category: 'tekun' },
    },
    { kind: 'medical_expense', idNumber: tekun, occurredAt: today(), amount: 1200 },
    { kind: 'school_dropout', idNumber: dropout, name: NAMES[1], streetCode: STREET, occurredAt: today() },
    {
      kind: 'school_dropout',
      idNumber: `${bad.id.slice(0, 17)}${bad.id[17] === '0' ? '1' : '0'}`,
      streetCode: STREET,
      occurredAt: today(),
    },
    { kind: 'lottery_win', idNumber: newIdNumber(), streetCode: STREET, occurredAt: today() },
    { kind: 'school_dropout', idNumber: bad.unknownPerson, occurredAt: today() },
    { kind: 'disaster_loss', idNumber: newIdNumber(), streetCode: STREET, occurredAt: today(), amount: -20000 },
    { kind: 'school_dropout', idNumber: newIdNumber(), streetCode: STREET, occurredAt: '2999-01-01' },
    // The same person again in the same file: a second reason on the same open warning.
    { kind: 'school_dropout', idNumber: dropout, occurredAt: today() },
  ];

  beforeAll(async () => {
    const res = await post(department).send({ source: 'education', records });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ importId: expect.stringMatching(/^imp-/), status: 'queued' });
    importId = res.body.importId;
    status = await completed(importId);
  }, 90_000);

  it('completes with exact counts and each bad record rejected with its index, field and reason', () => {
    expect(status).toEqual({
      importId,
      source: 'education',
      status: 'completed',
      total: 9,
      processed: 4,
      rejected: 5,
      warningsRaised: 2,
      errors: [
        { index: 3, path: 'records[3].idNumber', message: 'is not a valid ID number: the check digit is wrong' },
        { index: 4, path: 'records[4].kind', message: expect.stringContaining('must be one of low_income_status') },
        { index: 5, path: 'records[5].streetCode', message: 'is required for a person the platform does not know yet' },
        { index: 6, path: 'records[6].amount', message: 'must not be negative' },
        { index: 7, path: 'records[7].occurredAt', message: 'must not be in the future' },
      ],
    });
  });

  it('puts the people on the register and raises one open warning per person and rule, the reasons accumulated', async () => {
    const tekunId = `p-${p.pii.lookupHash(tekun)}`;
    const dropoutId = `p-${p.pii.lookupHash(dropout)}`;
    expect(await p.prisma.registerEntry.findUnique({ where: { personId: tekunId } })).toMatchObject({
      category: 'tekun',
      streetCode: STREET,
      districtCode: '440118',
      lastImportId: importId,
    });
    expect(await p.prisma.monitoringEvent.count({ where: { importId } })).toBe(4);
    const warnings = await p.prisma.warning.findMany({ where: { importId }, orderBy: { ruleId: 'asc' } });
    expect(warnings.map((w) => [w.personId, w.ruleId, w.level, w.status])).toEqual([
      [tekunId, 'medical-expense', 'orange', 'open'],
      [dropoutId, 'school-dropout', 'orange', 'open'],
    ]);
    for (const w of warnings) expect(w.verifyDueAt.getTime()).toBeGreaterThan(w.raisedAt.getTime());
    const reasons = await p.prisma.warningReason.findMany({ where: { importId }, orderBy: { recordIndex: 'asc' } });
    expect(reasons.map((r) => [r.ruleId, r.recordIndex, r.warningId !== null, r.caseId])).toEqual([
      ['medical-expense', 1, true, null],
      ['school-dropout', 2, true, null],
      ['school-dropout', 8, true, null],
    ]);
    // Staged records are deleted once the import completed.
    expect(await p.prisma.monitoringImportRecord.count({ where: { importId } })).toBe(0);
  });

  it('starts each new warning’s verification clock', async () => {
    const warnings = await p.prisma.warning.findMany({ where: { importId } });
    for (const w of warnings) {
      const description = await p.client.workflow.getHandle(`warning-${w.warningId}`).describe();
      expect(description.type).toBe('warningVerifyWorkflow');
      expect(description.taskQueue).toBe(discoveryTaskQueue(p.taskQueue));
    }
  });

  it('runs on the discovery task queue, not on the cases’ queue', async () => {
    const description = await p.client.workflow.getHandle(monitoringImportWorkflowId(importId)).describe();
    expect(description.taskQueue).toBe(discoveryTaskQueue(p.taskQueue));
    expect(description.taskQueue).not.toBe(p.taskQueue);
  });

  it('keeps no ID number or name in clear in the tables it writes, in the errors or in the workflow history', async () => {
    const tables = await p.prisma.$queryRawUnsafe<{ t: string }[]>(
      `SELECT (SELECT json_agg(x)::text FROM monitoring_imports x WHERE "importId" = $1) ||
              (SELECT COALESCE(json_agg(x)::text, '') FROM monitoring_events x WHERE "importId" = $1) ||
              (SELECT COALESCE(json_agg(x)::text, '') FROM warnings x WHERE "importId" = $1) ||
              (SELECT COALESCE(json_agg(x)::text, '') FROM warning_reasons x WHERE "importId" = $1) ||
              (SELECT COALESCE(json_agg(x)::text, '') FROM register_entries x WHERE "lastImportId" = $1) ||
              (SELECT COALESCE(json_agg(x)::text, '') FROM persons x WHERE x.id IN (SELECT "personId" FROM monitoring_events WHERE "importId" = $1)) AS t`,
      importId,
    );
    const text = tables[0].t;
    expect(text).toContain(importId);
    const answer = JSON.stringify((await get(importId)).body);
    const history = await p.client.workflow.getHandle(monitoringImportWorkflowId(importId)).fetchHistory();
    const codec = PiiPayloadCodec.fromSpec(p.config.piiKey);
    const payloads: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }[] = [];
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      if ('metadata' in node && 'data' in node) payloads.push(node as (typeof payloads)[number]);
      for (const v of Object.values(node)) walk(v);
    };
    walk(history);
    expect(payloads.length).toBeGreaterThan(5);
    const decoded = (await codec.decode(payloads as never)).map((d) => Buffer.from(d.data ?? []).toString('utf8')).join('\n');
    // Positive control: decoded, the history is readable (the import id is in the input).
    expect(decoded).toContain(importId);
    for (const where of [text, answer, decoded, JSON.stringify(history)]) {
      for (const id of [tekun, dropout, ...ids]) expect(where.includes(id)).toBe(false);
      for (const name of NAMES) expect(where.includes(name)).toBe(false);
      expect(where).not.toContain('"amount":1200');
    }
  });

  it('answers the same import for the same content, and stores nothing new', async () => {
    const before = await p.prisma.monitoringImport.count();
    const again = await post(department).send({ source: 'education', records });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ importId, status: 'completed' });
    expect(await p.prisma.monitoringImport.count()).toBe(before);
    expect(await p.prisma.monitoringEvent.count({ where: { importId } })).toBe(4);
  });

  it('is readable by its filer and city officers only', async () => {
    expect((await get(importId, cityOfficer)).status).toBe(200);
    const other = await get(importId, otherDepartment);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('IMPORT_NOT_FOUND');
    expect((await get(importId, caseworker)).status).toBe(403);
    expect((await get('imp-unknown')).status).toBe(404);
  });
});

describe('a CSV import', () => {
  it('reads a header row and one record per line; a malformed line is rejected on its own', async () => {
    const a = newIdNumber();
    const b = newIdNumber();
    const csv = [
      'kind,idNumber,name,streetCode,occurredAt,amount,details.months',
      `utility_arrears,${a},,${STREET},${today()},,4`,
      `utility_arrears,${b},,${STREET},${today()}`,
      `hospitalisation,${b},,${STREET},${today()},300,`,
    ].join('\r\n');
    const res = await post(department).query({ source: 'utilities' }).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(202);
    const status = await completed(res.body.importId);
    expect(status).toMatchObject({ source: 'utilities', status: 'completed', total: 3, processed: 2, rejected: 1, warningsRaised: 1 });
    expect(status.errors).toEqual([
      { index: 1, path: 'records[1]', message: 'CSV line 3 has a different number of fields than the header' },
    ]);
    const warning = await p.prisma.warning.findFirst({ where: { importId: res.body.importId } });
    expect(warning).toMatchObject({ personId: `p-${p.pii.lookupHash(a)}`, ruleId: 'utility-arrears', level: 'yellow' });
  });

  it('refuses a CSV without source, or with a header that is not a record field, storing nothing', async () => {
    const before = await p.prisma.monitoringImport.count();
    const noSource = await post(department).set('Content-Type', 'text/csv').send(`kind,idNumber\nschool_dropout,${newIdNumber()}`);
    expect(noSource.status).toBe(422);
    expect(noSource.body.errors).toEqual([{ path: 'source', message: 'is required (?source=) for a CSV import' }]);
    const badHeader = await post(department)
      .query({ source: 'education' })
      .set('Content-Type', 'text/csv')
      .send(`kind,idNumber,salary\nx,y,z`);
    expect(badHeader.status).toBe(422);
    expect(badHeader.body.errors[0].path).toBe('(header)[2]');
    expect(await p.prisma.monitoringImport.count()).toBe(before);
  });
});

describe('errors of the import as a whole store nothing', () => {
  it('refuses an unknown source (422), no records (422), another media type (415) and a caseworker (403)', async () => {
    const before = await p.prisma.monitoringImport.count();
    const record = { kind: 'school_dropout', idNumber: newIdNumber(), streetCode: STREET, occurredAt: today() };
    const unknownSource = await post(department).send({ source: 'lottery', records: [record] });
    expect([unknownSource.status, unknownSource.body.errors[0].path]).toEqual([422, 'source']);
    const empty = await post(department).send({ source: 'education', records: [] });
    expect([empty.status, empty.body.errors[0].path]).toEqual([422, 'records']);
    const xml = await post(department).set('Content-Type', 'application/xml').send('<records/>');
    expect(xml.status).toBe(415);
    const notJson = await post(department).set('Content-Type', 'application/json').send('{"source": ');
    expect(notJson.status).toBe(400);
    expect((await post(caseworker).send({ source: 'education', records: [record] })).status).toBe(403);
    expect(await p.prisma.monitoringImport.count()).toBe(before);
  });

  it('refuses 100,001 records with one line (422)', async () => {
    const record = { kind: 'school_dropout', idNumber: '1', occurredAt: '2026-01-01' };
    const res = await post(department).send({ source: 'education', records: Array.from({ length: 100_001 }, () => record) });
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('an import holds at most 100000 records, got 100001; split it into several imports');
  });

  it('refuses a 200 MB body at once from its Content-Length, without reading it (413)', async () => {
    const server = http.createServer(p.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `${PATH}?source=health`,
            headers: { Authorization: `Bearer ${department}`, 'Content-Type': 'text/csv', 'Content-Length': String(200 * 1024 * 1024) },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        // Only the first bytes are ever sent: the answer must come before the body.
        req.write('kind,idNumber\n');
      });
      expect(status).toBe(413);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('the same import twice', () => {
  it('with the same Idempotency-Key answers the same import', async () => {
    const body = { source: 'hrss', records: [{ kind: 'unemployment', idNumber: newIdNumber(), streetCode: STREET, occurredAt: today() }] };
    const first = await post(department).set('Idempotency-Key', 'imports-test-key-1').send(body);
    const second = await post(department).set('Idempotency-Key', 'imports-test-key-1').send(body);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.importId).toBe(first.body.importId);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await p.prisma.monitoringImport.count({ where: { importId: first.body.importId } })).toBe(1);
  });
});

describe('a person with an open case', () => {
  it('gets no separate warning: the reasons go to the case file and the caseworker is told', async () => {
    const idNumber = newIdNumber();
    const report = await request(p.app)
      .post('/api/v1/reports')
      .set('Authorization', `Bearer ${caseworker}`)
      .send({
        channel: 'grid',
        subject: { idNumber, name: NAMES[0], streetCode: STREET },
        situation: { summary: 'family in difficulty', categories: ['elderly'] },
      });
    expect(report.status).toBe(201);
    const caseId = report.body.caseId as string;
    await eventually(async () => ((await p.prisma.case.count({ where: { caseId } })) === 1 ? true : undefined));

    const res = await post(department).send({
      source: 'emergency_management',
      records: [{ kind: 'disaster_loss', idNumber, occurredAt: today(), amount: 12000 }],
    });
    const status = await completed(res.body.importId);
    expect(status).toMatchObject({ status: 'completed', processed: 1, rejected: 0, warningsRaised: 0 });
    expect(await p.prisma.warning.count({ where: { importId: res.body.importId } })).toBe(0);

    const file = await request(p.app).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${caseworker}`);
    expect(file.status).toBe(200);
    expect(file.body.monitoringReasons).toEqual([
      {
        ruleId: 'disaster-loss',
        level: 'red',
        kind: 'disaster_loss',
        source: 'emergency_management',
        occurredAt: today(),
        amount: 12000,
        at: expect.any(String),
      },
    ]);
    const notices = await p.prisma.notification.findMany({ where: { caseId, kind: 'monitoring-reasons' } });
    expect(notices.length).toBeGreaterThanOrEqual(1);
    expect(notices.every((n) => n.channel === 'in_app' || n.channel === 'webhook')).toBe(true);
  });
});
