// Deadlines, reminders, escalation to district and city, pauses, wake-up times and the case view.
import { attachReport, decideAction } from '../../domain/case-machine';
import { toCaseView } from '../../domain/case-view';
import { fireDueTimers, nextWakeAt, stageClockFor, startClock, stopClock } from '../../domain/deadlines';
import { escalationLevelOf } from '../../domain/escalation';
import type { CaseState } from '../../domain/case-types';
import { parsePolicy } from '../../domain/policy';
import {
  act,
  actors,
  after,
  at,
  caseIn,
  ms,
  open,
  sample,
  STREET,
  T0,
  types,
  urgentReport,
  POLICY,
  WALL_CLOCK_POLICY_JSON,
} from './case-fixtures';

const fire = (state: CaseState, now: string) => fireDueTimers(state, POLICY, now);

describe('reminders', () => {
  it('stays quiet before 75% of the time has passed', () => {
    expect(fire(open(), at('17h', '59m')).events).toEqual([]);
  });

  it('reminds the street supervisors at 75% of the acceptance time while nobody is assigned', () => {
    const { state, events } = fire(open(), at('18h'));
    expect(events).toEqual([
      {
        eventId: 'case-1:2',
        seq: 2,
        type: 'reminder',
        at: at('18h'),
        actorId: 'system',
        fromStage: 'reported',
        toStage: 'reported',
        details: { clock: 'accept', dueAt: at('24h'), recipient: `street_supervisor:${STREET}` },
      },
    ]);
    expect(state.clocks.accept?.reminded).toBe(true);
  });

  it('reminds the assigned caseworker once the case has one', () => {
    const s = caseIn('verifying'); // verify: 7d, reminder at 5.25d
    expect(fire(s, at('5d', '6h')).events[0].details).toMatchObject({ clock: 'verify', recipient: 'cw-1' });
  });

  it('follows the policy reminder fraction', () => {
    const early = parsePolicy({ ...WALL_CLOCK_POLICY_JSON, reminderAt: 0.5 });
    const s = open({ policy: early });
    expect(s.clocks.accept?.remindAt).toBe(at('12h'));
  });
});

describe('escalation', () => {
  it('when the acceptance deadline passes, the case escalates to the district', () => {
    const reminded = fire(open(), at('18h')).state;
    const { state, events } = fire(reminded, at('24h'));
    expect(types(events)).toEqual(['escalated']);
    expect(events[0].details).toEqual({ escalationId: 'case-1:accept:1', clock: 'accept', level: 'district', dueAt: at('24h') });
    expect(state.escalations).toEqual([
      {
        escalationId: 'case-1:accept:1',
        caseId: 'case-1',
        clock: 'accept',
        level: 1,
        status: 'open',
        dueAt: at('24h'),
        escalatedAt: at('24h'),
        districtCode: '440104',
        streetCode: STREET,
        stage: 'reported',
      },
    ]);
    expect(state.clocks.accept?.escalation).toEqual({
      escalationId: 'case-1:accept:1',
      level: 1,
      escalatedAt: at('24h'),
      cityDueAt: at('72h'),
    });
    expect(escalationLevelOf(state)).toBe(1);
  });

  it('when the escalation window passes unresolved, the case escalates to the city', () => {
    const district = fire(fire(open(), at('18h')).state, at('24h')).state;
    expect(fire(district, at('71h', '59m')).events).toEqual([]);
    const { state, events } = fire(district, at('72h'));
    expect(types(events)).toEqual(['escalation-raised']);
    expect(events[0].details).toMatchObject({ escalationId: 'case-1:accept:1', level: 'city' });
    expect(state.escalations[0]).toMatchObject({ level: 2, status: 'open', raisedToCityAt: at('72h') });
    expect(escalationLevelOf(state)).toBe(2);
  });

  it('when the stage is completed, the escalation is resolved with its time to resolve', () => {
    const city = fire(open(), at('80h')).state;
    const { state, events } = act(city, sample.accept, actors.caseworker, at('90h'));
    expect(types(events)).toEqual(['accept', 'escalation-resolved']);
    expect(events[1]).toMatchObject({ seq: events[0].seq + 1, actorId: 'cw-1', fromStage: 'verifying', toStage: 'verifying' });
    expect(events[1].details).toEqual({
      escalationId: 'case-1:accept:1',
      clock: 'accept',
      level: 'city',
      resolution: 'completed',
      timeToResolveMs: ms('10h'),
    });
    expect(state.escalations[0]).toMatchObject({
      status: 'resolved',
      level: 2,
      resolvedAt: at('90h'),
      timeToResolveMs: ms('10h'),
      resolution: 'completed',
    });
    expect(escalationLevelOf(state)).toBe(0);
  });

  it('gives an urgent case shorter deadlines and a shorter escalation window', () => {
    const urgent = open({ urgent: true });
    expect(urgent.clocks.accept).toMatchObject({ dueAt: at('2h'), remindAt: at('90m') });
    const escalated = fire(urgent, at('2h')).state;
    expect(escalated.clocks.accept?.escalation?.cityDueAt).toBe(at('14h'));
  });

  it('keeps escalations after they are resolved and gives a restarted clock a new escalation id', () => {
    let s = fire(caseIn('monitoring'), at('90d')).state;
    s = after(s, sample['record-revisit'], actors.caseworker, at('91d'));
    s = fire(s, at('181d')).state;
    expect(s.escalations.map((e) => [e.escalationId, e.status])).toEqual([
      ['case-1:revisitInterval:1', 'resolved'],
      ['case-1:revisitInterval:2', 'open'],
    ]);
  });
});

