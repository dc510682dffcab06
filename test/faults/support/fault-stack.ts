// The servers and processes of one fault-test file, all of its own so that killing or stopping any of
// them disturbs nothing else: a Temporal dev server (optionally on a database file, to restart it on
// the same data and port), a PostgreSQL server (initdb), case workers and API processes as child
// processes, and an in-test Temporal client with the platform's payload codec.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { signToken } from '../../../runtime/tokens';
import type { Role } from '../../../domain/case-types';
import type { CasePolicy } from '../../../domain/policy';
import { findSeedUser } from '../../../domain/seed-staff';
import type { PrismaClient } from '../../../generated/prisma/client';
import { temporalDataConverter } from '../../../runtime/codec';
import { createPrisma, ensureAppLoginRole, freePort } from '../../../runtime/database';
import { TEST_APP_ROLE } from '../../support/stack';
import { startTemporalDevServer, type TemporalServerHandle } from '../../../runtime/temporal-server';
import { testPolicy } from '../../support/harness';
import { ROOT, waitFor, type Started } from '../../support/processes';
import { startOwnPostgres, type OwnPostgres } from './own-postgres';
import { CASE_SEARCH_ATTRIBUTES } from '../../../workflows/search-attributes';

export interface FaultStackOptions {
  /** Keep Temporal's data in a SQLite file, so the server can be stopped and restarted on it. */
  temporalOnFile?: boolean;
  /** The policy the API process (CASE_POLICY_FILE) and `policy` use; see harness testPolicy. */
  policyOverrides?: Parameters<typeof testPolicy>[0];
}

export interface ChildProcess {
  started: Started;
  pid: number;
  /** SIGKILL (a crash: nothing is drained) and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful) and wait for the exit. */
  stop(): Promise<void>;
  alive(): boolean;
  output(): string;
}

export interface ApiProcess extends ChildProcess {
  url: string;
}

export interface FaultStack {
  temporalAddress: string;
  pg: OwnPostgres;
  databaseUrl: string;
  taskQueue: string;
  policy: CasePolicy;
  client: Client;
  prisma: PrismaClient;
  piiKey: string;
  piiHashKey: string;
  authSecret: string;
  stopTemporal(): Promise<void>;
  /** Starts the dev server again on the same port (and database file, if any). */
  startTemporal(): Promise<void>;
  /** `metricsPort` serves the worker's SDK metrics (Prometheus text) on 127.0.0.1. */
  startWorker(options?: { maxCachedWorkflows?: number; taskQueue?: string; metricsPort?: number }): Promise<ChildProcess>;
  startApi(): Promise<ApiProcess>;
  tokenFor(role: Role, jurisdictionCode: string): Promise<string>;
  stop(): Promise<void>;
}

function requireGlobalSetup(): { bundle: string; pgTemplate: string } {
  const bundle = process.env.FAULT_WORKFLOW_BUNDLE;
  const pgTemplate = process.env.FAULT_PG_TEMPLATE;
  if (!bundle || !pgTemplate) throw new Error('fault tests need their global setup: run them with `npm run test:faults`');
  return { bundle, pgTemplate };
}

/**
 * Runs a project script as ONE node process (tsx as an import hook, not the tsx CLI, which would run
 * the script in a grandchild that a SIGKILL of its parent leaves running).
 */
function runTs(script: string, env: Record<string, string | undefined>, args: string[] = []): Started {
  const cleanEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete cleanEnv[k];
    else cleanEnv[k] = v;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: cleanEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

function childHandle(started: Started): ChildProcess {
  const exitedOrDead = () => started.child.exitCode !== null || started.child.signalCode !== null;
  const signal = async (sig: NodeJS.Signals) => {
    if (!exitedOrDead()) started.child.kill(sig);
    await started.exited;
  };
  return {
    started,
    pid: started.child.pid!,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    alive: () => !exitedOrDead(),
    output: () => `${started.stdout()}\n${started.stderr()}`.trim(),
  };
}

async function untilReady(started: Started, ready: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      if (started.child.exitCode !== null || started.child.signalCode !== null) {
        throw new Error(
          `${what} exited before it was ready (${started.child.exitCode ?? started.child.signalCode}): ${started.stderr().slice(-1500)}`,
        );
      }
      return (await ready()) ? true : undefined;
    },
    timeoutMs,
    what,
  ).catch((err: Error) => {
    // waitFor swallows errors thrown by the check; surface the child's own explanation.
    throw new Error(`${err.message}\n--- ${what} output ---\n${started.stdout().slice(-1500)}\n${started.stderr().slice(-1500)}`);
  });
}

