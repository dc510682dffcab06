// PostgreSQL for the read model: the server named by DATABASE_URL, or an embedded PGlite (real
// Postgres compiled to WebAssembly) served on a loopback socket with its data under DATA_DIR.
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { StartupError } from './errors';
import { applyMigrations } from './schema-engine';

export type Prisma = PrismaClient;

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts PGlite on a free loopback port. It runs one query at a time; `maxConnections` lets a small
 * pg pool connect (queries are queued), so transactions must stay short.
 */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  let db;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    db = await PGlite.create(path.join(dataDir, 'pgdata'));
  } else {
    db = await PGlite.create();
  }
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 16 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    embedded: true,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** Fails with one clear line if the server cannot be reached or the credentials are wrong. */
export async function checkDatabaseReachable(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 });
  try {
    await pool.query('select 1');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StartupError(
      `cannot connect to PostgreSQL at ${redactUrl(url)}: ${reason}`,
      'check DATABASE_URL and that the server is running, or unset DATABASE_URL to use the embedded database',
    );
  } finally {
    await pool.end().catch(() => undefined);
  }
}

export function redactUrl(url: string): string {
  // Any password in the user-info part, also with an empty user name (postgresql://:pw@host).
  return url.replace(/\/\/([^:/@]*):([^@]*)@/, '//$1:***@');
}

export function createPrisma(url: string, options: { poolSize?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}

export async function migrate(url: string): Promise<string[]> {
  return applyMigrations(url);
}

/** Creates `name` on the server of `adminUrl` if missing; returns a URL pointing at it. Used by tests. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const pool = new Pool({ connectionString: adminUrl, max: 1 });
  try {
    const exists = await pool.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await pool.query(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await pool.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops a database made by ensureDatabase (tests and the benchmark), closing its connections. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const pool = new Pool({ connectionString: adminUrl, max: 1 });
  try {
    await pool.query(`drop database if exists "${name.replace(/"/g, '')}" with (force)`);
  } finally {
    await pool.end();
  }
}
