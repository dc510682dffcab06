// The case lifecycle: which actions are legal where and for whom, and what each one changes.
import { ACTION_STAGES, attachReport, decideAction, isUrgentReport, openCase } from '../../domain/case-machine';
import { ACTION_TYPES, STAGES, type ActionType, type CaseAction, type CaseState, type Stage } from '../../domain/case-types';
import { fireDueTimers } from '../../domain/deadlines';
import {
  act,
  actors,
  after,
  at,
  caseIn,
  postedForPublicNotice,
  deepFreeze,
  DISTRICT,
  makeReport,
  ms,
  open,
  OTHER_STREET,
  sample,
  STREET,
  T0,
  types,
  urgentReport,
  POLICY,
} from './case-fixtures';

const OPEN: Stage[] = ['reported', 'verifying', 'deciding', 'assisting', 'referred', 'monitoring'];

// Written out from DESIGN.md §3 rather than derived from ACTION_STAGES, so the two check each other.
const LEGAL: Record<ActionType, Stage[]> = {
  accept: ['reported'],
  transfer: OPEN,
  assign: OPEN,
  'record-visit': ['verifying', 'monitoring'],
  'record-economic-check': ['verifying', 'monitoring'],
  'grant-emergency-aid': ['reported', 'verifying'],
  'complete-verification': ['verifying'],
  // §9: settling emergency aid belongs to a verification that found the family not in need.
  'settle-emergency-aid': ['verifying'],
  'propose-assistance': ['deciding'],
  'approve-assistance': ['deciding'],
  'reject-assistance': ['deciding'],
  // §9: during a public notice, which keeps an approved case in deciding.
  'record-objection': ['deciding'],
  // §10: monthly items go on being paid while the family is monitored or referred.
  'record-disbursement': ['assisting', 'monitoring', 'referred'],
  'refer-to-charity': ['deciding', 'assisting', 'monitoring'],
  'charity-response': ['referred'],
  'record-revisit': ['monitoring'],
  'pause-clock': OPEN,
  'resume-clock': OPEN,
  close: OPEN,
  reopen: ['closed'],
  // §7: both concern open cases only.
  'identify-subject': OPEN,
  'merge-into': OPEN,
};

/** A case in `stage` on which `type` can succeed if the stage allows it. */
function preparedFor(type: ActionType, stage: Stage): CaseState {
  const s = caseIn(stage, { urgent: true, withProposal: type === 'approve-assistance' || type === 'reject-assistance' });
  if (type === 'settle-emergency-aid' && stage === 'verifying') return after(s, sample['grant-emergency-aid']);
  if (type === 'record-objection' && stage === 'deciding') return postedForPublicNotice(s);
  if (type === 'identify-subject') return { ...s, subjectUnidentified: true };
  if (type === 'record-disbursement' && (stage === 'monitoring' || stage === 'referred')) return paidOneMonth(stage);
  return type === 'resume-clock' && stage !== 'closed' ? after(s, sample['pause-clock']) : s;
}

/** A family with 2000 CNY a month for two months, the first month paid: monitored, or then referred. */
function paidOneMonth(stage: 'monitoring' | 'referred'): CaseState {
  let s = after(caseIn('deciding'), { type: 'propose-assistance', assistanceType: 'medical', amount: 2000, months: 2 }, actors.caseworker);
  s = after(s, sample['approve-assistance'], actors.district);
  s = after(s, { type: 'record-disbursement', amount: 2000 }, actors.caseworker);
  return stage === 'monitoring' ? s : after(s, sample['refer-to-charity'], actors.caseworker);
}

describe('stage legality', () => {
  it('matches the table in DESIGN.md §3', () => {
    expect(ACTION_STAGES).toEqual(LEGAL);
  });

  const cells = ACTION_TYPES.flatMap((type) => STAGES.map((stage) => [type, stage, LEGAL[type].includes(stage)] as const));

  // The street supervisor holds every permission, so only the stage decides here.
  it.each(cells)('%s in stage %s is legal: %s', (type, stage, legal) => {
    const state = preparedFor(type, stage);
    const decision = decideAction(state, sample[type], actors.supervisor, POLICY, at('1h'));
    if (legal) {
      expect(decision).toMatchObject({ ok: true });
    } else {
      expect(decision).toEqual({
        ok: false,
        code: 'STAGE_NOT_ALLOWED',
        reason: `${type} is not allowed in stage ${stage}; allowed in: ${LEGAL[type].join(', ')}`,
      });
    }
  });
});

