// Figure 4, scale: N open cases — watch-list families waiting on their revisits, created fast (see
// fixtures.watchListSeeder: person row, the product's own projection, workflow started from the
// built state) — served by a product worker in a process of its own with production settings (the
// SDK's default cache size, workflows in the worker thread). Created in three steps (a tenth, half,
// all), the worker's RSS read after each: with the cache full from the first step on, it must stay
// put. Then: the Temporal server's RSS, the database size, and the p99 of the supervisors' list queries through the API
// (district and city officer tokens, typical filters, sequential requests). Baseline of the lists: GET
// /healthz on the same API server (the floor of any request). The worker's memory is measured against
// its own first step; bare workflows' memory per cached workflow is figure 6's (scenarios/memory.ts).
// Until 2026-12 this scenario also started as many bare workflows on a bare worker: that doubled its
// 90 minutes for a comparison without a target, whose worker never caught up at 100,000.
//
// Bounded: creation stops at its time budget (the figure then names the number reached) and waiting
// for a worker to catch up has a budget too.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { districtCodes } from '../../domain/jurisdictions';
import { caseViewQuery } from '../../workflows/definitions';
import { watchListSeeder } from '../fixtures';
import { prismaOptionsFor, rssOfPids, type BenchStack } from '../stack';
import { mib, round, runPool, sleep, summarize, type LatencySummary } from '../stats';
import { ratioOf, type Figure, type Log, type ScenarioResult, type Sizes } from '../types';
import { WorkerProcess } from '../worker-process';

/** The worker's memory and the server's at one step of the case creation. */
interface Checkpoint {
  openCases: number;
  workerRssMiB: number | null;
  cachedWorkflows: number | null;
  temporalRssMiB: number | null;
  /** Whether the worker had caught up (run the first task of the newest cases) when measured. */
  settled: boolean;
}

/** A tenth, half and all of `n`: the first step already fills the SDK's default cache (a few thousand). */
function checkpointCounts(n: number): number[] {
  return [...new Set([Math.ceil(n / 10), Math.ceil(n / 2), n])].filter((c) => c > 0);
}

const nullableMib = (bytes: number | null): number | null => (bytes === null ? null : mib(bytes));

/** Creates up to `count` items, stopping when the budget runs out; returns how many were created. */
async function createWithin(
  count: number,
  concurrency: number,
  budgetMs: number,
  create: (i: number) => Promise<void>,
  log: Log,
  label: string,
) {
  const deadline = Date.now() + budgetMs;
  let created = 0;
  let lastLog = Date.now();
  const { elapsedMs } = await runPool(count, concurrency, async (i) => {
    if (Date.now() > deadline) return;
    await create(i);
    created++;
    if (Date.now() - lastLog > 20_000) {
      lastLog = Date.now();
      log(`scale: ${label}: ${created}/${count}`);
    }
  });
  return { created, seconds: round(elapsedMs / 1000, 1), budgetExhausted: created < count };
}

/**
 * Waits until the newest workflows answer a query — the worker has run their first task, and with a
 * task queue served in order, nearly all before them — or the budget runs out. A query can fail fast
 * while a workflow's first task is still queued, so each is retried until the budget is spent.
 * Returns whether it settled, and how long that took.
 */
async function settle(client: Client, ids: string[], query: (id: string) => Promise<unknown>, budgetMs: number) {
  const started = Date.now();
  const deadline = started + budgetMs;
  let lastError: string | undefined;
  for (const id of ids.slice(-5)) {
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return { settled: false, seconds: round((Date.now() - started) / 1000, 1), lastError };
      try {
        await client.withDeadline(Date.now() + left, () => query(id));
        break;
      } catch (err) {
        lastError = err instanceof Error ? err.message.slice(0, 200) : String(err);
        await sleep(Math.min(1_000, Math.max(0, deadline - Date.now())));
      }
    }
  }
  await sleep(2_000);
  return { settled: true, seconds: round((Date.now() - started) / 1000, 1) };
}

/**
 * The worker's RSS with all the cases against its RSS at the first step, when the cache was already
 * full: a worker whose memory is bounded by its cache stays there however many cases wait.
 */
function boundedRow(checkpoints: Checkpoint[]): Figure {
  const first = checkpoints[0];
  const last = checkpoints.at(-1);
  // Only a test of the bound when the cache was already full (fewer cached than open) at the first step.
  const cacheFull = !!first && first.cachedWorkflows !== null && first.cachedWorkflows < first.openCases;
  const ratio = first && last && first !== last ? ratioOf(last.workerRssMiB, first.workerRssMiB) : null;
  return {
    id: 'scale.workerRssBounded',
    metric: `worker RSS @ ${last?.openCases ?? '?'} open vs @ ${first?.openCases ?? '?'} open`,
    unit: 'MiB',
    product: last?.workerRssMiB ?? null,
    baseline: first?.workerRssMiB ?? null,
    ratio,
    target: '≤ 1.25× (bounded by the cache)',
    met: ratio === null || !cacheFull ? null : ratio <= 1.25,
    note:
      (cacheFull ? '' : 'the cache was not full at the first step, so this is not a test of the bound; ') +
      checkpoints
        .map(
          (c) =>
            `${c.openCases} open: ${c.workerRssMiB ?? '?'} MiB, ${c.cachedWorkflows ?? '?'} cached${c.settled ? '' : ' (not caught up)'}`,
        )
        .join('; '),
  };
}

