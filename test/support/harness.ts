// A platform for one component test file: the real API app (not listening; mount it with
// supertest), a real worker on a task queue of its own, the shared Temporal server and PostgreSQL.
// Client and worker encrypt Temporal payloads with the platform's codec, as in production.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type express from 'express';
import type { ApiDeps } from '../../api/http/deps';
import type { Role } from '../../domain/case-types';
import { DEFAULT_POLICY_JSON, parsePolicy, type CasePolicy, type CasePolicyInput } from '../../domain/policy';
import { organisationUser } from '../../domain/organisations';
import { findSeedUser } from '../../domain/seed-staff';
import type { PrismaClient } from '../../generated/prisma/client';
import { temporalDataConverter } from '../../runtime/codec';
import { loadConfig, type AppConfig } from '../../runtime/config';
import { applicationConnections, createPrisma, type PrismaOptions } from '../../runtime/database';
import { createLogger } from '../../runtime/logger';
import { PiiCipher } from '../../runtime/pii';
import { parseWebhookAllowList } from '../../runtime/webhook-address';
import { createWorker, type PlatformWorker } from '../../worker';
import { ensureDigestSchedule } from '../../clients/notification-client';

export interface TestPlatformOptions {
  /** Deep-merged over the default policy, e.g. `{ deadlines: { normal: { accept: '3s' } } }`. */
  policyOverrides?: DeepPartial<CasePolicyInput>;
  /** Small caches force evictions and replays. */
  maxCachedWorkflows?: number;
  /** Start without a worker (tests that start and stop it themselves). */
  withoutWorker?: boolean;
  /** Workflow-only tests skip building the HTTP app. */
  withoutApi?: boolean;
  /** PII_KEY for this platform's encryption and payload codec (key-rotation tests). */
  piiKey?: string;
  /** Join another platform's task queue (e.g. to take over its workflows with rotated keys). */
  taskQueue?: string;
  /** A database other than the shared one (see own-database.ts). */
  databaseUrl?: string;
  /** Overrides of the API's dependencies, e.g. a logger that captures output or a looser rate limit. */
  apiDeps?: Partial<
    Pick<ApiDeps, 'logger' | 'rateLimit' | 'temporalTimeoutMs' | 'escalationStream' | 'authFailureLimit' | 'staffCacheMs' | 'devSignIn'>
  >;
  /**
   * WEBHOOK_ALLOWED_HOSTS of this platform's API and worker. Tests' receivers listen on 127.0.0.1,
   * which webhooks may only reach when allowed here explicitly.
   */
  webhookAllowedHosts?: string;
  /** Create the daily digest Schedule for this platform's task queue (deleted again on stop). */
  digestSchedule?: boolean;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface TestPlatform {
  app: express.Express;
  prisma: PrismaClient;
  client: Client;
  config: AppConfig;
  policy: CasePolicy;
  pii: PiiCipher;
  /** The codec-carrying data converter the client and worker use. */
  dataConverter: DataConverter;
  taskQueue: string;
  /** A token of the seeded user; `ttl` as signToken takes it (default 12 h, and then the same token every time). */
  tokenFor(role: Role, jurisdictionCode: string, ttl?: string | number): Promise<string>;
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

/**
 * The shared servers. `databaseUrl` is the application's connection (on a real server a member of
 * relief_app that cannot rewrite the audit); `ownerUrl` the tables' owner, for what only migrations
 * and administrators do.
 */
/**
 * The application's connections as the platform opens them (platform/platform.ts): one on the embedded
 * PGlite, a pool with named prepared statements on a PostgreSQL server.
 */
export function testPrismaOptions(): PrismaOptions {
  const poolSize = Number(process.env.TEST_DATABASE_POOL ?? 1);
  return applicationConnections(poolSize === 1, poolSize);
}

export function requireTestEnv(): { temporalAddress: string; databaseUrl: string; ownerUrl: string; workflowBundlePath: string } {
  const temporalAddress = process.env.TEST_TEMPORAL_ADDRESS;
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const ownerUrl = process.env.TEST_MIGRATION_DATABASE_URL;
  const workflowBundlePath = process.env.TEST_WORKFLOW_BUNDLE;
  if (!temporalAddress || !databaseUrl || !ownerUrl || !workflowBundlePath) {
    throw new Error('component tests need the global setup (run them through `npm test`)');
  }
  return { temporalAddress, databaseUrl, ownerUrl, workflowBundlePath };
}

export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const env = { ...requireTestEnv(), ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) };
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const config = loadConfig({
    ...process.env,
    ...(options.piiKey ? { PII_KEY: options.piiKey } : {}),
    ...(options.webhookAllowedHosts !== undefined ? { WEBHOOK_ALLOWED_HOSTS: options.webhookAllowedHosts } : {}),
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const policy = testPolicy(options.policyOverrides);
  const logger = createLogger(config.logLevel);
  const prisma = createPrisma(env.databaseUrl, testPrismaOptions());
  const connection = await Connection.connect({ address: env.temporalAddress });
  const dataConverter = temporalDataConverter(config.piiKey);
  const client = new Client({ connection, namespace: config.temporalNamespace, dataConverter });
  const pii = PiiCipher.fromConfig(config);

  let worker: { worker: PlatformWorker; run: Promise<void>; close: () => Promise<void> } | null = null;
  async function startWorker() {
    if (worker) return;
    const created = await createWorker({
      address: env.temporalAddress,
      namespace: config.temporalNamespace,
      prisma,
      taskQueue,
      workflowBundlePath: env.workflowBundlePath,
      secrets: pii,
      maxCachedWorkflows: options.maxCachedWorkflows,
      piiKey: config.piiKey,
      webhookAllowList: parseWebhookAllowList(config.webhookAllowedHosts),
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
  const digestSchedule = options.digestSchedule ? (await ensureDigestSchedule(client, policy, taskQueue)).scheduleId : null;

  const tokens = new Map<string, string>();
  let app: express.Express | null = null;
  if (!options.withoutApi) {
    const { createApp } = await import('../../api/app');
    app = createApp({ prisma, temporal: client, config, policy, pii, logger, ...options.apiDeps });
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
    dataConverter,
    taskQueue,
    async tokenFor(role, jurisdictionCode, ttl?: string | number) {
      // One token per seed user with the default lifetime, signed once: test files ask for it per request.
      const key = `${role}@${jurisdictionCode}`;
      const cached = ttl === undefined ? tokens.get(key) : undefined;
      if (cached) return cached;
      // An organisation's user (§10) is derived from the organisation's id, like `npm run token` does.
      const user =
        role === 'organisation' ? organisationUser({ organisationId: jurisdictionCode, name: '' }) : findSeedUser(role, jurisdictionCode);
      if (!user) throw new Error(`no seed user with role ${role} in ${jurisdictionCode}`);
      const { signToken } = await import('../../runtime/tokens');
      const token = await signToken({ userId: user.id, role: user.role, jurisdictionCode: user.jurisdictionCode }, config.authSecret, ttl);
      if (ttl === undefined) tokens.set(key, token);
      return token;
    },
    startWorker,
    stopWorker,
    async stop() {
      if (digestSchedule) await client.schedule.getHandle(digestSchedule).delete();
      await stopWorker();
      await connection.close();
      await prisma.$disconnect();
    },
  };
}