describe('role checks', () => {
  it('refuses an action the role may not perform, naming the role and the action', () => {
    const decision = decideAction(open(), sample.accept, actors.hotline, POLICY, T0);
    expect(decision).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(!decision.ok && decision.reason).toMatch(/hotline.*accept/);
  });

  it('checks the role before the stage', () => {
    const decision = decideAction(open(), sample['approve-assistance'], actors.caseworker, POLICY, T0);
    expect(decision).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
  });

  it.each(['hotline', 'department', 'reporter'] as const)('a %s cannot act on a case at all', (who) => {
    for (const type of ACTION_TYPES) {
      const decision = decideAction(preparedFor(type, LEGAL[type][0]), sample[type], actors[who], POLICY, at('1h'));
      expect(decision).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    }
  });

  it('lets a district officer transfer and close but not accept', () => {
    expect(decideAction(open(), sample.transfer, actors.district, POLICY, T0).ok).toBe(true);
    expect(decideAction(open(), sample.close, actors.district, POLICY, T0).ok).toBe(true);
    expect(decideAction(open(), sample.accept, actors.district, POLICY, T0)).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
  });
});

describe('input checks', () => {
  it('refuses an unknown action type', () => {
    const decision = decideAction(open(), { type: 'escalate' } as unknown as CaseAction, actors.city, POLICY, T0);
    expect(decision).toMatchObject({ ok: false, code: 'INVALID_ACTION' });
  });

  it.each([null, undefined, 'accept', 42, ['accept'], { kind: 'accept' }])('refuses %p, which is not an action at all', (garbage) => {
    const decision = decideAction(open(), garbage as unknown as CaseAction, actors.caseworker, POLICY, T0);
    expect(decision).toMatchObject({ ok: false, code: 'INVALID_ACTION' });
  });

  // Field validation (e.g. an empty transfer reason) is the boundary's job: the API parses every
  // action with caseActionSchema before it gets here; see action-schemas.test.ts.

  it('never aliases the caller’s action in the new state or its events', () => {
    const action = { ...sample['refer-to-charity'], needs: ['food parcels'] };
    const decision = decideAction(caseIn('assisting'), action, actors.caseworker, POLICY, T0);
    if (!decision.ok) throw new Error(decision.reason);
    action.needs.push('changed afterwards');
    expect(decision.state.referrals.at(-1)!.needs).toEqual(['food parcels']);
    expect(decision.events.at(-1)!.details.needs).toEqual(['food parcels']);
  });
});

describe('opening a case', () => {
  it('starts in reported with the acceptance clock running and a "reported" event', () => {
    const report = makeReport({ reportId: 'rep-open', channel: 'hotline', categories: ['elderly_alone'] });
    const { state, events } = openCase({ caseId: 'case-9', report, policy: POLICY, now: T0 });
    expect(state).toMatchObject({
      caseId: 'case-9',
      personId: 'person-1',
      policyVersion: 'default-2026-12',
      urgency: 'normal',
      stage: 'reported',
      streetCode: STREET,
      districtCode: DISTRICT,
      assigneeId: null,
      ownerStreetCode: null,
      reportIds: ['rep-open'],
      seq: 1,
    });
    expect(state.clocks.accept).toMatchObject({ dueAt: at('24h'), remindAt: at('18h'), instance: 1, reminded: false });
    expect(events).toEqual([
      {
        eventId: 'case-9:1',
        seq: 1,
        type: 'reported',
        at: T0,
        actorId: 'grid-1',
        fromStage: null,
        toStage: 'reported',
        details: {
          reportId: 'rep-open',
          channel: 'hotline',
          urgentFlags: [],
          categories: ['elderly_alone'],
          urgency: 'normal',
          created: true,
        },
      },
    ]);
  });

  it('gives a green-channel report the short acceptance deadline', () => {
    const { state } = openCase({ caseId: 'c', report: urgentReport(), policy: POLICY, now: T0 });
    expect(state.urgency).toBe('urgent');
    expect(state.clocks.accept?.dueAt).toBe(at('2h'));
  });
});

describe('isUrgentReport', () => {
  it('treats any urgent flag as the green channel', () => {
    expect(isUrgentReport(makeReport({ urgentFlags: ['disaster'] }))).toBe(true);
  });

  it('treats an unattended or left-behind minor as the green channel', () => {
    expect(isUrgentReport(makeReport({ subjectIsMinor: true, categories: ['unattended'] }))).toBe(true);
    expect(isUrgentReport(makeReport({ subjectIsMinor: true, categories: ['left_behind_child'] }))).toBe(true);
  });

  it('does not treat an adult "unattended" report or an ordinary minor report as urgent', () => {
    expect(isUrgentReport(makeReport({ subjectIsMinor: false, categories: ['unattended'] }))).toBe(false);
    expect(isUrgentReport(makeReport({ subjectIsMinor: true, categories: ['school_fees'] }))).toBe(false);
  });
});

