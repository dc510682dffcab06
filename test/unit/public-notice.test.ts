// Public notice (公示, DESIGN.md §9): an approval of minimum living allowance or extreme-poverty support
// is posted; the case waits in deciding, moves to assisting by itself when the notice ends, and an
// objection during the notice withdraws the approval.
import { decideAction } from '../../domain/case-machine';
import { nextWakeAt } from '../../domain/deadlines';
import { addMs } from '../../domain/durations';
import { parsePolicy, PolicyError } from '../../domain/policy';
import { endPublicNoticeIfDue } from '../../domain/public-notice';
import { EMPTY_CALENDAR, type WorkingCalendar } from '../../domain/working-days';
import { loadPackageCalendar } from '../../runtime/calendar-source';
import { act, actors, after, at, caseIn, POLICY, postedForPublicNotice, sample, T0, types, WALL_CLOCK_POLICY_JSON } from './case-fixtures';

describe('approving a type with a public notice', () => {
  const posted = postedForPublicNotice(caseIn('deciding'));

  it('keeps the case in deciding with the notice period, the approval recorded and no decision clock', () => {
    expect(posted.stage).toBe('deciding');
    expect(posted.publicNotice).toEqual({ assistanceType: 'minimum_living', startedAt: T0, endsAt: at('7d') });
    expect(posted.assistance?.[0]).toMatchObject({
      status: 'approved',
      assistanceType: 'minimum_living',
      amount: 800,
      total: 9600,
      approvedBy: actors.district.userId,
    });
    expect(posted.clocks.decide).toBeUndefined();
    expect(posted.clocks.reReview).toBeUndefined();
    expect(nextWakeAt(posted)).toBe(at('7d'));
  });

  it('says when the notice ends in the approval event', () => {
    const proposed = after(caseIn('deciding'), { type: 'propose-assistance', assistanceType: 'extreme_poverty', amount: 900 });
    const { events } = act(proposed, sample['approve-assistance'], actors.supervisor);
    expect(events[0]).toMatchObject({ type: 'approve-assistance', toStage: 'deciding', details: { publicNoticeEndsAt: at('7d') } });
  });

  it('moves to assisting by itself when the notice ends, starting re-review from then', () => {
    expect(endPublicNoticeIfDue(posted, POLICY, addMs(at('7d'), -1000), EMPTY_CALENDAR)).toEqual({ state: posted, events: [] });
    const ended = endPublicNoticeIfDue(posted, POLICY, at('7d'), EMPTY_CALENDAR);
    expect(ended.state.stage).toBe('assisting');
    expect(ended.state.monitoringMode).toBe('assisted');
    expect(ended.state.publicNotice).toBeUndefined();
    expect(ended.state.assistance?.[0]).toMatchObject({ status: 'active', amount: 800, startsAt: at('7d') });
    expect(ended.state.clocks.reReview).toMatchObject({ startedAt: at('7d'), dueAt: at('7d', '180d') });
    expect(ended.events).toEqual([
      expect.objectContaining({
        type: 'public-notice-ended',
        actorId: 'system',
        fromStage: 'deciding',
        toStage: 'assisting',
        details: { assistanceType: 'minimum_living', startedAt: T0, endsAt: at('7d') },
      }),
    ]);
    // Once ended, a second call at a later instant does nothing.
    expect(endPublicNoticeIfDue(ended.state, POLICY, at('8d'), EMPTY_CALENDAR).events).toEqual([]);
  });

  it('approves other types straight into assisting, as before', () => {
    const assisting = caseIn('assisting');
    expect(assisting.stage).toBe('assisting');
    expect(assisting.publicNotice).toBeUndefined();
  });

  it('has no notice for cases whose stored policy predates it', () => {
    const { publicNotice: _omitted, ...older } = POLICY;
    const proposed = after(caseIn('deciding'), { type: 'propose-assistance', assistanceType: 'minimum_living', amount: 800 });
    const decision = decideAction(proposed, sample['approve-assistance'], actors.supervisor, older as typeof POLICY, T0);
    expect(decision).toMatchObject({ ok: true, state: { stage: 'assisting' } });
  });

  it('counts a working-day notice in the official calendar, provisionally without one', () => {
    const policy = parsePolicy({ ...WALL_CLOCK_POLICY_JSON, publicNotice: { minimum_living: '5wd' } });
    const wednesday = '2026-09-30T02:00:00.000Z';
    const proposed = after(caseIn('deciding'), { type: 'propose-assistance', assistanceType: 'minimum_living', amount: 800 });
    const approve = (calendar?: WorkingCalendar) =>
      decideAction(proposed, sample['approve-assistance'], actors.supervisor, policy, wednesday, { calendar });
    // National Day: 1–7 October off; the 8th, 9th, 10th (a make-up Saturday), 12th and 13th are the five working days.
    const official = approve(loadPackageCalendar());
    expect(official.ok && official.state.publicNotice).toEqual({
      assistanceType: 'minimum_living',
      startedAt: wednesday,
      endsAt: '2026-10-14T00:00:00+08:00',
    });
    // Without calendar data: weekdays only (1, 2, 5, 6, 7 October), marked provisional.
    const weekdays = approve();
    expect(weekdays.ok && weekdays.state.publicNotice).toMatchObject({ endsAt: '2026-10-08T00:00:00+08:00', provisional: true });
  });
});

