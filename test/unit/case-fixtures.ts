// Shared builders for the case-machine tests: a fixed timeline, actors at each level, reports, and
// helpers that drive a case into any stage through the real machine (never by hand-editing state).
import { decideAction, openCase } from '../../domain/case-machine';
import type { Actor, CaseAction, CaseEvent, CaseReport, CaseState, Stage } from '../../domain/case-types';
import { addMs, parseDuration } from '../../domain/durations';
import { DEFAULT_POLICY_JSON, parsePolicy, type CasePolicy, type CasePolicyInput } from '../../domain/policy';

/**
 * The default policy with the wall-clock verification and decision clocks it had before §9 ("7d", "5d"):
 * these tests are about the wall-clock arithmetic of the clocks; working-day clocks have their own tests.
 */
export const WALL_CLOCK_POLICY_JSON: CasePolicyInput = {
  ...DEFAULT_POLICY_JSON,
  deadlines: { ...DEFAULT_POLICY_JSON.deadlines, normal: { ...DEFAULT_POLICY_JSON.deadlines.normal, verify: '7d', decide: '5d' } },
};
export const POLICY: CasePolicy = parsePolicy(WALL_CLOCK_POLICY_JSON);

export const T0 = '2026-11-02T00:00:00.000Z';
/** An instant relative to T0, e.g. at('18h'), at('7d'); `at()` is T0. */
export const at = (...offsets: string[]): string => offsets.reduce((iso, o) => addMs(iso, parseDuration(o)), T0);
export const ms = parseDuration;

export const STREET = '440104001';
export const DISTRICT = '440104';
export const OTHER_STREET = '440105002';

export const actors = {
  caseworker: { userId: 'cw-1', role: 'caseworker', jurisdictionCode: STREET },
  supervisor: { userId: 'sup-1', role: 'street_supervisor', jurisdictionCode: STREET },
  district: { userId: 'dist-1', role: 'district_officer', jurisdictionCode: DISTRICT },
  city: { userId: 'city-1', role: 'city_officer', jurisdictionCode: '440100' },
  hotline: { userId: 'hot-1', role: 'hotline', jurisdictionCode: '440100' },
  department: { userId: 'dept-1', role: 'department', jurisdictionCode: '440100' },
  reporter: { userId: 'grid-1', role: 'reporter', jurisdictionCode: STREET },
} satisfies Record<string, Actor>;

let reportSeq = 0;
export function makeReport(overrides: Partial<CaseReport> = {}): CaseReport {
  reportSeq += 1;
  return {
    reportId: `rep-${reportSeq}`,
    channel: 'grid',
    personId: 'person-1',
    streetCode: STREET,
    districtCode: DISTRICT,
    summary: 'Elderly man living alone, no income since spring',
    categories: ['elderly_alone'],
    urgentFlags: [],
    subjectIsMinor: false,
    receivedAt: T0,
    reportedBy: 'grid-1',
    ...overrides,
  };
}

export const urgentReport = (overrides: Partial<CaseReport> = {}) => makeReport({ urgentFlags: ['critical_illness'], ...overrides });

export function open(opts: { urgent?: boolean; now?: string; policy?: CasePolicy; caseId?: string } = {}): CaseState {
  const report = opts.urgent ? urgentReport() : makeReport();
  return openCase({ caseId: opts.caseId ?? 'case-1', report, policy: opts.policy ?? POLICY, now: opts.now ?? T0 }).state;
}

/** Applies an action that must be accepted; a rejection fails the test with its reason. */
export function act(
  state: CaseState,
  action: CaseAction,
  actor: Actor = actors.caseworker,
  now: string = T0,
  policy: CasePolicy = POLICY,
): { state: CaseState; events: CaseEvent[] } {
  const decision = decideAction(state, action, actor, policy, now);
  if (!decision.ok) throw new Error(`${action.type} was rejected: ${decision.code} ${decision.reason}`);
  return { state: decision.state, events: decision.events };
}

