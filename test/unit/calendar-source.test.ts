// Where the working-day calendar comes from: the chinese-days package data, and CALENDAR_FILE years on top.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWorkday } from 'chinese-days';
import { addWorkingDays, calendarYear, changedYears, describeDay, yearsCovered } from '../../domain/working-days';
import { loadCalendarFile, loadPackageCalendar, loadWorkingCalendar } from '../../runtime/calendar-source';
import { StartupError } from '../../runtime/errors';

const packageCalendar = loadPackageCalendar();
const packageVersion = (JSON.parse(readFileSync(require.resolve('chinese-days/package.json'), 'utf8')) as { version: string }).version;
const dir = mkdtempSync(join(tmpdir(), 'calendar-file-'));

/** A made-up 2027 (the real notice is not out yet): New Year Friday to Sunday, Spring Festival 6–14 February, 20 February worked. */
const FAKE_2027 = {
  source: 'test: an invented 2027 notice',
  years: {
    '2027': {
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03', ...range('2027-02-06', 9)],
      workdays: ['2027-02-20'],
    },
  },
};

function range(first: string, days: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

let fileCount = 0;
function fileWith(content: unknown): string {
  const file = join(dir, `calendar-${++fileCount}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** FAKE_2027 with the 2027 entry's fields replaced. */
function with2027(fields: Record<string, unknown>): unknown {
  return { ...FAKE_2027, years: { '2027': { ...FAKE_2027.years['2027'], ...fields } } };
}

function startupErrorOf(load: () => unknown): StartupError {
  try {
    load();
  } catch (e) {
    expect(e).toBeInstanceOf(StartupError);
    return e as StartupError;
  }
  throw new Error('expected a StartupError');
}

describe('the calendar from the chinese-days package', () => {
  it('covers every year the package publishes, 2004 to 2026', () => {
    expect(yearsCovered(packageCalendar)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it('states its provenance with the installed package version', () => {
    expect(packageVersion).toBe('1.5.7');
    expect(calendarYear(packageCalendar, 2026)?.source).toBe('chinese-days@1.5.7 (国务院办公厅 holiday notices)');
  });

  it('agrees with the package’s own isWorkday on every day of every covered year', () => {
    const disagreements: string[] = [];
    for (let ms = Date.UTC(2004, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 86_400_000) {
      const date = new Date(ms).toISOString().slice(0, 10);
      if (describeDay(date, packageCalendar).working !== isWorkday(date)) disagreements.push(date);
    }
    expect(disagreements).toEqual([]);
  });

  it('lists National Day 2026 and its make-up Sundays and Saturdays as the State Council announced them', () => {
    const year = calendarYear(packageCalendar, 2026)!;
    expect(year.holidays).toEqual(expect.arrayContaining(range('2026-10-01', 7)));
    expect(year.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('keeps the 2020 Spring Festival extension, where 1 February was no longer a make-up day', () => {
    expect(describeDay('2020-02-01', packageCalendar).kind).toBe('holiday');
    expect(describeDay('2020-02-03', packageCalendar).working).toBe(true);
  });

  it('is canonical data: sorted lists that survive a JSON round trip unchanged', () => {
    for (const year of yearsCovered(packageCalendar)) {
      const { holidays, workdays } = calendarYear(packageCalendar, year)!;
      expect(holidays).toEqual([...holidays].sort());
      expect(workdays).toEqual([...workdays].sort());
    }
    expect(JSON.parse(JSON.stringify(packageCalendar))).toEqual(packageCalendar);
  });
});

describe('CALENDAR_FILE', () => {
  it('adds its years to the package calendar', () => {
    const calendar = loadWorkingCalendar(fileWith(FAKE_2027));
    expect(yearsCovered(calendar)).toEqual([...yearsCovered(packageCalendar), 2027]);
    expect(calendarYear(calendar, 2027)).toEqual({
      year: 2027,
      holidays: FAKE_2027.years['2027'].holidays,
      workdays: ['2027-02-20'],
      source: 'test: an invented 2027 notice',
    });
    expect(changedYears(packageCalendar, calendar)).toEqual([2027]);
  });

  it('makes 2027 deadlines non-provisional and moves them where the added holidays fall', () => {
    const calendar = loadWorkingCalendar(fileWith(FAKE_2027));
    // Without 2027 data, New Year's Day (a Friday) counts as a working day.
    expect(addWorkingDays('2026-12-30T10:00:00+08:00', 3, packageCalendar)).toMatchObject({
      dueAt: '2027-01-05T00:00:00+08:00',
      provisional: true,
      provisionalYears: [2027],
    });
    expect(addWorkingDays('2026-12-30T10:00:00+08:00', 3, calendar)).toMatchObject({
      dueAt: '2027-01-06T00:00:00+08:00',
      provisional: false,
      provisionalYears: [],
    });
    // Across the invented Spring Festival: Friday 5 February, then Monday 15 to Friday 19; Saturday 20 is worked.
    expect(addWorkingDays('2027-02-04T09:00:00+08:00', 2, calendar).lastWorkingDay).toBe('2027-02-15');
    expect(addWorkingDays('2027-02-04T09:00:00+08:00', 2, packageCalendar).lastWorkingDay).toBe('2027-02-08');
    expect(addWorkingDays('2027-02-04T09:00:00+08:00', 7, calendar).lastWorkingDay).toBe('2027-02-20');
  });

  it('sorts each list, so the order in the file does not matter', () => {
    const calendar = loadCalendarFile(fileWith(with2027({ holidays: [...FAKE_2027.years['2027'].holidays].reverse() })));
    expect(calendarYear(calendar, 2027)?.holidays).toEqual(FAKE_2027.years['2027'].holidays);
  });

  it('lets a year name its own source, and replaces a package year whole', () => {
    const calendar = loadWorkingCalendar(
      fileWith({ source: 'file', years: { '2026': { holidays: ['2026-10-01'], workdays: [], source: 'a corrected notice' } } }),
    );
    expect(calendarYear(calendar, 2026)).toEqual({ year: 2026, holidays: ['2026-10-01'], workdays: [], source: 'a corrected notice' });
    expect(describeDay('2026-10-02', calendar).working).toBe(true);
  });

  it('is ignored when the variable is empty', () => {
    expect(loadWorkingCalendar('  ')).toEqual(packageCalendar);
    expect(loadWorkingCalendar(undefined)).toEqual(packageCalendar);
  });

  it('names the file when it does not exist', () => {
    const file = join(dir, 'missing.json');
    expect(startupErrorOf(() => loadCalendarFile(file)).message).toBe(
      `calendar file ${file} (CALENDAR_FILE) was not found — fix the file or unset CALENDAR_FILE`,
    );
  });

  it('says why a file cannot be read', () => {
    const directory = join(dir, 'a-directory.json');
    mkdirSync(directory);
    expect(startupErrorOf(() => loadCalendarFile(directory)).message).toMatch(
      new RegExp(`^calendar file ${directory} \\(CALENDAR_FILE\\) cannot be read: .*EISDIR`),
    );
  });

  it('refuses malformed JSON in one line', () => {
    const message = startupErrorOf(() => loadCalendarFile(fileWith('{"source": "x", "years": {'))).message;
    expect(message).toMatch(/\(CALENDAR_FILE\) is not valid JSON: /);
    expect(message).not.toContain('\n');
  });

  it.each<[string, unknown, string]>([
    ['a list at the top level', [], 'top level: must be an object with "source" and "years"'],
    ['no source', { years: FAKE_2027.years }, 'source: must say where the dates come from (the notice), as a non-empty string'],
    ['a blank source', { ...FAKE_2027, source: '  ' }, 'source: must say where the dates come from'],
    ['an unknown field', { ...FAKE_2027, version: 1 }, 'version: is not a known field (expected "source", "years")'],
    ['no years', { source: 'x' }, 'years: must be an object keyed by year'],
    ['no year in years', { source: 'x', years: {} }, 'years: must list at least one year'],
    [
      'a year that is not four digits',
      { source: 'x', years: { '27': { holidays: [], workdays: [] } } },
      'years.27: the key must be a four-digit year',
    ],
    [
      'a year before 1992',
      { source: 'x', years: { '1990': { holidays: [], workdays: [] } } },
      'years.1990: years before 1992 are not supported',
    ],
    [
      'a year that is not an object',
      { source: 'x', years: { '2027': [] } },
      'years.2027: must be an object with "holidays" and "workdays"',
    ],
    [
      'a misspelt list name',
      with2027({ workday: [] }),
      'years.2027.workday: is not a known field (expected "holidays", "workdays", "source")',
    ],
    ['missing workdays', { source: 'x', years: { '2027': { holidays: [] } } }, 'years.2027.workdays: must be a list of dates (YYYY-MM-DD)'],
    ['a blank year source', with2027({ source: '' }), 'years.2027.source: must say where the dates come from'],
    [
      'a date that does not exist',
      with2027({ holidays: ['2027-02-30'] }),
      'years.2027.holidays[0]: "2027-02-30" is not a date (YYYY-MM-DD)',
    ],
    ['a date in another format', with2027({ workdays: ['2027/02/20'] }), 'years.2027.workdays[0]: "2027/02/20" is not a date (YYYY-MM-DD)'],
    ['a number instead of a date', with2027({ holidays: ['2027-01-01', 20270102] }), 'years.2027.holidays[1]: 20270102 is not a date'],
    ['a date outside its year', with2027({ holidays: ['2026-12-31', '2027-01-01'] }), 'years.2027.holidays[0]: 2026-12-31 is not in 2027'],
    ['a date listed twice', with2027({ holidays: ['2027-01-01', '2027-01-01'] }), 'years.2027.holidays[1]: 2027-01-01 is listed twice'],
    [
      'a date both off and worked',
      with2027({ holidays: ['2027-02-20'], workdays: ['2027-02-20'] }),
      'years.2027.workdays[0]: 2027-02-20 is also listed as a holiday',
    ],
    [
      'a make-up working day that is a weekday',
      with2027({ workdays: ['2027-02-19'] }),
      'years.2027.workdays[0]: 2027-02-19 is a Friday; a make-up working day must be a Saturday or Sunday',
    ],
  ])('refuses %s, naming the field and the reason', (_case, content, expected) => {
    const file = fileWith(content);
    const message = startupErrorOf(() => loadCalendarFile(file)).message;
    expect(message).toContain(`calendar file ${file} (CALENDAR_FILE): ${expected}`);
    expect(message).toMatch(/ — fix the file or unset CALENDAR_FILE$/);
  });

  it('lists several bad dates of a year on one line', () => {
    const message = startupErrorOf(() => loadCalendarFile(fileWith(with2027({ holidays: ['2027-13-01', '2028-01-01'] })))).message;
    expect(message).toContain(
      'years.2027.holidays[0]: "2027-13-01" is not a date (YYYY-MM-DD); years.2027.holidays[1]: 2028-01-01 is not in 2027',
    );
    expect(message).not.toContain('\n');
  });
});