describe('fireDueTimers', () => {
  it('does nothing the second time it is called at the same instant', () => {
    const first = fire(open(), at('30h'));
    const second = fire(first.state, at('30h'));
    expect(second.events).toEqual([]);
    expect(second.state).toEqual(first.state);
  });

  it('catches up after a long outage with reminder, escalation and raise in that order, once each', () => {
    const { state, events } = fire(open(), at('10d'));
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [2, 'reminder'],
      [3, 'escalated'],
      [4, 'escalation-raised'],
    ]);
    // The city deadline counts from when the clock was due, not from when the worker noticed.
    expect(state.clocks.accept?.escalation?.cityDueAt).toBe(at('72h'));
    expect(fire(state, at('20d')).events).toEqual([]);
  });

  it('orders catch-up events across clocks by when each was due', () => {
    // Urgent, accepted at T0: emergencyAid due 24h (reminder 18h), verify due 3d (reminder 54h).
    const s = caseIn('verifying', { urgent: true });
    const { events } = fire(s, at('60h'));
    expect(events.map((e) => [e.type, e.details.clock])).toEqual([
      ['reminder', 'emergencyAid'],
      ['escalated', 'emergencyAid'],
      ['escalation-raised', 'emergencyAid'],
      ['reminder', 'verify'],
    ]);
  });

  it('does nothing for a closed case', () => {
    expect(fire(after(open(), sample.close), at('100d')).events).toEqual([]);
  });
});

describe('nextWakeAt', () => {
  it('walks through reminder, deadline and city deadline, then has nothing left', () => {
    let s = open();
    expect(nextWakeAt(s)).toBe(at('18h'));
    s = fire(s, at('18h')).state;
    expect(nextWakeAt(s)).toBe(at('24h'));
    s = fire(s, at('24h')).state;
    expect(nextWakeAt(s)).toBe(at('72h'));
    s = fire(s, at('72h')).state;
    expect(nextWakeAt(s)).toBeNull();
  });

  it('picks the earliest instant over all running clocks', () => {
    expect(nextWakeAt(caseIn('verifying', { urgent: true }))).toBe(at('18h'));
  });

  it('is null for a closed case', () => {
    expect(nextWakeAt(after(open(), sample.close))).toBeNull();
  });

  it('can lie in the past when urgency shortened a clock, so the caller wakes at once', () => {
    const decision = attachReport(open(), urgentReport(), POLICY, at('5h'));
    if (!decision.ok) throw new Error(decision.reason);
    expect(nextWakeAt(decision.state)).toBe(at('90m'));
    expect(types(fire(decision.state, at('5h')).events)).toEqual(['reminder', 'escalated']);
  });
});

