// Builds the working-day calendar (DESIGN.md §9) from the chinese-days package and from the file named by
// CALENDAR_FILE. Infrastructure: it reads files; what it returns is plain data for domain/working-days.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  calendarYearData,
  calendarYearProblems,
  mergeCalendars,
  type CalendarYearData,
  type CalendarYearProblem,
  type WorkingCalendar,
} from '../domain/working-days';
import { StartupError } from './errors';

const REINSTALL = 'reinstall with npm install';
const FIX_FILE = 'fix the file or unset CALENDAR_FILE';

/**
 * The calendar the platform uses: the package's years, then the years of `calendarFile` (CALENDAR_FILE)
 * on top, a year in both being taken from the file. An empty name means unset, as in container setups.
 */
export function loadWorkingCalendar(calendarFile?: string): WorkingCalendar {
  const base = loadPackageCalendar();
  const file = calendarFile?.trim();
  return file ? mergeCalendars(base, loadCalendarFile(file)) : base;
}

/**
 * Every year chinese-days publishes, built from its data files rather than typed by hand. The package
 * ships one dist/years/<year>.json per year of State Council notices, each mapping dates to a label:
 * `holidays` (days off, weekends inside a holiday period included), `workdays` (make-up working days)
 * and `inLieuDays` (weekdays off in exchange for a make-up day — already among `holidays`, so unused).
 * Which files exist is what says which years are covered; the package's isWorkday() cannot say that,
 * it silently falls back to Monday–Friday outside its data.
 */
export function loadPackageCalendar(): WorkingCalendar {
  const packageDir = path.dirname(require.resolve('chinese-days/package.json'));
  const packageJson = path.join(packageDir, 'package.json');
  const { version } = parseJson(readText(packageJson, packageJson, REINSTALL), packageJson, REINSTALL) as { version?: unknown };
  if (typeof version !== 'string') throw new StartupError(`${packageJson} has no version`, REINSTALL);
  const source = `chinese-days@${version} (国务院办公厅 holiday notices)`;

  const yearsDir = path.join(packageDir, 'dist', 'years');
  let files: string[];
  try {
    files = readdirSync(yearsDir).filter((name) => /^\d{4}\.json$/.test(name));
  } catch (e) {
    throw new StartupError(`cannot list ${yearsDir}: ${(e as Error).message}`, REINSTALL);
  }
  if (files.length === 0) throw new StartupError(`${yearsDir} holds no <year>.json calendar files`, REINSTALL);

  const years: Record<string, CalendarYearData> = {};
  for (const name of files.sort()) {
    const file = path.join(yearsDir, name);
    const json = parseJson(readText(file, file, REINSTALL), file, REINSTALL);
    const year = Number(name.slice(0, 4));
    const lists = json as { holidays?: unknown; workdays?: unknown };
    if (!isPlainObject(json) || !isPlainObject(lists.holidays) || !isPlainObject(lists.workdays)) {
      throw new StartupError(`${file} does not map "holidays" and "workdays" to dates`, 'the chinese-days data format changed');
    }
    const holidays = Object.keys(lists.holidays);
    const workdays = Object.keys(lists.workdays);
    // The same checks as a hand-written file: an upgrade of the package must not slip in data we misread.
    const problems = calendarYearProblems(year, holidays, workdays);
    if (problems.length > 0)
      throw new StartupError(`${file}: ${formatProblems(String(year), problems)}`, 'the chinese-days data is inconsistent');
    years[String(year)] = calendarYearData(holidays, workdays, source);
  }
  return { years };
}

/**
 * Reads a CALENDAR_FILE: JSON that adds (or replaces) whole years, for a year the package does not cover
 * yet. Format, with every field required except a year's own `source`, and nothing else allowed:
 *
 *   {
 *     "source": "国务院办公厅关于2027年部分节假日安排的通知",
 *     "years": {
 *       "2027": { "holidays": ["2027-01-01", ...], "workdays": ["2027-02-07", ...], "source": "(optional, overrides)" }
 *     }
 *   }
 *
 * `holidays` are the days off (weekend days inside a holiday period may be listed), `workdays` the
 * make-up working days (调休上班, Saturdays or Sundays). Each date must fall in its year, so a notice that
 * moves a day of the previous year (the 2012 notice made 2011-12-31 a working day) needs that year listed
 * too. Any problem throws a StartupError naming the file, the field and the reason.
 */
