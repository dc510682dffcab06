// Everything one benchmark run starts and stops: a Temporal dev server on a SQLite file in a temp dir
// (WAL pragmas, as `npm start` runs it) or, with --temporal=cluster, the real Temporal server as two
// nodes on PostgreSQL (test/cluster/support/temporal-cluster.ts), PostgreSQL (a database of its own on DATABASE_URL's server,
// or an embedded PGlite), the product (API on a real HTTP server on 127.0.0.1 + the case worker, in
// this process like `npm start`) and the bare baseline (its own client, task queue and worker).
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createApiServer } from '../api/http/server';
import os from 'node:os';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { Role } from '../domain/case-types';
import { DEFAULT_POLICY, type CasePolicy } from '../domain/policy';
import { findSeedUser } from '../domain/seed-staff';
import type { PrismaClient } from '../generated/prisma/client';
import { temporalDataConverter, FAILURE_CONVERTER_PATH } from '../runtime/codec';
import { loadConfig, type AppConfig } from '../runtime/config';
import {
  applicationConnections,
  createPrisma,
  dropDatabase,
  type PrismaOptions,
  ensureDatabase,
  migrate,
  redactUrl,
  startEmbeddedPostgres,
} from '../runtime/database';
import { createLogger } from '../runtime/logger';
import { PiiCipher } from '../runtime/pii';
import { seed } from '../runtime/seed';
import { startTemporalDevServer, type TemporalServerHandle } from '../runtime/temporal-server';
import { createWorker, installWorkerRuntime } from '../worker';
import type { BareActivities } from './bare-workflow';
import { ApiClient } from './http';
import { prepareNamespace } from '../runtime/search-attributes';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { startTemporalCluster } from '../test/cluster/support/temporal-cluster';
import { bundlePlatformWorkflows } from '../worker/workflow-bundle';

export interface DatabaseInfo {
  kind: 'postgresql' | 'pglite';
  /** Redacted URL, for the report. */
  url: string;
}

/** The connections a product process opens, as the platform opens them (runtime/database.ts). */
export function prismaOptionsFor(db: DatabaseInfo, poolSize: number): PrismaOptions {
  return applicationConnections(db.kind === 'pglite', poolSize);
}

export interface BenchStack {
  tmpDir: string;
  namespace: string;
  /** Which Temporal the run is on: the dev server `npm start` runs, or the two-node cluster of `npm run test:cluster`. */
  temporal: TemporalKind;
  /** Where clients (the API's, the load generator's) connect. */
  temporalAddress: string;
  /** Where workers connect: on the cluster the other node's frontend, so both frontends carry load as behind a balancer. */
  workerTemporalAddress: string;
  /** Pids of the Temporal server processes (the dev server found by its unique --db-filename), for RSS and CPU; empty when not found. */
  temporalPids: number[];
  database: DatabaseInfo;
  databaseUrl: string;
  productBundlePath: string;
  bareBundlePath: string;
  prisma: PrismaClient;
  config: AppConfig;
  policy: CasePolicy;
  pii: PiiCipher;
  dataConverter: DataConverter;
  /** The product's client (codec data converter), as the API uses it. */
  productClient: Client;
  productTaskQueue: string;
  /** The baseline's own client: default (JSON) converter, no codec. */
  bareClient: Client;
  bareTaskQueue: string;
  api: ApiClient;
  apiUrl: string;
  /** Every timer-caused no-op activity of the baseline, by workflow id: due time and lateness (completion − due). */
  bareTimerLateness: Map<string, { dueAtMs: number; latenessMs: number }[]>;
  tokenFor(role: Role, jurisdictionCode: string): Promise<string>;
  stop(): Promise<void>;
}

export type TemporalKind = 'dev-server' | 'cluster';

type Step = { name: string; fn: () => Promise<void> };

const noopLog = () => undefined;
const quietLogger = { trace: noopLog, debug: noopLog, info: noopLog, warn: noopLog, error: console.error, log: noopLog };

/** Writes a bundle to `dir`: the product's as its workers bundle it (worker/workflow-bundle.ts), or the bare workflow's. */
async function bundle(dir: string, name: 'product-bundle' | 'bare-bundle'): Promise<string> {
  const code =
    name === 'product-bundle'
      ? await bundlePlatformWorkflows({ failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger })
      : (await bundleWorkflowCode({ workflowsPath: require.resolve('./bare-workflow'), logger: quietLogger })).code;
  const file = path.join(dir, `${name}.js`);
  await writeFile(file, code);
  return file;
}

/** The pid of the process whose command line contains `needle` (Linux /proc), or null. */
export function findPidByCommandLine(needle: string): number | null {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (cmd.includes(needle) && Number(entry) !== process.pid) return Number(entry);
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // no /proc (not Linux)
  }
  return null;
}

