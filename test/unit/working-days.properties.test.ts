// Properties of "<n>wd" deadlines (fast-check), checked against a day-by-day count over describeDay.
import fc from 'fast-check';
import {
  addWorkingDays,
  describeDay,
  EMPTY_CALENDAR,
  instantAtWorkingFraction,
  isWorkingDay,
  mergeCalendars,
  toInstantMs,
  type WorkingCalendar,
} from '../../domain/working-days';
import { loadPackageCalendar } from '../../runtime/calendar-source';

const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;
const packageCalendar = loadPackageCalendar();
const with2027 = mergeCalendars(packageCalendar, {
  years: { '2027': { holidays: ['2027-01-01', '2027-02-08', '2027-02-09', '2027-02-10'], workdays: ['2027-02-06'], source: 'test' } },
});
const calendars: Record<string, WorkingCalendar> = { package: packageCalendar, with2027, empty: EMPTY_CALENDAR };

/** Instants from mid-2025 to the end of 2027 (covered and uncovered years), often right at a Shanghai midnight. */
const instant = fc.oneof(
  fc.integer({ min: Date.parse('2025-06-01T00:00:00+08:00'), max: Date.parse('2027-12-31T00:00:00+08:00') }),
  fc.tuple(fc.integer({ min: 20_240, max: 21_000 }), fc.constantFrom(-1, 0, 1)).map(([epochDay, nudge]) => epochDay * DAY - OFFSET + nudge),
);
const days = fc.integer({ min: 1, max: 80 });
const calendarName = fc.constantFrom(...Object.keys(calendars));

function localDate(ms: number): string {
  return new Date(ms + OFFSET).toISOString().slice(0, 10);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}

/** The dates after the start day up to and including `last`: the days a deadline counted. */
function countedDates(fromMs: number, last: string): string[] {
  const dates: string[] = [];
  for (let date = nextDate(localDate(fromMs)); date <= last; date = nextDate(date)) dates.push(date);
  return dates;
}

describe('working-day deadlines, for any start, count and calendar', () => {
  it('end at 24:00 Shanghai time of a working day, written as 00:00 of the next day', () => {
    fc.assert(
      fc.property(instant, days, calendarName, (from, n, name) => {
        const due = addWorkingDays(from, n, calendars[name]);
        expect(due.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+08:00$/);
        expect(toInstantMs(due.dueAt)).toBe(due.dueAtMs);
        expect(due.dueAt.slice(0, 10)).toBe(nextDate(due.lastWorkingDay));
        expect(isWorkingDay(due.lastWorkingDay, calendars[name])).toBe(true);
      }),
    );
  });

  it('count exactly n working days after the start day', () => {
    fc.assert(
      fc.property(instant, days, calendarName, (from, n, name) => {
        const due = addWorkingDays(from, n, calendars[name]);
        const working = countedDates(from, due.lastWorkingDay).filter((d) => isWorkingDay(d, calendars[name]));
        expect(working).toHaveLength(n);
      }),
    );
  });

  it('are provisional exactly when a counted day lies in a year without data, and name those years', () => {
    fc.assert(
      fc.property(instant, days, calendarName, (from, n, name) => {
        const due = addWorkingDays(from, n, calendars[name]);
        const uncovered = countedDates(from, due.lastWorkingDay).filter((d) => describeDay(d, calendars[name]).provisional);
        expect(due.provisional).toBe(uncovered.length > 0);
        expect(due.provisionalYears).toEqual([...new Set(uncovered.map((d) => Number(d.slice(0, 4))))]);
      }),
    );
  });

  it('never come earlier for one more working day', () => {
    fc.assert(
      fc.property(instant, days, calendarName, (from, n, name) => {
        expect(addWorkingDays(from, n + 1, calendars[name]).dueAtMs).toBeGreaterThan(addWorkingDays(from, n, calendars[name]).dueAtMs);
      }),
    );
  });

  it('never come earlier for a later start', () => {
    fc.assert(
      fc.property(instant, instant, days, calendarName, (a, b, n, name) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(addWorkingDays(late, n, calendars[name]).dueAtMs).toBeGreaterThanOrEqual(addWorkingDays(early, n, calendars[name]).dueAtMs);
      }),
    );
  });

  it('do not move when a year is added, unless they were provisional', () => {
    fc.assert(
      fc.property(instant, days, (from, n) => {
        const before = addWorkingDays(from, n, packageCalendar);
        if (!before.provisional) expect(addWorkingDays(from, n, with2027)).toEqual(before);
      }),
    );
  });
});

describe('reminders at a fraction of the working time', () => {
  const fraction = fc.double({ min: Number.EPSILON, max: 1 - Number.EPSILON, noNaN: true });

  it('fall after the start and strictly before the deadline', () => {
    fc.assert(
      fc.property(instant, days, fraction, calendarName, (from, n, f, name) => {
        const reminder = instantAtWorkingFraction(from, n, f, calendars[name]);
        expect(reminder.atMs).toBeGreaterThan(from);
        expect(reminder.atMs).toBeLessThan(addWorkingDays(from, n, calendars[name]).dueAtMs);
        expect(toInstantMs(reminder.at)).toBe(reminder.atMs);
      }),
    );
  });

  it('come later for a larger fraction, and are provisional only if the deadline is', () => {
    fc.assert(
      fc.property(instant, days, fraction, fraction, calendarName, (from, n, f1, f2, name) => {
        const [small, large] = f1 <= f2 ? [f1, f2] : [f2, f1];
        const early = instantAtWorkingFraction(from, n, small, calendars[name]);
        const late = instantAtWorkingFraction(from, n, large, calendars[name]);
        expect(late.atMs).toBeGreaterThanOrEqual(early.atMs);
        if (late.provisional) expect(addWorkingDays(from, n, calendars[name]).provisional).toBe(true);
      }),
    );
  });

  it('fall on a working day', () => {
    fc.assert(
      fc.property(instant, days, fraction, calendarName, (from, n, f, name) => {
        expect(isWorkingDay(localDate(instantAtWorkingFraction(from, n, f, calendars[name]).atMs), calendars[name])).toBe(true);
      }),
    );
  });
});
