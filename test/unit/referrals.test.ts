// The rules of answering a referral (DESIGN.md §10, issue #15 items 6-7): an organisation answers only
// its own referrals; a named referral is the one answered, a finished one takes no further answer;
// what was delivered is recorded with `completed` only; the charityFollowUp clock runs from
// `accepted` until the referral is completed or declined, and not for answers replayed from before it.
import { decideAction } from '../../domain/case-machine';
import type { Actor, CaseAction, CaseState } from '../../domain/case-types';
import { parsePolicy } from '../../domain/policy';
import { clockLength } from '../../domain/policy-clocks';
import { act, actors, after, at, caseIn, POLICY, sample, WALL_CLOCK_POLICY_JSON } from './case-fixtures';

const ORG: Actor = { userId: 'ou-org-1', role: 'organisation', jurisdictionCode: 'org-1' };
const OTHER_ORG: Actor = { userId: 'ou-org-2', role: 'organisation', jurisdictionCode: 'org-2' };
const respond = (response: 'accepted' | 'declined' | 'completed', more: Record<string, unknown> = {}) =>
  ({ type: 'charity-response', response, ...more }) as CaseAction;

function refused(state: CaseState, action: CaseAction, actor: Actor, now = at('1d')) {
  const decision = decideAction(state, action, actor, POLICY, now);
  if (decision.ok) throw new Error(`${action.type} was accepted`);
  return decision;
}

describe('who answers a referral', () => {
  it('the organisation it was made to answers it; the event names the referral and the organisation', () => {
    const { state, events } = act(caseIn('referred'), respond('accepted', { note: '已联系家属' }), ORG, at('1d'));
    expect(state.referrals[0]).toMatchObject({ status: 'accepted', respondedAt: at('1d') });
    expect(events[0]).toMatchObject({
      type: 'charity-response',
      actorId: 'ou-org-1',
      details: {
        response: 'accepted',
        referralId: 'case-1:ref:1',
        organisationId: 'org-1',
        note: '已联系家属',
        followUpBy: at('1d', '30d'),
      },
    });
  });

  it('another organisation is refused with REFERRAL_NOT_YOURS, whether it names the referral or not', () => {
    const referred = caseIn('referred');
    expect(refused(referred, respond('accepted'), OTHER_ORG).code).toBe('REFERRAL_NOT_YOURS');
    expect(refused(referred, respond('declined', { referralId: 'case-1:ref:1' }), OTHER_ORG).code).toBe('REFERRAL_NOT_YOURS');
  });

  it('street staff still record an answer given by phone', () => {
    expect(after(caseIn('referred'), respond('accepted'), actors.supervisor).referrals[0].status).toBe('accepted');
  });

  it('an organisation may perform no other action', () => {
    for (const action of [sample['record-revisit'], sample.close, sample['refer-to-charity']] as CaseAction[]) {
      expect(refused(caseIn('referred'), action, ORG).code).toBe('ROLE_NOT_ALLOWED');
    }
  });
});

describe('which referral is answered', () => {
  /** A case whose first referral was declined and which was referred again, to org-1 both times. */
  function referredTwice(): CaseState {
    const declined = after(caseIn('referred'), respond('declined'), ORG);
    return after(declined, sample['refer-to-charity']);
  }

  it('a named referral is the one answered', () => {
    const s = after(referredTwice(), respond('accepted', { referralId: 'case-1:ref:2' }), ORG);
    expect(s.referrals.map((r) => r.status)).toEqual(['declined', 'accepted']);
  });

  it('without a name, the latest pending or accepted one, as before', () => {
    expect(after(referredTwice(), respond('accepted'), ORG).referrals.map((r) => r.status)).toEqual(['declined', 'accepted']);
  });

  it('a declined or completed referral takes no further answer (409 REFERRAL_ALREADY_ANSWERED)', () => {
    const rejection = refused(referredTwice(), respond('accepted', { referralId: 'case-1:ref:1' }), ORG);
    expect(rejection.code).toBe('REFERRAL_ALREADY_ANSWERED');
    expect(rejection.reason).toContain('declined');
  });

  it('a referral the case does not have is UNKNOWN_REFERRAL', () => {
    expect(refused(caseIn('referred'), respond('accepted', { referralId: 'case-1:ref:9' }), ORG).code).toBe('UNKNOWN_REFERRAL');
  });
});

