// The ledgers (GET /api/v1/exports/{kind}, DESIGN.md §12) on the real stack: Chinese headers, CSV in
// UTF-8 with a BOM, XLSX opened with a reader, ID numbers masked unless a district or city officer asks,
// a street's staff export only their street, every export in the access log, bad requests refused.
// A database of its own, so the ledgers' row counts are this file's cases alone.
import ExcelJS from 'exceljs';
import request from 'supertest';
import { makeIdNumber } from '../../domain/ids';
import { eventually } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database';

const DISTRICT = '440113';
const STREET = '440113001';
const OTHER_STREET = '440113002';

let p: TestPlatform;
let db: OwnDatabase;
const people: { idNumber: string; name: string; street: string; caseId: string }[] = [];

async function as(role: Parameters<TestPlatform['tokenFor']>[0], code: string) {
  return `Bearer ${await p.tokenFor(role, code)}`;
}

async function report(street: string, name: string) {
  const idNumber = makeIdNumber(DISTRICT, '19600101', String(100 + people.length));
  const res = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', await as('hotline', '440100'))
    .send({ channel: 'hotline', subject: { idNumber, name, streetCode: street }, situation: { summary: '导出测试' } });
  expect(res.status).toBe(201);
  people.push({ idNumber, name, street, caseId: res.body.caseId });
  return res.body.caseId as string;
}

async function act(caseId: string, auth: string, action: Record<string, unknown>) {
  const res = await request(p.app).post(`/api/v1/cases/${caseId}/actions`).set('Authorization', auth).send(action);
  expect(res.status).toBe(200);
}

function exportOf(kind: string, auth: string, query: Record<string, string> = {}) {
  return request(p.app)
    .get(`/api/v1/exports/${kind}`)
    .query(query)
    .set('Authorization', auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

function csvRows(body: Buffer): string[][] {
  const text = body.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  // The cells of this file's rows hold no commas, quotes or line breaks.
  return text
    .slice(1)
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(','));
}

beforeAll(async () => {
  db = await startOwnDatabase('exports');
  p = await startTestPlatform({ databaseUrl: db.url });
  const assisted = await report(STREET, '番禺甲');
  await report(STREET, '番禺乙');
  await report(OTHER_STREET, '番禺丙');
  const cw = await as('caseworker', STREET);
  await act(assisted, cw, { type: 'accept' });
  await act(assisted, cw, { type: 'record-visit', visitedAt: new Date().toISOString(), findings: '入户核实' });
  await act(assisted, cw, { type: 'complete-verification', outcome: 'eligible' });
  await act(assisted, cw, { type: 'propose-assistance', assistanceType: 'temporary', amount: 1500 });
  await act(assisted, await as('street_supervisor', STREET), { type: 'approve-assistance' });
  // The read model is written by the worker's projection: wait until it shows the approval.
  await eventually(async () => {
    const c = await p.prisma.case.findUnique({ where: { caseId: assisted } });
    return c && (c.view as { assistance?: { status: string }[] }).assistance?.[0]?.status === 'active' ? c : undefined;
  });
  await eventually(async () => ((await p.prisma.case.count({ where: { districtCode: DISTRICT } })) === 3 ? true : undefined));
});

afterAll(async () => {
  await p?.stop();
  await db?.drop();
});

test("a caseworker's case ledger: Chinese headers, BOM, their street only, ID numbers masked, recorded in the access log", async () => {
  const res = await exportOf('cases', await as('caseworker', STREET));
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
  const [headers, ...rows] = csvRows(res.body as Buffer);
  expect(headers.slice(0, 5)).toEqual(['案件编号', '姓名', '身份证号', '区', '街道']);
  const mine = people.filter((x) => x.street === STREET);
  expect(rows.map((r) => r[0]).sort()).toEqual(mine.map((x) => x.caseId).sort());
  for (const row of rows) {
    const person = mine.find((x) => x.caseId === row[0])!;
    expect(row[1]).toBe(person.name);
    expect(row[2]).toBe(`${person.idNumber.slice(0, 6)}********${person.idNumber.slice(-4)}`);
    expect(row[3]).toBe('番禺区');
    expect(row[4]).toBe('市桥街道');
  }
  const text = (res.body as Buffer).toString('utf8');
  for (const x of mine) expect(text).not.toContain(x.idNumber);

  const logged = await p.prisma.accessLog.findFirst({ where: { userId: `cw-${STREET}`, kind: 'export' }, orderBy: { id: 'desc' } });
  expect(logged).toMatchObject({ subjectRef: 'exports/cases', districtCode: DISTRICT, route: 'GET /api/v1/exports/{kind}' });
  expect(logged!.detail).toContain('masked');
});

test('a district officer gets the whole district as XLSX, unmasked on request; a reader opens it', async () => {
  const res = await exportOf('cases', await as('district_officer', DISTRICT), { format: 'xlsx', unmasked: 'true', districtCode: DISTRICT });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body);
  const sheet = workbook.getWorksheet('案件台账')!;
  expect(sheet).toBeDefined();
  expect(sheet.rowCount).toBe(1 + people.length);
  expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['案件编号', '姓名', '身份证号']);
  const ids = new Set<string>();
  sheet.eachRow((row, n) => {
    if (n > 1) ids.add(row.getCell(3).text);
  });
  expect([...ids].sort()).toEqual(people.map((x) => x.idNumber).sort());
});