describe('pausing the clock', () => {
  const paused = () => {
    const verifying = caseIn('verifying'); // verify due 7d
    return act(verifying, { ...sample['pause-clock'], expectedResumeAt: at('12d') }, actors.caseworker, at('2d'));
  };

  it('starts a pause clock that runs to maxPause and freezes the stage clock', () => {
    const { state, events } = paused();
    expect(state.pause).toEqual({
      pausedAt: at('2d'),
      reason: 'Waiting for the hukou booklet',
      expectedResumeAt: at('12d'),
      pausedBy: 'cw-1',
      accountable: true,
    });
    expect(state.clocks.pause).toMatchObject({ dueAt: at('32d'), remindAt: at('2d', '540h') });
    expect(events[0].details).toMatchObject({ reason: 'Waiting for the hukou booklet', maxPauseUntil: at('32d') });
    // Far past the verify deadline, but the verify clock is frozen.
    expect(fire(state, at('20d')).events).toEqual([]);
    expect(nextWakeAt(state)).toBe(at('2d', '540h'));
  });

  it('shifts frozen deadlines later by exactly the paused time on resume', () => {
    const before = caseIn('verifying');
    const { state, events } = act(paused().state, sample['resume-clock'], actors.caseworker, at('12d'));
    expect(state.pause).toBeUndefined();
    expect(state.clocks.pause).toBeUndefined();
    expect(state.clocks.verify).toMatchObject({
      dueAt: at('17d'),
      remindAt: at('15d', '6h'),
      startedAt: before.clocks.verify?.startedAt,
    });
    expect(events[0].details).toMatchObject({ pausedMs: ms('10d'), pausedAt: at('2d') });
  });

  it('escalates when the pause runs past maxPause, and resolves that escalation on resume', () => {
    const { state, events } = fire(paused().state, at('32d'));
    expect(events.map((e) => [e.type, e.details.clock])).toEqual([
      ['reminder', 'pause'],
      ['escalated', 'pause'],
    ]);
    expect(escalationLevelOf(state)).toBe(1);
    const resumed = act(state, sample['resume-clock'], actors.caseworker, at('33d'));
    expect(types(resumed.events)).toEqual(['resume-clock', 'escalation-resolved']);
    expect(resumed.events[1].details).toMatchObject({ clock: 'pause', resolution: 'resumed', timeToResolveMs: ms('1d') });
  });

  it('under the rules from before §14 (replay), also delays the city deadline of a clock that had already escalated', () => {
    const escalated = fire(caseIn('verifying'), at('7d')).state; // city due 9d
    const legacy = decideAction(escalated, sample['pause-clock'], actors.caseworker, POLICY, at('8d'), { legacyAccountability: true });
    if (!legacy.ok) throw new Error(legacy.reason);
    const p = legacy.state;
    expect(p.pause?.accountable).toBeUndefined();
    expect(fire(p, at('9d')).events).toEqual([]);
    const resumed = after(p, sample['resume-clock'], actors.caseworker, at('11d'));
    expect(resumed.clocks.verify?.escalation?.cityDueAt).toBe(at('12d'));
  });

  it('refuses to pause twice, to pause with nothing running, or to resume when not paused', () => {
    const p = paused().state;
    expect(decideAction(p, sample['pause-clock'], actors.caseworker, POLICY, at('3d'))).toMatchObject({
      code: 'CLOCK_ALREADY_PAUSED',
    });
    // Accepted before the follow-up clock (§10): no clock runs while the charity works.
    const legacy = decideAction(caseIn('referred'), sample['charity-response'], actors.caseworker, POLICY, T0, { legacyRules: true });
    if (!legacy.ok) throw new Error(legacy.reason);
    const accepted = legacy.state;
    expect(decideAction(accepted, sample['pause-clock'], actors.caseworker, POLICY, at('1d'))).toMatchObject({
      code: 'NOTHING_TO_PAUSE',
    });
    expect(decideAction(caseIn('verifying'), sample['resume-clock'], actors.caseworker, POLICY, at('1d'))).toMatchObject({
      code: 'CLOCK_NOT_PAUSED',
    });
  });

  it('refuses an expected resume date that is not in the future', () => {
    const decision = decideAction(
      caseIn('verifying'),
      { ...sample['pause-clock'], expectedResumeAt: at('1d') },
      actors.caseworker,
      POLICY,
      at('1d'),
    );
    expect(decision).toMatchObject({ ok: false, code: 'INVALID_ACTION' });
  });

  it('ends the pause when the stage moves on, crediting the paused time to clocks that carry over', () => {
    // Paused in assisting; the disbursement moves the case to monitoring, where re-review continues.
    const assisting = caseIn('assisting'); // reReview due 180d
    const p = after(assisting, { ...sample['pause-clock'], expectedResumeAt: at('20d') }, actors.caseworker, at('10d'));
    const { state, events } = act(p, sample['record-disbursement'], actors.caseworker, at('15d'));
    expect(state.pause).toBeUndefined();
    expect(state.clocks.pause).toBeUndefined();
    expect(state.clocks.reReview?.dueAt).toBe(at('185d'));
    expect(events[0].details).toMatchObject({ pauseEnded: { pausedAt: at('10d'), pausedMs: ms('5d') } });
  });

  it('freezes a clock started during the pause only from its own start', () => {
    const p = after(open(), sample['pause-clock'], actors.caseworker, at('1h'));
    const moved = after(p, sample.transfer, actors.supervisor, at('3h')); // new accept clock due 27h
    const resumed = after(moved, sample['resume-clock'], actors.supervisor, at('5h'));
    expect(resumed.clocks.accept?.dueAt).toBe(at('29h'));
  });

  it('shows frozen deadlines as paused in the case view', () => {
    const view = toCaseView(paused().state, []);
    expect(view.deadlines).toEqual([
      { clock: 'verify', dueAt: at('7d'), remindAt: at('5d', '6h'), paused: true, escalationLevel: 0, provisional: false },
      { clock: 'pause', dueAt: at('32d'), remindAt: at('2d', '540h'), paused: false, escalationLevel: 0, provisional: false },
    ]);
    expect(view.nextDueAt).toBe(at('32d'));
  });
});

