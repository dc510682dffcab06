// Rows written before free text was sealed (DESIGN.md §7) are sealed by the data migration at start:
// afterwards no visit findings, reasons or needs are in clear in PostgreSQL, the case file still reads
// them, and the migration runs only once.
import { randomUUID } from 'node:crypto';
import { findCase, readCaseFileRecords } from '../../api/cases/repository';
import { decideAction, openCase } from '../../domain/case-machine';
import { toCaseView } from '../../domain/case-view';
import { DEFAULT_POLICY } from '../../domain/policy';
import { loadConfig } from '../../runtime/config';
import { createPrisma } from '../../runtime/database';
import { PiiCipher } from '../../runtime/pii';
import { sealLegacyReadModel } from '../../runtime/seal-read-model';
import { caseworker, makeReport } from '../support/cases';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database';

let db: OwnDatabase;
const cipher = PiiCipher.fromSpec(loadConfig().piiKey);

beforeAll(async () => {
  db = await startOwnDatabase('seal');
});

afterAll(async () => {
  await db?.drop();
});

test('seals the free text of rows written before sealing, once, and the file still reads it', async () => {
  // As the owner, as at start: the sealing rewrites event rows, which the application may not.
  const prisma = createPrisma(db.ownerUrl, { poolSize: 1 });
  try {
    // A case as the projection wrote it before sealing existed: view, snapshot and events in clear.
    const caseId = `c-${randomUUID()}`;
    const findings = `LEGACY-${randomUUID()} 屋顶漏雨`;
    const opened = openCase({ caseId, report: makeReport(), policy: DEFAULT_POLICY, now: '2026-11-02T01:00:00.000Z' });
    const accepted = decideAction(opened.state, { type: 'accept' }, caseworker(), DEFAULT_POLICY, '2026-11-02T02:00:00.000Z');
    if (!accepted.ok) throw new Error(accepted.reason);
    const visited = decideAction(
      accepted.state,
      { type: 'record-visit', visitedAt: '2026-11-02T03:00:00.000Z', findings },
      caseworker(),
      DEFAULT_POLICY,
      '2026-11-02T03:00:00.000Z',
    );
    if (!visited.ok) throw new Error(visited.reason);
    const events = [...opened.events, ...accepted.events, ...visited.events];
    const view = toCaseView(visited.state, events);
    await prisma.$executeRaw`DELETE FROM data_migrations`;
    await prisma.case.create({
      data: {
        caseId,
        workflowId: `case-legacy-${caseId}`,
        personId: visited.state.personId,
        stage: visited.state.stage,
        urgency: visited.state.urgency,
        districtCode: visited.state.districtCode,
        streetCode: visited.state.streetCode,
        policyVersion: DEFAULT_POLICY.version,
        openedAt: new Date(visited.state.openedAt),
        version: visited.state.seq,
        view: JSON.parse(JSON.stringify(view)),
        snapshot: JSON.parse(JSON.stringify({ state: visited.state, policy: DEFAULT_POLICY })),
      },
    });
    await prisma.caseEvent.createMany({
      data: events.map((e) => ({ ...e, caseId, at: new Date(e.at), details: JSON.parse(JSON.stringify(e.details)) })),
    });
    const dump = async () =>
      JSON.stringify([await prisma.case.findMany({ where: { caseId } }), await prisma.caseEvent.findMany({ where: { caseId } })]);
    expect(await dump()).toContain(findings);

    const report = await sealLegacyReadModel(prisma, cipher);
    // With the embedded database the file shares it with others, whose rows may need sealing too.
    expect(report.ran).toBe(true);
    expect(report.cases).toBeGreaterThanOrEqual(1);
    expect(report.events).toBeGreaterThanOrEqual(1);
    expect(await dump()).not.toContain(findings);
    expect((await findCase(prisma, caseId, cipher))!.view.events.at(-1)!.details.findings).toBe(findings);
    const file = await readCaseFileRecords(prisma, cipher, { caseId, personId: 'p-none', reportIds: [] });
    expect(file.events.at(-1)!.details.findings).toBe(findings);

    // Finished once: the next start does nothing.
    expect(await sealLegacyReadModel(prisma, cipher)).toEqual({ ran: false, cases: 0, events: 0, referrals: 0 });
  } finally {
    await prisma.$disconnect();
  }
});