test('the assistance ledger lists the approved assistance with its type, amount and approver', async () => {
  const res = await exportOf('assistance', await as('street_supervisor', STREET));
  expect(res.status).toBe(200);
  const [headers, ...rows] = csvRows(res.body as Buffer);
  expect(headers).toContain('救助类型');
  expect(rows).toHaveLength(1);
  const row = Object.fromEntries(headers.map((h, i) => [h, rows[0][i]]));
  expect(row).toMatchObject({
    案件编号: people[0].caseId,
    救助事项编号: `${people[0].caseId}:aid:1`,
    姓名: '番禺甲',
    救助类型: '临时救助',
    状态: '发放中',
    '金额（元/月）': '1500',
    '总额（元）': '1500',
    审批层级: '街道',
  });
});

test('households: one line per household of the street, with its head and its open case', async () => {
  const res = await exportOf('households', await as('caseworker', STREET), { format: 'xlsx' });
  expect(res.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body);
  const sheet = workbook.getWorksheet('家庭台账')!;
  expect(sheet.rowCount).toBe(1 + people.filter((x) => x.street === STREET).length);
  const openCases = new Set<string>();
  sheet.eachRow((row, n) => {
    if (n > 1) openCases.add(row.getCell(7).text);
  });
  expect([...openCases].sort()).toEqual(
    people
      .filter((x) => x.street === STREET)
      .map((x) => x.caseId)
      .sort(),
  );
});

test('unmasked=true from a caseworker is refused (403) and recorded; unknown kinds and bad filters are 422; report-only roles 403', async () => {
  const before = await p.prisma.accessAudit.count({ where: { userId: `cw-${STREET}` } });
  const refused = await exportOf('cases', await as('caseworker', STREET), { unmasked: 'true' });
  expect(refused.status).toBe(403);
  expect(JSON.parse((refused.body as Buffer).toString()).code).toBe('ROLE_NOT_ALLOWED');
  expect(await p.prisma.accessAudit.count({ where: { userId: `cw-${STREET}` } })).toBe(before + 1);

  const unknown = await exportOf('people', await as('city_officer', '440100'));
  expect(unknown.status).toBe(422);
  expect(JSON.parse((unknown.body as Buffer).toString()).errors).toEqual([
    { path: 'kind', message: expect.stringContaining('cases, households') },
  ]);

  const badFormat = await exportOf('cases', await as('city_officer', '440100'), { format: 'pdf' });
  expect(badFormat.status).toBe(422);
  expect(JSON.parse((badFormat.body as Buffer).toString()).errors[0].path).toBe('format');

  const reversed = await exportOf('cases', await as('city_officer', '440100'), {
    from: '2026-12-02T00:00:00+08:00',
    to: '2026-12-01T00:00:00+08:00',
  });
  expect(reversed.status).toBe(422);

  expect((await exportOf('cases', await as('hotline', '440100'))).status).toBe(403);
});