describe('the happy path: reported → verifying → deciding → assisting → monitoring → closed', () => {
  it('records one numbered event per step with who, when and the stages before and after', () => {
    const steps: [CaseAction, (typeof actors)[keyof typeof actors], string][] = [
      [sample.accept, actors.caseworker, at('1h')],
      [{ type: 'record-visit', visitedAt: at('1d'), findings: 'Lives alone, no income' }, actors.caseworker, at('1d')],
      [{ type: 'complete-verification', outcome: 'eligible' }, actors.caseworker, at('2d')],
      [sample['propose-assistance'], actors.caseworker, at('3d')],
      [sample['approve-assistance'], actors.supervisor, at('4d')],
      [sample['record-disbursement'], actors.caseworker, at('5d')],
      [sample.close, actors.supervisor, at('30d')],
    ];
    let state = open();
    const events = [];
    for (const [action, actor, now] of steps) {
      const result = act(state, action, actor, now);
      state = result.state;
      events.push(...result.events);
    }
    expect(events.map((e) => [e.seq, e.eventId, e.type, e.fromStage, e.toStage, e.actorId, e.at])).toEqual([
      [2, 'case-1:2', 'accept', 'reported', 'verifying', 'cw-1', at('1h')],
      [3, 'case-1:3', 'record-visit', 'verifying', 'verifying', 'cw-1', at('1d')],
      [4, 'case-1:4', 'complete-verification', 'verifying', 'deciding', 'cw-1', at('2d')],
      [5, 'case-1:5', 'propose-assistance', 'deciding', 'deciding', 'cw-1', at('3d')],
      [6, 'case-1:6', 'approve-assistance', 'deciding', 'assisting', 'sup-1', at('4d')],
      [7, 'case-1:7', 'record-disbursement', 'assisting', 'monitoring', 'cw-1', at('5d')],
      [8, 'case-1:8', 'close', 'monitoring', 'closed', 'sup-1', at('30d')],
    ]);
    expect(events[1].details).toEqual({ visitedAt: at('1d'), findings: 'Lives alone, no income' });
    expect(events[3].details).toMatchObject({ assistanceType: 'temporary', amount: 2000, requiredTier: 'street' });
    expect(state).toMatchObject({
      stage: 'closed',
      seq: 8,
      stageBeforeClose: 'monitoring',
      closedAt: at('30d'),
      closeReason: 'Moved out of the city',
      disbursedTotal: 2000,
      ownerStreetCode: STREET,
      assigneeId: 'cw-1',
      assistance: [
        {
          itemId: 'case-1:aid:1',
          amount: 2000,
          status: 'ended',
          endedAs: 'paid',
          endsAt: at('5d'),
          approvedBy: 'sup-1',
          approvedAt: at('4d'),
          requiredTier: 'street',
          disbursed: 2000,
        },
      ],
      clocks: {},
    });
  });

  it('moves the clocks along with the stages', () => {
    let s = after(open(), sample.accept, actors.caseworker, at('1h'));
    expect(Object.keys(s.clocks)).toEqual(['verify']);
    expect(s.clocks.verify?.dueAt).toBe(at('1h', '7d'));
    s = after(s, sample['complete-verification'], actors.caseworker, at('2d'));
    expect(Object.keys(s.clocks)).toEqual(['decide']);
    expect(s.clocks.decide?.dueAt).toBe(at('2d', '5d'));
    s = after(s, sample['propose-assistance'], actors.caseworker, at('3d'));
    s = after(s, sample['approve-assistance'], actors.supervisor, at('4d'));
    expect(Object.keys(s.clocks)).toEqual(['reReview']);
    expect(s.monitoringMode).toBe('assisted');
    s = after(s, sample['record-disbursement'], actors.caseworker, at('5d'));
    // Re-review counts from the decision, not from the payment.
    expect(s.clocks.reReview?.dueAt).toBe(at('4d', '180d'));
  });
});

describe('accept', () => {
  it('makes the accepting street the owner and the accepting caseworker the assignee', () => {
    const s = after(open(), sample.accept, actors.caseworker);
    expect(s.ownerStreetCode).toBe(STREET);
    expect(s.assigneeId).toBe('cw-1');
  });

  it('lets a supervisor accept on behalf of a named caseworker', () => {
    expect(after(open(), { type: 'accept', assigneeId: 'cw-7' }, actors.supervisor).assigneeId).toBe('cw-7');
    expect(after(open(), sample.accept, actors.supervisor).assigneeId).toBeNull();
  });
});

