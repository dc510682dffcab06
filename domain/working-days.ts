// The official working-day calendar of the PRC and "<n>wd" deadline arithmetic (DESIGN.md §9). Pure and
// deterministic: the calendar and every instant are passed in, so it runs in the Temporal workflow sandbox.

/**
 * One year of the official calendar: only the days that differ from "Monday to Friday work, Saturday
 * and Sunday off". Dates are YYYY-MM-DD in Asia/Shanghai, ascending, each inside the year.
 */
export interface CalendarYearData {
  /** Days off under the State Council notice; weekend days inside a holiday period may be listed too. */
  readonly holidays: readonly string[];
  /** Make-up working days (调休上班), each a Saturday or Sunday. */
  readonly workdays: readonly string[];
  /** Where this year's data comes from, e.g. "chinese-days@1.5.7 (国务院办公厅 holiday notices)". */
  readonly source: string;
}

/**
 * The calendar as plain JSON-shaped data, so it can be a workflow input and be compared. Keyed by the
 * four-digit year ("2026"): JSON object keys are strings, so the type says so rather than pretending
 * they are numbers. A year that is absent has no data and is counted Monday–Friday, provisionally.
 */
export interface WorkingCalendar {
  readonly years: Readonly<Record<string, CalendarYearData>>;
}

/** What GET /api/v1/calendar?year= answers. */
export interface CalendarYearView extends CalendarYearData {
  readonly year: number;
}

export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'make-up workday';

export interface DayStatus {
  readonly date: string;
  readonly working: boolean;
  readonly kind: DayKind;
  /** True when the date's year has no data, so only the day of the week decided. */
  readonly provisional: boolean;
}

/** A deadline `n` working days after a start instant. */
export interface WorkingDeadline {
  /** 24:00 Asia/Shanghai of the n-th working day, written as 00:00 of the next day: 2026-10-11T00:00:00+08:00. */
  readonly dueAt: string;
  readonly dueAtMs: number;
  /** The n-th working day after the start day (YYYY-MM-DD); the deadline is its end. */
  readonly lastWorkingDay: string;
  /** True when any day counted lies in a year without data; such a deadline is recomputed once the year is loaded. */
  readonly provisional: boolean;
  /** The years without data that the count ran through, ascending; empty when not provisional. */
  readonly provisionalYears: readonly number[];
}

/** An instant inside the working time of a clock (a reminder), with the same provenance flags. */
export interface WorkingInstant {
  readonly at: string;
  readonly atMs: number;
  readonly provisional: boolean;
  readonly provisionalYears: readonly number[];
}

export type WorkingDaysParse = { readonly ok: true; readonly days: number } | { readonly ok: false; readonly reason: string };

/** No year has data: everything counts Monday–Friday and is provisional. For tests and as a neutral default. */
export const EMPTY_CALENDAR: WorkingCalendar = { years: {} };

/**
 * The longest working-day clock accepted (about four years). The count walks day by day, so a typo like
 * "100000wd" must be refused rather than looped over; the longest legal clock in §4 is far shorter.
 */
const MAX_WORKING_DAYS = 1000;

const DAY_MS = 86_400_000;
// Asia/Shanghai has been UTC+08:00 all year since 1991 (no DST), so fixed-offset arithmetic is exact for
// every date the calendar covers and needs no time-zone data from Intl, whose presence and version vary
// between Node builds and would make a workflow's replay depend on the host.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An explicit offset is required: Date.parse reads "2026-09-30T10:00" in the host's time zone, which
// would make the same input mean different instants on different machines.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const WORKING_DAYS_RE = /^(\d+)wd$/;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// ---------------------------------------------------------------------------------------------------
// Durations

/** Reads a policy duration "<n>wd" (n a positive whole number of working days); never throws. */
export function parseWorkingDays(text: unknown): WorkingDaysParse {
  if (typeof text !== 'string') return { ok: false, reason: `${describe(text)} is not a working-day duration like "10wd"` };
  const q = JSON.stringify(text);
  if (text.trim() !== text) return { ok: false, reason: `${q} must not have spaces around it` };
  if (!text.endsWith('wd')) return { ok: false, reason: `${q} is not a working-day duration like "10wd"` };
  const count = text.slice(0, -2);
  if (count === '') return { ok: false, reason: `${q} needs a number of working days before "wd", like "10wd"` };
  if (/^-\d/.test(count)) return { ok: false, reason: `${q} must be a positive number of working days` };
  if (/^\d*[.,]\d*$/.test(count)) return { ok: false, reason: `${q} must be a whole number of working days` };
  const match = WORKING_DAYS_RE.exec(text);
  if (!match) return { ok: false, reason: `${q} is not a working-day duration like "10wd"` };
  const days = Number(match[1]);
  if (days === 0) return { ok: false, reason: `${q} must be at least 1 working day` };
  if (days > MAX_WORKING_DAYS) return { ok: false, reason: `${q} is longer than the ${MAX_WORKING_DAYS} working days a clock may run` };
  return { ok: true, days };
}

