// The one place that touches Prisma's WebAssembly schema engine (an internal API, pinned exactly in
// package.json). The Prisma CLI cannot download its native engine on these machines, so the project
// applies `prisma/migrations/*` itself through this wrapper, recording `_prisma_migrations` exactly as
// `prisma migrate deploy` would, and generates new migration SQL with `diff`.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

export const MIGRATIONS_DIR = path.resolve(__dirname, '..', 'prisma', 'migrations');
export const SCHEMA_FILE = path.resolve(__dirname, '..', 'prisma', 'schema.prisma');

const NO_FILTER = { externalTables: [], externalEnums: [] };

interface WasmSchemaEngine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

interface EngineModule {
  SchemaEngine: { new: (options: unknown, log: (msg: string) => void, adapter: object) => Promise<WasmSchemaEngine> };
  __wbg_set_wasm(wasm: unknown): void;
}

let modulePromise: Promise<EngineModule> | undefined;

/** Loads the wasm module once per process (wasm-bindgen keeps module-level state). */
function loadEngineModule(): Promise<EngineModule> {
  modulePromise ??= (async () => {
    // The package's exports map hides package.json; resolve its main file and take the folder.
    const pkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    // The package is ESM; Node 20.19+ can require() it synchronously (through Node's own require, not
    // a test runner's), and we instantiate the .wasm ourselves because Node cannot import a .wasm module.
    const bg = createRequire(__filename)(path.join(pkgDir, 'schema_engine_bg.js')) as EngineModule & Record<string, unknown>;
    const bytes = await readFile(path.join(pkgDir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg as WebAssembly.ModuleImports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bg;
  })();
  return modulePromise;
}

/**
 * The pg adapter runs a migration script by splitting it at every `;`, which breaks any statement
 * with a `;` inside it (a DO block, a function body, a string). `prisma migrate deploy`'s native
 * engine sends the script whole; so does this: one simple query, which PostgreSQL runs statement
 * by statement in one implicit transaction, so a failing migration also leaves nothing half done.
 */
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    // The adapter's own pool and error mapping (fields of @prisma/adapter-pg, pinned in package.json).
    const internals = adapter as unknown as { client: { query(sql: string): Promise<unknown> }; onError(err: unknown): never };
    adapter.executeScript = async (script: string) => {
      try {
        await internals.client.query(script);
      } catch (err) {
        internals.onError(err);
      }
    };
    return adapter;
  }
}

async function withEngine<T>(databaseUrl: string, datamodel: string, fn: (engine: WasmSchemaEngine) => Promise<T>): Promise<T> {
  const mod = await loadEngineModule();
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg({ connectionString: databaseUrl }));
  const logs: string[] = [];
  const engine = await mod.SchemaEngine.new({ datamodels: [[SCHEMA_FILE, datamodel]] }, (msg) => logs.push(msg), adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

/** Reads prisma/migrations the way the Prisma CLI does. */
async function readMigrationsList(dir = MIGRATIONS_DIR) {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    entries.map(async (name) => {
      const file = path.join(dir, name, 'migration.sql');
      const content = await readFile(file, 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (err: Error) => ({ tag: 'error' as const, value: err.message }),
      );
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  const lockPath = path.join(dir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns the names applied. */
export async function applyMigrations(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const datamodel = await readFile(SCHEMA_FILE, 'utf8');
  const migrationsList = await readMigrationsList(dir);
  return withEngine(databaseUrl, datamodel, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return out.appliedMigrationNames;
  });
}

/**
 * The SQL that takes a database migrated by `dir` to the current schema.prisma. Computed from the
 * migration files' own datamodel history (no database introspection: that fails with this engine
 * build), by diffing the schema as of the latest migration (`prisma/migrations/<last>/schema.prisma`
 * snapshot) — or from empty for the first migration — to the current datamodel.
 */
export async function diffSql(databaseUrl: string, fromDatamodel: string | null, toDatamodel: string): Promise<string> {
  return withEngine(databaseUrl, toDatamodel, async (engine) => {
    const from =
      fromDatamodel === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'from.prisma', content: fromDatamodel }] };
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_FILE, content: toDatamodel }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return result.stdout ?? '';
  });
}