describe('completed clocks on the event (§12 on-time rate per clock)', () => {
  it('the accept event says the accept clock was completed on time before its due time', () => {
    const opened = open();
    const { events } = act(opened, sample.accept, actors.caseworker, at('1h'));
    expect(events[0].details.clocksCompleted).toEqual([{ clock: 'accept', dueAt: opened.clocks.accept!.dueAt, onTime: true }]);
  });

  it('after its due time it was late, escalated or not', () => {
    const opened = open();
    const late = act(opened, sample.accept, actors.caseworker, at('25h')).events[0].details.clocksCompleted;
    expect(late).toEqual([{ clock: 'accept', dueAt: opened.clocks.accept!.dueAt, onTime: false }]);
    const escalated = fireDueTimers(opened, POLICY, at('25h')).state;
    expect(act(escalated, sample.accept, actors.caseworker, at('26h')).events[0].details.clocksCompleted).toEqual([
      expect.objectContaining({ clock: 'accept', onTime: false }),
    ]);
  });

  it('a clock stopped for another reason (transfer) is not a completion', () => {
    const { events } = act(open(), sample.transfer, actors.caseworker, at('1h'));
    expect(events[0].details.clocksCompleted).toBeUndefined();
  });
});

describe('transfer', () => {
  it('moves the case to the new street and district, clears the assignee and restarts the acceptance clock there', () => {
    const s0 = after(open(), sample.assign, actors.supervisor);
    const { state, events } = act(s0, sample.transfer, actors.caseworker, at('10h'));
    expect(state).toMatchObject({ streetCode: OTHER_STREET, districtCode: '440105', assigneeId: null, stage: 'reported' });
    expect(state.clocks.accept).toMatchObject({ startedAt: at('10h'), dueAt: at('34h'), instance: 2 });
    expect(events).toHaveLength(1);
    expect(events[0].details).toEqual({ fromStreetCode: STREET, toStreetCode: OTHER_STREET, reason: 'The family moved to Haizhu' });
  });

  it('under the rules from before §14 (replay), resolves an acceptance escalation as "transferred" when the case moves', () => {
    const late = fireDueTimers(open(), POLICY, at('25h')).state;
    const decision = decideAction(late, sample.transfer, actors.supervisor, POLICY, at('26h'), { legacyAccountability: true });
    if (!decision.ok) throw new Error(decision.reason);
    const { state, events } = decision;
    expect(types(events)).toEqual(['transfer', 'escalation-resolved']);
    expect(events[1].details).toMatchObject({ resolution: 'transferred', escalationId: 'case-1:accept:1', timeToResolveMs: ms('1h') });
    expect(state.escalations[0]).toMatchObject({ status: 'resolved', resolution: 'transferred' });
  });

  it('keeps the running clocks of later stages and hands ownership to the new street', () => {
    const verifying = after(open(), sample.accept, actors.caseworker, at('1h'));
    const moved = after(verifying, sample.transfer, actors.supervisor, at('2h'));
    expect(moved.clocks.verify).toEqual(verifying.clocks.verify);
    expect(moved.ownerStreetCode).toBe(OTHER_STREET);
  });

  it('refuses a transfer to the street the case is already at', () => {
    const decision = decideAction(open(), { ...sample.transfer, toStreetCode: STREET }, actors.caseworker, POLICY, T0);
    expect(decision).toMatchObject({ ok: false, code: 'SAME_STREET' });
  });

  it('refuses a street the jurisdiction tree does not know', () => {
    const decision = decideAction(open(), sample.transfer, actors.caseworker, POLICY, T0, {
      streetExists: (code) => code === STREET,
    });
    expect(decision).toMatchObject({ ok: false, code: 'UNKNOWN_STREET', reason: expect.stringContaining(OTHER_STREET) });
  });
});