/**
 * The nominal length of n working days, a working day counting as 24 h (§9): what "urgent not longer
 * than normal" compares, so "3d" and "3wd" are equally long there although "3wd" usually runs longer.
 */
export function workingDaysNominalMs(days: number): number {
  assertDayCount(days);
  return days * DAY_MS;
}

// ---------------------------------------------------------------------------------------------------
// Days

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
function isCalendarDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = DATE_RE.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  return epochDayToDate(ms / DAY_MS) === text;
}

/** 0 = Sunday … 6 = Saturday, for a YYYY-MM-DD date. */
function dayOfWeek(date: string): number {
  return weekdayOfEpochDay(dateToEpochDay(date));
}

/** Whether a date is a working day; a year without data counts Monday–Friday (see describeDay for the flag). */
export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  return describeDay(date, calendar).working;
}

/**
 * Whether a date is a working day and why. Returned as an object by a separately named function so that
 * `if (isWorkingDay(...))` stays a plain boolean test and cannot be fooled by an always-truthy object.
 */
export function describeDay(date: string, calendar: WorkingCalendar): DayStatus {
  const epochDay = dateToEpochDay(date);
  const data = calendar.years[date.slice(0, 4)];
  const weekend = isWeekend(weekdayOfEpochDay(epochDay));
  if (!data) return { date, working: !weekend, kind: weekend ? 'weekend' : 'weekday', provisional: true };
  if (data.workdays.includes(date)) return { date, working: true, kind: 'make-up workday', provisional: false };
  if (data.holidays.includes(date)) return { date, working: false, kind: 'holiday', provisional: false };
  return { date, working: !weekend, kind: weekend ? 'weekend' : 'weekday', provisional: false };
}

// ---------------------------------------------------------------------------------------------------
// Deadlines

/**
 * The deadline `days` working days after `from` (§9, as in administrative law): the local
 * (Asia/Shanghai) day of `from` is not counted, whatever the hour, and the deadline is 24:00 of the
 * n-th working day after it. From 2026-09-30T10:00+08:00, 3 working days are 8, 9 and 10 October
 * (the 10th a make-up Saturday), so the deadline is 2026-10-11T00:00:00+08:00.
 * `from` is epoch milliseconds or an ISO instant with an explicit offset; bad input throws RangeError.
 */
export function addWorkingDays(from: number | string, days: number, calendar: WorkingCalendar): WorkingDeadline {
  assertDayCount(days);
  const walk = walkWorkingDays(localEpochDay(toInstantMs(from)), days, calendar);
  const dueAtMs = localMidnightMs(walk.lastDay + 1);
  return {
    dueAt: formatShanghaiInstant(dueAtMs),
    dueAtMs,
    lastWorkingDay: epochDayToDate(walk.lastDay),
    provisional: walk.provisionalYears.length > 0,
    provisionalYears: walk.provisionalYears,
  };
}

/**
 * The instant at `fraction` (0 < f < 1) of a clock's working time, for the reminder (§4: 75 %).
 *
 * Measured in working time, not wall-clock time: the clock only runs during the counted working days,
 * each a 24 h block from 00:00 to 24:00 local, laid end to end; f·n days into that is the answer. A
 * wall-clock fraction would misfire around holidays: from 2026-09-30, 75 % of the 10.6 calendar days to
 * a "3wd" deadline falls at 04:00 on 8 October, before the first working day, with all three left;
 * working time puts it at 06:00 on 10 October, with a quarter of a working day left, which is what a
 * 75 % reminder means. It is always after `from` (the first working day starts after the start day) and
 * strictly before the deadline.
 */
