// Limits on what an action may claim, and the emergency-aid ratification clock (§9): a pause may not be planned beyond the policy's maxPause, and a
// visit, revisit or disbursement may not be dated in the future. Replays of actions accepted before
// these checks existed decide under the old rules (legacyRules, set by the workflow from patched()).
import { decideAction } from '../../domain/case-machine';
import type { CaseAction, CaseState } from '../../domain/case-types';
import { parsePolicy } from '../../domain/policy';
import { fireDueTimers } from '../../domain/deadlines';
import { act, actors, at, caseIn, POLICY, sample, WALL_CLOCK_POLICY_JSON } from './case-fixtures';

// A replay of an action accepted before these checks also predates the accountability rules of §14.
const decide = (state: CaseState, action: CaseAction, now: string, legacyRules = false, policy = POLICY) =>
  decideAction(state, action, actors.caseworker, policy, now, {
    legacyRules,
    legacyAccountability: legacyRules,
    legacyAssistance: legacyRules,
  });

describe('pause-clock and maxPause', () => {
  const pause = (expectedResumeAt: string): CaseAction => ({
    type: 'pause-clock',
    reason: 'Waiting for the hukou booklet',
    expectedResumeAt,
  });

  it('accepts a pause ending exactly at maxPause (30 days)', () => {
    expect(decide(caseIn('verifying'), pause(at('30d')), at()).ok).toBe(true);
  });

  it('refuses a pause planned beyond maxPause, saying until when it may last, and changes nothing', () => {
    const s = caseIn('verifying');
    const decision = decide(s, pause(at('30d', '1s')), at());
    expect(decision).toMatchObject({ ok: false, code: 'PAUSE_TOO_LONG' });
    if (decision.ok) return;
    expect(decision.reason).toContain('30d left, until 2026-12-02T00:00:00.000Z (maxPause 30d in total per stage');
    expect(s.pause).toBeUndefined();
  });

  it('measures a working-day maxPause in working days', () => {
    const policy = parsePolicy({ ...WALL_CLOCK_POLICY_JSON, maxPause: '2wd' });
    // From Monday 2 November 2026: Tuesday 3 and Wednesday 4 → until 24:00 on the 4th.
    expect(decide(caseIn('verifying'), pause('2026-11-04T15:59:00.000Z'), at(), false, policy).ok).toBe(true);
    expect(decide(caseIn('verifying'), pause('2026-11-04T16:00:01.000Z'), at(), false, policy)).toMatchObject({ code: 'PAUSE_TOO_LONG' });
  });

  it('accepts the long pause under the old rules (a replay of a case that paused so before)', () => {
    expect(decide(caseIn('verifying'), pause(at('60d')), at(), true).ok).toBe(true);
  });
});

describe('dates in the future', () => {
  it.each([
    ['record-visit', caseIn('verifying'), { ...sample['record-visit'], visitedAt: at('1d') }, 'visitedAt'],
    ['record-revisit', caseIn('monitoring'), { ...sample['record-revisit'], visitedAt: at('1d') }, 'visitedAt'],
    ['record-disbursement', caseIn('assisting'), { ...sample['record-disbursement'], disbursedAt: at('1d') }, 'disbursedAt'],
  ] as const)('refuses %s dated tomorrow, naming the field', (_type, state, action, field) => {
    const decision = decide(state, action, at());
    expect(decision).toMatchObject({ ok: false, code: 'DATE_IN_FUTURE' });
    if (!decision.ok) expect(decision.reason).toContain(`${field} (${at('1d')}) is in the future`);
    expect(decide(state, action as CaseAction, at(), true).ok).toBe(true);
  });

  it('accepts a date a few minutes ahead (device clocks drift) and any date in the past', () => {
    expect(decide(caseIn('verifying'), { ...sample['record-visit'], visitedAt: at('4m') }, at()).ok).toBe(true);
    expect(decide(caseIn('verifying'), { ...sample['record-visit'], visitedAt: at() }, at('3d')).ok).toBe(true);
    expect(decide(caseIn('verifying'), { ...sample['record-visit'], visitedAt: at('6m') }, at())).toMatchObject({ code: 'DATE_IN_FUTURE' });
  });
});

