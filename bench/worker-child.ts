// A worker in a process of its own, for the memory (6) and scale (4) figures: ONE worker — the
// product's case worker (worker/index.ts createWorker) or the bare baseline worker — on its own task
// queue, so its memory is nothing but that worker and the workflows it caches. Started by
// bench/worker-process.ts (with --expose-gc) and driven over IPC:
//   {type:'start', ...}      → {type:'ready'}
//   {type:'measure'}         → {type:'memory', ...}   (after a full GC of the main isolate)
//   {type:'snapshot', file}  → {type:'snapshot', file} (a heap snapshot, for diagnostics)
//   {type:'stop'}            → drains the worker and exits
// It exits by itself when the parent goes away.
//
// With `debugMode` the SDK runs workflows in the main thread (the same reusable V8 context as in
// production, minus the worker thread), so process.memoryUsage().heapUsed and gc() see their heap;
// without it (the production setting) workflows live in a worker thread that only RSS accounts for.
import v8 from 'node:v8';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { BareActivities } from './bare-workflow';
import type { PrismaOptions } from '../runtime/database';

export interface WorkerChildStart {
  type: 'start';
  mode: 'product' | 'bare';
  address: string;
  namespace: string;
  taskQueue: string;
  bundlePath: string;
  /** Unset: the SDK's default for this heap size, as in production. */
  maxCachedWorkflows?: number;
  debugMode: boolean;
  /** product only */
  databaseUrl?: string;
  prisma?: PrismaOptions;
  piiKey?: string;
}

export interface WorkerChildMemory {
  type: 'memory';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** CPU (user + system, all threads) used by this process so far, ms. */
  cpuMs: number;
  cachedWorkflows: number;
}

type Message = WorkerChildStart | { type: 'measure'; gc?: boolean } | { type: 'snapshot'; file: string } | { type: 'stop' };

let stopWorker: (() => Promise<void>) | null = null;
let cached: (() => number) | null = null;

function send(message: unknown): void {
  if (process.send) process.send(message);
}

async function fullGc(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 4; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function start(msg: WorkerChildStart): Promise<void> {
  let worker: Pick<Worker, 'run' | 'shutdown' | 'getState' | 'getStatus'>;
  let close: () => Promise<void>;
  if (msg.mode === 'product') {
    const { createWorker, installWorkerRuntime } = await import('../worker');
    installWorkerRuntime('ERROR');
    const { createPrisma } = await import('../runtime/database');
    const { PiiCipher } = await import('../runtime/pii');
    const prisma = createPrisma(msg.databaseUrl!, msg.prisma);
    const created = await createWorker({
      address: msg.address,
      namespace: msg.namespace,
      prisma,
      taskQueue: msg.taskQueue,
      workflowBundlePath: msg.bundlePath,
      piiKey: msg.piiKey!,
      secrets: PiiCipher.fromSpec(msg.piiKey!),
      maxCachedWorkflows: msg.maxCachedWorkflows,
      workerOptions: { debugMode: msg.debugMode },
    });
    worker = created.worker;
    close = async () => {
      await created.connection.close();
      await prisma.$disconnect();
    };
  } else {
    // The bare side loads none of the product's modules (installWorkerRuntime does just this).
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    const connection = await NativeConnection.connect({ address: msg.address });
    const activities: BareActivities = { async noop() {} };
    worker = await Worker.create({
      connection,
      namespace: msg.namespace,
      taskQueue: msg.taskQueue,
      workflowBundle: { codePath: msg.bundlePath },
      activities,
      maxCachedWorkflows: msg.maxCachedWorkflows,
      debugMode: msg.debugMode,
    });
    close = () => connection.close();
  }
  const running = worker.run();
  cached = () => worker.getStatus().numCachedWorkflows;
  stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await close();
  };
}

async function stopAndExit(code: number): Promise<void> {
  const stop = stopWorker;
  stopWorker = null;
  try {
    await stop?.();
  } finally {
    process.exit(code);
  }
}

process.on('message', (raw: Message) => {
  void (async () => {
    try {
      if (raw.type === 'start') {
        await start(raw);
        send({ type: 'ready' });
      } else if (raw.type === 'measure') {
        if (raw.gc !== false) await fullGc();
        const m = process.memoryUsage();
        const cpu = process.cpuUsage();
        const sample: WorkerChildMemory = {
          type: 'memory',
          rss: m.rss,
          heapUsed: m.heapUsed,
          heapTotal: m.heapTotal,
          external: m.external,
          arrayBuffers: m.arrayBuffers,
          cpuMs: (cpu.user + cpu.system) / 1000,
          cachedWorkflows: cached?.() ?? 0,
        };
        send(sample);
      } else if (raw.type === 'snapshot') {
        await fullGc();
        send({ type: 'snapshot', file: v8.writeHeapSnapshot(raw.file) });
      } else if (raw.type === 'stop') {
        await stopAndExit(0);
      }
    } catch (err) {
      send({ type: 'error', message: (err as Error).stack ?? String(err) });
    }
  })();
});

// The parent went away (finished, crashed or was killed): never linger.
process.on('disconnect', () => void stopAndExit(0));
