// Figure 1, intake throughput: discovery reports per second through the HTTP API (POST /reports:
// auth, zod, ID-number check, the person recorded and placed in their household, the report kept
// encrypted, Update-with-Start of the household's case workflow,
// its projection to PostgreSQL) against bare Update-with-Starts per second (start + one update whose
// handler waits for one no-op activity). Batches alternate between the two, after a warm-up of one
// batch each (the JIT and the connection pools, not the steady state, would be measured otherwise).
// The figure is the median of the rounds' ratios: each round's product and bare batches ran back to
// back, so a slower minute on a shared machine slows both of a round and cancels out of its ratio,
// where it would not out of two medians taken apart.
import { openBare, reportBody, STREETS, streetAt } from '../fixtures';
import { alternatingRounds, cpuPerOpFigure } from '../rounds';
import type { BenchStack } from '../stack';
import { median, round, runPool } from '../stats';
import type { Log, ScenarioResult, Sizes } from '../types';

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
  const bare = async (count: number) =>
    runPool(count, sizes.concurrency, async () => void (await openBare(stack, { idleTimerMs: 18 * 3_600_000 })));

  log(
    `intake: warm-up, then ${sizes.rounds} rounds of ${sizes.batch} reports and ${sizes.batch} bare starts (concurrency ${sizes.concurrency})`,
  );
  await bare(sizes.batch);
  await product(sizes.batch);

  const productRates: number[] = [];
  const bareRates: number[] = [];
  const roundRatios: number[] = [];
  const cpu = await alternatingRounds(
    stack,
    sizes,
    (side, count) => (side === 'bare' ? bare(count) : product(count)),
    (r, results) => {
      for (const { side, result } of results)
        (side === 'bare' ? bareRates : productRates).push(round(sizes.batch / (result.elapsedMs / 1000), 1));
      roundRatios.push(productRates.at(-1)! / bareRates.at(-1)!);
      log(`intake: round ${r + 1}: product ${productRates.at(-1)}/s, bare ${bareRates.at(-1)}/s`);
    },
  );
  const p = round(median(productRates), 1);
  const b = round(median(bareRates), 1);
  const ratio = roundRatios.length ? round(median(roundRatios), 2) : null;
  return {
    figures: [
      {
        id: 'intake.throughput',
        metric: 'intake (reports/s vs bare starts/s; ratio: median of the rounds’)',
        unit: 'per second',
        product: p,
        baseline: b,
        ratio,
        target: '≥ 0.8× bare',
        met: ratio === null ? null : ratio >= 0.8,
      },
      cpuPerOpFigure(stack, cpu, 'intake', 'intake', 'process'),
      cpuPerOpFigure(stack, cpu, 'intake', 'intake', 'temporal'),
    ],
    details: {
      cpu,
      productRatesPerBatch: productRates,
      bareRatesPerBatch: bareRates,
      ratioPerRound: roundRatios.map((x) => round(x, 2)),
      batch: sizes.batch,
      concurrency: sizes.concurrency,
      rounds: sizes.rounds,
    },
  };
}
