// The migration that records when an escalation reached the read model fills the rows recorded before
// it with their escalation's own time (the best known approximation), so no row is left without one.
import { onServer, withDatabaseBefore } from '../support/migration-scratch';

const MIGRATION = '20261203020503_escalations_projected_at';

(onServer ? test : test.skip)('escalations recorded before the migration take their escalation time as projectedAt', async () => {
  await withDatabaseBefore(MIGRATION, 'projected_at_migration', async ({ db, applyMigration }) => {
    await db.query(`INSERT INTO escalations ("escalationId","caseId",clock,level,status,"dueAt","escalatedAt","districtCode","streetCode","updatedAt")
      VALUES ('c-1:esc:accept:1', 'c-1', 'accept', 1, 'open', '2026-12-01T08:00:00Z', '2026-12-01T08:00:02.5Z', '440104', '440104001', now()),
             ('c-2:esc:verify:2', 'c-2', 'verify', 2, 'resolved', '2026-11-20T01:00:00Z', '2026-11-20T01:00:00.1Z', '440104', '440104002', now())`);

    await applyMigration();

    const { rows } = await db.query(
      `SELECT "escalationId", to_char("projectedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS "projectedAt" FROM escalations ORDER BY "escalationId"`,
    );
    expect(rows).toEqual([
      { escalationId: 'c-1:esc:accept:1', projectedAt: '2026-12-01T08:00:02.500' },
      { escalationId: 'c-2:esc:verify:2', projectedAt: '2026-11-20T01:00:00.100' },
    ]);
  });
});
