// Issue #17 items 4 and 8 (§14): escalations cannot be made to disappear by a pause, a close or a
// transfer, and money stays within what was approved and the fund rules. Each attack is reproduced as
// it was reported; the replay path (legacyAccountability) must still decide as before.
import { decideAction } from '../../domain/case-machine';
import type { CaseAction, CaseState } from '../../domain/case-types';
import { fireDueTimers, nextWakeAt } from '../../domain/deadlines';
import { escalationLevelOf } from '../../domain/escalation';
import { parsePolicy, type CasePolicy } from '../../domain/policy';
import {
  act,
  actors,
  after,
  at,
  caseIn,
  ms,
  open,
  OTHER_STREET,
  POLICY,
  sample,
  STREET,
  types,
  WALL_CLOCK_POLICY_JSON,
} from './case-fixtures';

const fire = (state: CaseState, now: string) => fireDueTimers(state, POLICY, now);
const pause = (until: string): CaseAction => ({ type: 'pause-clock', reason: 'Waiting for the hukou booklet', expectedResumeAt: until });
const resume: CaseAction = { type: 'resume-clock' };

describe('attack 4a: a pause freezes an escalated case for ever', () => {
  it('keeps an escalated clock counting toward the city deadline while paused', () => {
    const escalated = fire(caseIn('verifying'), at('7d')).state; // verify due 7d, city due 9d
    expect(escalationLevelOf(escalated)).toBe(1);
    const paused = after(escalated, pause(at('20d')), actors.caseworker, at('8d'));
    expect(nextWakeAt(paused)).toBe(at('9d'));
    const { state, events } = fire(paused, at('9d'));
    expect(types(events)).toEqual(['escalation-raised']);
    expect(escalationLevelOf(state)).toBe(2);
    // The resume credits no paused time to a clock that never stood still.
    const resumed = after(paused, resume, actors.caseworker, at('8d', '12h'));
    expect(resumed.clocks.verify?.escalation?.cityDueAt).toBe(at('9d'));
  });

  it('still freezes clocks that have not escalated', () => {
    const paused = after(caseIn('verifying'), pause(at('12d')), actors.caseworker, at('2d'));
    expect(fire(paused, at('10d')).events).toEqual([]);
  });

  it('caps the total pause per stage: pause, hit the maximum, resume, pause again is refused, naming what is left', () => {
    const verifying = caseIn('verifying');
    const first = after(verifying, pause(at('31d')), actors.caseworker, at('1d')); // maxPause 30d
    const hit = fire(first, at('31d')).state; // the pause clock escalates at the maximum
    expect(hit.escalations.map((e) => e.clock)).toEqual(['pause']);
    const resumed = after(hit, resume, actors.caseworker, at('31d'));
    const again = decideAction(resumed, pause(at('40d')), actors.caseworker, POLICY, at('32d'));
    expect(again).toMatchObject({ ok: false, code: 'PAUSE_TOO_LONG' });
    expect(again.ok === false && again.reason).toMatch(/No pause is left in stage verifying.*30d has been used/);
  });

  it('lets a second pause have only what is left, and its pause clock runs to that', () => {
    const p1 = after(caseIn('verifying'), pause(at('11d')), actors.caseworker, at('1d'));
    const r1 = after(p1, resume, actors.caseworker, at('11d')); // 10d used, 20d left
    expect(r1.pauseUsed).toEqual({ stage: 'verifying', ms: ms('10d') });
    const tooLong = decideAction(r1, pause(at('33d')), actors.caseworker, POLICY, at('12d'));
    expect(tooLong).toMatchObject({ ok: false, code: 'PAUSE_TOO_LONG' });
    expect(tooLong.ok === false && tooLong.reason).toMatch(/20d left, until 2026-12-04T00:00:00.000Z/);
    const { state, events } = act(r1, pause(at('32d')), actors.caseworker, at('12d'));
    expect(state.clocks.pause?.dueAt).toBe(at('32d'));
    expect(events[0].details).toMatchObject({ maxPauseUntil: at('32d'), pauseLeftMs: ms('20d') });
  });

  it('gives a new stage the whole budget again', () => {
    const p1 = after(caseIn('verifying'), pause(at('25d')), actors.caseworker, at('1d'));
    const r1 = after(p1, resume, actors.caseworker, at('25d'));
    const deciding = after(r1, sample['complete-verification'], actors.caseworker, at('26d'));
    expect(deciding.pauseUsed).toBeUndefined();
    expect(decideAction(deciding, pause(at('55d')), actors.caseworker, POLICY, at('26d')).ok).toBe(true);
  });

  it('replays a pause accepted before §14 as it was decided (no budget, escalations frozen)', () => {
    const escalated = fire(caseIn('verifying'), at('7d')).state;
    const legacy = decideAction(escalated, pause(at('20d')), actors.caseworker, POLICY, at('8d'), { legacyAccountability: true });
    if (!legacy.ok) throw new Error(legacy.reason);
    expect(legacy.state.pause?.accountable).toBeUndefined();
    expect(fire(legacy.state, at('19d')).events).toEqual([]);
  });
});

