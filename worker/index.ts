// Builds the platform's Temporal worker: one for the case task queue and one for the discovery queue
// beside it (workflows/definitions.ts `discoveryTaskQueue`), sharing one connection, one workflow bundle
// (workflows/index.ts) and one set of activities over the database client; payloads are encrypted by
// the platform's codec.
import { DefaultLogger, NativeConnection, Runtime, Worker, type State, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities';
import { FAILURE_CONVERTER_PATH, workerDataConverter } from '../runtime/codec';
import type { WebhookAllowList } from '../runtime/webhook-address';
import type { PrismaClient } from '../generated/prisma/client';
import type { PiiCipher } from '../runtime/pii';
import { CASE_TASK_QUEUE, discoveryTaskQueue } from '../workflows/definitions';
import { bundlePlatformWorkflows } from './workflow-bundle';

export interface CreateWorkerOptions {
  address: string;
  namespace: string;
  prisma: PrismaClient;
  /** The platform's PII cipher: activities decrypt webhook secrets and staged import records with it. */
  secrets: PiiCipher;
  logger?: Logger;
  /** Internal hosts and networks webhooks may reach (WEBHOOK_ALLOWED_HOSTS); none when omitted. */
  webhookAllowList?: WebhookAllowList;
  taskQueue?: string;
  /** Tests shrink the cache to force evictions and replays. */
  maxCachedWorkflows?: number;
  /**
   * A workflow bundle prebuilt with bundleWorkflowCode (tests build it once per run). Build it with
   * the data converter's failureConverterPath, or workflow failures are not encrypted.
   */
  workflowBundlePath?: string;
  /**
   * PII_KEY: the worker's payload codec and failure converter (runtime/codec.ts `workerDataConverter`);
   * every client of the same workflows must use the same keys. Omitted only by tools that record
   * plain histories.
   */
  piiKey?: string;
  workerOptions?: Partial<WorkerOptions>;
}

/**
 * The discovery queue's worker takes few tasks at a time: a monitoring import is throughput work that
 * may take minutes, and must leave the processor to the case queue's actions (bench figure
 * discovery.actions.p99).
 */
const DISCOVERY_WORKER_LIMITS: Partial<WorkerOptions> = { maxConcurrentWorkflowTaskExecutions: 2, maxConcurrentActivityTaskExecutions: 2 };

/** The case queue's worker and the discovery queue's, run and shut down as one. */
export class PlatformWorker {
  constructor(
    readonly cases: Worker,
    readonly discovery: Worker,
  ) {}

  /** Runs both; when one stops with an error the other is shut down too, and the error is thrown. */
  async run(): Promise<void> {
    const runs = [this.cases, this.discovery].map((w) =>
      w.run().catch((err: unknown) => {
        this.shutdown();
        throw err;
      }),
    );
    const settled = await Promise.allSettled(runs);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  shutdown(): void {
    for (const w of [this.cases, this.discovery]) if (w.getState() === 'RUNNING') w.shutdown();
  }

  /** The case worker's state: the one the platform's health depends on. */
  getState(): State {
    return this.cases.getState();
  }

  getStatus(): ReturnType<Worker['getStatus']> {
    return this.cases.getStatus();
  }
}

export async function createWorker(opts: CreateWorkerOptions): Promise<{ worker: PlatformWorker; connection: NativeConnection }> {
  installWorkerRuntime();
  const connection = await NativeConnection.connect({ address: opts.address });
  // Bundled once for both workers (Worker.create would bundle per worker).
  const workflowBundle = opts.workflowBundlePath
    ? { codePath: opts.workflowBundlePath }
    : {
        code: await bundlePlatformWorkflows({
          ...(opts.piiKey ? { failureConverterPath: FAILURE_CONVERTER_PATH } : {}),
          logger: new DefaultLogger('WARN'),
        }),
      };
  const activities = createActivities({ prisma: opts.prisma, secrets: opts.secrets, webhookAllowList: opts.webhookAllowList });
  const caseTaskQueue = opts.taskQueue ?? CASE_TASK_QUEUE;
  const create = (taskQueue: string, limits: Partial<WorkerOptions>) =>
    Worker.create({
      connection,
      namespace: opts.namespace,
      taskQueue,
      workflowBundle,
      activities,
      maxCachedWorkflows: opts.maxCachedWorkflows,
      ...(opts.piiKey ? { dataConverter: workerDataConverter(opts.piiKey) } : {}),
      ...limits,
      ...opts.workerOptions,
    });
  const cases = await create(caseTaskQueue, {});
  const discovery = await create(discoveryTaskQueue(caseTaskQueue), DISCOVERY_WORKER_LIMITS);
  return { worker: new PlatformWorker(cases, discovery), connection };
}

let runtimeInstalled = false;
/**
 * Routes the Temporal SDK's own logs (worker state changes, etc.) through our level, and optionally
 * serves the SDK's worker metrics (cache hits and evictions, task latencies) for Prometheus at
 * `metricsBindAddress` (host:port). Must run once, before the first worker or native connection is
 * created in this process.
 */
export function installWorkerRuntime(
  level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'WARN',
  options: { metricsBindAddress?: string } = {},
): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger(level),
    ...(options.metricsBindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: options.metricsBindAddress } } } } : {}),
  });
}