export function instantAtWorkingFraction(from: number | string, days: number, fraction: number, calendar: WorkingCalendar): WorkingInstant {
  assertDayCount(days);
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    throw new RangeError(`fraction must be a number between 0 and 1 (exclusive), not ${describe(fraction)}`);
  }
  // Floating point may round f·n·24h up to the whole span; one millisecond short keeps it before the deadline.
  const elapsedMs = Math.min(Math.floor(fraction * days * DAY_MS), days * DAY_MS - 1);
  const fullDays = Math.floor(elapsedMs / DAY_MS);
  const walk = walkWorkingDays(localEpochDay(toInstantMs(from)), fullDays + 1, calendar);
  const atMs = localMidnightMs(walk.lastDay) + (elapsedMs - fullDays * DAY_MS);
  return {
    at: formatShanghaiInstant(atMs),
    atMs,
    provisional: walk.provisionalYears.length > 0,
    provisionalYears: walk.provisionalYears,
  };
}

/** An instant as ISO 8601 in Asia/Shanghai local time: 2026-10-11T00:00:00+08:00 (milliseconds only when not zero). */
export function formatShanghaiInstant(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`${ms} is not an instant`);
  const local = new Date(ms + SHANGHAI_OFFSET_MS).toISOString(); // 2026-10-10T16:00:00.000Z shifted to local
  const millis = local.slice(20, 23);
  return `${local.slice(0, 19)}${millis === '000' ? '' : `.${millis}`}+08:00`;
}

