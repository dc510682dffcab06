// Figure 1, intake throughput: discovery reports per second through the HTTP API (POST /reports:
// auth, zod, ID-number check, encrypted person upsert, Update-with-Start of the case workflow, its
// projection to PostgreSQL) against bare Update-with-Starts per second (start + one update whose
// handler waits for one no-op activity). Batches alternate between the two; medians of the batch rates.
import { openBare, reportBody, STREETS, streetAt } from '../fixtures';
import { cpuSnapshot, type BenchStack } from '../stack';
import { median, round, runPool } from '../stats';
import { ratioOf, type Log, type ScenarioResult, type Sizes } from '../types';

export async function intakeScenario(stack: BenchStack, sizes: Sizes['intake'], log: Log): Promise<ScenarioResult> {
  // Reports come from the grid workers of every street (seeded `rp-<street>`), as in the field; the
  // per-user write limit (60 per 10 s) is never reached at these rates.
  const tokens = await Promise.all(STREETS.map((s) => stack.tokenFor('reporter', s)));
  let n = 0;
  const product = async (count: number) =>
    runPool(count, sizes.concurrency, async () => {
      const i = n++;
      await stack.api.expect([201], 'POST', '/api/v1/reports', tokens[i % tokens.length], reportBody(streetAt(i), i));
    });
  // The bare workflow's pending timer stands for the new case's reminder timer (75 % of 24 h).
  const bare = async (count: number) => runPool(count, sizes.concurrency, async () => void (await openBare(stack, { idleTimerMs: 18 * 3_600_000 })));

  log(`intake: warm-up, then ${sizes.rounds} rounds of ${sizes.batch} reports and ${sizes.batch} bare starts (concurrency ${sizes.concurrency})`);
  await bare(sizes.concurrency);
  await product(sizes.concurrency);

  const productRates: number[] = [];
  const bareRates: number[] = [];
  // CPU per operation: robust against other load on the machine, and it says where the time goes.
  const cpu = { product: { benchMs: 0, temporalMs: 0, ops: 0 }, bare: { benchMs: 0, temporalMs: 0, ops: 0 } };
  for (let r = 0; r < sizes.rounds; r++) {
    // Alternate which side goes first so drift (a warming JIT, a growing database) hits both alike.
    const order = r % 2 === 0 ? (['bare', 'product'] as const) : (['product', 'bare'] as const);
    for (const side of order) {
      const c0 = cpuSnapshot(stack);
      const { elapsedMs } = side === 'bare' ? await bare(sizes.batch) : await product(sizes.batch);
      const c1 = cpuSnapshot(stack);
      cpu[side].benchMs += c1.benchMs - c0.benchMs;
      cpu[side].temporalMs += (c1.temporalMs ?? 0) - (c0.temporalMs ?? 0);
      cpu[side].ops += sizes.batch;
      const rate = sizes.batch / (elapsedMs / 1000);
      (side === 'bare' ? bareRates : productRates).push(round(rate, 1));
    }
    log(`intake: round ${r + 1}: product ${productRates.at(-1)}/s, bare ${bareRates.at(-1)}/s`);
  }
  const p = round(median(productRates), 1);
  const b = round(median(bareRates), 1);
  const ratio = ratioOf(p, b);
  const per = (side: 'product' | 'bare', key: 'benchMs' | 'temporalMs') => round(cpu[side][key] / cpu[side].ops, 2);
  return {
    figures: [
      {
        id: 'intake.throughput',
        metric: 'intake (reports/s vs bare starts/s)',
        unit: 'per second',
        product: p,
        baseline: b,
        ratio,
        target: '≥ 60 % of bare',
        met: ratio === null ? null : ratio >= 0.6,
      },
      {
        id: 'intake.cpuPerOp.process',
        metric: 'intake CPU per op · API + worker process',
        unit: 'ms',
        product: per('product', 'benchMs'),
        baseline: per('bare', 'benchMs'),
        ratio: ratioOf(per('product', 'benchMs'), per('bare', 'benchMs')),
        target: '',
        met: null,
      },
      {
        id: 'intake.cpuPerOp.temporal',
        metric: 'intake CPU per op · Temporal server',
        unit: 'ms',
        product: stack.temporalPid === null ? null : per('product', 'temporalMs'),
        baseline: stack.temporalPid === null ? null : per('bare', 'temporalMs'),
        ratio: stack.temporalPid === null ? null : ratioOf(per('product', 'temporalMs'), per('bare', 'temporalMs')),
        target: '',
        met: null,
      },
    ],
    details: {
      cpu, productRatesPerBatch: productRates, bareRatesPerBatch: bareRates, batch: sizes.batch, concurrency: sizes.concurrency, rounds: sizes.rounds },
  };
}