describe('green channel emergency aid', () => {
  it('is refused for a normal case', () => {
    const decision = decideAction(open(), sample['grant-emergency-aid'], actors.caseworker, POLICY, T0);
    expect(decision).toMatchObject({ ok: false, code: 'NOT_URGENT' });
  });

  it('can be granted before acceptance, and then acceptance owes no further emergency aid', () => {
    const s = after(open({ urgent: true }), sample['grant-emergency-aid'], actors.caseworker, at('30m'));
    expect(s.emergencyAidTotal).toBe(500);
    expect(s.stage).toBe('reported');
    const accepted = after(s, sample.accept, actors.caseworker, at('1h'));
    // No emergency-aid clock; the aid granted waits to be ratified by the verification (§9).
    expect(Object.keys(accepted.clocks).sort()).toEqual(['emergencyAidRatify', 'verify']);
  });

  it('starts a 24-hour emergency-aid clock at acceptance that the grant stops', () => {
    const accepted = after(open({ urgent: true }), sample.accept, actors.caseworker, at('1h'));
    expect(accepted.clocks.emergencyAid?.dueAt).toBe(at('25h'));
    expect(accepted.clocks.verify?.dueAt).toBe(at('1h', '3d'));
    const granted = act(accepted, { type: 'grant-emergency-aid', amount: 800, kind: 'cash' }, actors.caseworker, at('5h'));
    expect(granted.state.clocks.emergencyAid).toBeUndefined();
    expect(granted.events[0]).toMatchObject({ type: 'grant-emergency-aid', fromStage: 'verifying', toStage: 'verifying' });
    expect(granted.events[0].details).toMatchObject({ amount: 800, kind: 'cash' });
  });

  it('adds repeated grants up exactly to the fen', () => {
    let s = caseIn('verifying', { urgent: true });
    s = after(s, { type: 'grant-emergency-aid', amount: 0.1 });
    s = after(s, { type: 'grant-emergency-aid', amount: 0.2 });
    expect(s.emergencyAidTotal).toBe(0.3);
  });
});

describe('complete-verification', () => {
  it('puts an at-risk family on the watch list with a revisit clock', () => {
    const s = after(caseIn('verifying'), { type: 'complete-verification', outcome: 'watch' }, actors.caseworker, at('1d'));
    expect(s).toMatchObject({ stage: 'monitoring', monitoringMode: 'watch' });
    expect(Object.keys(s.clocks)).toEqual(['revisitInterval']);
    expect(s.clocks.revisitInterval?.dueAt).toBe(at('1d', '90d'));
  });

  it('closes the case when the person is not in need', () => {
    const s = after(caseIn('verifying', { urgent: true }), { type: 'complete-verification', outcome: 'not-in-need' });
    expect(s).toMatchObject({ stage: 'closed', closeReason: 'not in need', stageBeforeClose: 'verifying', clocks: {} });
  });

  it('stops the emergency-aid clock too, since verification is done', () => {
    const s = after(caseIn('verifying', { urgent: true }), sample['complete-verification']);
    expect(Object.keys(s.clocks)).toEqual(['decide']);
    expect(s.clocks.decide?.dueAt).toBe(at('2d'));
  });
});

describe('proposals and approval tiers', () => {
  const proposing = (amount: number) => after(caseIn('deciding'), { ...sample['propose-assistance'], amount });

  it('records the tier the amount requires', () => {
    expect(proposing(3000).assistance?.[0].requiredTier).toBe('street');
    expect(proposing(3000.01).assistance?.[0].requiredTier).toBe('district');
    expect(proposing(10000.01).assistance?.[0].requiredTier).toBe('city');
  });

  it('refuses a second proposal while one is pending', () => {
    const decision = decideAction(proposing(2000), sample['propose-assistance'], actors.caseworker, POLICY, T0);
    expect(decision).toMatchObject({ ok: false, code: 'PROPOSAL_PENDING' });
  });

  it('refuses approval or rejection when nothing is pending', () => {
    for (const action of [sample['approve-assistance'], sample['reject-assistance']]) {
      expect(decideAction(caseIn('deciding'), action, actors.city, POLICY, T0)).toMatchObject({
        ok: false,
        code: 'NO_PENDING_PROPOSAL',
      });
    }
  });

  it('refuses a street supervisor approving above the street limit, explaining the limit', () => {
    const decision = decideAction(proposing(3500), sample['approve-assistance'], actors.supervisor, POLICY, T0);
    expect(decision).toEqual({
      ok: false,
      code: 'APPROVAL_TIER_EXCEEDED',
      reason: '3500 CNY needs district approval; a street supervisor may approve up to 3000 CNY',
    });
  });

  it('refuses a district officer approving above the district limit', () => {
    const decision = decideAction(proposing(12000), sample['approve-assistance'], actors.district, POLICY, T0);
    expect(decision).toEqual({
      ok: false,
      code: 'APPROVAL_TIER_EXCEEDED',
      reason: '12000 CNY needs city approval; a district officer may approve up to 10000 CNY',
    });
  });

  it('lets a higher tier approve what a lower tier may not', () => {
    expect(after(proposing(3500), sample['approve-assistance'], actors.district).stage).toBe('assisting');
    expect(after(proposing(12000), sample['approve-assistance'], actors.city).stage).toBe('assisting');
    expect(after(proposing(100), sample['approve-assistance'], actors.city).stage).toBe('assisting');
  });

  it('applies the same tier rule to rejection', () => {
    const decision = decideAction(proposing(3500), sample['reject-assistance'], actors.supervisor, POLICY, T0);
    expect(decision).toMatchObject({ ok: false, code: 'APPROVAL_TIER_EXCEEDED' });
  });

  it('keeps a rejected case deciding, with its decide clock still running, and allows a new proposal', () => {
    const s0 = proposing(2000);
    const rejected = after(s0, sample['reject-assistance'], actors.supervisor, at('1d'));
    expect(rejected.stage).toBe('deciding');
    expect(rejected.assistance?.[0]).toMatchObject({ status: 'rejected', rejectedBy: 'sup-1' });
    expect(rejected.clocks.decide).toEqual(s0.clocks.decide);
    expect(after(rejected, sample['propose-assistance'], actors.caseworker, at('2d')).assistance?.[1]).toMatchObject({
      status: 'proposed',
      amount: 2000,
    });
  });
});

