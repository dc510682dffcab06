// A PostgreSQL database of one test file's own, migrated and seeded, beside the shared one on the
// DATABASE_URL server: for tests that count or dump every row (fuzzing's "nothing was written", the
// personal-data dump) and must not see other test files' rows. With the embedded PGlite (no
// DATABASE_URL) test files run one at a time anyway, so they share its one database.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { createPrisma, dropDatabase } from '../../runtime/database';
import { seed } from '../../runtime/seed';
import { requireTestEnv } from './harness';
import { ROOT } from './processes';

export interface OwnDatabase {
  /** The application's connection (the shared stack's login role on a real server). */
  url: string;
  /** The tables' owner: data migrations and dumps. The same as `url` on PGlite. */
  ownerUrl: string;
  /** false when this is the shared embedded database (see above). */
  own: boolean;
  drop(): Promise<void>;
}

export async function startOwnDatabase(label: string): Promise<OwnDatabase> {
  const { databaseUrl: shared, ownerUrl: sharedOwner } = requireTestEnv();
  if (process.env.TEST_DATABASE_POOL === '1') return { url: shared, ownerUrl: sharedOwner, own: false, drop: async () => undefined };
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
  // Migrations run in a child process: Prisma's wasm schema engine does not load inside Jest. They
  // grant relief_app (which the application's login role is a member of) its rights in this database.
  await promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), 'scripts/migrate.ts', '--json'], {
    cwd: ROOT,
    env: { ...process.env, MIGRATION_DATABASE_URL: ownerUrl.toString(), DATABASE_URL: url.toString() },
  });
  const prisma = createPrisma(ownerUrl.toString(), { poolSize: 1 });
  try {
    await seed(prisma);
  } finally {
    await prisma.$disconnect();
  }
  return {
    url: url.toString(),
    ownerUrl: ownerUrl.toString(),
    own: true,
    drop: () => dropDatabase(admin.toString(), name),
  };
}
