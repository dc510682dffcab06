// A platform for one component test file: the real API app (not listening; mount it with
// supertest), a real worker on a task queue of its own, the shared Temporal server and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type express from 'express';
import type { Role } from '../../domain/case-types';
import { DEFAULT_POLICY_JSON, parsePolicy, type CasePolicy, type CasePolicyInput } from '../../domain/policy';
import { findSeedUser } from '../../domain/seed-staff';
import type { PrismaClient } from '../../generated/prisma/client';
import { loadConfig, type AppConfig } from '../../runtime/config';
import { createPrisma } from '../../runtime/database';
import { createLogger } from '../../runtime/logger';
import { PiiCipher } from '../../runtime/pii';
import { createWorker } from '../../worker';

export interface TestPlatformOptions {
  /** Deep-merged over the default policy, e.g. `{ deadlines: { normal: { accept: '3s' } } }`. */
  policyOverrides?: DeepPartial<CasePolicyInput>;
  /** Small caches force evictions and replays. */
  maxCachedWorkflows?: number;
  /** Start without a worker (tests that start and stop it themselves). */
  withoutWorker?: boolean;
  /** Workflow-only tests skip building the HTTP app. */
  withoutApi?: boolean;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface TestPlatform {
  app: express.Express;
  prisma: PrismaClient;
  client: Client;
  config: AppConfig;
  policy: CasePolicy;
  pii: PiiCipher;
  taskQueue: string;
  tokenFor(role: Role, jurisdictionCode: string): Promise<string>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

function deepMerge<T>(base: T, patch: unknown): T {
  if (patch === undefined || patch === null || typeof patch !== 'object' || Array.isArray(patch)) return (patch ?? base) as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(out[k], v);
  return out as T;
}

export function testPolicy(overrides?: DeepPartial<CasePolicyInput>): CasePolicy {
  return parsePolicy(deepMerge(DEFAULT_POLICY_JSON, { version: overrides ? 'test-policy' : DEFAULT_POLICY_JSON.version, ...overrides }));
}

export function requireTestEnv(): { temporalAddress: string; databaseUrl: string; workflowBundlePath: string } {
  const temporalAddress = process.env.TEST_TEMPORAL_ADDRESS;
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const workflowBundlePath = process.env.TEST_WORKFLOW_BUNDLE;
  if (!temporalAddress || !databaseUrl || !workflowBundlePath) {
    throw new Error('component tests need the global setup (run them through `npm test`)');
  }
  return { temporalAddress, databaseUrl, workflowBundlePath };
}

export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const env = requireTestEnv();
  const taskQueue = `test-${randomUUID()}`;
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const policy = testPolicy(options.policyOverrides);
  const logger = createLogger(config.logLevel);
  const prisma = createPrisma(env.databaseUrl, { poolSize: Number(process.env.TEST_DATABASE_POOL ?? 1) });
  const connection = await Connection.connect({ address: env.temporalAddress });
  const client = new Client({ connection, namespace: config.temporalNamespace });
  const pii = PiiCipher.fromSpec(config.piiKey);

  let worker: { worker: Worker; run: Promise<void>; close: () => Promise<void> } | null = null;
  async function startWorker() {
    if (worker) return;
    const created = await createWorker({
      address: env.temporalAddress,
      namespace: config.temporalNamespace,
      prisma,
      taskQueue,
      workflowBundlePath: env.workflowBundlePath,
      maxCachedWorkflows: options.maxCachedWorkflows,
    });
    worker = { worker: created.worker, run: created.worker.run(), close: () => created.connection.close() };
  }
  async function stopWorker() {
    if (!worker) return;
    const w = worker;
    worker = null;
    if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
    await w.run;
    await w.close();
  }
  if (!options.withoutWorker) await startWorker();

  let app: express.Express | null = null;
  if (!options.withoutApi) {
    const { createApp } = await import('../../api/app');
    app = createApp({ prisma, temporal: client, config, policy, pii, logger });
  }

  return {
    get app(): express.Express {
      if (!app) throw new Error('this test platform was started withoutApi');
      return app;
    },
    prisma,
    client,
    config,
    policy,
    pii,
    taskQueue,
    async tokenFor(role, jurisdictionCode) {
      const user = findSeedUser(role, jurisdictionCode);
      if (!user) throw new Error(`no seed user with role ${role} in ${jurisdictionCode}`);
      const { signToken } = await import('../../api/auth');
      return signToken({ userId: user.id, role: user.role, jurisdictionCode: user.jurisdictionCode }, config.authSecret);
    },
    startWorker,
    stopWorker,
    async stop() {
      await stopWorker();
      await connection.close();
      await prisma.$disconnect();
    },
  };
}