describe('charity referral', () => {
  it('moves to referred, stops the stage clock and starts the charity-response clock', () => {
    const { state, events } = act(caseIn('deciding'), sample['refer-to-charity'], actors.caseworker, at('1d'));
    expect(state.stage).toBe('referred');
    expect(Object.keys(state.clocks)).toEqual(['charityResponse']);
    expect(state.clocks.charityResponse?.dueAt).toBe(at('1d', '7d'));
    expect(state.referrals).toEqual([
      {
        referralId: 'case-1:ref:1',
        organisationId: 'org-1',
        needs: ['food parcels'],
        status: 'pending',
        referredAt: at('1d'),
        returnStage: 'deciding',
      },
    ]);
    expect(events[0].details).toMatchObject({ organisationId: 'org-1', referralId: 'case-1:ref:1' });
    expect(events[0].details).not.toHaveProperty('projectId');
  });

  it('keeps the project a referral draws on, in the referral and its event (§10)', () => {
    const { state, events } = act(caseIn('deciding'), { ...sample['refer-to-charity'], projectId: 'prj-1' }, actors.caseworker, at('1d'));
    expect(state.referrals[0]).toMatchObject({ referralId: 'case-1:ref:1', organisationId: 'org-1', projectId: 'prj-1' });
    expect(events[0].details).toMatchObject({ organisationId: 'org-1', projectId: 'prj-1' });
  });

  it('stays referred when the charity accepts, the response clock replaced by the follow-up clock (§10)', () => {
    const s = after(caseIn('referred'), sample['charity-response'], actors.caseworker, at('1d'));
    expect(s.stage).toBe('referred');
    expect(Object.keys(s.clocks)).toEqual(['charityFollowUp']);
    expect(s.clocks.charityFollowUp?.dueAt).toBe(at('1d', '30d'));
    expect(s.referrals[0]).toMatchObject({ status: 'accepted', respondedAt: at('1d') });
  });

  it('returns to deciding with a fresh decide clock when the charity declines', () => {
    const s = after(caseIn('referred'), { type: 'charity-response', response: 'declined' }, actors.caseworker, at('2d'));
    expect(s.stage).toBe('deciding');
    expect(s.clocks.decide).toMatchObject({ startedAt: at('2d'), instance: 2 });
    expect(s.referrals[0].status).toBe('declined');
  });

  it('returns an assisted family to assisting with a fresh re-review clock when the charity declines', () => {
    const referred = after(caseIn('assisting'), sample['refer-to-charity'], actors.caseworker, at('1d'));
    expect(referred.referrals[0].returnStage).toBe('assisting');
    const s = after(referred, { type: 'charity-response', response: 'declined' }, actors.caseworker, at('3d'));
    expect(s.stage).toBe('assisting');
    expect(Object.keys(s.clocks)).toEqual(['reReview']);
    expect(s.clocks.reReview?.dueAt).toBe(at('3d', '180d'));
  });

  it('moves to monitoring when the charity has completed its help (watch list if no government aid)', () => {
    const accepted = after(caseIn('referred'), sample['charity-response'], actors.caseworker, at('1d'));
    const s = after(accepted, { type: 'charity-response', response: 'completed' }, actors.caseworker, at('20d'));
    expect(s).toMatchObject({ stage: 'monitoring', monitoringMode: 'watch' });
    expect(Object.keys(s.clocks)).toEqual(['revisitInterval']);
    expect(s.referrals[0].status).toBe('completed');
  });

  it('monitors an assisted family by re-review after the charity completes', () => {
    const referred = after(caseIn('assisting'), sample['refer-to-charity']);
    const s = after(referred, { type: 'charity-response', response: 'completed' }, actors.caseworker, at('5d'));
    expect(s).toMatchObject({ stage: 'monitoring', monitoringMode: 'assisted' });
    expect(Object.keys(s.clocks)).toEqual(['reReview']);
  });

  it('refuses a second acceptance of the same referral', () => {
    const accepted = after(caseIn('referred'), sample['charity-response']);
    expect(decideAction(accepted, sample['charity-response'], actors.caseworker, POLICY, T0)).toMatchObject({
      ok: false,
      code: 'INVALID_ACTION',
    });
  });

  it('numbers successive referrals', () => {
    const declined = after(caseIn('referred'), { type: 'charity-response', response: 'declined' });
    const again = after(declined, { ...sample['refer-to-charity'], organisationId: 'org-2' });
    expect(again.referrals.map((r) => r.referralId)).toEqual(['case-1:ref:1', 'case-1:ref:2']);
  });
});

