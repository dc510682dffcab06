// The migration that made organisations registered data (DESIGN.md §10) keeps the rows recorded before
// it: applied to a database migrated up to the migration before it, holding the seed's old rows, it
// gives each the platform's kind and services and the districts it serves (every district of the tree
// for a row without one), and leaves older referrals without a project.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Pool } from 'pg';
import { dropDatabase } from '../../runtime/database';
import { MIGRATIONS_DIR } from '../../runtime/schema-engine';
import { requireTestEnv } from '../support/harness';

const MIGRATION = '20261202190000_organisations_and_projects';
// PGlite (no DATABASE_URL) holds one database: there is no scratch database to migrate step by step.
const onServer = process.env.TEST_DATABASE_POOL !== '1';

(onServer ? test : test.skip)('existing organisations are migrated, not dropped', async () => {
  const admin = new URL(requireTestEnv().ownerUrl);
  admin.pathname = '/postgres';
  const name = `pa_orgs_migration_${Date.now()}_${process.pid}`;
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
    expect(dirs).toContain(MIGRATION);
    // Prisma's bookkeeping table, which a migration grants rights on (scripts/migrate.ts creates it).
    await db.query(`CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL,
      finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz,
      started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0)`);
    for (const dir of dirs.slice(0, dirs.indexOf(MIGRATION)))
      await db.query(await readFile(path.join(MIGRATIONS_DIR, dir, 'migration.sql'), 'utf8'));
    await db.query(`INSERT INTO jurisdictions (code, level, "parentCode", "nameZh", "nameEn") VALUES
      ('440100', 'city', NULL, '广州市', 'Guangzhou'), ('440104', 'district', '440100', '越秀区', 'Yuexiu'),
      ('440105', 'district', '440100', '海珠区', 'Haizhu'), ('440104001', 'street', '440104', '洪桥街道', 'Hongqiao')`);
    await db.query(`INSERT INTO organisations (id, "nameZh", "nameEn", kind, "districtCode", services) VALUES
      ('org-gz-charity', '广州市慈善会', 'Guangzhou Charity Federation', 'charity', NULL, ARRAY['financial', 'medical', 'education']),
      ('org-yuexiu-fsc', '越秀区家庭综合服务中心', 'Yuexiu Family Service Centre', 'social_work', '440104', ARRAY['counselling', 'care', 'elderly']),
      ('org-haizhu-volunteers', '海珠区志愿者协会', 'Haizhu Volunteers Association', 'volunteer', '440105', ARRAY['visits', 'care']),
      ('org-food', '食物银行', 'Food Bank', 'charity', '440105', ARRAY['food', 'in_kind', 'food'])`);
    await db.query(`INSERT INTO referrals ("referralId", "caseId", "organisationId", needs, status, "referredAt")
      VALUES ('c-1:ref:1', 'c-1', 'org-gz-charity', ARRAY['x'], 'pending', now())`);

    await db.query(await readFile(path.join(MIGRATIONS_DIR, MIGRATION, 'migration.sql'), 'utf8'));

    const { rows } = await db.query(
      `SELECT id, name, kind, services, districts, "contactEnc", "updatedAt" IS NOT NULL AS "hasUpdatedAt" FROM organisations ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id: 'org-food',
        name: '食物银行',
        kind: 'charity',
        services: ['temporary'],
        districts: ['440105'],
        contactEnc: null,
        hasUpdatedAt: true,
      },
      {
        id: 'org-gz-charity',
        name: '广州市慈善会',
        kind: 'charity',
        services: ['education', 'medical', 'temporary'],
        districts: ['440104', '440105'],
        contactEnc: null,
        hasUpdatedAt: true,
      },
      {
        id: 'org-haizhu-volunteers',
        name: '海珠区志愿者协会',
        kind: 'volunteer_team',
        services: ['extreme_poverty'],
        districts: ['440105'],
        contactEnc: null,
        hasUpdatedAt: true,
      },
      {
        id: 'org-yuexiu-fsc',
        name: '越秀区家庭综合服务中心',
        kind: 'social_work_agency',
        services: ['extreme_poverty'],
        districts: ['440104'],
        contactEnc: null,
        hasUpdatedAt: true,
      },
    ]);
    const referrals = await db.query(`SELECT "referralId", "projectId" FROM referrals`);
    expect(referrals.rows).toEqual([{ referralId: 'c-1:ref:1', projectId: null }]);
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'organisations' ORDER BY column_name`,
    );
    expect(columns.rows.map((c) => c.column_name)).toEqual([
      'contactEnc',
      'createdAt',
      'createdBy',
      'districts',
      'id',
      'kind',
      'name',
      'services',
      'updatedAt',
    ]);
  } finally {
    await db.end();
    await dropDatabase(admin.toString(), name);
  }
});