export function loadCalendarFile(file: string): WorkingCalendar {
  const fullPath = path.resolve(file);
  const what = `calendar file ${fullPath} (CALENDAR_FILE)`;
  return parseCalendarFile(parseJson(readText(fullPath, what, FIX_FILE), what, FIX_FILE), what);
}

/** Validates the JSON of a calendar file; `what` names it in errors. Exported for tests and for callers holding JSON. */
function parseCalendarFile(json: unknown, what: string): WorkingCalendar {
  const fail = (field: string, reason: string): never => {
    throw new StartupError(`${what}: ${field}: ${reason}`, FIX_FILE);
  };
  if (!isPlainObject(json)) return fail('top level', 'must be an object with "source" and "years"');
  rejectUnknownKeys(json, ['source', 'years'], '', fail);
  const source = requireSource(json.source, 'source', fail);
  if (!isPlainObject(json.years)) return fail('years', 'must be an object keyed by year, like {"2027": {...}}');
  const entries = Object.entries(json.years);
  if (entries.length === 0) fail('years', 'must list at least one year');

  const years: Record<string, CalendarYearData> = {};
  for (const [key, value] of entries) {
    const field = `years.${key}`;
    if (!/^\d{4}$/.test(key)) fail(field, 'the key must be a four-digit year');
    const year = Number(key);
    // The arithmetic assumes UTC+08:00 all year, true only since China dropped daylight saving time in 1991.
    if (year < 1992) fail(field, 'years before 1992 are not supported (Asia/Shanghai observed daylight saving time until 1991)');
    if (!isPlainObject(value)) return fail(field, 'must be an object with "holidays" and "workdays"');
    rejectUnknownKeys(value, ['holidays', 'workdays', 'source'], `${field}.`, fail);
    const lists = { holidays: value.holidays, workdays: value.workdays };
    for (const [name, list] of Object.entries(lists)) {
      if (!Array.isArray(list)) fail(`${field}.${name}`, 'must be a list of dates (YYYY-MM-DD), [] when there are none');
    }
    const holidays = lists.holidays as unknown[];
    const workdays = lists.workdays as unknown[];
    const problems = calendarYearProblems(year, holidays, workdays);
    if (problems.length > 0) throw new StartupError(`${what}: ${formatProblems(key, problems)}`, FIX_FILE);
    const yearSource = value.source === undefined ? source : requireSource(value.source, `${field}.source`, fail);
    years[key] = calendarYearData(holidays as string[], workdays as string[], yearSource);
  }
  return { years };
}

/** Problems on one line, as startup prints one line; five are enough to see a pattern. */
function formatProblems(year: string, problems: readonly CalendarYearProblem[]): string {
  const shown = problems.slice(0, 5).map((p) => `years.${year}.${p.field}[${p.index}]: ${p.reason}`);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  return shown.join('; ') + more;
}

function requireSource(value: unknown, field: string, fail: (field: string, reason: string) => never): string {
  if (typeof value !== 'string' || value.trim() === '') {
    return fail(field, 'must say where the dates come from (the notice), as a non-empty string');
  }
  return value.trim();
}

function rejectUnknownKeys(
  object: Record<string, unknown>,
  allowed: readonly string[],
  prefix: string,
  fail: (field: string, reason: string) => never,
): void {
  // Strict on purpose: a misspelt "workday" would otherwise be ignored and its make-up days counted as off.
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) fail(`${prefix}${key}`, `is not a known field (expected ${allowed.map((k) => `"${k}"`).join(', ')})`);
  }
}

function readText(file: string, what: string, hint: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StartupError(`${what} was not found`, hint);
    throw new StartupError(`${what} cannot be read: ${(e as Error).message}`, hint);
  }
}

function parseJson(text: string, what: string, hint: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StartupError(`${what} is not valid JSON: ${(e as Error).message.split('\n')[0]}`, hint);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
