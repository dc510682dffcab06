// Composes the processes: database (external or embedded), Temporal (external or a local dev
// server), worker and API. `npm start` runs all of them in one process; `npm run api` and
// `npm run worker` run one role each against a real cluster and PostgreSQL.
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import { loadPolicyFromEnv } from '../runtime/policy-file';
import { loadWorkingCalendar } from '../runtime/calendar-source';
import type { CasePolicy } from '../domain/policy';
import type { PrismaClient } from '../generated/prisma/client';
import { createApiServer } from '../api/http/server';
import { createWorker } from '../worker';
import { ensureDigestSchedule, ensureNotificationDispatcher } from '../clients/notification-client';
import { temporalDataConverter } from '../runtime/codec';
import type { AppConfig } from '../runtime/config';
import {
  APP_GROUP_ROLE,
  applicationConnections,
  checkApplicationRole,
  checkDatabaseReachable,
  createPrisma,
  migrate,
  redactUrl,
  startEmbeddedPostgres,
  type DatabaseHandle,
} from '../runtime/database';
import { StartupError } from '../runtime/errors';
import { PiiCipher } from '../runtime/pii';
import { prepareNamespace } from '../runtime/search-attributes';
import { sealLegacyReadModel } from '../runtime/seal-read-model';
import { parseWebhookAllowList } from '../runtime/webhook-address';
import { seedIfEmpty } from '../runtime/seed';
import { connectTemporal, startTemporalDevServer, type TemporalServerHandle } from '../runtime/temporal-server';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

export interface PlatformOptions {
  config: AppConfig;
  logger: Logger;
  runWorker: boolean;
  runApi: boolean;
  /** Apply migrations and seed an empty database (npm start, tests). Production API/worker skip it unless asked. */
  prepareDatabase: boolean;
  /** Offer the dashboard's development sign-in (embedded development mode only). */
  devSignIn?: boolean;
  /**
   * Refuse to start when DATABASE_URL's role could rewrite or erase the audit (superuser, owner, or
   * UPDATE/DELETE/TRUNCATE on an append-only table): the production roles. Otherwise it is a warning.
   */
  requireRestrictedDatabaseRole?: boolean;
}

export interface Platform {
  config: AppConfig;
  prisma: PrismaClient;
  client: Client;
  policy: CasePolicy;
  pii: PiiCipher;
  temporalAddress: string;
  temporalUiUrl: string | null;
  databaseUrl: string;
  embeddedDatabase: boolean;
  apiUrl: string | null;
  stop(): Promise<void>;
}

/** Stops what was started, in reverse order, even if one step fails. */
class Stack {
  private readonly steps: { name: string; fn: () => Promise<void> }[] = [];
  push(name: string, fn: () => Promise<void>) {
    this.steps.push({ name, fn });
  }
  async unwind(logger?: Logger) {
    while (this.steps.length) {
      const step = this.steps.pop()!;
      try {
        await step.fn();
      } catch (err) {
        logger?.warn({ step: step.name, err: (err as Error).message }, 'shutdown step failed');
      }
    }
  }
}

