// The migrations and schema.prisma must describe the same database: every model and field of the
// schema (from Prisma's DMMF, the model the client is generated from) exists in the migrated
// database with a matching column type and nullability. Also: migrations are recorded like
// `prisma migrate deploy` records them, and applying twice applies nothing.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { MIGRATIONS_DIR, SCHEMA_FILE } from '../../runtime/schema-engine';
import { requireTestEnv } from '../support/harness';

interface DmmfField {
  name: string;
  kind: string;
  type: string;
  isRequired: boolean;
  isList: boolean;
  dbName?: string | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

async function loadDmmfModels(): Promise<DmmfModel[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS-only wasm package, loaded only by this test
  const wasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
  const prismaSchema = await readFile(SCHEMA_FILE, 'utf8');
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [[SCHEMA_FILE, prismaSchema]] }))) as {
    datamodel: { models: DmmfModel[] };
  };
  return dmmf.datamodel.models;
}

/** The PostgreSQL `udt_name` Prisma's default native type maps each scalar to. */
const PG_TYPE: Record<string, string> = {
  String: 'text',
  Int: 'int4',
  BigInt: 'int8',
  Boolean: 'bool',
  DateTime: 'timestamp',
  Json: 'jsonb',
  Float: 'float8',
  Decimal: 'numeric',
};

let pool: Pool;
beforeAll(() => {
  // As the owner, who sees every table.
  pool = new Pool({ connectionString: requireTestEnv().ownerUrl, max: 1 });
});
afterAll(async () => {
  await pool.end();
});

test('every model and field of schema.prisma exists in the migrated database with the same type and nullability', async () => {
  const models = await loadDmmfModels();
  expect(models.length).toBeGreaterThan(5);
  const { rows } = await pool.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>(
    `select table_name, column_name, udt_name, is_nullable from information_schema.columns where table_schema = 'public'`,
  );
  const columns = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
  const problems: string[] = [];
  for (const model of models) {
    const table = model.dbName ?? model.name;
    for (const field of model.fields.filter((f) => f.kind === 'scalar')) {
      const column = columns.get(`${table}.${field.dbName ?? field.name}`);
      if (!column) {
        problems.push(`${model.name}.${field.name}: no column ${table}.${field.name}`);
        continue;
      }
      const expected = (field.isList ? '_' : '') + PG_TYPE[field.type];
      if (column.udt_name !== expected) problems.push(`${model.name}.${field.name}: type ${column.udt_name}, schema says ${expected}`);
      const nullable = column.is_nullable === 'YES';
      // Prisma creates scalar-list columns without NOT NULL (an empty list is stored as '{}'), so
      // nullability is only compared for non-list fields.
      if (!field.isList && nullable === field.isRequired)
        problems.push(`${model.name}.${field.name}: nullable=${nullable}, schema says required=${field.isRequired}`);
    }
  }
  expect(problems).toEqual([]);
});

test('migrations are recorded in _prisma_migrations with the checksum prisma migrate deploy uses, and a second run applies nothing', async () => {
  const dirs = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const { rows } = await pool.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    'select migration_name, checksum, finished_at from _prisma_migrations order by migration_name',
  );
  expect(rows.map((r) => r.migration_name)).toEqual(dirs);
  for (const row of rows) {
    const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
    expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
    expect(row.finished_at).not.toBeNull();
  }
  // A second run (as at every start) applies nothing. Run in a child process: the wasm engine is an
  // ES module that Node loads natively but Jest's module runtime cannot.
  // Asynchronously: with the embedded database, its server runs in this very process.
  const { stdout } = await promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), 'scripts/migrate.ts', '--json'], {
    env: { ...process.env, MIGRATION_DATABASE_URL: requireTestEnv().ownerUrl, DATABASE_URL: requireTestEnv().databaseUrl },
    encoding: 'utf8',
  });
  expect(JSON.parse(stdout)).toEqual([]);
});