describe('emergency aid ratified afterwards (emergencyAidRatify, §9)', () => {
  const granted = () => act(caseIn('verifying', { urgent: true }), sample['grant-emergency-aid'], actors.caseworker, at('1h'));

  it('defaults to 5 working days, so a policy file may leave it out', () => {
    expect(POLICY.deadlines.urgent.emergencyAidRatify).toBe('5wd');
  });

  it('starts when emergency aid is granted: due at 24:00 of the fifth working day after', () => {
    const { state, events } = granted();
    // Granted Monday 2 November 2026: 3, 4, 5, 6 and 9 November.
    expect(state.clocks.emergencyAidRatify).toMatchObject({ dueAt: '2026-11-10T00:00:00+08:00', workingDays: 5 });
    expect(events[0].details).toMatchObject({ ratifyBy: '2026-11-10T00:00:00+08:00' });
  });

  it('runs 5 working days for a case whose stored policy predates the key', () => {
    const old = structuredClone(POLICY);
    delete (old.deadlines.urgent as { emergencyAidRatify?: string }).emergencyAidRatify;
    const s = caseIn('verifying', { urgent: true });
    const decision = decideAction(s, sample['grant-emergency-aid'], actors.caseworker, old, at('1h'));
    expect(decision.ok && decision.state.clocks.emergencyAidRatify?.dueAt).toBe('2026-11-10T00:00:00+08:00');
  });

  it('escalates to the district when verification is not completed in time', () => {
    const fired = fireDueTimers(granted().state, POLICY, '2026-11-10T00:00:00+08:00');
    expect(fired.events.filter((e) => e.type === 'escalated').map((e) => e.details.clock)).toContain('emergencyAidRatify');
  });

  it('is ratified by completing verification, resolving its escalation', () => {
    const late = fireDueTimers(granted().state, POLICY, '2026-11-10T00:00:00+08:00').state;
    const { state, events } = act(late, sample['complete-verification'], actors.caseworker, '2026-11-10T01:00:00+08:00');
    expect(state.clocks.emergencyAidRatify).toBeUndefined();
    expect(events.filter((e) => e.type === 'escalation-resolved').map((e) => e.details.clock)).toContain('emergencyAidRatify');
  });

  it('does not start under the old rules (a replay of aid granted before the clock existed)', () => {
    const decision = decideAction(
      caseIn('verifying', { urgent: true }),
      sample['grant-emergency-aid'],
      actors.caseworker,
      POLICY,
      at('1h'),
      {
        legacyRules: true,
      },
    );
    expect(decision.ok && decision.state.clocks.emergencyAidRatify).toBeUndefined();
  });
});

describe('settle-emergency-aid before a not-in-need case closes (§9)', () => {
  const notInNeed: CaseAction = { type: 'complete-verification', outcome: 'not-in-need' };
  const aided = () => act(caseIn('verifying', { urgent: true }), sample['grant-emergency-aid'], actors.caseworker, at('1h')).state;

  it('refuses to close a case that received emergency aid as not in need until it is settled, changing nothing', () => {
    const s = aided();
    const decision = decide(s, notInNeed, at('2h'));
    expect(decision).toMatchObject({ ok: false, code: 'EMERGENCY_AID_UNSETTLED' });
    if (!decision.ok) expect(decision.reason).toContain('500 CNY of emergency aid');
    expect(s.stage).toBe('verifying');
  });

  it('closes once a street supervisor records the settlement, which the case keeps', () => {
    const settled = act(aided(), sample['settle-emergency-aid'], actors.supervisor, at('2h'));
    expect(settled.state.emergencyAidSettlement).toEqual({
      decision: 'write-off',
      reason: 'The family had no means to repay',
      settledBy: 'sup-1',
      settledAt: at('2h'),
    });
    expect(settled.events[0]).toMatchObject({ type: 'settle-emergency-aid', details: { decision: 'write-off', emergencyAidTotal: 500 } });
    expect(act(settled.state, notInNeed, actors.caseworker, at('3h')).state.stage).toBe('closed');
  });

  it('is for street supervisors and above, once, and only when aid was granted', () => {
    expect(decideAction(aided(), sample['settle-emergency-aid'], actors.caseworker, POLICY, at('2h'))).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
    });
    expect(decideAction(caseIn('verifying'), sample['settle-emergency-aid'], actors.supervisor, POLICY, at('2h'))).toMatchObject({
      code: 'NOTHING_TO_SETTLE',
    });
    const once = act(aided(), sample['settle-emergency-aid'], actors.supervisor, at('2h')).state;
    expect(decideAction(once, sample['settle-emergency-aid'], actors.district, POLICY, at('3h'))).toMatchObject({
      code: 'NOTHING_TO_SETTLE',
    });
  });

  it('does not hold up a case without emergency aid, nor a replay of one closed before the rule', () => {
    expect(act(caseIn('verifying'), notInNeed, actors.caseworker, at('1h')).state.stage).toBe('closed');
    expect(decide(aided(), notInNeed, at('2h'), true)).toMatchObject({ ok: true });
  });
});
