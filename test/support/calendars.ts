// Calendar fixtures for the tests of working-day clocks (DESIGN.md §9): a fake holiday notice for a year
// the platform has no data for, and the working days left before it.
import { formatShanghaiInstant, isWorkingDay, type CalendarYearData, type WorkingCalendar } from '../../domain/working-days';

const DAY_MS = 86_400_000;

/** A fake holiday notice for `year`: every weekday of January off, so any count into January moves. */
export function januaryOffNotice(year: number, source: string): CalendarYearData {
  const holidays: string[] = [];
  for (let d = 1; d <= 31; d++) {
    const date = `${year}-01-${String(d).padStart(2, '0')}`;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) holidays.push(date);
  }
  return { holidays, workdays: [], source };
}

/** Working days of `calendar` from tomorrow (Asia/Shanghai) to the end of `year`. */
export function workingDaysLeftIn(calendar: WorkingCalendar, year: number): number {
  let n = 0;
  for (let ms = Date.now() + DAY_MS; ; ms += DAY_MS) {
    const date = formatShanghaiInstant(ms).slice(0, 10);
    if (date > `${year}-12-31`) return n;
    if (isWorkingDay(date, calendar)) n += 1;
  }
}