describe('record-objection', () => {
  const posted = postedForPublicNotice(caseIn('deciding'));

  it('during the notice withdraws the approval: back to deciding on a fresh decision clock, the objection in the file', () => {
    const { state, events } = act(
      posted,
      { type: 'record-objection', summary: 'Neighbours say the son sends money' },
      actors.caseworker,
      at('2d'),
    );
    expect(state.stage).toBe('deciding');
    expect(state.publicNotice).toBeUndefined();
    expect(state.assistance?.[0]).toMatchObject({
      status: 'rejected',
      reason: 'withdrawn after an objection during the public notice',
    });
    expect(state.clocks.decide).toMatchObject({ startedAt: at('2d'), dueAt: at('2d', '5d') });
    expect(nextWakeAt(state)).not.toBe(at('7d'));
    expect(types(events)).toEqual(['record-objection']);
    expect(events[0].details).toEqual({
      summary: 'Neighbours say the son sends money',
      withdrawn: [{ itemId: 'case-1:aid:1', assistanceType: 'minimum_living', total: 9600, approvedBy: actors.district.userId }],
      noticeEndsAt: at('7d'),
    });
    // The notice is gone, so nothing moves the case to assisting by itself any more.
    expect(endPublicNoticeIfDue(state, POLICY, at('8d'), EMPTY_CALENDAR).events).toEqual([]);
  });

  it('is refused with NO_PUBLIC_NOTICE in deciding when nothing is posted, and changes nothing', () => {
    const deciding = caseIn('deciding');
    const decision = decideAction(deciding, sample['record-objection'], actors.caseworker, POLICY, T0);
    expect(decision).toMatchObject({ ok: false, code: 'NO_PUBLIC_NOTICE' });
    expect(!decision.ok && decision.reason).toMatch(/under public notice/);
  });

  it('is refused after the notice ended (the case is assisting)', () => {
    const ended = endPublicNoticeIfDue(posted, POLICY, at('7d'), EMPTY_CALENDAR).state;
    const decision = decideAction(ended, sample['record-objection'], actors.caseworker, POLICY, at('7d'));
    expect(decision).toMatchObject({ ok: false, code: 'STAGE_NOT_ALLOWED' });
  });

  it('is not for a reporter or a department feed', () => {
    for (const who of ['reporter', 'department', 'hotline'] as const) {
      expect(decideAction(posted, sample['record-objection'], actors[who], POLICY, T0)).toMatchObject({
        ok: false,
        code: 'ROLE_NOT_ALLOWED',
      });
    }
  });

  it('a closed case drops its notice', () => {
    const closed = after(posted, sample.close, actors.supervisor, at('1d'));
    expect(closed.publicNotice).toBeUndefined();
    expect(nextWakeAt(closed)).toBeNull();
  });
});

describe('the policy', () => {
  it('defaults to seven days for minimum_living and extreme_poverty, none for other types', () => {
    expect(POLICY.publicNotice).toEqual({ minimum_living: '7d', extreme_poverty: '7d' });
  });

  it.each([
    [{ minimum_livng: '7d' }, 'publicNotice', /Unrecognized key: "minimum_livng"/],
    [{ minimum_living: '0wd' }, 'publicNotice.minimum_living', /0wd/],
    [{ minimum_living: 'soon' }, 'publicNotice.minimum_living', /soon/],
  ])('refuses %j at %s', (publicNotice, path, message) => {
    let issues: PolicyError['issues'] = [];
    try {
      parsePolicy({ ...WALL_CLOCK_POLICY_JSON, publicNotice });
    } catch (e) {
      if (e instanceof PolicyError) issues = e.issues;
    }
    expect(issues).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});
