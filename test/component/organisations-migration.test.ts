// The migration that made organisations registered data (DESIGN.md §10) keeps the rows recorded before
// it: applied to a database migrated up to the migration before it, holding the seed's old rows, it
// gives each the platform's kind and services and the districts it serves (every district of the tree
// for a row without one), and leaves older referrals without a project.
import { onServer, withDatabaseBefore } from '../support/migration-scratch';

const MIGRATION = '20261202190000_organisations_and_projects';

(onServer ? test : test.skip)('existing organisations are migrated, not dropped', async () => {
  await withDatabaseBefore(MIGRATION, 'orgs_migration', async ({ db, applyMigration }) => {
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

    await applyMigration();

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
  });
});
