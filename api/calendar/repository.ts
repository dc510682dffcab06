// Read-model queries of the calendar feature: which running cases hold a provisional working-day deadline.
import type { PrismaClient } from '../../generated/prisma/client';

/**
 * Workflow ids of the open cases whose projected view lists a provisional deadline (§9): the ones to
 * tell when a year's calendar is loaded. The read model can lag a moment behind a workflow; a case
 * missed that way keeps its weekday count until the next load, and a case signalled needlessly does nothing.
 */
export async function openCasesWithProvisionalDeadlines(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ workflowId: string }[]>`
    SELECT "workflowId" FROM cases
    WHERE stage <> 'closed' AND view->'deadlines' @> '[{"provisional": true}]'::jsonb
    ORDER BY "workflowId"`;
  return [...new Set(rows.map((r) => r.workflowId))];
}

export interface LoadedCalendarYear {
  year: number;
  holidays: readonly string[];
  workdays: readonly string[];
  source: string;
}

export async function loadedCalendarYears(prisma: PrismaClient): Promise<LoadedCalendarYear[]> {
  const rows = await prisma.calendarYear.findMany({ orderBy: { year: 'asc' } });
  return rows.map((r) => ({ year: r.year, holidays: r.holidays as string[], workdays: r.workdays as string[], source: r.source }));
}

/** Stores a year loaded at run time; false when the year was stored already (the caller compares). */
export async function storeCalendarYear(prisma: PrismaClient, year: LoadedCalendarYear, loadedBy: string): Promise<boolean> {
  const { count } = await prisma.calendarYear.createMany({
    data: [{ year: year.year, holidays: [...year.holidays], workdays: [...year.workdays], source: year.source, loadedBy }],
    skipDuplicates: true,
  });
  return count === 1;
}
