// Loading a year's official calendar while the platform runs (DESIGN.md §9), through the API on the
// real Temporal server and PostgreSQL: a case whose deadline counts into the year (provisional, weekdays
// only) has it recomputed in its running workflow once a city officer loads the year (a fake one here),
// new cases count in it at once, another API process takes it up from PostgreSQL, and bad or
// conflicting loads are refused without changing anything.
import request from 'supertest';
import { LiveCalendar } from '../../api/calendar/live-calendar';
import { openCasesWithProvisionalDeadlines } from '../../api/calendar/repository';
import { addWorkingDays, calendarForYears, shanghaiYearOf, yearsCovered, type WorkingCalendar } from '../../domain/working-days';
import { loadPackageCalendar } from '../../runtime/calendar-source';
import { januaryOffNotice, workingDaysLeftIn } from '../support/calendars';
import { act, eventually, openTestCase, view } from '../support/cases';
import { startTestPlatform, testPolicy, type TestPlatform } from '../support/harness';

let p: TestPlatform;
let city: string;
let caseworker: string;
const packageCalendar = loadPackageCalendar();
/** The first year the platform has no calendar for (2027 while chinese-days covers 2004–2026). */
const target = Math.max(...yearsCovered(packageCalendar)) + 1;

beforeAll(async () => {
  p = await startTestPlatform();
  city = await p.tokenFor('city_officer', '440100');
  caseworker = await p.tokenFor('caseworker', '440104001');
});

afterAll(async () => {
  // The fake year must not outlive this file in the shared database.
  await p?.prisma.calendarYear.deleteMany({ where: { year: target } });
  await p?.stop();
});

const fakeYear = (year: number) => januaryOffNotice(year, 'test: a fake holiday notice');

const put = (token: string, year: number | string, body: unknown) =>
  request(p.app)
    .put(`/api/v1/calendar/${year}`)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);

test('a loaded year reschedules the provisional deadlines of running cases, without a restart', async () => {
  const known: WorkingCalendar = calendarForYears(packageCalendar, shanghaiYearOf(Date.now()), target - 1);
  const days = workingDaysLeftIn(known, target - 1) + 3;
  const ref = await openTestCase(p, {}, { policy: testPolicy({ deadlines: { normal: { verify: `${days}wd` } } }), calendar: known });
  const accepted = await act(p, ref, { type: 'accept' });
  const acceptedAt = accepted.events.find((e) => e.type === 'accept')!.at;
  expect(accepted.deadlines.find((d) => d.clock === 'verify')).toMatchObject({ provisional: true });

  // Refused loads change nothing: a caseworker, a bad date, a weekday as a make-up day.
  expect((await put(caseworker, target, fakeYear(target))).status).toBe(403);
  const bad = await put(city, target, { ...fakeYear(target), holidays: [`${target}-02-30`], workdays: [`${target}-01-05`] });
  expect(bad.status).toBe(422);
  expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['holidays.0', 'workdays.0']);
  expect((await put(city, 'next', fakeYear(target))).status).toBe(422);
  expect(await p.prisma.calendarYear.count({ where: { year: target } })).toBe(0);
  expect((await request(p.app).get(`/api/v1/calendar?year=${target}`).set('Authorization', `Bearer ${city}`)).status).toBe(404);

  const loaded = await put(city, target, fakeYear(target));
  expect(loaded.status).toBe(201);
  expect(loaded.body).toMatchObject({ year: target, stored: true, source: 'test: a fake holiday notice' });
  expect(loaded.body.casesSignalled).toBeGreaterThanOrEqual(1);

  const full = { years: { ...known.years, [String(target)]: { ...fakeYear(target) } } };
  const expected = addWorkingDays(acceptedAt, days, full);
  const rescheduled = await eventually(async () => {
    const v = await view(p, ref);
    return v.events.some((e) => e.type === 'deadline-rescheduled') ? v : undefined;
  });
  expect(rescheduled.deadlines.find((d) => d.clock === 'verify')).toMatchObject({ dueAt: expected.dueAt, provisional: false });

  // The API answers with the year, and counts in it.
  const year = await request(p.app).get(`/api/v1/calendar?year=${target}`).set('Authorization', `Bearer ${caseworker}`);
  expect(year.body).toMatchObject({ year: target, source: 'test: a fake holiday notice', holidays: fakeYear(target).holidays });
  const due = await request(p.app)
    .get(`/api/v1/calendar/deadline?from=${encodeURIComponent(`${target - 1}-12-31T10:00:00+08:00`)}&duration=1wd`)
    .set('Authorization', `Bearer ${caseworker}`);
  const firstWorkingDay = addWorkingDays(`${target - 1}-12-31T10:00:00+08:00`, 1, full);
  expect(firstWorkingDay.dueAt.slice(5, 7)).toBe('02'); // January is all off in the fake notice
  expect(due.body).toEqual({ dueAt: firstWorkingDay.dueAt, provisional: false });

  // Loading the same dates again is harmless; other dates are refused.
  const again = await put(city, target, fakeYear(target));
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ stored: false });
  // This case is no longer provisional, so it is not told again (cases of other test files, whose
  // workers have stopped, may still be counted: the read model shows them provisional).
  expect(await openCasesWithProvisionalDeadlines(p.prisma)).not.toContain(ref.workflowId);
  expect((await view(p, ref)).events.filter((e) => e.type === 'deadline-rescheduled')).toHaveLength(1);
  const conflicting = await put(city, target, { ...fakeYear(target), holidays: [`${target}-01-01`] });
  expect(conflicting.status).toBe(409);
  expect(conflicting.body.code).toBe('CALENDAR_YEAR_EXISTS');
  // Nor is a year published in the package replaced.
  expect((await put(city, target - 1, { holidays: [], workdays: [], source: 'wrong' })).body.code).toBe('CALENDAR_YEAR_EXISTS');

  // Another API process (a new live calendar over the same base) takes the year up from PostgreSQL.
  const other = new LiveCalendar(packageCalendar);
  expect(yearsCovered(other.current)).not.toContain(target);
  expect(yearsCovered(await other.refresh(p.prisma))).toContain(target);
});