/** Epoch milliseconds of an instant given as milliseconds or as ISO 8601 with an explicit offset; throws RangeError. */
export function toInstantMs(from: number | string): number {
  if (typeof from === 'number') {
    if (!Number.isFinite(from)) throw new RangeError(`${from} is not an instant`);
    return from;
  }
  // Date.parse rolls 2026-02-30 over into March; a date that does not exist is refused instead.
  const ms = typeof from === 'string' && INSTANT_RE.test(from) && isCalendarDate(from.slice(0, 10)) ? Date.parse(from) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${describe(from)} is not an ISO-8601 instant with an offset, like 2026-09-30T10:00:00+08:00`);
  return ms;
}

// ---------------------------------------------------------------------------------------------------
// The calendar as data

/** One year's data as the API shows it, or undefined when the calendar has none for that year. */
export function calendarYear(calendar: WorkingCalendar, year: number): CalendarYearView | undefined {
  const data = calendar.years[String(year)];
  if (!data) return undefined;
  return { year, holidays: [...data.holidays], workdays: [...data.workdays], source: data.source };
}

/** The years with data, ascending. */
export function yearsCovered(calendar: WorkingCalendar): number[] {
  return Object.keys(calendar.years)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The year (Asia/Shanghai) an instant falls in. */
export function shanghaiYearOf(ms: number): number {
  return new Date(ms + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/**
 * Only the years `first`..`last` of a calendar: what a case carries in its workflow input, kept small
 * because it is stored in every run's history. Years outside it count as without data (provisional).
 */
export function calendarForYears(calendar: WorkingCalendar, first: number, last: number): WorkingCalendar {
  const years: Record<string, CalendarYearData> = {};
  for (const year of yearsCovered(calendar)) {
    if (year >= first && year <= last) years[String(year)] = calendar.years[String(year)];
  }
  return { years };
}

/** `base` with the years of `added`; a year in both is taken whole from `added` (a later notice replaces an earlier one). */
export function mergeCalendars(base: WorkingCalendar, added: WorkingCalendar): WorkingCalendar {
  const years: Record<string, CalendarYearData> = {};
  for (const year of [...new Set([...yearsCovered(base), ...yearsCovered(added)])].sort((a, b) => a - b)) {
    const key = String(year);
    years[key] = added.years[key] ?? base.years[key];
  }
  return { years };
}

/**
 * The years whose working days differ between two calendars (added, removed, or other dates), ascending:
 * the deadlines that counted through them are the ones to recompute. A changed `source` with the same
 * dates moves no deadline, so it is not a change here.
 */
export function changedYears(before: WorkingCalendar, after: WorkingCalendar): number[] {
  const years = [...new Set([...yearsCovered(before), ...yearsCovered(after)])].sort((a, b) => a - b);
  return years.filter((year) => {
    const a = before.years[String(year)];
    const b = after.years[String(year)];
    if (!a || !b) return a !== b;
    return !sameCalendarDays(a, b);
  });
}

/** Whether two versions of a year list the same holidays and make-up working days (the source aside). */
export function sameCalendarDays(
  a: Pick<CalendarYearData, 'holidays' | 'workdays'>,
  b: Pick<CalendarYearData, 'holidays' | 'workdays'>,
): boolean {
  return sameDates(a.holidays, b.holidays) && sameDates(a.workdays, b.workdays);
}

/** A problem with one date of a year's lists; `index` is its position in `field`. */
export interface CalendarYearProblem {
  readonly field: 'holidays' | 'workdays';
  readonly index: number;
  readonly reason: string;
}

/**
 * What is wrong with one year's lists, in list order: a value that is not a date, a date outside the
 * year, a date listed twice, a date both off and worked, a make-up working day that is not a Saturday or
 * Sunday (an ordinary weekday is already worked, so listing it means the data is mixed up). Used for the
 * package data and CALENDAR_FILE alike.
 */
export function calendarYearProblems(year: number, holidays: readonly unknown[], workdays: readonly unknown[]): CalendarYearProblem[] {
  const problems: CalendarYearProblem[] = [];
  const holidaySet = new Set(holidays.filter(isCalendarDate));
  for (const [field, list] of [
    ['holidays', holidays],
    ['workdays', workdays],
  ] as const) {
    const seen = new Set<string>();
    for (const [index, value] of list.entries()) {
      const reason = dateProblem(year, field, value, seen, holidaySet);
      if (reason) problems.push({ field, index, reason });
      if (isCalendarDate(value)) seen.add(value);
    }
  }
  return problems;
}

function dateProblem(
  year: number,
  field: 'holidays' | 'workdays',
  value: unknown,
  seen: Set<string>,
  holidays: Set<string>,
): string | undefined {
  if (!isCalendarDate(value)) return `${describe(value)} is not a date (YYYY-MM-DD)`;
  if (value.slice(0, 4) !== String(year)) return `${value} is not in ${year}`;
  if (seen.has(value)) return `${value} is listed twice`;
  if (field === 'workdays' && holidays.has(value)) return `${value} is also listed as a holiday`;
  const weekday = dayOfWeek(value);
  if (field === 'workdays' && !isWeekend(weekday)) {
    return `${value} is a ${WEEKDAY_NAMES[weekday]}; a make-up working day must be a Saturday or Sunday`;
  }
  return undefined;
}

/** A year's lists in canonical form (ascending), so equal calendars serialise identically. */
export function calendarYearData(holidays: readonly string[], workdays: readonly string[], source: string): CalendarYearData {
  return { holidays: [...holidays].sort(), workdays: [...workdays].sort(), source };
}

// ---------------------------------------------------------------------------------------------------
// Internals: days are counted as "epoch days" (days since 1970-01-01 in local Shanghai time).

/** Walks forward from the day after `startDay` to the `count`-th working day, noting years without data. */
function walkWorkingDays(startDay: number, count: number, calendar: WorkingCalendar): { lastDay: number; provisionalYears: number[] } {
  const lookup = new YearLookup(calendar);
  const provisionalYears: number[] = [];
  let day = startDay;
  let counted = 0;
  while (counted < count) {
    day += 1;
    const date = epochDayToDate(day);
    const year = Number(date.slice(0, 4));
    const data = lookup.get(year);
    let working: boolean;
    if (data) {
      working = data.workdays.has(date) || (!data.holidays.has(date) && !isWeekend(weekdayOfEpochDay(day)));
    } else {
      working = !isWeekend(weekdayOfEpochDay(day));
      if (!provisionalYears.includes(year)) provisionalYears.push(year);
    }
    if (working) counted += 1;
  }
  return { lastDay: day, provisionalYears };
}

/** Sets per year, built once per walk: the calendar itself stays plain arrays so it serialises as-is. */
class YearLookup {
  private readonly cache = new Map<number, { holidays: Set<string>; workdays: Set<string> } | null>();
  constructor(private readonly calendar: WorkingCalendar) {}

  get(year: number): { holidays: Set<string>; workdays: Set<string> } | null {
    let entry = this.cache.get(year);
    if (entry === undefined) {
      const data = this.calendar.years[String(year)];
      entry = data ? { holidays: new Set(data.holidays), workdays: new Set(data.workdays) } : null;
      this.cache.set(year, entry);
    }
    return entry;
  }
}

function assertDayCount(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > MAX_WORKING_DAYS) {
    throw new RangeError(`a working-day count must be a whole number from 1 to ${MAX_WORKING_DAYS}, not ${describe(days)}`);
  }
}

function dateToEpochDay(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`${describe(date)} is not a date (YYYY-MM-DD)`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function epochDayToDate(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

function localEpochDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

function localMidnightMs(epochDay: number): number {
  return epochDay * DAY_MS - SHANGHAI_OFFSET_MS;
}

function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

function sameDates(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((d) => set.has(d));
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : `a value of type ${typeof value}`;
}