/** Summed over processes: null when there is none or one cannot be read. */
function sumOver(pids: number[], of: (pid: number) => number | null): number | null {
  if (pids.length === 0) return null;
  let total = 0;
  for (const pid of pids) {
    const v = of(pid);
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** VmRSS of the Temporal server's processes in bytes, summed (Linux /proc), or null. */
export function rssOfPids(pids: number[]): number | null {
  return sumOver(pids, rssOfPid);
}

/** VmRSS of a process in bytes (Linux /proc), or null. */
export function rssOfPid(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used, in ms (Linux /proc; clock ticks of 10 ms), or null. */
export function cpuMsOfPid(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** CPU used so far by this process (API, workers, load generator: all threads) and by the Temporal server. */
export function cpuSnapshot(stack: { temporalPids: number[] }): { benchMs: number; temporalMs: number | null } {
  const u = process.cpuUsage();
  return { benchMs: (u.user + u.system) / 1000, temporalMs: sumOver(stack.temporalPids, cpuMsOfPid) };
}

export async function startBenchStack(log: (msg: string) => void, options: { temporal: TemporalKind }): Promise<BenchStack> {
  const steps: Step[] = [];
  const unwind = async () => {
    while (steps.length) {
      const step = steps.pop()!;
      try {
        await step.fn();
      } catch (err) {
        console.error(`bench: stopping ${step.name} failed: ${(err as Error).message}`);
      }
    }
  };
  try {
    const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'pa-bench-'));
    steps.push({ name: 'temp dir', fn: () => rm(tmpDir, { recursive: true, force: true }) });
    const namespace = 'default';
    const dbFile = path.join(tmpDir, 'temporal.db');

    const adminUrl = process.env.DATABASE_URL;
    if (options.temporal === 'cluster' && !adminUrl) {
      throw new Error('--temporal=cluster keeps the cluster on PostgreSQL: set DATABASE_URL to a PostgreSQL server');
    }
    const startDatabase = async (): Promise<{ url: string; info: DatabaseInfo; stop: () => Promise<void> }> => {
      if (adminUrl) {
        // A database of its own on that server, dropped at the end (like test/support/stack.ts).
        const name = `pa_bench_${Date.now()}_${process.pid}`;
        const url = await ensureDatabase(adminUrl, name);
        return {
          url,
          info: { kind: 'postgresql', url: redactUrl(url) },
          stop: () => dropDatabase(adminUrl, name),
        };
      }
      const handle = await startEmbeddedPostgres(path.join(tmpDir, 'postgres'));
      return { url: handle.url, info: { kind: 'pglite', url: redactUrl(handle.url) }, stop: () => handle.stop() };
    };

    const startTemporal = async (): Promise<{ address: string; workerAddress: string; pids: number[]; stop: () => Promise<void> }> => {
      if (options.temporal === 'dev-server') {
        const t: TemporalServerHandle = await startTemporalDevServer({ dbFile, namespace, searchAttributes: CASE_SEARCH_ATTRIBUTES });
        const pid = findPidByCommandLine(dbFile);
        return { address: t.address, workerAddress: t.address, pids: pid === null ? [] : [pid], stop: () => t.stop() };
      }
      // The cluster of `npm run test:cluster` (two nodes, persistence and visibility on DATABASE_URL's
      // server) with the search attributes registered as the product does at every start.
      const tag = `${Date.now()}_${process.pid}`;
      const cluster = await startTemporalCluster({
        postgresUrl: adminUrl!,
        persistenceDatabase: `pa_bench_temporal_${tag}`,
        visibilityDatabase: `pa_bench_temporal_${tag}_vis`,
        namespace,
      });
      try {
        const connection = await Connection.connect({ address: cluster.addresses[0] });
        try {
          await prepareNamespace(connection, namespace, CASE_SEARCH_ATTRIBUTES);
        } finally {
          await connection.close();
        }
      } catch (err) {
        await cluster.stop();
        throw err;
      }
      const pids = cluster.addresses.map((_, i) => cluster.pid(i)).filter((pid): pid is number => pid !== undefined);
      return { address: cluster.addresses[0], workerAddress: cluster.addresses.at(-1)!, pids, stop: () => cluster.stop() };
    };

    log(
      `starting ${options.temporal === 'cluster' ? 'the two-node Temporal cluster' : 'the Temporal dev server'}, PostgreSQL and bundling workflows`,
    );
    // All four at once; whatever started is registered for stopping even if another part failed.
    const settled = await Promise.allSettled([
      startTemporal().then((t) => {
        steps.push({ name: `temporal ${options.temporal}`, fn: t.stop });
        return t;
      }),
      startDatabase().then((d) => {
        steps.push({ name: 'database', fn: d.stop });
        return d;
      }),
      bundle(tmpDir, 'product-bundle'),
      bundle(tmpDir, 'bare-bundle'),
    ] as const);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [temporal, db, productBundlePath, bareBundlePath] = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
      Awaited<ReturnType<typeof startTemporal>>,
      Awaited<ReturnType<typeof startDatabase>>,
      string,
      string,
    ];

    await migrate(db.url);
    const prisma = createPrisma(db.url, prismaOptionsFor(db.info, 10));
    steps.push({ name: 'prisma', fn: () => prisma.$disconnect() });
    await seed(prisma);

    const productTaskQueue = `bench-cases-${randomUUID().slice(0, 8)}`;
    const bareTaskQueue = `bench-bare-${randomUUID().slice(0, 8)}`;
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: productTaskQueue,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const policy = DEFAULT_POLICY;
    const pii = PiiCipher.fromConfig(config);
    const dataConverter = temporalDataConverter(config.piiKey);
    installWorkerRuntime('ERROR');

    // Product: client, worker (production defaults: cache size, slots) and API, like npm start.
    const productConnection = await Connection.connect({ address: temporal.address });
    steps.push({ name: 'product client', fn: () => productConnection.close() });
    const productClient = new Client({ connection: productConnection, namespace, dataConverter });
    const product = await createWorker({
      address: temporal.workerAddress,
      namespace,
      prisma,
      taskQueue: productTaskQueue,
      workflowBundlePath: productBundlePath,
      piiKey: config.piiKey,
      secrets: pii,
    });
    const productRun = product.worker.run();
    steps.push({
      name: 'product worker',
      fn: async () => {
        if (product.worker.getState() === 'RUNNING') product.worker.shutdown();
        await productRun;
        await product.connection.close();
      },
    });

    // Baseline: its own connection, client, task queue and worker; activities that do nothing.
    const bareTimerLateness = new Map<string, { dueAtMs: number; latenessMs: number }[]>();
    const bareActivities: BareActivities = {
      async noop({ dueAtMs }) {
        if (dueAtMs === undefined) return;
        const id = Context.current().info.workflowExecution?.workflowId ?? 'unknown';
        const list = bareTimerLateness.get(id) ?? [];
        list.push({ dueAtMs, latenessMs: Date.now() - dueAtMs });
        bareTimerLateness.set(id, list);
      },
    };
    const bareConnection = await Connection.connect({ address: temporal.address });
    steps.push({ name: 'bare client', fn: () => bareConnection.close() });
    const bareClient = new Client({ connection: bareConnection, namespace });
    const bareNative = await NativeConnection.connect({ address: temporal.workerAddress });
    const bareWorker = await Worker.create({
      connection: bareNative,
      namespace,
      taskQueue: bareTaskQueue,
      workflowBundle: { codePath: bareBundlePath },
      activities: bareActivities,
    });
    const bareRun = bareWorker.run();
    steps.push({
      name: 'bare worker',
      fn: async () => {
        if (bareWorker.getState() === 'RUNNING') bareWorker.shutdown();
        await bareRun;
        await bareNative.close();
      },
    });

    const { createApp } = await import('../api/app');
    const app = createApp({ prisma, temporal: productClient, config, policy, pii, logger: createLogger('silent') });
    const server: Server = createApiServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    steps.push({
      name: 'http server',
      fn: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    });
    const apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const api = new ApiClient(apiUrl, 64);
    steps.push({ name: 'http client', fn: async () => api.close() });

    const tokens = new Map<string, Promise<string>>();
    const { signToken } = await import('../runtime/tokens');
    return {
      tmpDir,
      namespace,
      temporal: options.temporal,
      temporalAddress: temporal.address,
      workerTemporalAddress: temporal.workerAddress,
      temporalPids: temporal.pids,
      database: db.info,
      databaseUrl: db.url,
      productBundlePath,
      bareBundlePath,
      prisma,
      config,
      policy,
      pii,
      dataConverter,
      productClient,
      productTaskQueue,
      bareClient,
      bareTaskQueue,
      api,
      apiUrl,
      bareTimerLateness,
      tokenFor(role, jurisdictionCode) {
        const key = `${role}@${jurisdictionCode}`;
        let token = tokens.get(key);
        if (!token) {
          const user = findSeedUser(role, jurisdictionCode);
          if (!user) throw new Error(`no seed user ${key}`);
          token = signToken({ userId: user.id, role: user.role, jurisdictionCode: user.jurisdictionCode }, config.authSecret);
          tokens.set(key, token);
        }
        return token;
      },
      stop: unwind,
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}
