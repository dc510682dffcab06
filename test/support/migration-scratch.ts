// A scratch database migrated up to just before one migration, for tests that apply that migration
// to rows recorded before it. Needs a real PostgreSQL server (CREATE DATABASE): PGlite holds one
// database, so those tests are skipped there (`onServer`).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Pool } from 'pg';
import { dropDatabase } from '../../runtime/database';
import { MIGRATIONS_DIR } from '../../runtime/schema-engine';
import { requireTestEnv } from './harness';

export const onServer = process.env.TEST_DATABASE_POOL !== '1';

export interface ScratchDatabase {
  db: Pool;
  /** Applies the migration under test (and only it). */
  applyMigration: () => Promise<void>;
}

/** Runs `use` on a new database holding every migration before `migration`, then drops it. */
export async function withDatabaseBefore(
  migration: string,
  label: string,
  use: (scratch: ScratchDatabase) => Promise<void>,
): Promise<void> {
  const admin = new URL(requireTestEnv().ownerUrl);
  admin.pathname = '/postgres';
  const name = `pa_${label}_${Date.now()}_${process.pid}`;
  const adminPool = new Pool({ connectionString: admin.toString(), max: 1 });
  await adminPool.query(`create database "${name}"`);
  await adminPool.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  const db = new Pool({ connectionString: url.toString(), max: 1 });
  try {
    const dirs = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(dirs).toContain(migration);
    // Prisma's bookkeeping table, which a migration grants rights on (scripts/migrate.ts creates it).
    await db.query(`CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL,
      finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz,
      started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0)`);
    for (const dir of dirs.slice(0, dirs.indexOf(migration)))
      await db.query(await readFile(path.join(MIGRATIONS_DIR, dir, 'migration.sql'), 'utf8'));
    await use({
      db,
      applyMigration: async () => void (await db.query(await readFile(path.join(MIGRATIONS_DIR, migration, 'migration.sql'), 'utf8'))),
    });
  } finally {
    await db.end();
    await dropDatabase(admin.toString(), name);
  }
}
