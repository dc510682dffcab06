// Figure 2, action latency: one record-visit on an accepted case through the HTTP API (auth, zod,
// scope check against the read model, the validated Update, its projection, the case file answered
// from PostgreSQL) against a bare Update round trip (handler waits for one no-op activity).
// Batches alternate; percentiles over every sample of each side.
import { actViaClient, openBare, openCaseViaClient, streetAt, updateBare, type OpenedCase } from '../fixtures';
import { alternatingRounds, cpuPerOpFigure } from '../rounds';
import type { BenchStack } from '../stack';
import { runPool, summarize } from '../stats';
import { ratioOf, type Log, type ScenarioResult, type Sizes } from '../types';

export async function actionsScenario(stack: BenchStack, sizes: Sizes['actions'], log: Log): Promise<ScenarioResult> {
  log(`actions: opening and accepting ${sizes.cases} cases and ${sizes.cases} bare workflows`);
  const cases: OpenedCase[] = [];
  await runPool(sizes.cases, 8, async (i) => {
    const c = await openCaseViaClient(stack, streetAt(i));
    await actViaClient(stack, c, { type: 'accept' });
    cases.push(c);
  });
  const bares: string[] = [];
  await runPool(sizes.cases, 8, async () => {
    const id = await openBare(stack, { idleTimerMs: 18 * 3_600_000 });
    await updateBare(stack, id, 'accept');
    bares.push(id);
  });
  const tokens = new Map<string, string>();
  for (const c of cases) tokens.set(c.streetCode, await stack.tokenFor('caseworker', c.streetCode));

  let n = 0;
  const product = (count: number) =>
    runPool(count, sizes.concurrency, async () => {
      const c = cases[n++ % cases.length];
      await stack.api.expect([200], 'POST', `/api/v1/cases/${c.caseId}/actions`, tokens.get(c.streetCode), {
        type: 'record-visit',
        visitedAt: new Date().toISOString(),
        findings: 'home visit: lives alone, no heating, relies on neighbours for meals',
        householdSize: 1,
        monthlyIncome: 800,
      });
    });
  let m = 0;
  const bare = (count: number) => runPool(count, sizes.concurrency, () => updateBare(stack, bares[m++ % bares.length]));

  await bare(sizes.concurrency * 2);
  await product(sizes.concurrency * 2);
  log(`actions: ${sizes.rounds} rounds of ${sizes.batch} actions each side (concurrency ${sizes.concurrency})`);
  const productMs: number[] = [];
  const bareMs: number[] = [];
  const perBatch: { side: string; p50: number; p99: number }[] = [];
  const cpu = await alternatingRounds(
    stack,
    sizes,
    (side, count) => (side === 'bare' ? bare(count) : product(count)),
    (r, results) => {
      for (const { side, result } of results) {
        (side === 'bare' ? bareMs : productMs).push(...result.latencies);
        const s = summarize(result.latencies);
        perBatch.push({ side, p50: s.p50, p99: s.p99 });
      }
      log(
        `actions: round ${r + 1}: ${perBatch
          .slice(-2)
          .map((b) => `${b.side} p50 ${b.p50} ms p99 ${b.p99} ms`)
          .join(', ')}`,
      );
    },
  );
  const p = summarize(productMs);
  const b = summarize(bareMs);
  const ratio = ratioOf(p.p99, b.p99);
  const row = (q: 'p50' | 'p95' | 'p99') => ({
    id: `actions.latency.${q}`,
    metric: `action latency ${q} (record-visit vs bare update)`,
    unit: 'ms',
    product: p[q],
    baseline: b[q],
    ratio: ratioOf(p[q], b[q]),
    target: q === 'p99' ? '≤ 1.5× bare' : '',
    met: q === 'p99' ? (ratio === null ? null : ratio <= 1.5) : null,
  });
  return {
    figures: [row('p50'), row('p95'), row('p99'), cpuPerOpFigure(stack, cpu, 'actions', 'action', 'process')],
    details: { cpu, product: p, baseline: b, perBatch, concurrency: sizes.concurrency, casesUsed: sizes.cases },
  };
}
