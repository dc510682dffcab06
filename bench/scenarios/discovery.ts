// Figure: proactive discovery (DESIGN.md §8). One monitoring import of `records` records (two per
// person: an expense and, for one person in ten, a school dropout that raises a warning) posted through
// the HTTP API and processed to `completed` (validated, the register written, every person evaluated,
// the warnings' clocks started), against the same rows COPY-ed into a plain table of the same
// PostgreSQL in the same run. And the latency of a case action (record-visit) while the import runs,
// against the same load before it.
import { Client as PgClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { actViaClient, nextIdNumber, openCaseViaClient, streetAt, type OpenedCase } from '../fixtures';
import type { BenchStack } from '../stack';
import { round, runPool, sleep, summarize } from '../stats';
import { ratioOf, type Log, type ScenarioResult, type Sizes } from '../types';

export async function discoveryScenario(stack: BenchStack, sizes: Sizes['discovery'], log: Log): Promise<ScenarioResult> {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  type BenchRecord = { kind: string; idNumber: string; streetCode?: string; occurredAt: string; amount?: number };
  const records: BenchRecord[] = [];
  for (let i = 0; records.length < sizes.records; i++) {
    const streetCode = streetAt(i);
    const idNumber = nextIdNumber(streetCode);
    records.push({ kind: 'medical_expense', idNumber, streetCode, occurredAt: today, amount: 100 + (i % 900) });
    if (records.length < sizes.records)
      records.push(
        i % 10 === 0 ? { kind: 'school_dropout', idNumber, occurredAt: today } : { kind: 'hospitalisation', idNumber, occurredAt: today },
      );
  }
  const department = await stack.tokenFor('department', '440100');

  // Cases for the latency figure, opened and accepted first (as the actions figure does).
  log(`discovery: opening ${sizes.cases} cases for the action latency`);
  const cases: OpenedCase[] = [];
  await runPool(sizes.cases, 8, async (i) => {
    const c = await openCaseViaClient(stack, streetAt(i));
    await actViaClient(stack, c, { type: 'accept' });
    cases.push(c);
  });
  const tokens = new Map<string, string>();
  for (const c of cases) tokens.set(c.streetCode, await stack.tokenFor('caseworker', c.streetCode));
  let n = 0;
  const action = async () => {
    const c = cases[n++ % cases.length];
    await stack.api.expect([200], 'POST', `/api/v1/cases/${c.caseId}/actions`, tokens.get(c.streetCode), {
      type: 'record-visit',
      visitedAt: new Date().toISOString(),
      findings: 'home visit during a monitoring import',
      householdSize: 1,
      monthlyIncome: 800,
    });
  };
  await runPool(sizes.concurrency * 2, sizes.concurrency, action);
  log(`discovery: idle action latency, ${sizes.actionSamples} actions (concurrency ${sizes.concurrency})`);
  const idle = summarize((await runPool(sizes.actionSamples, sizes.concurrency, action)).latencies);

  // Baseline: the same rows, as the platform stores them (ID hash, encrypted amount), COPY-ed into a plain table.
  const rows = records.map((r, i) =>
    [i, r.kind, stack.pii.lookupHash(r.idNumber), r.occurredAt, stack.pii.encrypt(String(r.amount ?? ''))].join('\t'),
  );
  const pg = new PgClient({ connectionString: stack.databaseUrl });
  await pg.connect();
  let copyMs: number;
  try {
    await pg.query('CREATE TEMP TABLE bench_copy (idx int, kind text, id_hash text, occurred_at date, amount_enc text)');
    const t0 = performance.now();
    await pipeline(Readable.from(rows.map((r) => `${r}\n`)), pg.query(copyFrom('COPY bench_copy FROM STDIN')));
    copyMs = performance.now() - t0;
  } finally {
    await pg.end();
  }
  const copyRate = round(records.length / (copyMs / 1000), 0);
  log(`discovery: COPY of ${records.length} rows: ${round(copyMs / 1000, 1)} s (${copyRate} rows/s)`);

  log(`discovery: importing ${records.length} records through POST /api/v1/monitoring/imports`);
  const t0 = performance.now();
  const posted = await stack.api.expect<{ importId: string }>([202], 'POST', '/api/v1/monitoring/imports', department, {
    source: 'medical_insurance',
    records,
  });
  const acceptedMs = performance.now() - t0;
  let finished = false;
  // The import's phase as its last status said: applying records (register, events), then evaluating
  // people (rules, warnings) and starting the warnings' clocks.
  type Phase = 'apply' | 'evaluate';
  let phase = 'apply' as Phase;
  const during: number[] = [];
  const byPhase: Record<Phase, number[]> = { apply: [], evaluate: [] };
  // The same action load runs for as long as the import does.
  const load = (async () => {
    while (!finished) {
      const at = phase;
      const { latencies } = await runPool(sizes.concurrency * 4, sizes.concurrency, action);
      during.push(...latencies);
      byPhase[at].push(...latencies);
    }
  })();
  let status: { status: string; processed: number; rejected: number; warningsRaised: number } | undefined;
  const deadline = Date.now() + sizes.budgetSeconds * 1000;
  while (Date.now() < deadline) {
    status = await stack.api.expect<NonNullable<typeof status>>([200], 'GET', `/api/v1/monitoring/imports/${posted.importId}`, department);
    if (status.status === 'completed' || status.status === 'failed') break;
    if (status.processed + status.rejected >= records.length) phase = 'evaluate';
    await sleep(1000);
  }
  const importMs = performance.now() - t0;
  finished = true;
  await load;
  if (status?.status !== 'completed')
    throw new Error(`the import did not complete within ${sizes.budgetSeconds} s: ${JSON.stringify(status)}`);
  const rate = round(records.length / (importMs / 1000), 0);
  const busy = summarize(during);
  log(
    `discovery: import completed in ${round(importMs / 1000, 1)} s (${rate} records/s; 202 after ${round(acceptedMs)} ms); action p99 ${busy.p99} ms during vs ${idle.p99} ms idle`,
  );
  const latencyRatio = ratioOf(busy.p99, idle.p99);
  return {
    figures: [
      {
        id: 'discovery.import.rate',
        metric: `monitoring import of ${records.length} records (records/s vs COPY rows/s)`,
        unit: 'per second',
        product: rate,
        baseline: copyRate,
        ratio: ratioOf(rate, copyRate),
        target: '',
        met: null,
      },
      {
        id: 'discovery.import.seconds',
        metric: `monitoring import of ${records.length} records, POST to completed`,
        unit: 's',
        product: round(importMs / 1000, 1),
        baseline: null,
        ratio: null,
        target: '≤ 600 s',
        met: importMs <= 600_000,
      },
      {
        id: 'discovery.actions.p99',
        metric: 'action latency p99 during the import vs idle',
        unit: 'ms',
        product: busy.p99,
        baseline: idle.p99,
        ratio: latencyRatio,
        target: '≤ 2× idle',
        met: latencyRatio === null ? null : latencyRatio <= 2,
      },
    ],
    details: {
      records: records.length,
      importSeconds: round(importMs / 1000, 1),
      acceptedMs: round(acceptedMs),
      copySeconds: round(copyMs / 1000, 2),
      processed: status.processed,
      rejected: status.rejected,
      warningsRaised: status.warningsRaised,
      idle,
      during: busy,
      duringApply: summarize(byPhase.apply),
      duringEvaluate: summarize(byPhase.evaluate),
      concurrency: sizes.concurrency,
    },
  };
}