/** How often an API process takes up calendar years another process loaded. */
const CALENDAR_REFRESH_MS = 60_000;

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const { config, logger } = opts;
  const stack = new Stack();
  try {
    // A port in use is found now, not after migrations and the Temporal server's start.
    if (opts.runApi) await assertPortFree(config.port);
    const policy = loadPolicyFromEnv(process.env);
    // Built once: chinese-days' years plus CALENDAR_FILE's; a bad file stops the start here (StartupError).
    const calendar = loadWorkingCalendar(process.env.CALENDAR_FILE);
    const pii = PiiCipher.fromConfig(config);
    // Every payload to and from Temporal is encrypted with the PII keys (runtime/codec.ts).
    const dataConverter = temporalDataConverter(config.piiKey);
    if (config.authSecretIsDevDefault) logger.warn('AUTH_SECRET is not set: using the development default (never in production)');
    if (config.piiKeyIsDevDefault) logger.warn('PII_KEY is not set: using the development key (never in production)');

    // Database
    let db: DatabaseHandle;
    let pglite: boolean;
    if (config.databaseUrl) {
      ({ pglite } = await checkDatabaseReachable(config.databaseUrl));
      if (config.migrationDatabaseUrl) await checkDatabaseReachable(config.migrationDatabaseUrl, 'MIGRATION_DATABASE_URL');
      db = { url: config.databaseUrl, embedded: false, stop: async () => undefined };
    } else {
      pglite = true;
      db = await startEmbeddedPostgres(path.join(config.dataDir, 'postgres'));
      stack.push('embedded postgres', () => db.stop());
    }
    // The owner's connection does what the application's role may not: migrations, and the sealing
    // data migration, which rewrites event rows (append-only for the application).
    const ownerUrl = config.migrationDatabaseUrl ?? db.url;
    if (opts.prepareDatabase) {
      const applied = await migrate(ownerUrl).catch((err: Error) => {
        if (!config.migrationDatabaseUrl && /permission denied|must be owner/i.test(err.message))
          throw new StartupError(
            `applying database migrations as DATABASE_URL's role failed: ${err.message.split('\n')[0]}`,
            'set MIGRATION_DATABASE_URL to the connection of the role that owns the tables (README, Database roles)',
          );
        throw err;
      });
      if (applied.length) logger.info({ migrations: applied }, 'applied database migrations');
    }
    const prisma = createPrisma(db.url, applicationConnections(pglite, 10, config.databasePreparedStatements));
    stack.push('prisma', () => prisma.$disconnect());
    if (opts.prepareDatabase) {
      const owner = ownerUrl === db.url ? prisma : createPrisma(ownerUrl, { poolSize: 1 });
      try {
        if (await seedIfEmpty(owner)) logger.info('seeded jurisdictions, staff and organisations');
        // Rows written before free text was sealed get sealed once (runtime/seal-read-model.ts).
        const sealed = await sealLegacyReadModel(owner, pii);
        if (sealed.ran)
          logger.info({ cases: sealed.cases, events: sealed.events, referrals: sealed.referrals }, 'sealed free text in the read model');
      } finally {
        if (owner !== prisma) await owner.$disconnect();
      }
    }
    // The embedded PGlite has one superuser and no logins to tell apart; a real server is checked.
    if (!db.embedded) {
      const role = await checkApplicationRole(db.url);
      if (role.problem) {
        const what = `DATABASE_URL connects as "${role.user}", ${role.problem}: the application could rewrite or erase the audit`;
        const fix = `connect as a login role that is a member of ${APP_GROUP_ROLE} and put the owner in MIGRATION_DATABASE_URL (README, Database roles)`;
        if (opts.requireRestrictedDatabaseRole) throw new StartupError(what, fix);
        logger.warn(`${what} — ${fix}`);
      }
    }

    // Temporal
    let server: TemporalServerHandle | null = null;
    let address: string;
    if (config.temporalAddress) {
      address = config.temporalAddress;
      const probe = await connectTemporal(address);
      await probe.close();
    } else {
      server = await startTemporalDevServer({
        dbFile: path.join(config.dataDir, 'temporal.db'),
        namespace: config.temporalNamespace,
        ui: true,
        searchAttributes: CASE_SEARCH_ATTRIBUTES,
      });
      address = server.address;
      stack.push('temporal dev server', () => server!.stop());
      logger.info({ temporalAddress: address, cliSource: server.source }, 'started the Temporal dev server');
    }
    const connection = await Connection.connect({ address });
    stack.push('temporal client', () => connection.close());
    // Every start checks the namespace and registers the case workflow's search attributes (a no-op
    // once they exist); where the server refuses (Temporal Cloud) it stops with one line naming them.
    const registered = await prepareNamespace(connection, config.temporalNamespace, CASE_SEARCH_ATTRIBUTES);
    if (registered.added.length) logger.info({ added: registered.added }, 'registered Temporal search attributes');
    const client = new Client({ connection, namespace: config.temporalNamespace, dataConverter });

    // Worker
    if (opts.runWorker) {
      const { worker, connection: workerConnection } = await createWorker({
        address,
        namespace: config.temporalNamespace,
        prisma,
        taskQueue: config.taskQueue,
        piiKey: config.piiKey,
        secrets: pii,
        webhookAllowList: parseWebhookAllowList(config.webhookAllowedHosts),
      });
      const running = worker.run();
      stack.push('worker', async () => {
        // Drain: in-flight activities finish, then the worker stops polling.
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await workerConnection.close();
      });
      running.catch((err: Error) => logger.error({ err: err.message }, 'worker stopped with an error'));
      // Notification delivery: the daily digest Schedule (created or brought up to date with the
      // policy) and the webhook dispatcher of this task queue. Both calls are idempotent.
      const digest = await ensureDigestSchedule(client, policy, config.taskQueue);
      await ensureNotificationDispatcher(client, config.taskQueue);
      logger.info({ scheduleId: digest.scheduleId, created: digest.created }, 'notification schedule and dispatcher ready');
    }

    // API
    let apiUrl: string | null = null;
    if (opts.runApi) {
      const { createApp } = await import('../api/app');
      const { LiveCalendar } = await import('../api/calendar/live-calendar');
      // Years loaded at run time (PUT /api/v1/calendar/{year}) by this or another API process are in
      // PostgreSQL: taken up now, and again every minute so that every process counts in them.
      const liveCalendar = new LiveCalendar(calendar);
      await liveCalendar.refresh(prisma);
      const refresh = setInterval(() => {
        liveCalendar.refresh(prisma).catch((err: Error) => logger.warn({ err: err.message }, 'could not refresh the calendar years'));
      }, CALENDAR_REFRESH_MS);
      refresh.unref();
      stack.push('calendar refresh', () => Promise.resolve(clearInterval(refresh)));
      const app = createApp({
        prisma,
        temporal: client,
        config,
        policy,
        calendar,
        liveCalendar,
        pii,
        logger,
        temporalUiUrl: server?.uiUrl ?? undefined,
        devSignIn: opts.devSignIn === true,
      });
      const http = await listen(app, config.port, config.host);
      stack.push(
        'http server',
        () =>
          new Promise<void>((resolve) => {
            http.close(() => resolve());
            http.closeAllConnections();
          }),
      );
      // The address actually bound, so the banner never claims loopback while listening everywhere.
      const bound = http.address() as { address: string; family: string; port: number };
      apiUrl = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
    }

    return {
      config,
      prisma,
      client,
      policy,
      pii,
      temporalAddress: address,
      temporalUiUrl: server?.uiUrl ?? null,
      databaseUrl: redactUrl(db.url),
      embeddedDatabase: db.embedded,
      apiUrl,
      stop: () => stack.unwind(logger),
    };
  } catch (err) {
    await stack.unwind(logger);
    throw err;
  }
}

function listenError(err: NodeJS.ErrnoException, port: number, host?: string): Error {
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
    return new StartupError(
      `cannot listen on HOST=${host}: no such local address`,
      'set HOST to an address of this machine, or unset it for 127.0.0.1',
    );
  if (err.code === 'EADDRINUSE')
    return new StartupError(`port ${port} is already in use`, 'stop the other process or set PORT to a free port');
  if (err.code === 'EACCES') return new StartupError(`no permission to listen on port ${port}`, 'set PORT to a port above 1024');
  return err;
}

function listen(app: (req: never, res: never) => void, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createApiServer(app as never);
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, port, host)));
    server.listen(port, host, () => resolve(server));
  });
}

/** Fails with the same one line as `listen` when the port is taken; port 0 (any free port) passes. */
function assertPortFree(port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, port)));
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
