// Working-day clocks on the real Temporal dev server and PostgreSQL (DESIGN.md §9): a deadline counted
// into next year (no calendar data yet) is provisional; loading that year's calendar later (a fake one
// here) recomputes it in the running workflow, without restarting anything, and the case records
// deadline-rescheduled with the old and new due times. Also the limits on pauses and dates.
import { rescheduleProvisionalDeadlines } from '../../api/calendar/reschedule-provisional';
import { openCasesWithProvisionalDeadlines } from '../../api/calendar/repository';
import { createCaseClient } from '../../clients/case-client';
import { addWorkingDays, calendarForYears, mergeCalendars, shanghaiYearOf } from '../../domain/working-days';
import { loadPackageCalendar } from '../../runtime/calendar-source';
import { januaryOffNotice, workingDaysLeftIn } from '../support/calendars';
import { act, eventually, openTestCase, rejectionOf, supervisor, view } from '../support/cases';
import { startTestPlatform, testPolicy, type TestPlatform } from '../support/harness';

const DAY_MS = 86_400_000;
let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ withoutApi: true });
});

afterAll(async () => {
  await p?.stop();
});

test('a provisional deadline is recomputed in the running case when next year’s calendar is loaded', async () => {
  const year = shanghaiYearOf(Date.now());
  // The case knows only this year, so the count into next year runs on weekdays and is provisional.
  const known = calendarForYears(loadPackageCalendar(), year, year);
  const days = workingDaysLeftIn(known, year) + 3;
  const policy = testPolicy({ deadlines: { normal: { verify: `${days}wd` } } });
  const ref = await openTestCase(p, {}, { policy, calendar: known });
  const accepted = await act(p, ref, { type: 'accept' });
  const acceptedAt = accepted.events.find((e) => e.type === 'accept')!.at;

  const before = accepted.deadlines.find((d) => d.clock === 'verify')!;
  const expectedBefore = addWorkingDays(acceptedAt, days, known);
  expect(before).toMatchObject({ dueAt: expectedBefore.dueAt, provisional: true });
  expect(before.dueAt).toMatch(/T00:00:00\+08:00$/);
  expect(await openCasesWithProvisionalDeadlines(p.prisma)).toContain(ref.workflowId);

  // A case on wall-clock clocks only is not told.
  const other = await openTestCase(p, {}, { calendar: known });
  expect(await openCasesWithProvisionalDeadlines(p.prisma)).not.toContain(other.workflowId);

  const loaded = mergeCalendars(known, { years: { [String(year + 1)]: januaryOffNotice(year + 1, 'test: a fake notice') } });
  const result = await rescheduleProvisionalDeadlines({ prisma: p.prisma, cases: createCaseClient({ temporal: p.client }) }, known, loaded);
  expect(result.years).toEqual([year + 1]);
  expect(result.signalled).toBeGreaterThanOrEqual(1);

  const expectedAfter = addWorkingDays(acceptedAt, days, loaded);
  expect(expectedAfter.dueAtMs).toBeGreaterThan(expectedBefore.dueAtMs);
  const after = await eventually(async () => {
    const v = await view(p, ref);
    return v.events.some((e) => e.type === 'deadline-rescheduled') ? v : undefined;
  });
  expect(after.deadlines.find((d) => d.clock === 'verify')).toMatchObject({ dueAt: expectedAfter.dueAt, provisional: false });
  expect(after.events.find((e) => e.type === 'deadline-rescheduled')!.details).toEqual({
    clock: 'verify',
    oldDueAt: expectedBefore.dueAt,
    newDueAt: expectedAfter.dueAt,
    moved: true,
    provisional: false,
  });

  // The read model has the event and no longer lists the case as provisional.
  await eventually(async () => {
    const rows = await p.prisma.caseEvent.findMany({ where: { caseId: ref.caseId, type: 'deadline-rescheduled' } });
    return rows.length === 1 ? rows : undefined;
  });
  await eventually(async () => ((await openCasesWithProvisionalDeadlines(p.prisma)).includes(ref.workflowId) ? undefined : true));

  // The same workflow kept running: the verify clock still counts, and the case can move on.
  const verified = await act(p, ref, { type: 'complete-verification', outcome: 'watch' });
  expect(verified.stage).toBe('monitoring');
});

test('the workflow refuses a pause planned beyond maxPause and a visit dated in the future, changing nothing', async () => {
  const ref = await openTestCase(p);
  await act(p, ref, { type: 'accept' });
  const before = await view(p, ref);
  const longPause = await rejectionOf(p, ref, {
    type: 'pause-clock',
    reason: 'in hospital',
    expectedResumeAt: new Date(Date.now() + 31 * DAY_MS).toISOString(),
  });
  expect(longPause).toMatchObject({ type: 'PAUSE_TOO_LONG', message: expect.stringContaining('maxPause 30d') });
  const futureVisit = await rejectionOf(p, ref, {
    type: 'record-visit',
    visitedAt: new Date(Date.now() + DAY_MS).toISOString(),
    findings: 'not yet',
  });
  expect(futureVisit).toMatchObject({ type: 'DATE_IN_FUTURE', message: expect.stringContaining('visitedAt') });
  expect((await view(p, ref)).seq).toBe(before.seq);
  // Within the limits both are accepted.
  await act(p, ref, { type: 'record-visit', visitedAt: new Date().toISOString(), findings: 'lives alone' });
  const paused = await act(p, ref, {
    type: 'pause-clock',
    reason: 'in hospital',
    expectedResumeAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
  });
  expect(paused.pause).toBeDefined();
});

test('emergency aid granted before verification starts the ratification clock, which verification stops', async () => {
  const ref = await openTestCase(p, { urgentFlags: ['critical_illness'] });
  await act(p, ref, { type: 'accept' });
  const granted = await act(p, ref, { type: 'grant-emergency-aid', amount: 800, kind: 'cash' });
  const ratify = granted.deadlines.find((d) => d.clock === 'emergencyAidRatify');
  expect(ratify?.dueAt).toMatch(/T00:00:00\+08:00$/);
  expect(granted.events.at(-1)?.details).toMatchObject({ ratifyBy: ratify?.dueAt });
  const verified = await act(p, ref, { type: 'complete-verification', outcome: 'watch' });
  expect(verified.deadlines.map((d) => d.clock)).not.toContain('emergencyAidRatify');
});

test('a not-in-need verification after emergency aid waits for settle-emergency-aid', async () => {
  const ref = await openTestCase(p, { urgentFlags: ['critical_illness'] });
  await act(p, ref, { type: 'accept' });
  await act(p, ref, { type: 'grant-emergency-aid', amount: 300, kind: 'cash' });
  expect(await rejectionOf(p, ref, { type: 'complete-verification', outcome: 'not-in-need' })).toMatchObject({
    type: 'EMERGENCY_AID_UNSETTLED',
  });
  const settled = await act(p, ref, { type: 'settle-emergency-aid', decision: 'recover', reason: 'income found' }, supervisor());
  expect(settled.emergencyAidSettlement).toMatchObject({ decision: 'recover' });
  expect((await act(p, ref, { type: 'complete-verification', outcome: 'not-in-need' })).stage).toBe('closed');
});
