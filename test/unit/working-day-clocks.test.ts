// Case clocks counted in working days of the official calendar (DESIGN.md §9): due times, reminders at
// 75 % of the working time, escalation windows, pauses, urgency, provisional years and their recomputation.
import { attachReport, decideAction, openCase } from '../../domain/case-machine';
import type { CaseAction, CaseState } from '../../domain/case-types';
import { toCaseView } from '../../domain/case-view';
import { fireDueTimers, rescheduleProvisionalClocks } from '../../domain/deadlines';
import { DEFAULT_POLICY, DEFAULT_POLICY_JSON, parsePolicy, type CasePolicy } from '../../domain/policy';
import { mergeCalendars, type WorkingCalendar } from '../../domain/working-days';
import { loadPackageCalendar } from '../../runtime/calendar-source';
import { actors, makeReport, sample, urgentReport } from './case-fixtures';

const CALENDAR = loadPackageCalendar();
/** A fake official notice for 2027 (no year without data is in the package today): New Year's Day off. */
const FAKE_2027: WorkingCalendar = { years: { '2027': { holidays: ['2027-01-01'], workdays: [], source: 'test notice' } } };

function policyWith(normal: Record<string, string>, extra: Record<string, unknown> = {}): CasePolicy {
  return parsePolicy({
    ...DEFAULT_POLICY_JSON,
    ...extra,
    deadlines: { ...DEFAULT_POLICY_JSON.deadlines, normal: { ...DEFAULT_POLICY_JSON.deadlines.normal, ...normal } },
  });
}

function step(state: CaseState, action: CaseAction, now: string, policy: CasePolicy, calendar = CALENDAR, actor = actors.caseworker) {
  const decision = decideAction(state, action, actor, policy, now, { calendar });
  if (!decision.ok) throw new Error(`${action.type} was rejected: ${decision.code} ${decision.reason}`);
  return decision;
}

/** A normal case opened and accepted at `now`, its verify clock running. */
function verifyingFrom(now: string, policy: CasePolicy = DEFAULT_POLICY, calendar = CALENDAR): CaseState {
  const opened = openCase({ caseId: 'case-wd', report: makeReport(), policy, now, calendar }).state;
  return step(opened, sample.accept, now, policy, calendar).state;
}

