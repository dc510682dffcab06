// What each report said, kept for the case file (§7: everything reported is in the file). Free text,
// reporter data and the identity a report claimed differently are encrypted; the rest (channel,
// categories, flags, who filed it) stays queryable.
import type { PrismaClient } from '../../generated/prisma/client';

export interface ReportRecordWrite {
  reportId: string;
  personId: string;
  householdId: string;
  channel: string;
  receivedAt: Date;
  summaryEnc: string;
  categories: string[];
  urgentFlags: string[];
  reporterEnc: string | null;
  filedBy: string;
  identityDiffers: string[];
  claimedEnc: string | null;
}

export type ReportRecordRow = ReportRecordWrite & { caseId: string | null };

/** Written before the workflow hears of the report; a retried request (same report id) writes nothing new. */
export async function saveReportRecord(prisma: PrismaClient, row: ReportRecordWrite): Promise<void> {
  await prisma.caseReportRecord.createMany({ data: [row], skipDuplicates: true });
}

/** The case the workflow attached the report to, for the reporter's own list (GET /me/reports). */
export async function linkReportToCase(prisma: PrismaClient, reportId: string, caseId: string): Promise<void> {
  await prisma.caseReportRecord.updateMany({ where: { reportId, caseId: null }, data: { caseId } });
}

const ROW_FIELDS = {
  reportId: true,
  caseId: true,
  personId: true,
  householdId: true,
  channel: true,
  receivedAt: true,
  summaryEnc: true,
  categories: true,
  urgentFlags: true,
  reporterEnc: true,
  filedBy: true,
  identityDiffers: true,
  claimedEnc: true,
} as const;

export async function findReportRecords(prisma: PrismaClient, reportIds: string[]): Promise<ReportRecordRow[]> {
  if (reportIds.length === 0) return [];
  return prisma.caseReportRecord.findMany({ where: { reportId: { in: reportIds } }, orderBy: { receivedAt: 'asc' }, select: ROW_FIELDS });
}

/** The caller's own reports, newest first, one page past `before` (receivedAt, reportId). */
export async function listOwnReports(prisma: PrismaClient, filedBy: string, limit: number, after?: { receivedAt: Date; reportId: string }) {
  return prisma.caseReportRecord.findMany({
    where: {
      filedBy,
      ...(after
        ? { OR: [{ receivedAt: { lt: after.receivedAt } }, { receivedAt: after.receivedAt, reportId: { lt: after.reportId } }] }
        : {}),
    },
    orderBy: [{ receivedAt: 'desc' }, { reportId: 'desc' }],
    take: limit,
    select: { reportId: true, caseId: true, channel: true, receivedAt: true },
  });
}
