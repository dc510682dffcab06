// Builds the Temporal worker for the case task queue: workflows bundled from workflows/index.ts,
// activities created once over the database client, payloads encrypted by the platform's codec.
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities';
import { workerDataConverter } from '../runtime/codec';
import type { WebhookAllowList } from '../runtime/webhook-address';
import type { PrismaClient } from '../generated/prisma/client';
import type { PiiCipher } from '../runtime/pii';
import { CASE_TASK_QUEUE } from '../workflows/definitions';

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

export async function createWorker(opts: CreateWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  installWorkerRuntime();
  const connection = await NativeConnection.connect({ address: opts.address });
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? CASE_TASK_QUEUE,
    ...(opts.workflowBundlePath
      ? { workflowBundle: { codePath: opts.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities({ prisma: opts.prisma, secrets: opts.secrets, webhookAllowList: opts.webhookAllowList }),
    maxCachedWorkflows: opts.maxCachedWorkflows,
    ...(opts.piiKey ? { dataConverter: workerDataConverter(opts.piiKey) } : {}),
    ...opts.workerOptions,
  });
  return { worker, connection };
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
