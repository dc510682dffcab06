// Use case: a city officer loads a year's official calendar while the platform runs (DESIGN.md §9),
// typically the State Council's holiday notice for next year. The year is stored, taken up by the
// API's live calendar, and every running case with a provisional deadline is told (no restart).
// Idempotent: loading the same year again re-tells the cases still provisional (say, after a Temporal
// outage cut the first load short) and changes nothing else; different dates for a year already
// known are refused, since published deadlines would silently move.
import type { Actor } from '../../domain/case-types';
import { calendarYear, calendarYearData, calendarYearProblems, sameCalendarDays, type WorkingCalendar } from '../../domain/working-days';
import type { ApiContext } from '../http/deps';
import { AppError, validationError } from '../http/errors';
import { requireRoleOf } from '../http/scope';
import { storeCalendarYear } from './repository';
import { rescheduleProvisionalDeadlines } from './reschedule-provisional';
import type { CalendarYearBody, CalendarYearLoaded } from './schemas';

function withoutYear(calendar: WorkingCalendar, year: number): WorkingCalendar {
  return { years: Object.fromEntries(Object.entries(calendar.years).filter(([key]) => key !== String(year))) };
}

export async function loadCalendarYear(ctx: ApiContext, actor: Actor, year: number, body: CalendarYearBody): Promise<CalendarYearLoaded> {
  requireRoleOf(actor, ['city_officer'], 'load calendar years');
  const problems = calendarYearProblems(year, body.holidays, body.workdays);
  if (problems.length > 0) {
    throw validationError(
      problems.map((p) => ({ path: `${p.field}.${p.index}`, message: p.reason })),
      `the calendar for ${year} has invalid dates`,
    );
  }
  const data = calendarYearData(body.holidays, body.workdays, body.source);
  await ctx.liveCalendar.refresh(ctx.prisma);
  const known = calendarYear(ctx.liveCalendar.current, year);
  if (known && !sameCalendarDays(known, data)) {
    throw new AppError(
      'CALENDAR_YEAR_EXISTS',
      `the calendar already has ${year} (source: ${known.source}) with other dates; a year in use is not replaced while cases count in it`,
    );
  }
  const stored = known ? false : await storeCalendarYear(ctx.prisma, { year, ...data }, actor.userId);
  const after = await ctx.liveCalendar.refresh(ctx.prisma);
  const winner = calendarYear(after, year);
  if (winner && !sameCalendarDays(winner, data)) {
    // Another officer stored different dates for the year at the same moment.
    throw new AppError('CALENDAR_YEAR_EXISTS', `the calendar for ${year} was just loaded with other dates (source: ${winner.source})`);
  }
  ctx.log.info({ year, stored, loadedBy: actor.userId }, 'calendar year loaded');
  const result = await rescheduleProvisionalDeadlines({ prisma: ctx.prisma, cases: ctx.cases }, withoutYear(after, year), after);
  return { year, source: winner?.source ?? data.source, stored, casesSignalled: result.signalled };
}
