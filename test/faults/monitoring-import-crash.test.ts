// A monitoring import (DESIGN.md §8) whose worker is SIGKILLed in the middle: after a restart the
// import completes with every record applied exactly once, exact counts, and the warnings a plain
// oracle over the input expects, none twice. Then the same import sent again (same Idempotency-Key,
// and the same content without one) answers the same import and creates nothing.
import { makeIdNumber } from '../../domain/ids';
import { eventually } from '../support/cases';
import { callApi, observe, startFaultStack, type ApiProcess, type ChildProcess, type FaultStack } from './support/fault-stack';

let s: FaultStack;
let api: ApiProcess;
let worker: ChildProcess;
let department: string;

beforeAll(async () => {
  s = await startFaultStack();
  [api, worker] = await Promise.all([s.startApi(), s.startWorker()]);
  department = await s.tokenFor('department', '440100');
});

afterAll(async () => {
  await s?.stop();
});

const STREET = '440103002';
const PERSONS = 4_000;
const DAY = 86_400_000;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function idOf(i: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + i * DAY).toISOString().slice(0, 10).replaceAll('-', '');
  return makeIdNumber('440103', birth, '017');
}

/**
 * The input, grouped by kind so that a person's records lie in different chunks: every third person is
 * made tekun by a low_income_status at the very end of the file, after two expenses of 600 CNY near its
 * start (together above tekun's 1,000, far below anyone else's 15,000).
 */
function buildImport() {
  const medical: unknown[] = [];
  const dropouts: unknown[] = [];
  const arrears: unknown[] = [];
  const statuses: unknown[] = [];
  const bad: unknown[] = [];
  for (let i = 0; i < PERSONS; i++) {
    const idNumber = idOf(i);
    if (i % 3 === 0) {
      medical.push({ kind: 'medical_expense', idNumber, streetCode: STREET, occurredAt: today, amount: 600 });
      medical.push({ kind: 'medical_expense', idNumber, occurredAt: today, amount: 600 });
      statuses.push({ kind: 'low_income_status', idNumber, occurredAt: today, details: { category: 'tekun' } });
    } else if (i % 3 === 1) {
      medical.push({ kind: 'medical_expense', idNumber, streetCode: STREET, occurredAt: today, amount: 4000 });
      dropouts.push({ kind: 'school_dropout', idNumber, occurredAt: today });
    } else {
      arrears.push({ kind: 'utility_arrears', idNumber, streetCode: STREET, occurredAt: today, details: { months: i % 5 } });
    }
    if (i % 50 === 0) bad.push({ kind: 'medical_expense', idNumber, occurredAt: today, amount: -1 });
    if (i % 70 === 0)
      bad.push({ kind: 'school_dropout', idNumber: `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`, occurredAt: today });
  }
  // The bad records sit in the middle, among the others.
  return [...medical, ...dropouts, ...bad, ...arrears, ...statuses];
}

/** What the default rules must give for this input, counted without the platform's code. */
function oracle() {
  let warnings = 0;
  let reasons = 0;
  let rejected = 0;
  for (let i = 0; i < PERSONS; i++) {
    if (i % 3 === 0) {
      warnings++;
      reasons += 2; // both expenses
    } else if (i % 3 === 1) {
      warnings++;
      reasons += 1;
    } else if (i % 5 >= 3) {
      warnings++;
      reasons += 1;
    }
    if (i % 50 === 0) rejected++;
    if (i % 70 === 0) rejected++;
  }
  return { warnings, reasons, rejected };
}

const records = buildImport();
const expected = oracle();

async function chunksDone(importId: string, phase: string): Promise<number> {
  return s.prisma.monitoringImportChunk.count({ where: { importId, phase } });
}