describe('attack 4b: closing resolves an escalation with no reason shown', () => {
  it('ends it as closed with the actor and the reason, kept with the district it was raised to', () => {
    const escalated = fire(caseIn('verifying'), at('10d')).state; // raised to the city at 9d
    const { state, events } = act(escalated, { type: 'close', reason: 'Family cannot be reached' }, actors.supervisor, at('11d'));
    expect(types(events)).toEqual(['close', 'escalation-closed']);
    expect(events[1]).toMatchObject({
      actorId: 'sup-1',
      details: { escalationId: 'case-1:verify:1', level: 'city', status: 'closed', reason: 'Family cannot be reached' },
    });
    expect(state.escalations[0]).toMatchObject({
      status: 'closed',
      level: 2,
      endedBy: 'sup-1',
      endReason: 'Family cannot be reached',
      resolvedAt: at('11d'),
      districtCode: '440104',
    });
    expect(state.escalations[0].timeToResolveMs).toBeUndefined();
  });
});

describe('attack 4c: transferring resolves the escalation and restarts the clock each time', () => {
  const late = () => fire(open(), at('25h')).state; // accept due 24h: district; city due 72h

  it('ends the old record as transferred and carries the escalation, level and city deadline to the new street', () => {
    const { state, events } = act(
      late(),
      { type: 'transfer', toStreetCode: OTHER_STREET, reason: 'Wrong street' },
      actors.supervisor,
      at('26h'),
    );
    expect(types(events)).toEqual(['transfer', 'escalation-transferred', 'escalated']);
    const [old, carried] = state.escalations;
    expect(old).toMatchObject({
      status: 'transferred',
      endedBy: 'sup-1',
      endReason: 'Wrong street',
      streetCode: STREET,
      districtCode: '440104',
      continuedAs: carried.escalationId,
    });
    expect(carried).toMatchObject({
      status: 'open',
      level: 1,
      streetCode: OTHER_STREET,
      districtCode: '440105',
      continuedFrom: old.escalationId,
    });
    expect(state.clocks.accept?.escalation).toMatchObject({ escalationId: carried.escalationId, level: 1, cityDueAt: at('72h') });
    expect(escalationLevelOf(state)).toBe(1);
  });

  it('does not reset the chain on repeated transfers: the city deadline holds and the city is reached', () => {
    let s = late();
    const streets = [OTHER_STREET, STREET, OTHER_STREET, STREET];
    streets.forEach((toStreetCode, i) => {
      s = after(s, { type: 'transfer', toStreetCode, reason: `hand-over ${i}` }, actors.supervisor, at(`${26 + i}h`));
    });
    expect(escalationLevelOf(s)).toBe(1);
    expect(s.escalations.filter((e) => e.status === 'transferred')).toHaveLength(4);
    const { state } = fire(s, at('72h'));
    expect(escalationLevelOf(state)).toBe(2);
  });

  it('carries an escalation of a later stage too, without restarting its clock', () => {
    const escalated = fire(caseIn('verifying'), at('8d')).state;
    const { state } = act(escalated, { type: 'transfer', toStreetCode: OTHER_STREET, reason: 'Moved' }, actors.supervisor, at('8d', '1h'));
    expect(state.clocks.verify).toMatchObject({ instance: 1, escalation: { level: 1, cityDueAt: at('9d') } });
    expect(state.escalations.map((e) => e.status)).toEqual(['transferred', 'open']);
  });
});

