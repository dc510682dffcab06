// Assistance items (DESIGN.md §10): several per case decided by itemId, tiers by total value, no
// self-approval, monthly payments on one clock per item, no duplicate aid in a household, and the
// temporary-aid cooldown with a recorded override. Cases decided before items keep their approval.
import { decideAction } from '../../domain/case-machine';
import type { Actor, CaseAction, CaseState } from '../../domain/case-types';
import { assistanceItemsOf, firstPeriodFor, paymentDueAt, temporaryWithinCooldown } from '../../domain/assistance';
import { firePaymentTimers, paymentWakeAt } from '../../domain/assistance-actions';
import { toCaseView } from '../../domain/case-view';
import { parsePolicy } from '../../domain/policy';
import { EMPTY_CALENDAR } from '../../domain/working-days';
import { actors, at, caseIn, sample, T0, WALL_CLOCK_POLICY_JSON } from './case-fixtures';

// Wall-clock grace after the payment day, so the arithmetic below is plain.
const POLICY = parsePolicy({
  ...WALL_CLOCK_POLICY_JSON,
  deadlines: {
    normal: { ...WALL_CLOCK_POLICY_JSON.deadlines.normal, disbursement: '3d' },
    urgent: { ...WALL_CLOCK_POLICY_JSON.deadlines.urgent, disbursement: '3d' },
  },
  publicNotice: {},
});

const decide = (s: CaseState, action: CaseAction, actor: Actor = actors.caseworker, now = T0) =>
  decideAction(s, action, actor, POLICY, now);
function act(s: CaseState, action: CaseAction, actor: Actor = actors.caseworker, now = T0) {
  const d = decide(s, action, actor, now);
  if (!d.ok) throw new Error(`${action.type} was rejected: ${d.code} ${d.reason}`);
  return d;
}
const after = (s: CaseState, action: CaseAction, actor: Actor = actors.caseworker, now = T0) => act(s, action, actor, now).state;
const propose = (assistanceType: string, amount: number, months?: number): CaseAction =>
  ({ type: 'propose-assistance', assistanceType, amount, ...(months !== undefined ? { months } : {}) }) as CaseAction;
const approve = (itemId?: string, override?: string): CaseAction => ({
  type: 'approve-assistance',
  ...(itemId !== undefined ? { itemId } : {}),
  ...(override !== undefined ? { override: { reason: override } } : {}),
});
const pay = (amount: number, extra: { itemId?: string; period?: string } = {}): CaseAction => ({
  type: 'record-disbursement',
  amount,
  ...extra,
});
const fire = (s: CaseState, now: string) => firePaymentTimers(s, POLICY, now, EMPTY_CALENDAR);

/** A deciding case, urgent or not. */
const deciding = () => caseIn('deciding');
/** 1000 CNY a month for 3 months, approved by the district (3000 total is street tier; see the tier test), active from T0. */
function monthly(months = 3, amount = 1000): CaseState {
  const s = after(deciding(), propose('minimum_living', amount, months));
  return after(s, approve(), actors.supervisor);
}