test('a worker SIGKILLed mid-import: after a restart the import completes, every record applied once, warnings as the oracle says', async () => {
  expect(records.length).toBeGreaterThanOrEqual(5_000);
  const posted = await callApi(api.url, 'POST', '/api/v1/monitoring/imports', department, { source: 'medical_insurance', records });
  expect(posted.status).toBe(202);
  const importId = posted.body.importId as string;
  const applyChunks = Math.ceil(records.length / 1000);

  // Kill the worker once part of the records is applied, inside the import.
  await eventually(async () => ((await chunksDone(importId, 'apply')) >= 2 ? true : undefined), 120_000, 20);
  await worker.kill();
  const atKill = await chunksDone(importId, 'apply');
  observe('monitoring import: apply chunks committed when the worker was killed', `${atKill}/${applyChunks}`);
  expect(atKill).toBeLessThan(applyChunks);
  const running = await callApi(api.url, 'GET', `/api/v1/monitoring/imports/${importId}`, department);
  expect(running.body.status).toBe('running');

  const restartedAt = Date.now();
  worker = await s.startWorker();
  const done = await eventually(
    async () => {
      const res = await callApi(api.url, 'GET', `/api/v1/monitoring/imports/${importId}`, department);
      return res.body.status === 'completed' || res.body.status === 'failed' ? res.body : undefined;
    },
    // Generous: until the warning clock's workflow is registered, each of the 3,200 clocks started keeps
    // failing its workflow tasks on this same worker, which slows everything on a 2-core machine.
    420_000,
    250,
  ).catch(async (err: Error) => {
    const chunks = await s.prisma.monitoringImportChunk.groupBy({ by: ['phase'], where: { importId }, _count: true });
    const row = await s.prisma.monitoringImport.findUnique({ where: { importId } });
    const described = await s.client.workflow.getHandle(`monitoring-import-${importId}`).describe();
    observe('monitoring import: pending activities', described.raw.pendingActivities);
    throw new Error(
      `${err.message}\nchunks ${JSON.stringify(chunks)} import ${JSON.stringify({ ...row, errors: undefined })}\n${worker.output().slice(-3000)}`,
    );
  });
  observe('monitoring import: worker restart → import completed (ms)', Date.now() - restartedAt);
  expect(done).toMatchObject({
    status: 'completed',
    total: records.length,
    rejected: expected.rejected,
    warningsRaised: expected.warnings,
  });
  expect((done.processed as number) + (done.rejected as number)).toBe(records.length);

  // Exactly one event per accepted record, one chunk row per chunk, nothing staged any more.
  expect(await s.prisma.monitoringEvent.count({ where: { importId } })).toBe(done.processed);
  expect(await chunksDone(importId, 'apply')).toBe(applyChunks);
  expect(await s.prisma.monitoringImportRecord.count({ where: { importId } })).toBe(0);
  // Warnings: as many as the oracle counts, at most one open per person and rule, each reason once.
  expect(await s.prisma.warning.count({ where: { importId } })).toBe(expected.warnings);
  const duplicates = await s.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT "personId", "ruleId" FROM warnings WHERE "importId" = ${importId}
      GROUP BY 1, 2 HAVING count(*) > 1) d`;
  expect(duplicates[0].n).toBe(0);
  expect(await s.prisma.warningReason.count({ where: { importId } })).toBe(expected.reasons);
  const byRule = await s.prisma.warning.groupBy({ by: ['ruleId'], where: { importId }, _count: true, orderBy: { ruleId: 'asc' } });
  expect(Object.fromEntries(byRule.map((r) => [r.ruleId, r._count]))).toEqual({
    'medical-expense': Math.ceil(PERSONS / 3),
    'school-dropout': Math.floor((PERSONS + 1) / 3),
    'utility-arrears': expected.warnings - Math.ceil(PERSONS / 3) - Math.floor((PERSONS + 1) / 3),
  });

  // The same import again: by Idempotency-Key, and by content without a key. Nothing new anywhere.
  const imports = await s.prisma.monitoringImport.count();
  const events = await s.prisma.monitoringEvent.count();
  const warnings = await s.prisma.warning.count();
  const body = { source: 'medical_insurance', records };
  const keyed1 = await fetch(`${api.url}/api/v1/monitoring/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${department}`, 'content-type': 'application/json', 'idempotency-key': 'fault-import-1' },
    body: JSON.stringify({ source: 'health', records: records.slice(0, 10) }),
  });
  const keyedFirst = (await keyed1.json()) as { importId: string };
  const keyed2 = await fetch(`${api.url}/api/v1/monitoring/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${department}`, 'content-type': 'application/json', 'idempotency-key': 'fault-import-1' },
    body: JSON.stringify({ source: 'health', records: records.slice(0, 10) }),
  });
  expect([keyed1.status, keyed2.status]).toEqual([202, 202]);
  expect(((await keyed2.json()) as { importId: string }).importId).toBe(keyedFirst.importId);
  const again = await callApi(api.url, 'POST', '/api/v1/monitoring/imports', department, body);
  expect(again).toEqual({ status: 202, body: { importId, status: 'completed' } });
  // One import more (the keyed one, once), and no event or warning of the big one repeated.
  expect(await s.prisma.monitoringImport.count()).toBe(imports + 1);
  await eventually(async () => {
    const res = await callApi(api.url, 'GET', `/api/v1/monitoring/imports/${keyedFirst.importId}`, department);
    return res.body.status === 'completed' ? true : undefined;
  }, 60_000);
  expect(await s.prisma.monitoringEvent.count({ where: { importId } })).toBe(done.processed);
  expect(await s.prisma.monitoringEvent.count()).toBe(events + 10);
  // The keyed import's 10 records are people with open warnings already: their reasons join them, no warning is new.
  expect(await s.prisma.warning.count()).toBe(warnings);
}, 600_000);
