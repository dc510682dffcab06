// Use case: a year's official calendar was loaded after cases counted it as weekdays only (§9). Each
// running case with a provisional deadline receives the new years as a signal and recomputes its own
// deadlines (recording deadline-rescheduled); nothing is restarted, and workflows never read the calendar.
import type { PrismaClient } from '../../generated/prisma/client';
import type { CaseClient } from '../../clients/case-client';
import { calendarForYears, changedYears, yearsCovered, type WorkingCalendar } from '../../domain/working-days';
import { openCasesWithProvisionalDeadlines } from './repository';

export interface RescheduleResult {
  /** The years whose dates differ from the calendar the platform held before. */
  years: number[];
  /** Cases told of them. */
  signalled: number;
}

export async function rescheduleProvisionalDeadlines(
  deps: { prisma: PrismaClient; cases: Pick<CaseClient, 'updateCalendar'> },
  before: WorkingCalendar,
  after: WorkingCalendar,
): Promise<RescheduleResult> {
  const years = changedYears(before, after);
  if (years.length === 0) return { years, signalled: 0 };
  // Only the changed years travel: they are stored in every case's history.
  const added = calendarForYears(after, years[0], years[years.length - 1]);
  if (yearsCovered(added).length === 0) return { years, signalled: 0 };
  let signalled = 0;
  for (const workflowId of await openCasesWithProvisionalDeadlines(deps.prisma)) {
    if (await deps.cases.updateCalendar(workflowId, added)) signalled += 1;
  }
  return { years, signalled };
}
