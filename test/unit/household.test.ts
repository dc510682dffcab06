// Households (DESIGN.md §7): the pure rules — household and workflow ids, what a later report may and may
// not change about a person, how a visit's composition changes the membership — and the two case
// actions of §7 in the state machine: identify-subject and merge-into.
import { decideAction } from '../../domain/case-machine';
import { fireDueTimers } from '../../domain/deadlines';
import {
  caseOutcome,
  compareIdentity,
  compositionChange,
  householdIdForKey,
  householdIdOfWorkflow,
  householdKeyOf,
} from '../../domain/household';
import { caseWorkflowId } from '../../workflows/definitions';
import { act, actors, after, at, caseIn, open, POLICY, sample, types } from './case-fixtures';

describe('household ids', () => {
  it('names the case workflow after the household, and back', () => {
    const id = householdIdForKey('3f2a9c');
    expect(id).toBe('h-3f2a9c');
    expect(caseWorkflowId(householdKeyOf(id))).toBe('case-3f2a9c');
    expect(householdIdOfWorkflow('case-3f2a9c')).toBe(id);
    expect(householdIdOfWorkflow('digest-440104')).toBeNull();
    expect(() => householdKeyOf('p-3f2a9c')).toThrow(/not a household id/);
  });
});

describe('compareIdentity', () => {
  const recorded = { name: '黄秀英', streetCode: '440104001', phone: '13912345678' };

  it('flags a different name, phone or street and keeps what the report said, without changing the record', () => {
    const c = compareIdentity(recorded, { name: '黄秀瑛', streetCode: '440104002', phone: '13800001111' });
    expect(c).toEqual({
      differs: ['name', 'phone', 'streetCode'],
      claimed: { name: '黄秀瑛', phone: '13800001111', streetCode: '440104002' },
      fills: {},
    });
  });

  it('fills in what the record lacks (adding is not overwriting) and ignores spacing and full-width forms', () => {
    const c = compareIdentity(recorded, { name: ' 黄 秀英 ', streetCode: '440104001', address: '北京路１号' });
    expect(c).toEqual({ differs: [], claimed: {}, fills: { address: '北京路１号' } });
  });
});

describe('compositionChange', () => {
  const current = [
    { personId: 'p-self', relation: 'self' },
    { personId: 'p-son', relation: 'child' },
  ];

  it('joins the newly found, restates those still there, and lets go who was not found (never the subject)', () => {
    const change = compositionChange(
      current,
      [
        { personId: 'p-son', relation: 'child' },
        { personId: 'p-grandchild', relation: 'grandchild' },
      ],
      'p-self',
    );
    expect(change.join.map((m) => m.personId)).toEqual(['p-grandchild']);
    expect(change.restate.map((m) => m.personId)).toEqual(['p-son']);
    expect(change.leave).toEqual([]);
    expect(compositionChange(current, [{ personId: 'p-self', relation: 'self' }], 'p-self').leave).toEqual(['p-son']);
  });
});

describe('caseOutcome', () => {
  it('says what a case came to once decided, and nothing while it is open and undecided', () => {
    expect(caseOutcome({ stage: 'verifying', assisted: false })).toBeUndefined();
    expect(caseOutcome({ stage: 'monitoring', verificationOutcome: 'watch', assisted: false })).toBe('watch-list');
    expect(caseOutcome({ stage: 'assisting', assisted: true })).toBe('assisted');
    expect(caseOutcome({ stage: 'closed', verificationOutcome: 'not-in-need', assisted: false })).toBe('not-in-need');
    expect(caseOutcome({ stage: 'closed', mergedInto: 'c-2', assisted: true })).toBe('merged');
    expect(caseOutcome({ stage: 'closed', assisted: false })).toBe('closed');
  });
});

describe('identify-subject', () => {
  it('records which person an unidentified subject is, once', () => {
    const unknown = { ...open(), subjectUnidentified: true as const };
    const { state, events } = act(unknown, sample['identify-subject'], actors.caseworker, at('1h'));
    expect(state.personId).toBe('p-identified');
    expect(state.subjectUnidentified).toBeUndefined();
    expect(events[0].details).toEqual({ personId: 'p-identified', previousPersonId: unknown.personId });
    const again = decideAction(state, sample['identify-subject'], actors.caseworker, POLICY, at('2h'));
    expect(again).toMatchObject({ ok: false, code: 'SUBJECT_ALREADY_IDENTIFIED' });
  });
});

describe('merge-into', () => {
  it('closes the case into the target and resolves its open escalations as merged, keeping them', () => {
    const overdue = fireDueTimers(caseIn('verifying'), POLICY, at('8d')).state;
    const raised = overdue.escalations.filter((e) => e.status === 'open');
    expect(raised.length).toBeGreaterThan(0);
    const { state, events } = act(overdue, sample['merge-into'], actors.supervisor, at('9d'));
    expect(state).toMatchObject({ stage: 'closed', mergedInto: 'c-target', closeReason: sample['merge-into'].reason, clocks: {} });
    expect(types(events)).toEqual(['merge-into', ...raised.map(() => 'escalation-resolved')]);
    expect(state.escalations).toHaveLength(overdue.escalations.length);
    for (const e of raised) {
      expect(state.escalations.find((x) => x.escalationId === e.escalationId)).toMatchObject({ status: 'resolved', resolution: 'merged' });
    }
  });

  it('refuses a merge into the case itself, and a reopen of a merged case', () => {
    const s = open();
    expect(decideAction(s, { ...sample['merge-into'], targetCaseId: s.caseId }, actors.supervisor, POLICY, at('1h'))).toMatchObject({
      ok: false,
      code: 'INVALID_ACTION',
    });
    const merged = after(s, sample['merge-into'], actors.supervisor);
    expect(decideAction(merged, sample.reopen, actors.supervisor, POLICY, at('1h'))).toMatchObject({ ok: false, code: 'CASE_MERGED' });
  });

  it('may not be done by a caseworker', () => {
    expect(decideAction(open(), sample['merge-into'], actors.caseworker, POLICY, at('1h'))).toMatchObject({
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
    });
  });
});
