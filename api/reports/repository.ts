// What each report said, kept for the case file (§7: everything reported is in the file). Free text,
// reporter data and the identity a report claimed differently are encrypted; the rest (channel,
// categories, flags, who filed it) stays queryable.
import type { PrismaClient } from '../../generated/prisma/client';
import { selectColumns } from '../http/select-columns';
import { isUniqueViolation } from '../http/prisma-errors';
import type { PersonWrite } from '../persons/repository';

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

export type ReportRecordRow = ReportRecordWrite;

/** Written before the workflow hears of the report; a retried request (same report id) writes nothing new. */
export async function saveReportRecord(prisma: PrismaClient, row: ReportRecordWrite): Promise<void> {
  await prisma.caseReportRecord.createMany({ data: [row], skipDuplicates: true });
}

const ROW_FIELDS = {
  reportId: true,
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

/** The same fields as a column list, for a statement that reads report records in SQL. */
export const REPORT_RECORD_COLUMNS = selectColumns(ROW_FIELDS);

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
    select: { reportId: true, householdId: true, channel: true, receivedAt: true },
  });
}

/**
 * The first report about a person, in one statement (the hot path of intake, §7): the person, their
 * own household with them as its member, and the report record, all or nothing. Answers false, having
 * written nothing, when the person is recorded already (then intake compares and places them step by
 * step); a collision with a concurrent first report fails the statement as a whole, which the caller
 * treats the same way.
 */
export async function recordFirstReport(
  prisma: PrismaClient,
  person: PersonWrite & { idHash: string; idNumberEnc: string },
  householdId: string,
  report: ReportRecordWrite,
): Promise<boolean> {
  try {
    const rows = await prisma.$queryRaw<{ created: boolean }[]>`
      WITH p AS (
        INSERT INTO persons (id, "idHash", "idNumberEnc", "nameEnc", "phoneEnc", "addressEnc", "birthYear", sex, "streetCode", "updatedAt")
        VALUES (${person.id}, ${person.idHash}, ${person.idNumberEnc}, ${person.nameEnc}, ${person.phoneEnc ?? null}, ${person.addressEnc ?? null},
          ${person.birthYear}, ${person.sex}, ${person.streetCode}, now())
        ON CONFLICT DO NOTHING
        RETURNING id),
      h AS (
        INSERT INTO households (id, "streetCode", "createdAt", "updatedAt") SELECT ${householdId}, ${person.streetCode}, now(), now() FROM p
        RETURNING id),
      m AS (
        INSERT INTO household_members ("householdId", "personId", relation, current, source, "sourceRef", "joinedAt")
        SELECT h.id, ${person.id}, 'self', true, 'report', ${report.reportId}, now() FROM h
        RETURNING "householdId"),
      r AS (
        INSERT INTO case_reports ("reportId", "personId", "householdId", channel, "receivedAt", "summaryEnc", categories, "urgentFlags",
          "reporterEnc", "filedBy", "identityDiffers", "claimedEnc")
        SELECT ${report.reportId}, ${report.personId}, m."householdId", ${report.channel}, ${report.receivedAt}::timestamp, ${report.summaryEnc},
          ${report.categories}::text[], ${report.urgentFlags}::text[], ${report.reporterEnc}, ${report.filedBy}, ${report.identityDiffers}::text[],
          ${report.claimedEnc}
        FROM m
        ON CONFLICT DO NOTHING
        RETURNING 1)
      SELECT EXISTS (SELECT 1 FROM m) AS created`;
    return rows[0]?.created === true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return false;
  }
}