describe('what was delivered', () => {
  it('is recorded with completed, in the referral of the case file', () => {
    const accepted = after(caseIn('referred'), respond('accepted'), ORG, at('1d'));
    const delivered = { amount: 1200.5, services: ['medical'] };
    const { state, events } = act(accepted, respond('completed', { delivered }), ORG, at('10d'));
    expect(state.stage).toBe('monitoring');
    expect(state.referrals[0]).toMatchObject({ status: 'completed', respondedAt: at('1d'), completedAt: at('10d'), delivered });
    expect(events[0].details).toMatchObject({ response: 'completed', delivered, referralId: 'case-1:ref:1' });
  });

  it('is refused with any other answer (DELIVERED_WITHOUT_COMPLETION), nothing changed', () => {
    const referred = caseIn('referred');
    for (const response of ['accepted', 'declined'] as const) {
      expect(refused(referred, respond(response, { delivered: { amount: 10 } }), ORG).code).toBe('DELIVERED_WITHOUT_COMPLETION');
    }
    expect(referred.referrals[0].status).toBe('pending');
  });
});

describe('the charityFollowUp clock', () => {
  it('runs from accepted for deadlines.*.charityFollowUp and stops when the referral is completed, on time', () => {
    const accepted = after(caseIn('referred'), respond('accepted'), ORG, at('1d'));
    expect(accepted.clocks.charityFollowUp).toMatchObject({ startedAt: at('1d'), dueAt: at('1d', '30d') });
    const { state } = act(accepted, respond('completed'), ORG, at('20d'));
    expect(state.clocks.charityFollowUp).toBeUndefined();
    expect(Object.keys(state.clocks)).toEqual(['revisitInterval']);
  });

  it('stops when an accepted referral is declined after all, and the case returns to its stage', () => {
    const accepted = after(caseIn('referred'), respond('accepted'), ORG, at('1d'));
    const s = after(accepted, respond('declined'), ORG, at('5d'));
    expect(s.stage).toBe('deciding');
    expect(Object.keys(s.clocks)).toEqual(['decide']);
  });

  it('is not started for an answer replayed from before it (legacyRules), which also overwrote respondedAt', () => {
    const referred = caseIn('referred');
    const legacy = decideAction(referred, respond('accepted'), actors.caseworker, POLICY, at('1d'), { legacyRules: true });
    expect(legacy.ok && legacy.state.clocks).toEqual({});
    const accepted = legacy.ok ? legacy.state : referred;
    const completed = decideAction(accepted, respond('completed'), actors.caseworker, POLICY, at('9d'), { legacyRules: true });
    expect(completed.ok && completed.state.referrals[0].respondedAt).toBe(at('9d'));
  });

  it('takes the policy’s duration, and 30d from a stored policy without the key', () => {
    const policy = parsePolicy({
      ...WALL_CLOCK_POLICY_JSON,
      deadlines: {
        normal: { ...WALL_CLOCK_POLICY_JSON.deadlines.normal, charityFollowUp: '14d' },
        urgent: { ...WALL_CLOCK_POLICY_JSON.deadlines.urgent, charityFollowUp: '7d' },
      },
    });
    expect(clockLength(policy, 'normal', 'charityFollowUp')).toEqual({ kind: 'wall', ms: 14 * 86_400_000 });
    expect(clockLength(policy, 'urgent', 'charityFollowUp')).toEqual({ kind: 'wall', ms: 7 * 86_400_000 });
    expect(clockLength(POLICY, 'urgent', 'charityFollowUp')).toEqual({ kind: 'wall', ms: 30 * 86_400_000 });
    const stored = structuredClone(POLICY) as { deadlines: { normal: Record<string, unknown> } };
    delete stored.deadlines.normal.charityFollowUp;
    expect(clockLength(stored as unknown as typeof POLICY, 'normal', 'charityFollowUp')).toEqual({ kind: 'wall', ms: 30 * 86_400_000 });
  });
});
