// "<n>wd" deadlines over the official calendar (DESIGN.md §9), on real holidays from the chinese-days data.
import { parseDuration } from '../../domain/durations';
import {
  addWorkingDays,
  calendarYear,
  calendarYearProblems,
  changedYears,
  describeDay,
  EMPTY_CALENDAR,
  formatShanghaiInstant,
  instantAtWorkingFraction,
  isWorkingDay,
  mergeCalendars,
  parseWorkingDays,
  toInstantMs,
  workingDaysNominalMs,
  yearsCovered,
  type WorkingCalendar,
} from '../../domain/working-days';
import { loadPackageCalendar } from '../../runtime/calendar-source';

const calendar = loadPackageCalendar();
const H = 3_600_000;

describe('parseWorkingDays', () => {
  it.each([
    ['1wd', 1],
    ['3wd', 3],
    ['10wd', 10],
    ['1000wd', 1000],
  ])('reads %s as %i working days', (text, days) => {
    expect(parseWorkingDays(text)).toEqual({ ok: true, days });
  });

  it.each([
    ['0wd', '"0wd" must be at least 1 working day'],
    ['1.5wd', '"1.5wd" must be a whole number of working days'],
    ['-2wd', '"-2wd" must be a positive number of working days'],
    ['wd', '"wd" needs a number of working days before "wd", like "10wd"'],
    [' 3wd', '" 3wd" must not have spaces around it'],
    ['3wd ', '"3wd " must not have spaces around it'],
    ['3d', '"3d" is not a working-day duration like "10wd"'],
    ['3WD', '"3WD" is not a working-day duration like "10wd"'],
    ['3 wd', '"3 wd" is not a working-day duration like "10wd"'],
    ['３wd', '"３wd" is not a working-day duration like "10wd"'],
    ['1e3wd', '"1e3wd" is not a working-day duration like "10wd"'],
    ['1001wd', '"1001wd" is longer than the 1000 working days a clock may run'],
  ])('refuses %j: %s', (text, reason) => {
    expect(parseWorkingDays(text)).toEqual({ ok: false, reason });
  });

  it('refuses a value that is not a string without throwing', () => {
    expect(parseWorkingDays(3)).toEqual({ ok: false, reason: '3 is not a working-day duration like "10wd"' });
    expect(parseWorkingDays(undefined)).toEqual({ ok: false, reason: 'undefined is not a working-day duration like "10wd"' });
  });
});

describe('workingDaysNominalMs', () => {
  it('counts a working day as 24 hours, so "3wd" and "3d" are equally long when urgent is compared with normal', () => {
    expect(workingDaysNominalMs(3)).toBe(parseDuration('3d'));
    expect(workingDaysNominalMs(10)).toBe(240 * H);
  });

  it('refuses a count that is not a whole number of working days', () => {
    expect(() => workingDaysNominalMs(0)).toThrow(RangeError);
    expect(() => workingDaysNominalMs(1.5)).toThrow('a working-day count must be a whole number from 1 to 1000, not 1.5');
  });
});