test('a filter outside the caller’s street narrows to nothing rather than widening the scope', async () => {
  const res = await exportOf('cases', await as('caseworker', STREET), { streetCode: OTHER_STREET });
  expect(res.status).toBe(200);
  const [headers, ...rows] = csvRows(res.body as Buffer);
  expect(headers[0]).toBe('案件编号');
  expect(rows).toEqual([]);
});

describe('the monthly report (GET /api/v1/reports/monthly)', () => {
  // The month (Asia/Shanghai) the cases were reported in, not the one the test runs in, should it straddle midnight.
  let reportedMonth = '';
  const month = () => reportedMonth;
  beforeAll(async () => {
    const first = await p.prisma.case.findUniqueOrThrow({ where: { caseId: people[0].caseId } });
    reportedMonth = new Date(first.openedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
  });

  test("the month's figures of the street: new cases by channel, assistance, on-time rates, the caseworker's work", async () => {
    const res = await request(p.app)
      .get('/api/v1/reports/monthly')
      .query({ month: month(), streetCode: STREET })
      .set('Authorization', await as('district_officer', DISTRICT));
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.newCases.total).toBe(2);
    expect(r.newCases.byChannel.hotline).toBe(2);
    expect(r.assistance.approved).toEqual([{ assistanceType: 'temporary', households: 1, amount: 1500 }]);
    const clocks = Object.fromEntries((r.onTime as { clock: string; completed: number; onTime: number }[]).map((c) => [c.clock, c]));
    expect(clocks.accept).toEqual({ clock: 'accept', completed: 1, onTime: 1, rate: 1 });
    expect(clocks.verify).toMatchObject({ completed: 1, onTime: 1 });
    expect(clocks.decide).toMatchObject({ completed: 1, onTime: 1 });
    const caseworker = (r.caseworkers as { userId: string; casesHandled: number; onTime: { completed: number } }[]).find(
      (c) => c.userId === `cw-${STREET}`,
    );
    expect(caseworker).toMatchObject({ casesHandled: 1, onTime: { completed: 2, onTime: 2, rate: 1 }, escalations: 0 });
    // The supervisor completed the decide clock; the caseworker the accept and verify clocks.
    expect(r.caseworkers.every((c: { streetCode: string }) => c.streetCode === STREET)).toBe(true);
  });

  test('as XLSX: a workbook with the Chinese sheets', async () => {
    const res = await request(p.app)
      .get('/api/v1/reports/monthly')
      .query({ month: month(), format: 'xlsx' })
      .set('Authorization', await as('street_supervisor', STREET))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      '概况',
      '新增案件（按发现渠道）',
      '结案（按结果）',
      '救助（按类型）',
      '预警',
      '时限达标率',
      '专干绩效',
    ]);
    const assistance = workbook.getWorksheet('救助（按类型）')!;
    expect(assistance.getRow(2).values).toEqual([undefined, '临时救助', 1, 1500]);
    const channels = workbook.getWorksheet('新增案件（按发现渠道）')!;
    const hotline = channels.getRows(2, channels.rowCount - 1)!.find((row) => row.getCell(1).text === '12349 热线');
    expect(hotline?.getCell(2).value).toBe(2);
  });

  test('a month in the future or malformed is refused naming `month`; report-only roles get 403', async () => {
    const cw = await as('caseworker', STREET);
    const future = await request(p.app).get('/api/v1/reports/monthly').query({ month: '2099-01' }).set('Authorization', cw);
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([{ path: 'month', message: expect.stringContaining('future') }]);
    const malformed = await request(p.app).get('/api/v1/reports/monthly').query({ month: '2026-13' }).set('Authorization', cw);
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors[0].path).toBe('month');
    const hotline = await request(p.app)
      .get('/api/v1/reports/monthly')
      .query({ month: month() })
      .set('Authorization', await as('hotline', '440100'));
    expect(hotline.status).toBe(403);
  });
});