async function timeRequests(stack: BenchStack, count: number, next: (i: number) => [string, string | undefined]): Promise<LatencySummary> {
  const ms: number[] = [];
  for (let i = 0; i < count + 10; i++) {
    const [path, token] = next(i);
    const t0 = performance.now();
    await stack.api.expect([200], 'GET', path, token);
    if (i >= 10) ms.push(performance.now() - t0);
  }
  return summarize(ms);
}

export async function scaleScenario(stack: BenchStack, sizes: Sizes['scale'], log: Log): Promise<ScenarioResult> {
  const n = sizes.openCases;
  const productQueue = `bench-scale-cases-${randomUUID().slice(0, 8)}`;
  const productWorker = new WorkerProcess('scale product worker');
  try {
    await productWorker.start({
      address: stack.workerTemporalAddress,
      namespace: stack.namespace,
      debugMode: false,
      mode: 'product',
      taskQueue: productQueue,
      bundlePath: stack.productBundlePath,
      databaseUrl: stack.databaseUrl,
      prisma: prismaOptionsFor(stack.database, 10),
      piiKey: stack.config.piiKey,
    });
    await sleep(1_000);
    const temporal0 = rssOfPids(stack.temporalPids);
    const product0 = productWorker.rss();

    log(
      `scale: creating up to ${n} watch-list cases (person, projection, workflow waiting on its revisit); budget ${sizes.createBudgetSeconds} s`,
    );
    const seeder = watchListSeeder(stack, productQueue);
    const caseIds: string[] = [];
    // Created in steps, the worker catching up after each, so its memory is read at a tenth, half and
    // all of the cases: with the cache full from the first step on, a bounded worker stays where it was.
    const checkpoints: Checkpoint[] = [];
    const productCreate = { created: 0, seconds: 0, budgetExhausted: false };
    const productSettled = { settled: true, seconds: 0, lastError: undefined as string | undefined };
    const createDeadline = Date.now() + sizes.createBudgetSeconds * 1000;
    for (const upTo of checkpointCounts(n)) {
      const from = productCreate.created;
      const step = await createWithin(
        upTo - from,
        sizes.concurrency,
        createDeadline - Date.now(),
        async (i) => void caseIds.push(await seeder(from + i)),
        log,
        `cases ${from}–${upTo}`,
      );
      productCreate.created += step.created;
      productCreate.seconds = round(productCreate.seconds + step.seconds, 1);
      const settled = await settle(
        stack.productClient,
        caseIds,
        (id) => stack.productClient.workflow.getHandle(id).query(caseViewQuery),
        sizes.settleBudgetSeconds * 1000,
      );
      productSettled.seconds = round(productSettled.seconds + settled.seconds, 1);
      if (!settled.settled) Object.assign(productSettled, { settled: false, lastError: settled.lastError });
      const status = await productWorker.measure(false).catch(() => null);
      checkpoints.push({
        openCases: productCreate.created,
        workerRssMiB: status === null ? null : mib(status.rss),
        cachedWorkflows: status?.cachedWorkflows ?? null,
        temporalRssMiB: nullableMib(rssOfPids(stack.temporalPids)),
        settled: settled.settled,
      });
      log(
        `scale: ${productCreate.created} open: worker RSS ${checkpoints.at(-1)!.workerRssMiB ?? '?'} MiB, ${status?.cachedWorkflows ?? '?'} cached`,
      );
      if (step.budgetExhausted || status === null) {
        productCreate.budgetExhausted = step.budgetExhausted;
        break;
      }
    }
    const last = checkpoints.at(-1);
    const temporal1 = rssOfPids(stack.temporalPids);
    const product1 = productWorker.rss();

    // The worker is done with: stop it so the list queries run against a machine in steady state
    // (a worker still working through thousands of first workflow tasks would only add noise).
    const slowTasks = productWorker.slowWorkflowTasks;
    await productWorker.stop();

    const [{ size }] = await stack.prisma.$queryRaw<{ size: bigint }[]>`select pg_database_size(current_database())::bigint as size`;
    const [{ open, all }] = await stack.prisma.$queryRaw<{ open: bigint; all: bigint }[]>`
      select count(*) filter (where "closedAt" is null) as open, count(*) as all from cases`;

    // Supervisors' lists. District officers take turns across the 11 districts.
    const districts = districtCodes();
    const districtTokens = await Promise.all(districts.map((d) => stack.tokenFor('district_officer', d)));
    const cityToken = await stack.tokenFor('city_officer', '440100');
    const probe = await stack.api.request('GET', '/api/v1/escalations?limit=1', cityToken);
    const escalationsRoute = probe.status === 200;
    const escalationList = (extra: string) =>
      escalationsRoute ? `/api/v1/escalations?status=open${extra}&limit=50` : `/api/v1/cases?escalationLevel=1&limit=50`;
    const count = sizes.requestsPerQuery;
    log(
      `scale: ${count} sequential requests per list query${escalationsRoute ? '' : ' (escalation lists through GET /cases?escalationLevel=1)'}`,
    );
    const queries: Record<string, LatencySummary> = {};
    queries.healthz = await timeRequests(stack, count, () => ['/healthz', undefined]);
    queries.districtCases = await timeRequests(stack, count, (i) => [
      '/api/v1/cases?stage=monitoring&limit=50',
      districtTokens[i % districts.length],
    ]);
    queries.districtEscalations = await timeRequests(stack, count, (i) => [escalationList(''), districtTokens[i % districts.length]]);
    queries.cityCases = await timeRequests(stack, count, (i) => [
      i % 2 === 0
        ? '/api/v1/cases?escalationLevel=1&limit=50'
        : `/api/v1/cases?districtCode=${districts[i % districts.length]}&stage=monitoring&limit=50`,
      cityToken,
    ]);
    queries.cityEscalations = await timeRequests(stack, count, () => [escalationList('&level=district'), cityToken]);

    const open1 = productCreate.created;
    const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : mib(b - a));
    const workerProduct = delta(product0, product1);
    const reached = productCreate.budgetExhausted ? ` (${open1} of ${n} within the budget)` : '';
    const listRow = (key: string, label: string): Figure => ({
      id: `scale.${key}.p99`,
      metric: `${label} p99 @ ${Number(open)} open`,
      unit: 'ms',
      product: queries[key].p99,
      baseline: queries.healthz.p99,
      ratio: ratioOf(queries[key].p99, queries.healthz.p99),
      target: '≤ 50 ms',
      met: queries[key].p99 <= 50,
      ...(key.endsWith('Escalations') && !escalationsRoute
        ? { note: 'measured as GET /cases?escalationLevel=1 (GET /escalations missing)' }
        : {}),
    });
    return {
      figures: [
        {
          id: 'scale.workerRssGrowth',
          metric: `worker RSS growth @ ${open1} open${reached}`,
          unit: 'MiB',
          product: workerProduct,
          baseline: null,
          ratio: null,
          target: '',
          met: null,
          note:
            `${last?.cachedWorkflows ?? '?'} case workflows cached (SDK default cache size); worker RSS ${mib(product0 ?? 0)} MiB idle, ${mib(product1 ?? 0)} MiB after` +
            (productSettled.settled ? '' : `; the worker had not caught up within ${sizes.settleBudgetSeconds} s when measured`) +
            (slowTasks ? `; ${slowTasks} case workflow tasks took over 5 s` : '') +
            (last?.workerRssMiB === null ? `; the case worker process had died (${productWorker.exitedWith ?? '?'})` : ''),
        },
        boundedRow(checkpoints),
        {
          // Absolute, not growth per case: the dev server keeps histories in SQLite and only bounded
          // caches in memory, so its RSS moves with Go's garbage collector more than with open workflows.
          id: 'scale.temporalRss',
          metric: `Temporal server RSS @ ${open1} open`,
          unit: 'MiB',
          product: nullableMib(temporal1),
          baseline: null,
          ratio: null,
          target: '',
          met: null,
          note:
            stack.temporalPids.length === 0
              ? 'the dev server process was not found in /proc'
              : `Temporal server RSS before the cases ${mib(temporal0 ?? 0)} MiB (earlier scenarios' workflows), with ${open1} cases ${mib(temporal1 ?? 0)} MiB`,
        },
        {
          id: 'scale.databaseSize',
          metric: `database size @ ${Number(all)} cases`,
          unit: 'MiB',
          product: mib(Number(size)),
          baseline: null,
          ratio: null,
          target: '',
          met: null,
        },
        listRow('districtCases', 'case list · district officer'),
        listRow('districtEscalations', 'escalation list · district officer'),
        listRow('cityCases', 'case list · city officer'),
        listRow('cityEscalations', 'escalation list · city officer'),
      ],
      details: {
        openCasesTarget: n,
        checkpoints,
        created: productCreate,
        settled: productSettled,
        casesInDatabase: { open: Number(open), all: Number(all) },
        cachedWorkflows: last?.cachedWorkflows ?? null,
        workerDied: last?.workerRssMiB === null ? productWorker.exitedWith : null,
        slowWorkflowTasks: slowTasks,
        rssMiB: {
          temporal: { before: nullableMib(temporal0), afterCases: nullableMib(temporal1) },
          productWorker: { before: nullableMib(product0), after: nullableMib(product1) },
        },
        databaseBytes: Number(size),
        escalationListRoute: escalationsRoute ? '/api/v1/escalations' : '/api/v1/cases?escalationLevel=1',
        queries,
      },
    };
  } finally {
    await productWorker.stop();
  }
}