describe('several items, each decided by its id', () => {
  it('gives each proposal an item id and keeps the case deciding, its decide clock running, until none waits', () => {
    const one = act(deciding(), propose('temporary', 500));
    expect(one.events[0].details).toMatchObject({ itemId: 'case-1:aid:1', total: 500, requiredTier: 'street' });
    const two = after(one.state, propose('medical', 800));
    expect(assistanceItemsOf(two).map((i) => [i.itemId, i.assistanceType, i.status])).toEqual([
      ['case-1:aid:1', 'temporary', 'proposed'],
      ['case-1:aid:2', 'medical', 'proposed'],
    ]);
    const first = act(two, approve('case-1:aid:2'), actors.supervisor, at('1d'));
    expect(first.state.stage).toBe('deciding');
    expect(first.state.clocks.decide).toEqual(two.clocks.decide);
    const second = act(
      first.state,
      { type: 'reject-assistance', itemId: 'case-1:aid:1', reason: 'Paid by the employer' },
      actors.supervisor,
      at('2d'),
    );
    expect(second.state.stage).toBe('assisting');
    expect(second.state.clocks.decide).toBeUndefined();
    expect(assistanceItemsOf(second.state).map((i) => i.status)).toEqual(['rejected', 'active']);
  });

  it('asks for itemId when several are proposed, and refuses an item of another case, changing nothing', () => {
    const two = after(after(deciding(), propose('temporary', 500)), propose('medical', 800));
    expect(decide(two, approve(), actors.supervisor)).toMatchObject({ ok: false, code: 'ASSISTANCE_ITEM_REQUIRED' });
    const foreign = decide(two, approve('case-2:aid:1'), actors.supervisor);
    expect(foreign).toMatchObject({ ok: false, code: 'ASSISTANCE_ITEM_NOT_FOUND' });
    expect(!foreign.ok && foreign.reason).toContain('case-1:aid:1, case-1:aid:2');
  });

  it('sets the tier by the total value: 3000 CNY × 60 months is city business', () => {
    const s = act(deciding(), propose('minimum_living', 3000, 60));
    expect(s.events[0].details).toMatchObject({ total: 180000, requiredTier: 'city' });
    expect(decide(s.state, approve(), actors.supervisor)).toMatchObject({ ok: false, code: 'APPROVAL_TIER_EXCEEDED' });
    expect(decide(s.state, approve(), actors.district)).toMatchObject({ ok: false, code: 'APPROVAL_TIER_EXCEEDED' });
    expect(decide(s.state, approve(), actors.city).ok).toBe(true);
  });

  it('refuses the proposer approving their own item (SELF_APPROVAL)', () => {
    const s = after(deciding(), propose('temporary', 500), actors.supervisor);
    expect(decide(s, approve(), actors.supervisor)).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
    expect(decide(s, approve(), { ...actors.supervisor, userId: 'sup-2' }).ok).toBe(true);
  });
});

describe('no duplicate aid in the household (重复/多头救助)', () => {
  it('refuses a second item of a type the household holds', () => {
    const held = monthly();
    expect(decide(held, propose('minimum_living', 500))).toMatchObject({ ok: false, code: 'STAGE_NOT_ALLOWED' });
    // In deciding: one approved (waiting for the other decision), the same type again is refused.
    let s = after(after(deciding(), propose('medical', 500)), propose('temporary', 300));
    s = after(s, approve('case-1:aid:1'), actors.supervisor);
    expect(decide(s, propose('medical', 200))).toMatchObject({ ok: false, code: 'DUPLICATE_ASSISTANCE' });
  });
});

describe('temporary assistance again within the cooldown', () => {
  /** Temporary aid paid, the family re-verified and eligible again `days` later. */
  function againAfter(days: string): CaseState {
    let s = after(after(deciding(), propose('temporary', 500)), approve(), actors.supervisor);
    s = after(s, pay(500));
    s = after(
      s,
      { type: 'record-revisit', visitedAt: at(days), findings: 'Lost the job again', circumstancesChanged: true },
      actors.caseworker,
      at(days),
    );
    s = after(s, { type: 'complete-verification', outcome: 'eligible' }, actors.caseworker, at(days));
    return after(s, propose('temporary', 400), actors.caseworker, at(days));
  }

  it('needs an override with a reason, recorded in the item', () => {
    const s = againAfter('30d');
    const refused = decide(s, approve(), actors.supervisor, at('30d'));
    expect(refused).toMatchObject({ ok: false, code: 'TEMPORARY_AID_COOLDOWN' });
    expect(!refused.ok && refused.reason).toContain(`before ${at('90d')}`);
    const overridden = act(s, approve(undefined, 'Fire destroyed the flat'), actors.supervisor, at('30d'));
    expect(assistanceItemsOf(overridden.state)[1].cooldownOverride).toEqual({
      reason: 'Fire destroyed the flat',
      by: 'sup-1',
      at: at('30d'),
    });
    expect(overridden.events[0].details).toMatchObject({ cooldownOverriddenUntil: at('90d') });
  });

  it('needs nothing once the cooldown has passed', () => {
    expect(decide(againAfter('91d'), approve(), actors.supervisor, at('91d')).ok).toBe(true);
  });

  it('is one rule the API applies to the household’s earlier cases too', () => {
    const earlier = [{ assistanceType: 'temporary', approvedAt: at(), status: 'ended' }];
    expect(temporaryWithinCooldown(earlier, at('89d'), 90 * 86_400_000)).toEqual({ approvedAt: at(), until: at('90d') });
    expect(temporaryWithinCooldown(earlier, at('90d'), 90 * 86_400_000)).toBeNull();
    expect(temporaryWithinCooldown([{ ...earlier[0], status: 'rejected' }], at('1d'), 90 * 86_400_000)).toBeNull();
  });
});

