// The servers a component test run shares: one Temporal dev server and one PostgreSQL database
// (a fresh database on the DATABASE_URL server, or an in-memory PGlite), migrated and seeded once.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FAILURE_CONVERTER_PATH } from '../../runtime/codec';
import {
  createPrisma,
  dropDatabase,
  ensureAppLoginRole,
  ensureDatabase,
  migrate,
  startEmbeddedPostgres,
  type DatabaseHandle,
} from '../../runtime/database';
import { seed } from '../../runtime/seed';
import { startTemporalDevServer, type TemporalServerHandle } from '../../runtime/temporal-server';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { bundlePlatformWorkflows } from '../../worker/workflow-bundle';

export interface SharedStack {
  temporal: TemporalServerHandle;
  /** `url` is the application's connection; `ownerUrl` the tables' owner (migrations, dumps). */
  database: DatabaseHandle & { ownerUrl: string };
  workflowBundlePath: string;
}

/**
 * The login role the application connects as on a real server: a member of relief_app like an
 * operator's (README, Database roles), so every component test runs the application on the grants
 * it has in production and a missing grant fails the suite.
 */
export const TEST_APP_ROLE = 'pa_test_app';

export async function startSharedStack(): Promise<SharedStack> {
  const [temporal, database, workflowBundlePath] = await Promise.all([
    startTemporalDevServer({ dbFile: null, namespace: 'default', searchAttributes: CASE_SEARCH_ATTRIBUTES }),
    startTestDatabase(),
    buildWorkflowBundle(),
  ]);
  return { temporal, database, workflowBundlePath };
}

async function startTestDatabase(): Promise<SharedStack['database']> {
  let handle: DatabaseHandle;
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    // A database of its own, so the suite never touches `npm start`'s data and two runs never collide.
    const name = `pa_test_${Date.now()}_${process.pid}`;
    const url = await ensureDatabase(adminUrl, name);
    handle = { url, embedded: false, stop: () => dropDatabase(adminUrl, name) };
  } else {
    handle = await startEmbeddedPostgres(null);
  }
  await migrate(handle.url);
  const prisma = createPrisma(handle.url, { poolSize: 1 });
  try {
    await seed(prisma);
  } finally {
    await prisma.$disconnect();
  }
  // PGlite serves every connection as its one superuser whatever the user name, so there the
  // application's and the owner's connections are the same (audit-append-only.test.ts says more).
  if (handle.embedded) return { ...handle, ownerUrl: handle.url };
  return { ...handle, url: await ensureAppLoginRole(handle.url, TEST_APP_ROLE), ownerUrl: handle.url };
}

export async function buildWorkflowBundle(): Promise<string> {
  // Bundling takes seconds; doing it once per run instead of once per test file keeps the suite fast.
  // The failure converter goes into the bundle, as Worker.create would put it (runtime/codec.ts).
  const code = await bundlePlatformWorkflows({ failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pa-bundle-'));
  const file = path.join(dir, 'workflow-bundle.js');
  await writeFile(file, code);
  return file;
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
