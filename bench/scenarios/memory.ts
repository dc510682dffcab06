// Figure 6, worker memory per cached workflow: a worker process of its own (bench/worker-child.ts,
// --expose-gc, debugMode so the workflows' heap is the main isolate's) with a cache large enough for
// every workflow. After a warm-up, heap and RSS are sampled after a full GC; N more workflows are
// brought to their waiting state — product: a watch-list case (report, accept, complete-verification
// "watch", through the product's client as the API would); bare: start + 2 updates (the same number of
// activities and timers) — and sampled again. Per-workflow memory = delta / N.
//
// The same process then measures the worker CPU of a cold workflow: K workflows started with no
// update (product: from a built watch-list state, as after continue-as-new), the CPU the worker spends
// until all are cached. That is the cost of every new workflow and of every cache-miss replay.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { BARE_WORKFLOW_TYPE } from '../bare-workflow';
import { actViaClient, buildCase, openBare, openCaseViaClient, startBuiltCase, streetAt, updateBare, WATCH_LIST_STEPS } from '../fixtures';
import { prismaOptionsFor, type BenchStack } from '../stack';
import { median, round, runPool, sleep } from '../stats';
import { ratioOf, type Log, type ScenarioResult, type Sizes } from '../types';
import { WorkerProcess } from '../worker-process';

type Mode = 'product' | 'bare';

interface RoundResult {
  mode: Mode;
  workflows: number;
  heapPerWorkflowKiB: number;
  rssPerWorkflowKiB: number;
  externalPerWorkflowKiB: number;
  cachedAfter: number;
  heapBefore: number;
  heapAfter: number;
  rssBefore: number;
  rssAfter: number;
  coldStarts: number;
  cpuPerColdStartMs: number;
  slowWorkflowTasks: number;
}

async function startChild(stack: BenchStack, mode: Mode, sizes: Sizes['memory']): Promise<{ child: WorkerProcess; taskQueue: string }> {
  const taskQueue = `bench-mem-${mode}-${randomUUID().slice(0, 8)}`;
  const child = new WorkerProcess(`${mode} worker`);
  try {
    await child.start({
      mode,
      address: stack.workerTemporalAddress,
      namespace: stack.namespace,
      taskQueue,
      bundlePath: mode === 'product' ? stack.productBundlePath : stack.bareBundlePath,
      maxCachedWorkflows: (sizes.warmup + sizes.workflows + sizes.coldStarts) * 2 + 10,
      debugMode: true,
      ...(mode === 'product'
        ? { databaseUrl: stack.databaseUrl, prisma: prismaOptionsFor(stack.database, 2), piiKey: stack.config.piiKey }
        : {}),
    });
  } catch (err) {
    await child.stop();
    throw err;
  }
  return { child, taskQueue };
}

async function measureRound(
  stack: BenchStack,
  mode: Mode,
  { child, taskQueue }: { child: WorkerProcess; taskQueue: string },
  sizes: Sizes['memory'],
  log: Log,
): Promise<RoundResult> {
  try {
    let k = 0;
    const create =
      mode === 'product'
        ? async () => {
            const c = await openCaseViaClient(stack, streetAt(k++), { taskQueue });
            await actViaClient(stack, c, { type: 'accept' });
            await actViaClient(stack, c, { type: 'complete-verification', outcome: 'watch', note: 'income just above the line' });
          }
        : async () => {
            const id = await openBare(stack, { idleTimerMs: 90 * 86_400_000 }, taskQueue);
            await updateBare(stack, id, 'accept');
            await updateBare(stack, id, 'complete-verification');
          };
    await runPool(sizes.warmup, 8, create);
    const before = await child.measure();
    await runPool(sizes.workflows, 8, create);
    const after = await child.measure();

    const snapshotDir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
    if (snapshotDir) {
      const file = await child.snapshot(path.join(path.resolve(snapshotDir), `${mode}-${sizes.workflows}-${Date.now()}.heapsnapshot`));
      log(`memory: heap snapshot of the ${mode} worker: ${file}`);
    }

    // Cold workflows: started with no update; the worker's CPU until every one of them is cached.
    const cpu0 = await child.measure(false);
    const coldStart =
      mode === 'product'
        ? async (i: number) => startBuiltCase(stack, buildCase(stack, i, { steps: WATCH_LIST_STEPS }), stack.policy, taskQueue)
        : async () => {
            await stack.bareClient.workflow.start(BARE_WORKFLOW_TYPE, {
              workflowId: `bare-cold-${randomUUID()}`,
              taskQueue,
              args: [{ idleTimerMs: 90 * 86_400_000 }],
            });
          };
    await runPool(sizes.coldStarts, 8, coldStart);
    let cpu1 = await child.measure(false);
    for (let guard = 0; cpu1.cachedWorkflows < cpu0.cachedWorkflows + sizes.coldStarts && guard < 600; guard++) {
      await sleep(200);
      cpu1 = await child.measure(false);
    }
    const per = (a: number, b: number) => round((b - a) / sizes.workflows / 1024, 2);
    const result: RoundResult = {
      mode,
      workflows: sizes.workflows,
      heapPerWorkflowKiB: per(before.heapUsed, after.heapUsed),
      rssPerWorkflowKiB: per(before.rss, after.rss),
      externalPerWorkflowKiB: per(before.external, after.external),
      cachedAfter: after.cachedWorkflows,
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
      rssBefore: before.rss,
      rssAfter: after.rss,
      coldStarts: cpu1.cachedWorkflows - cpu0.cachedWorkflows,
      cpuPerColdStartMs: round((cpu1.cpuMs - cpu0.cpuMs) / Math.max(1, cpu1.cachedWorkflows - cpu0.cachedWorkflows), 2),
      slowWorkflowTasks: child.slowWorkflowTasks,
    };
    log(
      `memory: ${mode}: ${result.heapPerWorkflowKiB} KiB heap, ${result.rssPerWorkflowKiB} KiB RSS per cached workflow ` +
        `(${after.cachedWorkflows} cached); ${result.cpuPerColdStartMs} ms worker CPU per cold start`,
    );
    return result;
  } finally {
    await child.stop();
  }
}