describe('monthly items', () => {
  it('pay from this month while its payment day is ahead, else from the next', () => {
    // T0 is 2 November 08:00 in Shanghai; the 15th ends at 16:00 UTC.
    expect(firstPeriodFor(T0, 15)).toBe('2026-11');
    expect(paymentDueAt('2026-11', 15)).toBe('2026-11-15T16:00:00.000Z');
    expect(firstPeriodFor('2026-11-15T16:00:00.000Z', 15)).toBe('2026-12');
    expect(firstPeriodFor('2026-12-20T00:00:00.000Z', 15)).toBe('2027-01');
  });

  it('start with the payment clock of their first month; a missed month reminds, then escalates, and paying resolves it', () => {
    const s = monthly();
    const [item] = assistanceItemsOf(s);
    expect(item).toMatchObject({
      status: 'active',
      firstPeriod: '2026-11',
      endsAt: '2026-01-31T16:00:00.000Z'.replace('2026-01', '2027-01'),
    });
    expect(item.payment).toMatchObject({
      clock: 'disbursement',
      period: '2026-11',
      remindAt: '2026-11-15T16:00:00.000Z',
      dueAt: '2026-11-18T16:00:00.000Z',
    });
    expect(paymentWakeAt(s)).toBe('2026-11-15T16:00:00.000Z');
    expect(fire(s, '2026-11-15T15:59:59.000Z').events).toEqual([]);
    const reminded = fire(s, '2026-11-15T16:00:00.000Z');
    expect(reminded.events.map((e) => [e.type, e.details.clock, e.details.period])).toEqual([['reminder', 'disbursement', '2026-11']]);
    const escalated = fire(reminded.state, '2026-11-18T16:00:00.000Z');
    expect(escalated.events.map((e) => [e.type, e.details.itemId])).toEqual([['escalated', 'case-1:aid:1']]);
    expect(escalated.state.escalations[0]).toMatchObject({ clock: 'disbursement', level: 1, status: 'open' });
    const paid = act(escalated.state, pay(1000), actors.caseworker, '2026-11-19T02:00:00.000Z');
    expect(paid.events.map((e) => e.type)).toEqual(['record-disbursement', 'escalation-resolved']);
    expect(paid.events[0].details).toMatchObject({ itemId: 'case-1:aid:1', period: '2026-11', nextPeriod: '2026-12' });
    expect(paid.state.escalations[0].status).toBe('resolved');
    expect(assistanceItemsOf(paid.state)[0].payment).toMatchObject({ period: '2026-12', remindAt: '2026-12-15T16:00:00.000Z' });
    // The first payment moves the family to monitoring; the item goes on paying.
    expect(paid.state.stage).toBe('monitoring');
  });

  it('end when the last month has passed, and the case comes back for re-review', () => {
    let s = monthly(2);
    s = after(s, pay(1000), actors.caseworker, at('1d'));
    s = after(s, pay(1000), actors.caseworker, at('30d'));
    expect(assistanceItemsOf(s)[0]).toMatchObject({ status: 'active', endsAt: '2026-12-31T16:00:00.000Z' });
    expect(assistanceItemsOf(s)[0].payment).toBeUndefined();
    expect(paymentWakeAt(s)).toBe('2026-12-31T16:00:00.000Z');
    const ended = fire(s, '2026-12-31T16:00:00.000Z');
    expect(ended.events.map((e) => [e.type, e.fromStage, e.toStage, e.details.reReview])).toEqual([
      ['assistance-ended', 'monitoring', 'verifying', true],
    ]);
    expect(assistanceItemsOf(ended.state)[0]).toMatchObject({ status: 'ended', endedAs: 'months-passed' });
    expect(ended.state.clocks.verify).toBeDefined();
    expect(ended.state.clocks.reReview).toBeUndefined();
    expect(fire(ended.state, '2027-01-05T00:00:00.000Z').events).toEqual([]);
  });

  it('refuse a month paid already, a month not of the item, and a payment for an ended item', () => {
    let s = after(after(deciding(), propose('minimum_living', 1000, 1)), propose('medical', 2000));
    s = after(after(s, approve('case-1:aid:1'), actors.supervisor), approve('case-1:aid:2'), actors.supervisor);
    s = after(s, pay(500, { itemId: 'case-1:aid:2' }));
    s = after(s, pay(1000, { itemId: 'case-1:aid:1', period: '2026-11' }));
    expect(decide(s, pay(1, { itemId: 'case-1:aid:1', period: '2026-11' }))).toMatchObject({ ok: false, code: 'PERIOD_ALREADY_PAID' });
    expect(decide(s, pay(1, { itemId: 'case-1:aid:1', period: '2027-05' }))).toMatchObject({ ok: false, code: 'PERIOD_NOT_OF_ITEM' });
    expect(decide(s, pay(1, { itemId: 'case-1:aid:2', period: '2026-11' }))).toMatchObject({ ok: false, code: 'PERIOD_NOT_OF_ITEM' });
    // The month is over; the medical item is still active, so there is no re-review yet.
    const ended = fire(s, '2026-11-30T16:00:00.000Z').state;
    expect(ended.stage).toBe('monitoring');
    const refused = decide(ended, pay(100, { itemId: 'case-1:aid:1' }), actors.caseworker, at('30d'));
    expect(refused).toMatchObject({ ok: false, code: 'ASSISTANCE_ITEM_ENDED' });
    expect(decide(ended, pay(100), actors.caseworker, at('30d')).ok).toBe(true);
  });

  it('run one payment clock per item', () => {
    let s = after(after(deciding(), propose('minimum_living', 500, 3)), propose('education', 300, 2));
    s = after(after(s, approve('case-1:aid:1'), actors.supervisor), approve('case-1:aid:2'), actors.supervisor);
    const payments = toCaseView(s, []).deadlines.filter((d) => d.clock === 'disbursement');
    expect(payments.map((d) => [d.itemId, d.period])).toEqual([
      ['case-1:aid:1', '2026-11'],
      ['case-1:aid:2', '2026-11'],
    ]);
    expect(decide(s, pay(500))).toMatchObject({ ok: false, code: 'ASSISTANCE_ITEM_REQUIRED' });
    const paid = after(s, pay(500, { itemId: 'case-1:aid:1' }));
    // One item paid of two: the family is still being assisted.
    expect(paid.stage).toBe('assisting');
    expect(assistanceItemsOf(paid).map((i) => i.payment?.period)).toEqual(['2026-12', '2026-11']);
  });

  it('are not held by a pause, which waits on the family', () => {
    const paused = after(monthly(), { type: 'pause-clock', reason: 'Family away', expectedResumeAt: at('20d') });
    expect(fire(paused, '2026-11-15T16:00:00.000Z').events.map((e) => e.type)).toEqual(['reminder']);
  });

  it('end with the case: closing stops the payment clocks', () => {
    const closed = after(monthly(), sample.close, actors.supervisor, at('1d'));
    expect(assistanceItemsOf(closed)[0]).toMatchObject({ status: 'ended', endedAs: 'case-closed' });
    expect(assistanceItemsOf(closed)[0].payment).toBeUndefined();
    expect(paymentWakeAt(closed)).toBeNull();
  });
});

