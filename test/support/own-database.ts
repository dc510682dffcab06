// A PostgreSQL database of one test file's own, migrated and seeded, beside the shared one on the
// DATABASE_URL server: for tests that count or dump every row (fuzzing's "nothing was written", the
// personal-data dump, the ledgers' and reports' counts) and must not see other test files' rows.
// Without DATABASE_URL the shared database is an embedded PGlite, which has one database and no
// CREATE DATABASE: the file then gets an embedded PGlite of its own.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { createPrisma, dropDatabase } from '../../runtime/database';
import { seed } from '../../runtime/seed';
import { requireTestEnv } from './harness';
import { ROOT, runScript, waitFor } from './processes';

export interface OwnDatabase {
  /** The application's connection (the shared stack's login role on a real server). */
  url: string;
  /** The tables' owner: data migrations and dumps. The same as `url` on PGlite. */
  ownerUrl: string;
  /** An embedded PGlite (no DATABASE_URL): no server tools such as pg_dump can talk to it. */
  embedded: boolean;
  drop(): Promise<void>;
}

export async function startOwnDatabase(label: string): Promise<OwnDatabase> {
  const { databaseUrl: shared, ownerUrl: sharedOwner } = requireTestEnv();
  if (process.env.TEST_DATABASE_POOL === '1') {
    const server = runScript('test/support/embedded-database-process.ts', {});
    const { url } = await waitFor(
      () => {
        const line = server.stdout().split('\n')[0];
        return line ? (JSON.parse(line) as { url: string }) : undefined;
      },
      60_000,
      `the embedded database of ${label}`,
    );
    const drop = async () => {
      server.child.kill('SIGTERM');
      await server.exited;
    };
    try {
      await migrateAndSeed(url, url);
    } catch (err) {
      await drop();
      throw err;
    }
    return { url, ownerUrl: url, embedded: true, drop };
  }
  const admin = new URL(sharedOwner);
  admin.pathname = '/postgres';
  const name = `pa_${label}_${Date.now()}_${process.pid}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const pool = new Pool({ connectionString: admin.toString(), max: 1 });
  try {
    await pool.query(`create database "${name}"`);
  } finally {
    await pool.end();
  }
  const url = new URL(shared);
  url.pathname = `/${name}`;
  const ownerUrl = new URL(sharedOwner);
  ownerUrl.pathname = `/${name}`;
  await migrateAndSeed(ownerUrl.toString(), url.toString());
  return {
    url: url.toString(),
    ownerUrl: ownerUrl.toString(),
    embedded: false,
    drop: () => dropDatabase(admin.toString(), name),
  };
}

async function migrateAndSeed(ownerUrl: string, url: string): Promise<void> {
  // Migrations run in a child process: Prisma's wasm schema engine does not load inside Jest. They
  // grant relief_app (which the application's login role is a member of) its rights in this database.
  await promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), 'scripts/migrate.ts', '--json'], {
    cwd: ROOT,
    env: { ...process.env, MIGRATION_DATABASE_URL: ownerUrl, DATABASE_URL: url },
  });
  const prisma = createPrisma(ownerUrl, { poolSize: 1 });
  try {
    await seed(prisma);
  } finally {
    await prisma.$disconnect();
  }
}