export async function memoryScenario(stack: BenchStack, sizes: Sizes['memory'], log: Log): Promise<ScenarioResult> {
  log(`memory: ${sizes.rounds} round(s) of ${sizes.workflows} cached workflows per side, each in a fresh worker process`);
  const rounds: RoundResult[] = [];
  for (let r = 0; r < sizes.rounds; r++) {
    const order: Mode[] = r % 2 === 0 ? ['bare', 'product'] : ['product', 'bare'];
    // Both worker processes boot at once (the slow part); they are measured one after the other.
    const started = await Promise.allSettled(order.map((mode) => startChild(stack, mode, sizes)));
    try {
      for (const s of started) if (s.status === 'rejected') throw s.reason;
      for (const [i, mode] of order.entries()) {
        rounds.push(
          await measureRound(
            stack,
            mode,
            (started[i] as PromiseFulfilledResult<{ child: WorkerProcess; taskQueue: string }>).value,
            sizes,
            log,
          ),
        );
      }
    } finally {
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.child.stop() : Promise.resolve())));
    }
  }
  const med = (mode: Mode, key: 'heapPerWorkflowKiB' | 'rssPerWorkflowKiB' | 'cpuPerColdStartMs') =>
    round(median(rounds.filter((r) => r.mode === mode).map((r) => r[key])), 2);
  const heapP = med('product', 'heapPerWorkflowKiB');
  const heapB = med('bare', 'heapPerWorkflowKiB');
  const rssP = med('product', 'rssPerWorkflowKiB');
  const rssB = med('bare', 'rssPerWorkflowKiB');
  const cpuP = med('product', 'cpuPerColdStartMs');
  const cpuB = med('bare', 'cpuPerColdStartMs');
  const ratio = ratioOf(heapP, heapB);
  const allCached = rounds.every((r) => r.cachedAfter >= r.workflows);
  return {
    figures: [
      {
        id: 'memory.heapPerCachedWorkflow',
        metric: 'worker heap per cached workflow',
        unit: 'KiB',
        product: heapP,
        baseline: heapB,
        ratio,
        target: '≤ 2× bare',
        met: ratio === null ? null : ratio <= 2,
        ...(allCached ? {} : { note: 'some workflows were evicted from the cache during the memory figure' }),
      },
      {
        id: 'memory.rssPerCachedWorkflow',
        metric: 'worker RSS per cached workflow',
        unit: 'KiB',
        product: rssP,
        baseline: rssB,
        ratio: ratioOf(rssP, rssB),
        target: '',
        met: null,
      },
      {
        id: 'memory.cpuPerColdStart',
        metric: 'worker CPU per cold workflow (new or cache miss)',
        unit: 'ms',
        product: cpuP,
        baseline: cpuB,
        ratio: ratioOf(cpuP, cpuB),
        target: '',
        met: null,
      },
    ],
    details: { rounds },
  };
}
