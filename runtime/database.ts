// PostgreSQL for the read model: the server named by DATABASE_URL, or an embedded PGlite (real
// Postgres compiled to WebAssembly) served on a loopback socket with its data under DATA_DIR.
import { createHash } from 'node:crypto';
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

/** What serves a database URL, as checkDatabaseReachable found it. */
export interface DatabaseServer {
  /**
   * A PGlite served over its socket (the test harness does this), not a PostgreSQL server: it has one
   * session for every connection, so it gets the embedded database's single connection.
   */
  pglite: boolean;
}

/**
 * Connects once to `url` and says what serves it. Fails with one clear line (a StartupError naming
 * `variable`) if the server cannot be reached or the credentials are wrong.
 */
export async function checkDatabaseReachable(url: string, variable = 'DATABASE_URL'): Promise<DatabaseServer> {
  const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 });
  try {
    const { rows } = await pool.query<{ version: string }>('select version()');
    return { pglite: /\bPGlite\b/.test(rows[0]?.version ?? '') };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StartupError(
      `cannot connect to PostgreSQL at ${redactUrl(url)}: ${reason}`,
      `check ${variable} and that the server is running, or unset DATABASE_URL to use the embedded database`,
    );
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/** The group role the application's login role is a member of (prisma/migrations/*_app_role). */
export const APP_GROUP_ROLE = 'relief_app';

/** Tables the application may only append to and read: the audit and the event history. */
export const APPEND_ONLY_TABLES = ['access_log', 'access_audit', 'case_events', 'escalation_feed'] as const;

export interface DatabaseRoleCheck {
  user: string;
  /** Why this connection could rewrite or erase the audit; null when it cannot. */
  problem: string | null;
}

/**
 * Whether the connection of `url` could rewrite or erase the append-only tables: as a superuser, as
 * (a member of) their owner, or through a grant. Run after migrations, when the tables exist.
 */
export async function checkApplicationRole(url: string): Promise<DatabaseRoleCheck> {
  const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 });
  try {
    const { rows } = await pool.query<{ user: string; superuser: boolean; owned: string[]; writable: string[] }>(
      `SELECT current_user AS "user",
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
              ARRAY(SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relname = ANY($1) AND pg_has_role(current_user, c.relowner, 'MEMBER')
                     ORDER BY 1) AS owned,
              ARRAY(SELECT t FROM unnest($1::text[]) AS t
                     WHERE to_regclass('public.' || t) IS NOT NULL
                       AND (has_table_privilege('public.' || t, 'UPDATE') OR has_table_privilege('public.' || t, 'DELETE')
                            OR has_table_privilege('public.' || t, 'TRUNCATE'))
                     ORDER BY 1) AS writable`,
      [APPEND_ONLY_TABLES],
    );
    const r = rows[0];
    let problem: string | null = null;
    if (r.superuser) problem = 'a superuser';
    else if (r.owned.length) problem = `the owner of ${r.owned.join(', ')}`;
    else if (r.writable.length) problem = `allowed to UPDATE, DELETE or TRUNCATE ${r.writable.join(', ')}`;
    return { user: r.user, problem };
  } finally {
    await pool.end().catch(() => undefined);
  }
}

export function redactUrl(url: string): string {
  // Any password in the user-info part, also with an empty user name (postgresql://:pw@host).
  return url.replace(/\/\/([^:/@]*):([^@]*)@/, '//$1:***@');
}

/** Distinct statement texts one process names (so each connection keeps their plans); past it, statements run unnamed. */
const MAX_NAMED_STATEMENTS = 256;

/**
 * Names statements so that each connection parses and plans a statement once and then only binds and
 * runs it: the projection's one-statement write (activities/projection.ts), run for every event, took
 * twice as long to plan as to run. A name derives from the text, so it means one text on every
 * connection; texts past the cap (lists of varying length, say) get no name, as pg runs a statement
 * whose name is empty, which bounds what the server keeps per connection.
 */
export function statementNamer(max = MAX_NAMED_STATEMENTS): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined) {
      if (names.size >= max) return '';
      name = `pa_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      names.set(sql, name);
    }
    return name;
  };
}

export interface PrismaOptions {
  poolSize?: number;
  /**
   * Named (server-side) prepared statements: on for a PostgreSQL server. Off for the embedded PGlite,
   * whose one session outlives a connection (a reconnect would prepare a name it already holds), and
   * behind a pooler in transaction mode that does not track prepared statements (DATABASE_PREPARED_STATEMENTS=off).
   */
  preparedStatements?: boolean;
}

/**
 * The application's connections: a single one to PGlite (embedded, or served over its socket), which
 * serves one connection's statement at a time (interleaved connections corrupt its unnamed
 * statements) and keeps prepared names across connections; a pool with named prepared statements,
 * unless turned off, on a PostgreSQL server.
 */
export function applicationConnections(pglite: boolean, poolSize: number, preparedStatements = true): PrismaOptions {
  return pglite ? { poolSize: 1 } : { poolSize, preparedStatements };
}

export function createPrisma(url: string, options: PrismaOptions = {}): PrismaClient {
  const adapter = new PrismaPg(
    { connectionString: url, max: options.poolSize ?? 10 },
    options.preparedStatements ? { statementNameGenerator: statementNamer() } : undefined,
  );
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

/**
 * Creates the login role `name` (password = name) as a member of APP_GROUP_ROLE if missing, and
 * returns `url` connecting as it: the application's connection the way an operator sets it up
 * (README, Database roles). Used by tests. The group role is created too when missing (as the
 * app_role migration would), so this may run before the first migration; its grants come with the
 * migration, per database. Roles belong to the whole server, so two test runs may race here; the
 * loser's duplicate is harmless.
 */
export async function ensureAppLoginRole(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain role name: ${name}`);
  const pool = new Pool({ connectionString: adminUrl, max: 1 });
  try {
    for (const [role, options] of [
      [APP_GROUP_ROLE, 'NOLOGIN'],
      [name, `LOGIN PASSWORD '${name}'`],
    ]) {
      await pool.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
          CREATE ROLE ${role} ${options};
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        // Idempotent; "tuple concurrently updated" when another run grants the same at once.
        await pool.query(`GRANT ${APP_GROUP_ROLE} TO ${name}`);
        break;
      } catch (err) {
        if (attempt >= 5 || !/concurrently/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
    }
  } finally {
    await pool.end();
  }
  const u = new URL(adminUrl);
  u.username = name;
  u.password = name;
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
