// The migration of referrals answered by the organisation itself (DESIGN.md §10) fills the rows recorded
// before it: applied to a database migrated up to the migration before it, a referral gets its case's
// district and street, a pending one the case's charityResponse deadline as respondBy, and every
// organisation already registered gets its user (role organisation, jurisdiction its id).
import { onServer, withDatabaseBefore } from '../support/migration-scratch';

const MIGRATION = '20261202215035_referrals_answered_by_organisations';

(onServer ? test : test.skip)('existing referrals learn where their case is, and organisations get their user', async () => {
  await withDatabaseBefore(MIGRATION, 'referrals_migration', async ({ db, applyMigration }) => {
    await db.query(`INSERT INTO organisations (id, name, kind, services, districts, "updatedAt")
      VALUES ('org-a', '甲慈善会', 'charity', ARRAY['medical'], ARRAY['440104'], now())`);
    for (const [caseId, stage, clock] of [
      ['c-1', 'referred', 'charityResponse'],
      ['c-2', 'monitoring', 'revisitInterval'],
    ]) {
      await db.query(
        `INSERT INTO cases ("caseId","workflowId","personId",stage,urgency,"districtCode","streetCode","escalationLevel","nextDueAt",
           "nextDueClock","clockPaused","policyVersion","openedAt",version,view,snapshot,"updatedAt")
         VALUES ($1, $2, $3, $4, 'normal', '440104', '440104001', 0, '2026-12-09T00:00:00Z', $5, false, 'v', now(), 3, '{}', '{}', now())`,
        [caseId, `case-${caseId}`, `p-${caseId}`, stage, clock],
      );
    }
    await db.query(`INSERT INTO referrals ("referralId", "caseId", "organisationId", needs, status, "referredAt", "respondedAt") VALUES
      ('c-1:ref:1', 'c-1', 'org-a', ARRAY['x'], 'pending', now(), NULL),
      ('c-2:ref:1', 'c-2', 'org-a', ARRAY['y'], 'completed', now(), now())`);

    await applyMigration();

    const { rows } = await db.query(
      `SELECT "referralId", "districtCode", "streetCode", to_char("respondBy", 'YYYY-MM-DD"T"HH24:MI:SS') AS "respondBy",
         "deliveredAmountFen", "deliveredServices"
       FROM referrals ORDER BY "referralId"`,
    );
    expect(rows).toEqual([
      {
        referralId: 'c-1:ref:1',
        districtCode: '440104',
        streetCode: '440104001',
        respondBy: '2026-12-09T00:00:00',
        deliveredAmountFen: null,
        deliveredServices: [],
      },
      {
        referralId: 'c-2:ref:1',
        districtCode: '440104',
        streetCode: '440104001',
        respondBy: null,
        deliveredAmountFen: null,
        deliveredServices: [],
      },
    ]);
    const users = await db.query(`SELECT id, role, "jurisdictionCode", "nameZh", active FROM staff_users WHERE role = 'organisation'`);
    expect(users.rows).toEqual([{ id: 'ou-org-a', role: 'organisation', jurisdictionCode: 'org-a', nameZh: '甲慈善会', active: true }]);
  });
});
