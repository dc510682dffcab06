// A case worker as a process of its own, for fault tests that kill it (SIGKILL) or stop it (SIGTERM
// drains it): the production createWorker with the platform's codec, against TEMPORAL_ADDRESS,
// DATABASE_URL and TEMPORAL_TASK_QUEUE, running the prebuilt WORKFLOW_BUNDLE (bundling would cost
// seconds per start). MAX_CACHED_WORKFLOWS shrinks the workflow cache; METRICS_ADDRESS (host:port)
// serves the SDK's worker metrics for Prometheus. Prints "worker ready" once polling.
import { loadConfig } from '../../runtime/config';
import { PiiCipher } from '../../runtime/pii';
import { createPrisma } from '../../runtime/database';
import { runMain, StartupError } from '../../runtime/errors';
import { createWorker, installWorkerRuntime } from '../../worker';

runMain(async () => {
  const config = loadConfig();
  const bundle = process.env.WORKFLOW_BUNDLE;
  if (!config.temporalAddress || !config.databaseUrl || !bundle) {
    throw new StartupError('worker-process needs TEMPORAL_ADDRESS, DATABASE_URL and WORKFLOW_BUNDLE');
  }
  const maxCached = process.env.MAX_CACHED_WORKFLOWS ? Number(process.env.MAX_CACHED_WORKFLOWS) : undefined;
  installWorkerRuntime('WARN', { metricsBindAddress: process.env.METRICS_ADDRESS || undefined });
  const prisma = createPrisma(config.databaseUrl, { poolSize: 4 });
  const { worker, connection } = await createWorker({
    address: config.temporalAddress,
    namespace: config.temporalNamespace,
    prisma,
    taskQueue: config.taskQueue,
    workflowBundlePath: bundle,
    maxCachedWorkflows: maxCached,
    piiKey: config.piiKey,
    secrets: PiiCipher.fromConfig(config),
  });
  process.on('SIGTERM', () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });
  const running = worker.run();
  const ready = setInterval(() => {
    if (worker.getState() === 'RUNNING') {
      clearInterval(ready);
      process.stdout.write('worker ready\n');
    }
  }, 20);
  try {
    await running;
  } finally {
    clearInterval(ready);
    await connection.close();
    await prisma.$disconnect();
  }
  process.stdout.write('worker stopped\n');
});
