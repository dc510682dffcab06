// The calendar the API counts in while it runs (DESIGN.md §9): the years built at start (chinese-days
// and CALENDAR_FILE) plus the years loaded later through PUT /api/v1/calendar/{year}, which are kept
// in PostgreSQL so that every API process and every restart has them. New cases take their calendar
// from here; running cases are told of a loaded year by signal (reschedule-provisional.ts).
import type { PrismaClient } from '../../generated/prisma/client';
import { calendarYearData, mergeCalendars, type WorkingCalendar } from '../../domain/working-days';
import { loadedCalendarYears } from './repository';

export class LiveCalendar {
  #current: WorkingCalendar;

  constructor(private readonly base: WorkingCalendar) {
    this.#current = base;
  }

  get current(): WorkingCalendar {
    return this.#current;
  }

  /** Adds the years loaded into PostgreSQL (by this process or another); the base years stay as they are. */
  async refresh(prisma: PrismaClient): Promise<WorkingCalendar> {
    const rows = await loadedCalendarYears(prisma);
    const loaded: WorkingCalendar = {
      years: Object.fromEntries(rows.map((r) => [String(r.year), calendarYearData(r.holidays, r.workdays, r.source)])),
    };
    // Base years win: a year published in the package or CALENDAR_FILE is never replaced at run time.
    this.#current = mergeCalendars(loaded, this.base);
    return this.#current;
  }
}