describe('revisits', () => {
  it('restarts the revisit clock from the day of the visit', () => {
    const watched = caseIn('monitoring');
    const { state, events } = act(watched, sample['record-revisit'], actors.caseworker, at('80d'));
    expect(state.stage).toBe('monitoring');
    expect(state.clocks.revisitInterval).toMatchObject({ startedAt: at('80d'), dueAt: at('170d'), instance: 2 });
    expect(events[0].details).toMatchObject({ circumstancesChanged: false, nextRevisitDueAt: at('170d') });
  });

  it('resolves an overdue revisit escalation when the visit finally happens', () => {
    const overdue = fireDueTimers(caseIn('monitoring'), POLICY, at('91d')).state;
    const { state, events } = act(overdue, sample['record-revisit'], actors.caseworker, at('92d'));
    expect(types(events)).toEqual(['record-revisit', 'escalation-resolved']);
    expect(state.escalations[0]).toMatchObject({ status: 'resolved', resolvedAt: at('92d'), timeToResolveMs: ms('1d') });
  });

  it('sends the family back to verification when circumstances changed', () => {
    const s = after(caseIn('monitoring'), { ...sample['record-revisit'], circumstancesChanged: true }, actors.caseworker, at('10d'));
    expect(s.stage).toBe('verifying');
    expect(Object.keys(s.clocks)).toEqual(['verify']);
    expect(s.clocks.verify?.dueAt).toBe(at('17d'));
  });

  it('re-reviews an assisted family on the re-review clock', () => {
    const monitored = after(caseIn('assisting'), sample['record-disbursement']);
    const s = after(monitored, sample['record-revisit'], actors.caseworker, at('100d'));
    expect(s.clocks.reReview).toMatchObject({ dueAt: at('280d'), instance: 2 });
  });
});

describe('close and reopen', () => {
  it('closes from any open stage, stopping every clock and ending open escalations as closed, with who and why (§14)', () => {
    const overdue = fireDueTimers(caseIn('verifying'), POLICY, at('8d')).state;
    const { state, events } = act(overdue, sample.close, actors.district, at('9d'));
    expect(state).toMatchObject({ stage: 'closed', stageBeforeClose: 'verifying', closedAt: at('9d'), clocks: {} });
    expect(types(events)).toEqual(['close', 'escalation-closed']);
    expect(state.escalations.every((e) => e.status === 'closed' && e.endedBy === 'dist-1' && e.endReason === sample.close.reason)).toBe(
      true,
    );
  });

  it('under the rules from before §14 (replay), closing resolved open escalations', () => {
    const overdue = fireDueTimers(caseIn('verifying'), POLICY, at('8d')).state;
    const decision = decideAction(overdue, sample.close, actors.district, POLICY, at('9d'), { legacyAccountability: true });
    if (!decision.ok) throw new Error(decision.reason);
    expect(types(decision.events)).toEqual(['close', 'escalation-resolved']);
    expect(decision.state.escalations.every((e) => e.status === 'resolved')).toBe(true);
  });

  it('reopens an accepted case into verification with a fresh verify clock', () => {
    const closed = after(caseIn('deciding'), sample.close, actors.caseworker, at('1d'));
    const { state, events } = act(closed, sample.reopen, actors.supervisor, at('40d'));
    expect(state.stage).toBe('verifying');
    expect(state.closedAt).toBeUndefined();
    expect(state.closeReason).toBeUndefined();
    expect(state.clocks.verify).toMatchObject({ startedAt: at('40d'), dueAt: at('47d'), instance: 2 });
    expect(events[0]).toMatchObject({ type: 'reopen', fromStage: 'closed', toStage: 'verifying', details: { reason: 'Came back' } });
  });

  it('reopens a never-accepted case into reported with a fresh acceptance clock', () => {
    const closed = after(open(), sample.close, actors.caseworker, at('1h'));
    const s = after(closed, sample.reopen, actors.supervisor, at('2h'));
    expect(s.stage).toBe('reported');
    expect(s.clocks.accept).toMatchObject({ dueAt: at('26h'), instance: 2 });
  });

  it('rejects an undecided proposal on close so a reopened case can propose afresh', () => {
    const closed = after(caseIn('deciding', { withProposal: true }), sample.close);
    expect(closed.assistance?.[0]).toMatchObject({ status: 'rejected', reason: 'case closed' });
  });
});