/** Shorthand when only the resulting state matters. */
export const after = (state: CaseState, action: CaseAction, actor?: Actor, now?: string) => act(state, action, actor, now).state;

export const sample = {
  accept: { type: 'accept' },
  transfer: { type: 'transfer', toStreetCode: OTHER_STREET, reason: 'The family moved to Haizhu' },
  assign: { type: 'assign', assigneeId: 'cw-2' },
  'record-visit': { type: 'record-visit', visitedAt: T0, findings: 'No food in the house; roof leaking' },
  'record-economic-check': { type: 'record-economic-check', result: 'needs-review' },
  'grant-emergency-aid': { type: 'grant-emergency-aid', amount: 500 },
  'complete-verification': { type: 'complete-verification', outcome: 'eligible' },
  'settle-emergency-aid': { type: 'settle-emergency-aid', decision: 'write-off', reason: 'The family had no means to repay' },
  'propose-assistance': { type: 'propose-assistance', assistanceType: 'temporary', amount: 2000 },
  'approve-assistance': { type: 'approve-assistance' },
  'reject-assistance': { type: 'reject-assistance', reason: 'Income above the threshold' },
  'record-objection': { type: 'record-objection', summary: 'A neighbour says the son works and sends money home' },
  'record-disbursement': { type: 'record-disbursement', amount: 2000 },
  'refer-to-charity': { type: 'refer-to-charity', organisationId: 'org-1', needs: ['food parcels'] },
  'charity-response': { type: 'charity-response', response: 'accepted' },
  'record-revisit': { type: 'record-revisit', visitedAt: T0, findings: 'Stable', circumstancesChanged: false },
  'pause-clock': { type: 'pause-clock', reason: 'Waiting for the hukou booklet', expectedResumeAt: at('10d') },
  'resume-clock': { type: 'resume-clock' },
  close: { type: 'close', reason: 'Moved out of the city' },
  reopen: { type: 'reopen', reason: 'Came back' },
  'identify-subject': { type: 'identify-subject', personId: 'p-identified' },
  'merge-into': { type: 'merge-into', targetCaseId: 'c-target', reason: 'Same family as the case of the mother' },
} satisfies { [K in CaseAction['type']]: Extract<CaseAction, { type: K }> };

/**
 * A case driven into `stage` at T0 (every step at T0). `deciding` has a pending 2000 CNY proposal when
 * withProposal is set; `referred` comes from deciding; `monitoring` is a watch-list family.
 */
export function caseIn(stage: Stage, opts: { urgent?: boolean; withProposal?: boolean } = {}): CaseState {
  let s = open({ urgent: opts.urgent });
  if (stage === 'reported') return s;
  s = after(s, sample.accept);
  if (stage === 'verifying') return s;
  if (stage === 'monitoring') return after(s, { type: 'complete-verification', outcome: 'watch' });
  if (stage === 'closed') return after(s, sample.close);
  s = after(s, sample['complete-verification']);
  if (stage === 'referred') return after(s, sample['refer-to-charity']);
  if (stage === 'deciding') return opts.withProposal ? after(s, sample['propose-assistance']) : s;
  s = after(s, sample['propose-assistance']);
  return after(s, sample['approve-assistance'], actors.supervisor); // assisting
}

/** A deciding case whose minimum living allowance (800 CNY × 12 months: district tier by its total, §10) was just approved and is posted for public notice (§9). */
export function postedForPublicNotice(deciding: CaseState, now: string = T0): CaseState {
  const proposed = after(
    deciding,
    { type: 'propose-assistance', assistanceType: 'minimum_living', amount: 800, months: 12 },
    actors.caseworker,
    now,
  );
  return after(proposed, sample['approve-assistance'], actors.district, now);
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value as object)) deepFreeze(item);
  }
  return value;
}

export const types = (events: CaseEvent[]) => events.map((e) => e.type);