describe('working-day clocks', () => {
  it('is due at 24:00 Asia/Shanghai of the n-th working day, skipping National Day and counting its make-up Saturday (§9 example)', () => {
    const s = verifyingFrom('2026-09-30T10:00:00+08:00', policyWith({ verify: '3wd' }));
    expect(s.clocks.verify).toMatchObject({
      dueAt: '2026-10-11T00:00:00+08:00',
      // 75 % of three working days: a quarter of the third working day (10 October) is left.
      remindAt: '2026-10-10T06:00:00+08:00',
      workingDays: 3,
      provisional: false,
    });
  });

  it('runs the default 10-working-day verification clock', () => {
    const s = verifyingFrom('2026-09-30T10:00:00+08:00');
    // 8, 9, 10 (make-up), 12–16, 19, 20 October.
    expect(s.clocks.verify?.dueAt).toBe('2026-10-21T00:00:00+08:00');
    expect(toCaseView(s, []).deadlines).toEqual([
      expect.objectContaining({ clock: 'verify', dueAt: '2026-10-21T00:00:00+08:00', provisional: false }),
    ]);
  });

  it('keeps wall-clock clocks exactly as before (UTC instants, no working-day fields)', () => {
    const opened = openCase({
      caseId: 'c',
      report: makeReport(),
      policy: DEFAULT_POLICY,
      now: '2026-09-30T02:00:00.000Z',
      calendar: CALENDAR,
    });
    expect(opened.state.clocks.accept).toEqual({
      clock: 'accept',
      startedAt: '2026-09-30T02:00:00.000Z',
      dueAt: '2026-10-01T02:00:00.000Z',
      remindAt: '2026-09-30T20:00:00.000Z',
      reminded: false,
      instance: 1,
    });
  });

  it('marks a deadline counted into a year without data provisional (weekdays only)', () => {
    const s = verifyingFrom('2026-12-24T10:00:00+08:00');
    expect(s.clocks.verify).toMatchObject({ dueAt: '2027-01-08T00:00:00+08:00', remindAt: '2027-01-05T12:00:00+08:00', provisional: true });
    expect(toCaseView(s, []).deadlines[0]).toMatchObject({ clock: 'verify', provisional: true });
  });

  it('recomputes a provisional deadline once the year is loaded, recording old and new due times', () => {
    const s = verifyingFrom('2026-12-24T10:00:00+08:00');
    const loaded = mergeCalendars(CALENDAR, FAKE_2027);
    const { state, events } = rescheduleProvisionalClocks(s, DEFAULT_POLICY, '2026-12-28T09:00:00.000Z', loaded);
    expect(state.clocks.verify).toMatchObject({
      dueAt: '2027-01-09T00:00:00+08:00',
      remindAt: '2027-01-06T12:00:00+08:00',
      provisional: false,
    });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'deadline-rescheduled',
        actorId: 'system',
        details: {
          clock: 'verify',
          oldDueAt: '2027-01-08T00:00:00+08:00',
          newDueAt: '2027-01-09T00:00:00+08:00',
          moved: true,
          provisional: false,
        },
      }),
    ]);
    // Nothing provisional is left, so a second load changes nothing.
    expect(rescheduleProvisionalClocks(state, DEFAULT_POLICY, '2026-12-28T10:00:00.000Z', loaded).events).toEqual([]);
  });

  it('leaves wall-clock and non-provisional clocks alone when a calendar is loaded', () => {
    const s = verifyingFrom('2026-09-30T10:00:00+08:00');
    expect(rescheduleProvisionalClocks(s, DEFAULT_POLICY, '2026-10-01T00:00:00.000Z', mergeCalendars(CALENDAR, FAKE_2027)).events).toEqual(
      [],
    );
  });

  it('adds the paused time to a working-day deadline and keeps it when the deadline is recomputed', () => {
    const s = verifyingFrom('2026-12-24T10:00:00+08:00');
    const paused = step(
      s,
      { type: 'pause-clock', reason: 'hukou', expectedResumeAt: '2026-12-26T00:00:00.000Z' },
      '2026-12-25T00:00:00.000Z',
      DEFAULT_POLICY,
    ).state;
    const resumed = step(paused, sample['resume-clock'], '2026-12-25T06:00:00.000Z', DEFAULT_POLICY).state;
    expect(resumed.clocks.verify).toMatchObject({ dueAt: '2027-01-08T06:00:00+08:00', pausedMs: 6 * 3_600_000, provisional: true });
    const { state } = rescheduleProvisionalClocks(resumed, DEFAULT_POLICY, '2026-12-28T00:00:00.000Z', mergeCalendars(CALENDAR, FAKE_2027));
    expect(state.clocks.verify?.dueAt).toBe('2027-01-09T06:00:00+08:00');
  });

  it('escalates at a working-day deadline and raises to the city after a working-day window', () => {
    const policy = policyWith({ verify: '3wd', escalationWindow: '1wd' });
    const s = verifyingFrom('2026-09-30T10:00:00+08:00', policy);
    const escalated = fireDueTimers(s, policy, '2026-10-11T00:00:00+08:00', CALENDAR);
    expect(escalated.events.map((e) => e.type)).toEqual(['reminder', 'escalated']);
    // 11 October is a Sunday: the one working day of the window is Monday 12 October.
    expect(escalated.state.clocks.verify?.escalation?.cityDueAt).toBe('2026-10-13T00:00:00+08:00');
    const raised = fireDueTimers(escalated.state, policy, '2026-10-13T00:00:00+08:00', CALENDAR);
    expect(raised.events.map((e) => e.type)).toEqual(['escalation-raised']);
  });

  it('shortens a working-day clock to the urgent wall-clock one, measured from its start', () => {
    const s = verifyingFrom('2026-09-30T10:00:00+08:00');
    const raised = attachReport(s, urgentReport(), DEFAULT_POLICY, '2026-10-01T00:00:00.000Z', CALENDAR);
    if (!raised.ok) throw new Error(raised.reason);
    // urgent verify is "3d" from the clock's start (2026-09-30T02:00Z).
    expect(raised.state.clocks.verify).toMatchObject({ dueAt: '2026-10-03T02:00:00.000Z' });
    expect(raised.state.clocks.verify?.workingDays).toBeUndefined();
  });
});