describe('attack 8a: a disbursement beyond what was approved', () => {
  const assisting = () => caseIn('assisting'); // 2000 CNY temporary approved, one month

  it('refuses 10 million against 2,000 approved', () => {
    const decision = decideAction(assisting(), { type: 'record-disbursement', amount: 10_000_000 }, actors.caseworker, POLICY, at('1d'));
    expect(decision).toMatchObject({ ok: false, code: 'DISBURSEMENT_EXCEEDS_APPROVAL' });
    expect(decision.ok === false && decision.reason).toMatch(
      /2000 CNY was approved \(2000 × 1 month\(s\)\), 0 CNY disbursed, 2000 CNY left/,
    );
  });

  it('allows up to amount × months, summed over the disbursements of the approval', () => {
    let s = after(
      caseIn('deciding'),
      { type: 'propose-assistance', assistanceType: 'temporary', amount: 500, months: 3 },
      actors.caseworker,
    );
    s = after(s, sample['approve-assistance'], actors.supervisor);
    const { state, events } = act(s, { type: 'record-disbursement', amount: 1500 }, actors.caseworker, at('1d'));
    expect(events[0].details).toMatchObject({ approvedTotal: 1500, disbursedAgainstApproval: 1500 });
    expect(state.assistance?.[0]).toMatchObject({ disbursed: 1500, total: 1500 });
  });

  it('records a supervisor override with its reason; a caseworker may not override', () => {
    const over: CaseAction = { type: 'record-disbursement', amount: 2500, override: { reason: 'Hospital bill paid directly' } };
    expect(decideAction(assisting(), over, actors.caseworker, POLICY, at('1d'))).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    const { events } = act(assisting(), over, actors.supervisor, at('1d'));
    expect(events[0].details).toMatchObject({
      override: { reason: 'Hospital bill paid directly' },
      overApprovalBy: 500,
      overriddenBy: 'sup-1',
    });
  });

  it('replays a disbursement accepted before §14 as it was decided', () => {
    const legacy = decideAction(assisting(), { type: 'record-disbursement', amount: 10_000_000 }, actors.caseworker, POLICY, at('1d'), {
      legacyAccountability: true,
      legacyAssistance: true,
    });
    expect(legacy.ok).toBe(true);
  });
});

describe('attack 8b: emergency aid of 10 million, three times, on a case not yet accepted', () => {
  const grant = (amount: number): CaseAction => ({ type: 'grant-emergency-aid', amount });

  it('refuses it before acceptance beyond the per-grant maximum, for district officers too', () => {
    const reported = open({ urgent: true });
    for (const actor of [actors.caseworker, actors.district]) {
      expect(decideAction(reported, grant(10_000_000), actor, POLICY, at('1h'))).toMatchObject({
        ok: false,
        code: 'EMERGENCY_AID_BEFORE_ACCEPTANCE',
      });
    }
  });

  it('counts repeated grants before acceptance together', () => {
    const once = after(open({ urgent: true }), grant(2000), actors.caseworker, at('1h'));
    const again = decideAction(once, grant(2000), actors.caseworker, POLICY, at('2h'));
    expect(again).toMatchObject({ ok: false, code: 'EMERGENCY_AID_BEFORE_ACCEPTANCE' });
    expect(again.ok === false && again.reason).toMatch(/2000 CNY was granted already, 1000 CNY is left/);
    expect(decideAction(once, grant(1000), actors.caseworker, POLICY, at('2h')).ok).toBe(true);
  });

  it('refuses any emergency aid to a normal case, and leaves an accepted case to the fund rules', () => {
    expect(decideAction(open(), grant(100), actors.caseworker, POLICY, at('1h'))).toMatchObject({ ok: false, code: 'NOT_URGENT' });
    const verifying = caseIn('verifying', { urgent: true });
    expect(decideAction(verifying, grant(10_000), actors.district, POLICY, at('1h')).ok).toBe(true);
  });

  it('skips the check for a stored policy without emergencyFund (older cases)', () => {
    const { emergencyFund: _dropped, ...older } = parsePolicy(WALL_CLOCK_POLICY_JSON);
    const decision = decideAction(open({ urgent: true }), grant(10_000), actors.caseworker, older as CasePolicy, at('1h'));
    expect(decision.ok).toBe(true);
  });
});

describe('attack 8c: approving one’s own proposal', () => {
  it('refuses the proposer, and lets another approver approve', () => {
    const proposed = after(caseIn('deciding'), sample['propose-assistance'], actors.supervisor);
    const self = decideAction(proposed, sample['approve-assistance'], actors.supervisor, POLICY, at('1d'));
    expect(self).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
    const other = { ...actors.supervisor, userId: 'sup-2' };
    expect(decideAction(proposed, sample['approve-assistance'], other, POLICY, at('1d')).ok).toBe(true);
    // A replay from before §14 (and before items, §10): the old proposal, approved by its proposer.
    const legacy = { legacyAccountability: true, legacyAssistance: true };
    const proposedBefore = decideAction(caseIn('deciding'), sample['propose-assistance'], actors.supervisor, POLICY, at(), legacy);
    if (!proposedBefore.ok) throw new Error(proposedBefore.reason);
    expect(decideAction(proposedBefore.state, sample['approve-assistance'], actors.supervisor, POLICY, at('1d'), legacy).ok).toBe(true);
  });
});