export async function startFaultStack(options: FaultStackOptions = {}): Promise<FaultStack> {
  const { bundle, pgTemplate } = requireGlobalSetup();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pa-fault-'));
  const children: ChildProcess[] = [];
  const taskQueue = `fault-${randomUUID()}`;
  const piiKey = `fk1:${randomBytes(32).toString('base64')}`;
  const piiHashKey = randomBytes(32).toString('base64');
  const authSecret = randomBytes(24).toString('hex');
  const policy = testPolicy(options.policyOverrides);
  const policyFile = path.join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify(policy));

  const temporalPort = await freePort();
  const dbFile = options.temporalOnFile ? path.join(dir, 'temporal.db') : null;
  let temporal: TemporalServerHandle | null = await startTemporalDevServer({
    dbFile,
    namespace: 'default',
    port: temporalPort,
    searchAttributes: CASE_SEARCH_ATTRIBUTES,
  });
  const temporalAddress = temporal.address;

  // A copy of the migrated and seeded template (migrating needs Prisma's wasm engine, which does
  // not run inside a Jest test environment).
  const pg = await startOwnPostgres({ templateDataDir: pgTemplate });
  const prisma = createPrisma(pg.url, { poolSize: 4 });

  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: 'default', dataConverter: temporalDataConverter(piiKey) });

  // The API and worker processes connect as the application does in production: a member of
  // relief_app, which may not rewrite the audit (`npm run api` refuses a superuser); the test's own
  // prisma above stays the owner.
  const appUrl = await ensureAppLoginRole(pg.url, TEST_APP_ROLE);
  const childEnv = (extra: Record<string, string | undefined> = {}) => ({
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    DATABASE_URL: appUrl,
    MIGRATION_DATABASE_URL: pg.url,
    PII_KEY: piiKey,
    PII_HASH_KEY: piiHashKey,
    AUTH_SECRET: authSecret,
    CASE_POLICY_FILE: policyFile,
    WORKFLOW_BUNDLE: bundle,
    LOG_LEVEL: 'warn',
    DATA_DIR: dir,
    ...extra,
  });

  const stack: FaultStack = {
    temporalAddress,
    pg,
    databaseUrl: pg.url,
    taskQueue,
    policy,
    client,
    prisma,
    piiKey,
    piiHashKey,
    authSecret,
    async stopTemporal() {
      await temporal?.stop();
      temporal = null;
    },
    async startTemporal() {
      if (temporal) return;
      temporal = await startTemporalDevServer({
        dbFile,
        namespace: 'default',
        port: temporalPort,
        searchAttributes: CASE_SEARCH_ATTRIBUTES,
      });
    },
    async startWorker(workerOptions = {}) {
      const started = runTs(
        'test/faults/worker-process.ts',
        childEnv({
          TEMPORAL_TASK_QUEUE: workerOptions.taskQueue ?? taskQueue,
          MAX_CACHED_WORKFLOWS: workerOptions.maxCachedWorkflows === undefined ? undefined : String(workerOptions.maxCachedWorkflows),
          METRICS_ADDRESS: workerOptions.metricsPort === undefined ? undefined : `127.0.0.1:${workerOptions.metricsPort}`,
        }),
      );
      const child = childHandle(started);
      children.push(child);
      await untilReady(started, () => started.stdout().includes('worker ready'), 'worker process');
      return child;
    },
    async startApi() {
      const port = await freePort();
      // The production entry point, exactly as `npm run api` runs it.
      const started = runTs('scripts/start.ts', childEnv({ PORT: String(port) }), ['--role', 'api']);
      const child = childHandle(started);
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await untilReady(started, async () => (await fetch(`${url}/healthz`)).ok, 'API process');
      return { ...child, url };
    },
    async tokenFor(role, jurisdictionCode) {
      const user = findSeedUser(role, jurisdictionCode);
      if (!user) throw new Error(`no seed user ${role}@${jurisdictionCode}`);
      return signToken(user, authSecret);
    },
    async stop() {
      await Promise.all(children.map((c) => c.kill()));
      await connection.close().catch(() => undefined);
      await prisma.$disconnect().catch(() => undefined);
      await temporal?.stop();
      await pg.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

type Deadlines = { accept?: string; verify?: string; escalationWindow?: string; charityResponse?: string; revisitInterval?: string };

/** Policy overrides with the same clocks for normal and urgent cases (urgent may not be longer). */
export function clocks(deadlines: Deadlines): NonNullable<FaultStackOptions['policyOverrides']> {
  return { deadlines: { normal: deadlines, urgent: deadlines } };
}

/** A policy with these clocks, for one case (a case keeps the policy it was opened with). */
export function policyWith(deadlines: Deadlines): CasePolicy {
  return testPolicy(clocks(deadlines));
}

/**
 * Prints what a fault test observed (timings, statuses, counts) as one `[observed]` line, so a run's
 * output shows the numbers docs/RELIABILITY.md reports.
 */
export function observe(what: string, value: unknown): void {
  console.log(`[observed] ${what}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

/** The audit trail of a case as stored: sequence numbers and types in order. */
export async function trailOf(prisma: PrismaClient, caseId: string): Promise<{ seq: number; type: string; details: unknown }[]> {
  const rows = await prisma.caseEvent.findMany({
    where: { caseId },
    orderBy: { seq: 'asc' },
    select: { seq: true, type: true, details: true },
  });
  return rows;
}

/** Sequence numbers 1..n exactly once each: no gap, no duplicate (the table's unique key forbids duplicates; gaps are what we check). */
export function expectContiguous(trail: { seq: number }[]): void {
  expect(trail.map((e) => e.seq)).toEqual(trail.map((_, i) => i + 1));
}

/** One JSON request to an API process of the fault stack, with a bearer token. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