describe('cases decided before items existed', () => {
  /** Proposed and approved under the older handlers, as a replay decides them. */
  function legacyAssisting(): CaseState {
    const legacy = { legacyAssistance: true };
    const p = decideAction(deciding(), propose('temporary', 2000, 2), actors.caseworker, POLICY, T0, legacy);
    if (!p.ok) throw new Error(p.reason);
    const a = decideAction(p.state, approve(), actors.district, POLICY, T0, legacy);
    if (!a.ok) throw new Error(a.reason);
    return a.state;
  }

  it('show their approval as an item, with the id the first new action gives it', () => {
    const s = legacyAssisting();
    expect(s.approvedAssistance).toBeDefined();
    expect(toCaseView(s, []).assistance).toEqual([
      expect.objectContaining({ itemId: 'case-1:aid:1', status: 'active', total: 4000, fromLegacy: true }),
    ]);
    const paid = act(s, pay(4000), actors.caseworker, at('1d'));
    expect(paid.state.approvedAssistance).toBeUndefined();
    // No payment schedule was ever set up for it: it ends once its total is paid.
    expect(assistanceItemsOf(paid.state)[0]).toMatchObject({ itemId: 'case-1:aid:1', status: 'ended', endedAs: 'paid', disbursed: 4000 });
    expect(paid.state.stage).toBe('monitoring');
  });
});