describe('describeDay and isWorkingDay', () => {
  it.each([
    ['2026-02-13', true, 'weekday'], // Friday before the Spring Festival
    ['2026-02-14', true, 'make-up workday'], // Saturday worked for the Spring Festival
    ['2026-02-17', false, 'holiday'], // Spring Festival (初一)
    ['2026-02-23', false, 'holiday'], // Monday, last day of the nine-day break
    ['2026-02-24', true, 'weekday'],
    ['2026-02-28', true, 'make-up workday'],
    ['2026-03-01', false, 'weekend'],
    ['2026-10-01', false, 'holiday'], // National Day
    ['2026-10-10', true, 'make-up workday'], // Saturday worked for National Day
  ] as const)('%s is %s (%s)', (date, working, kind) => {
    expect(describeDay(date, calendar)).toEqual({ date, working, kind, provisional: false });
    expect(isWorkingDay(date, calendar)).toBe(working);
  });

  it('counts Monday to Friday in a year without data and says so', () => {
    expect(describeDay('2027-01-01', calendar)).toEqual({ date: '2027-01-01', working: true, kind: 'weekday', provisional: true });
    expect(describeDay('2027-01-02', calendar)).toEqual({ date: '2027-01-02', working: false, kind: 'weekend', provisional: true });
  });

  it.each(['2026-02-30', '2026-2-3', '20260203', ''])('refuses %j, which is not a date', (date) => {
    expect(() => isWorkingDay(date, calendar)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('follows the §9 example: from 30 September 2026, 3wd ends with make-up Saturday 10 October', () => {
    expect(addWorkingDays('2026-09-30T10:00+08:00', 3, calendar)).toEqual({
      dueAt: '2026-10-11T00:00:00+08:00',
      dueAtMs: Date.parse('2026-10-11T00:00:00+08:00'),
      lastWorkingDay: '2026-10-10',
      provisional: false,
      provisionalYears: [],
    });
  });

  it('accepts the start as epoch milliseconds or in any offset, and only the Shanghai date of it matters', () => {
    const expected = '2026-10-11T00:00:00+08:00';
    expect(addWorkingDays(Date.parse('2026-09-30T10:00:00+08:00'), 3, calendar).dueAt).toBe(expected);
    expect(addWorkingDays('2026-09-30T02:00:00Z', 3, calendar).dueAt).toBe(expected);
    expect(addWorkingDays('2026-09-29T16:00:00Z', 3, calendar).dueAt).toBe(expected); // 00:00 on the 30th in Shanghai
    expect(addWorkingDays('2026-09-30T23:59:59.999+08:00', 3, calendar).dueAt).toBe(expected);
    // One millisecond earlier is still the 29th in Shanghai, so the 30th counts as the first working day.
    expect(addWorkingDays('2026-09-29T15:59:59.999Z', 3, calendar).dueAt).toBe('2026-10-10T00:00:00+08:00');
  });

  it('skips the nine-day Spring Festival break of 2026 and counts its make-up Saturday', () => {
    const friday = '2026-02-13T15:00:00+08:00';
    expect(addWorkingDays(friday, 1, calendar).dueAt).toBe('2026-02-15T00:00:00+08:00'); // Saturday the 14th is worked
    expect(addWorkingDays(friday, 2, calendar).dueAt).toBe('2026-02-25T00:00:00+08:00'); // then nothing until Tuesday the 24th
    expect(addWorkingDays(friday, 6, calendar).lastWorkingDay).toBe('2026-02-28'); // the second make-up Saturday
  });

  it('counts the make-up Sunday before National Day 2026', () => {
    expect(addWorkingDays('2026-09-19T09:00:00+08:00', 1, calendar).dueAt).toBe('2026-09-21T00:00:00+08:00');
  });

  it('starting on a holiday, counts from the first working day after it', () => {
    expect(addWorkingDays('2026-10-03T12:00:00+08:00', 1, calendar).dueAt).toBe('2026-10-09T00:00:00+08:00');
    expect(addWorkingDays('2026-10-03T12:00:00+08:00', 3, calendar).dueAt).toBe('2026-10-11T00:00:00+08:00');
  });

  it('starting on a make-up Saturday, does not count that day although it is worked', () => {
    expect(addWorkingDays('2026-10-10T09:00:00+08:00', 1, calendar)).toMatchObject({
      dueAt: '2026-10-13T00:00:00+08:00',
      lastWorkingDay: '2026-10-12',
    });
  });

  it('crossing New Year 2026→2027 into a year without data, counts weekdays and marks the deadline provisional', () => {
    expect(addWorkingDays('2026-12-29T10:00:00+08:00', 1, calendar)).toMatchObject({
      dueAt: '2026-12-31T00:00:00+08:00',
      provisional: false,
    });
    expect(addWorkingDays('2026-12-29T10:00:00+08:00', 2, calendar)).toMatchObject({
      dueAt: '2027-01-01T00:00:00+08:00', // ends with 31 December, so no day of 2027 is counted
      provisional: false,
    });
    expect(addWorkingDays('2026-12-29T10:00:00+08:00', 3, calendar)).toMatchObject({
      dueAt: '2027-01-02T00:00:00+08:00', // New Year's Day counted as a plain Friday
      lastWorkingDay: '2027-01-01',
      provisional: true,
      provisionalYears: [2027],
    });
  });

  it('counts Monday to Friday within 2027', () => {
    expect(addWorkingDays('2027-03-05T10:00:00+08:00', 5, calendar)).toMatchObject({
      dueAt: '2027-03-13T00:00:00+08:00',
      provisional: true,
      provisionalYears: [2027],
    });
    expect(addWorkingDays('2027-03-05T10:00:00+08:00', 10, calendar).dueAt).toBe('2027-03-20T00:00:00+08:00');
  });

  it('lists every year without data it ran through', () => {
    expect(addWorkingDays('2026-12-30T10:00:00+08:00', 300, calendar).provisionalYears).toEqual([2027, 2028]);
    expect(addWorkingDays('2026-12-30T10:00:00+08:00', 300, EMPTY_CALENDAR).provisionalYears).toEqual([2026, 2027, 2028]);
  });

  it.each(['2026-09-30T10:00', '2026-09-30', '2026-02-30T10:00:00Z', 'yesterday', ''])('refuses the start %j', (from) => {
    expect(() => addWorkingDays(from, 3, calendar)).toThrow(RangeError);
  });

  it.each([0, -1, 1.5, 1001, NaN])('refuses %p working days', (days) => {
    expect(() => addWorkingDays('2026-09-30T10:00:00+08:00', days, calendar)).toThrow(RangeError);
  });
});

describe('instantAtWorkingFraction', () => {
  it('puts the 75 % reminder of the §9 example a quarter of a working day before the deadline', () => {
    expect(instantAtWorkingFraction('2026-09-30T10:00:00+08:00', 3, 0.75, calendar)).toEqual({
      at: '2026-10-10T06:00:00+08:00',
      atMs: Date.parse('2026-10-10T06:00:00+08:00'),
      provisional: false,
      provisionalYears: [],
    });
  });

  it('measures working time only, so a holiday in between does not pull the reminder forward', () => {
    // 10wd from the eve of National Day: 7.5 working days in is noon on the 8th working day (16 October).
    expect(instantAtWorkingFraction('2026-09-30T10:00:00+08:00', 10, 0.75, calendar).at).toBe('2026-10-16T12:00:00+08:00');
    expect(instantAtWorkingFraction('2026-09-30T10:00:00+08:00', 1, 0.5, calendar).at).toBe('2026-10-08T12:00:00+08:00');
  });

  it('is provisional only when the working time up to it runs into a year without data', () => {
    // 4wd from 29 December: 30 and 31 December, then 1 and 4 January counted as plain weekdays.
    expect(instantAtWorkingFraction('2026-12-29T10:00:00+08:00', 4, 0.25, calendar)).toMatchObject({
      at: '2026-12-31T00:00:00+08:00',
      provisional: false,
    });
    expect(instantAtWorkingFraction('2026-12-29T10:00:00+08:00', 4, 0.75, calendar)).toMatchObject({
      at: '2027-01-04T00:00:00+08:00',
      provisional: true,
      provisionalYears: [2027],
    });
  });

  it('stays strictly before the deadline even for a fraction just below 1', () => {
    const due = addWorkingDays('2026-09-30T10:00:00+08:00', 3, calendar).dueAtMs;
    expect(instantAtWorkingFraction('2026-09-30T10:00:00+08:00', 3, 1 - Number.EPSILON, calendar).atMs).toBeLessThan(due);
  });

  it.each([0, 1, -0.5, 1.5, NaN])('refuses the fraction %p', (fraction) => {
    expect(() => instantAtWorkingFraction('2026-09-30T10:00:00+08:00', 3, fraction, calendar)).toThrow(RangeError);
  });
});

describe('instants', () => {
  it('writes Shanghai local time with its offset, milliseconds only when there are some', () => {
    expect(formatShanghaiInstant(Date.parse('2026-10-10T16:00:00Z'))).toBe('2026-10-11T00:00:00+08:00');
    expect(formatShanghaiInstant(Date.parse('2026-10-10T16:00:00.250Z'))).toBe('2026-10-11T00:00:00.250+08:00');
  });

  it('reads an instant only with an explicit offset, because without one Date.parse uses the host time zone', () => {
    expect(toInstantMs('2026-09-30T10:00+08:00')).toBe(Date.parse('2026-09-30T02:00:00Z'));
    expect(() => toInstantMs('2026-09-30T10:00:00')).toThrow('"2026-09-30T10:00:00" is not an ISO-8601 instant with an offset');
  });
});

describe('the calendar as data', () => {
  const year2027 = { holidays: ['2027-01-01'], workdays: [], source: 'test' };

  it('shows one year as the API answers it, or nothing for a year without data', () => {
    expect(calendarYear(calendar, 2026)).toMatchObject({ year: 2026, source: 'chinese-days@1.5.7 (国务院办公厅 holiday notices)' });
    expect(calendarYear(calendar, 2027)).toBeUndefined();
    expect(calendarYear(EMPTY_CALENDAR, 2026)).toBeUndefined();
  });

  it('hands out copies, so a caller cannot edit the calendar through the view', () => {
    (calendarYear(calendar, 2026)!.holidays as string[]).push('2026-12-25');
    expect(isWorkingDay('2026-12-25', calendar)).toBe(true);
  });

  it('merges added years over the base, a year in both taken from the added calendar', () => {
    const added: WorkingCalendar = { years: { '2027': year2027, '2026': { holidays: [], workdays: [], source: 'override' } } };
    const merged = mergeCalendars(calendar, added);
    expect(yearsCovered(merged)).toEqual([...yearsCovered(calendar), 2027]);
    expect(isWorkingDay('2026-10-01', merged)).toBe(true);
    expect(isWorkingDay('2027-01-01', merged)).toBe(false);
    expect(Object.keys(merged.years)).toEqual(yearsCovered(merged).map(String));
  });

  it('says which years changed their days, ignoring a change of source alone', () => {
    const with2027 = mergeCalendars(calendar, { years: { '2027': year2027 } });
    expect(changedYears(calendar, with2027)).toEqual([2027]);
    expect(changedYears(with2027, calendar)).toEqual([2027]);
    expect(changedYears(with2027, mergeCalendars(with2027, { years: { '2027': { ...year2027, source: 'renamed' } } }))).toEqual([]);
    expect(changedYears(with2027, mergeCalendars(with2027, { years: { '2027': { ...year2027, workdays: ['2027-01-02'] } } }))).toEqual([
      2027,
    ]);
  });

  it('finds the problems of a year’s lists with their positions', () => {
    expect(calendarYearProblems(2027, ['2027-01-01', '2027-01-01', '2026-12-31'], ['2027-01-04'])).toEqual([
      { field: 'holidays', index: 1, reason: '2027-01-01 is listed twice' },
      { field: 'holidays', index: 2, reason: '2026-12-31 is not in 2027' },
      { field: 'workdays', index: 0, reason: '2027-01-04 is a Monday; a make-up working day must be a Saturday or Sunday' },
    ]);
  });
});
