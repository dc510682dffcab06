// The read-model data migration that seals free text and incomes written before sealing existed
// (DESIGN.md §7): case views and snapshots, event details and referral needs. It needs the PII key,
// so it cannot be SQL; it runs at start until it has finished once (a row in data_migrations), in
// batches, and is safe to run twice or beside a live projection: sealing skips sealed values, and a
// case row is only rewritten at the version it was read at.
import { hasUnsealedFields, sealFields, type Sealer } from '../domain/sealing';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { PiiCipher } from './pii';

const MIGRATION = '2026-12-seal-free-text';
const BATCH = 200;

export interface SealReport {
  cases: number;
  events: number;
  referrals: number;
  /** False when the migration had already finished for this database. */
  ran: boolean;
}

export async function sealLegacyReadModel(prisma: PrismaClient, cipher: Sealer): Promise<SealReport> {
  const report: SealReport = { cases: 0, events: 0, referrals: 0, ran: false };
  if (await prisma.dataMigration.findUnique({ where: { name: MIGRATION } })) return report;
  report.ran = true;

  for (let after = ''; ;) {
    const rows = await prisma.case.findMany({
      where: { caseId: { gt: after } },
      orderBy: { caseId: 'asc' },
      take: BATCH,
      select: { caseId: true, version: true, view: true, snapshot: true },
    });
    if (rows.length === 0) break;
    after = rows[rows.length - 1].caseId;
    for (const r of rows) {
      if (!hasUnsealedFields(r.view) && !hasUnsealedFields(r.snapshot)) continue;
      const { count } = await prisma.case.updateMany({
        where: { caseId: r.caseId, version: r.version },
        data: {
          view: sealFields(r.view, cipher) as Prisma.InputJsonValue,
          snapshot: sealFields(r.snapshot, cipher) as Prisma.InputJsonValue,
        },
      });
      // A newer version written meanwhile was sealed by the projection itself.
      report.cases += count;
    }
  }

  for (let after = ''; ;) {
    const rows = await prisma.caseEvent.findMany({
      where: { eventId: { gt: after } },
      orderBy: { eventId: 'asc' },
      take: BATCH,
      select: { eventId: true, details: true },
    });
    if (rows.length === 0) break;
    after = rows[rows.length - 1].eventId;
    for (const r of rows) {
      if (!hasUnsealedFields(r.details)) continue;
      await prisma.caseEvent.update({
        where: { eventId: r.eventId },
        data: { details: sealFields(r.details, cipher) as Prisma.InputJsonValue },
      });
      report.events += 1;
    }
  }

  const referrals = await prisma.referral.findMany({ select: { referralId: true, needs: true } });
  for (const r of referrals) {
    // A need in the cipher's form is sealed already.
    if (r.needs.every((need) => PiiCipher.isCiphertext(need))) continue;
    const needs = r.needs.map((need) => (PiiCipher.isCiphertext(need) ? need : cipher.encrypt(need)));
    await prisma.referral.update({ where: { referralId: r.referralId }, data: { needs } });
    report.referrals += 1;
  }

  await prisma.dataMigration.createMany({ data: [{ name: MIGRATION }], skipDuplicates: true });
  return report;
}