describe('toCaseView', () => {
  it('shows the case without internal clock bookkeeping, with deadlines, level and events', () => {
    const { state, events } = fire(caseIn('verifying', { urgent: true }), at('25h'));
    const view = toCaseView(state, events);
    expect(view).not.toHaveProperty('clocks');
    expect(view).not.toHaveProperty('clockInstances');
    expect(view).toMatchObject({ caseId: 'case-1', stage: 'verifying', urgency: 'urgent', escalationLevel: 1 });
    expect(view.deadlines.map((d) => [d.clock, d.dueAt, d.escalationLevel])).toEqual([
      ['emergencyAid', at('24h'), 1],
      ['verify', at('3d'), 0],
    ]);
    expect(view.nextDueAt).toBe(at('24h'));
    expect(view.events).toEqual(events);
  });

  it('has no next deadline once the case is closed', () => {
    const view = toCaseView(after(open(), sample.close), []);
    expect(view.deadlines).toEqual([]);
    expect(view.nextDueAt).toBeNull();
  });
});

describe('clock helpers', () => {
  it('maps each stage to the clock that measures it', () => {
    expect(stageClockFor('reported', undefined)).toBe('accept');
    expect(stageClockFor('verifying', undefined)).toBe('verify');
    expect(stageClockFor('deciding', undefined)).toBe('decide');
    expect(stageClockFor('assisting', 'assisted')).toBe('reReview');
    expect(stageClockFor('referred', undefined)).toBe('charityResponse');
    expect(stageClockFor('monitoring', 'watch')).toBe('revisitInterval');
    expect(stageClockFor('monitoring', 'assisted')).toBe('reReview');
    expect(stageClockFor('closed', undefined)).toBeNull();
  });

  it('startClock numbers successive runs and stopClock resolves an escalation without touching the input', () => {
    const s0 = fire(open(), at('25h')).state;
    const stopped = stopClock(s0, 'accept', at('26h'), 'completed');
    expect(stopped.state.clocks.accept).toBeUndefined();
    expect(types(stopped.events)).toEqual(['escalation-resolved']);
    expect(s0.clocks.accept).toBeDefined();
    const restarted = startClock(stopped.state, 'accept', POLICY, at('26h'));
    expect(restarted.state.clocks.accept).toMatchObject({ instance: 2, dueAt: at('50h'), remindAt: at('44h') });
  });

  it('restarting a running clock resolves the escalation of the old run', () => {
    const s0 = fire(open(), at('25h')).state;
    const restarted = startClock(s0, 'accept', POLICY, at('26h'));
    expect(types(restarted.events)).toEqual(['escalation-resolved']);
    expect(restarted.events[0].details).toMatchObject({ resolution: 'restarted' });
    expect(T0).toBe(at());
  });
});