describe('attaching a further report', () => {
  it('records the report without changing a normal case', () => {
    const s0 = caseIn('verifying');
    const decision = attachReport(s0, makeReport({ reportId: 'rep-2' }), POLICY, at('1d'));
    if (!decision.ok) throw new Error(decision.reason);
    expect(types(decision.events)).toEqual(['report-attached']);
    expect(decision.events[0]).toMatchObject({ seq: s0.seq + 1, fromStage: 'verifying', toStage: 'verifying' });
    expect(decision.events[0].details).toMatchObject({ reportId: 'rep-2', created: false });
    expect(decision.state.reportIds).toEqual([...s0.reportIds, 'rep-2']);
    expect(decision.state.clocks).toEqual(s0.clocks);
  });

  it('raises urgency on an urgent report and shortens running clocks to the urgent deadline', () => {
    const s0 = after(open(), sample.accept, actors.caseworker, T0); // verify due T0 + 7d
    const decision = attachReport(s0, urgentReport({ reportId: 'rep-urgent' }), POLICY, at('1d'));
    if (!decision.ok) throw new Error(decision.reason);
    const s = decision.state;
    expect(types(decision.events)).toEqual(['report-attached', 'urgency-raised']);
    expect(s.urgency).toBe('urgent');
    expect(s.clocks.verify).toMatchObject({ startedAt: T0, dueAt: at('3d'), remindAt: at('54h') });
    // Accepted already, so the emergency-aid clock starts now.
    expect(s.clocks.emergencyAid).toMatchObject({ startedAt: at('1d'), dueAt: at('2d') });
  });

  it('never lowers urgency', () => {
    const urgent = open({ urgent: true });
    const decision = attachReport(urgent, makeReport({ reportId: 'rep-calm' }), POLICY, at('1h'));
    if (!decision.ok) throw new Error(decision.reason);
    expect(decision.state.urgency).toBe('urgent');
    expect(types(decision.events)).toEqual(['report-attached']);
  });

  it('never moves a deadline later, even when the urgent duration is already exceeded', () => {
    const s0 = open(); // accept due 24h
    const decision = attachReport(s0, urgentReport(), POLICY, at('5h'));
    if (!decision.ok) throw new Error(decision.reason);
    expect(decision.state.clocks.accept?.dueAt).toBe(at('2h'));
  });

  it('leaves the emergency-aid clock to acceptance when the case is not yet accepted', () => {
    const reported = attachReport(open(), urgentReport(), POLICY, at('1h'));
    expect(reported.ok && reported.state.clocks.emergencyAid).toBeFalsy();
  });

  it('ignores a redelivered report id', () => {
    const s0 = open();
    const decision = attachReport(s0, makeReport({ reportId: s0.reportIds[0] }), POLICY, at('1h'));
    expect(decision).toEqual({ ok: true, state: s0, events: [] });
  });

  it('refuses to attach to a closed case', () => {
    const closed = after(open(), sample.close);
    expect(attachReport(closed, makeReport(), POLICY, at('1h'))).toMatchObject({ ok: false, code: 'CASE_CLOSED' });
  });
});

describe('purity', () => {
  it('never mutates the state it is given, whether it accepts or rejects', () => {
    for (const type of ACTION_TYPES) {
      for (const stage of STAGES) {
        const state = deepFreeze(preparedFor(type, stage));
        const before = JSON.stringify(state);
        const action = deepFreeze({ ...sample[type] });
        expect(() => decideAction(state, action, actors.supervisor, POLICY, at('1h'))).not.toThrow();
        expect(JSON.stringify(state)).toBe(before);
      }
    }
  });

  it('never mutates the state when attaching reports or firing timers', () => {
    const state = deepFreeze(caseIn('verifying'));
    const before = JSON.stringify(state);
    attachReport(state, urgentReport(), POLICY, at('1d'));
    fireDueTimers(state, POLICY, at('100d'));
    expect(JSON.stringify(state)).toBe(before);
  });

  it('gives the same answer for the same inputs', () => {
    const s = caseIn('deciding', { withProposal: true });
    const a = decideAction(s, sample['approve-assistance'], actors.supervisor, POLICY, at('1d'));
    const b = decideAction(s, sample['approve-assistance'], actors.supervisor, POLICY, at('1d'));
    expect(a).toEqual(b);
  });
});
