// Unit tests of the pure rules of warnings (DESIGN.md §8): the escalation clocks the API accepts, the
// escalation's id and who hears of each step, what a verification needs, and how a warning's escalation
// reads back from the feed (api/escalations/repository.ts).
import { feedPayloadToEscalation } from '../../api/escalations/repository';
import { escalationSchema, listEscalationsQuerySchema } from '../../api/escalations/schemas';
import { warningActionSchema } from '../../api/warnings/schemas';
import { CLOCKS } from '../../domain/case-types';
import {
  ESCALATION_CLOCKS,
  noteProblem,
  outcomeOpensCase,
  statusAfterVerify,
  warningEscalationId,
  warningEscalationNotices,
} from '../../domain/warnings';

describe('escalation clocks', () => {
  it('accept warningVerify in the escalation API without adding it to the case workflow’s clocks', () => {
    expect(ESCALATION_CLOCKS).toEqual([...CLOCKS, 'warningVerify']);
    expect(CLOCKS as readonly string[]).not.toContain('warningVerify');
    expect(listEscalationsQuerySchema.safeParse({ clock: 'warningVerify' }).success).toBe(true);
    expect(listEscalationsQuerySchema.safeParse({ clock: 'warningVerifyX' }).success).toBe(false);
  });

  it('gives a warning one escalation id, whatever its level', () => {
    expect(warningEscalationId('w-1')).toBe('w-1:warningVerify:1');
  });
});

describe('warningEscalationNotices', () => {
  const facts = {
    warningId: 'w-1',
    escalationId: 'w-1:warningVerify:1',
    streetCode: '440115001',
    districtCode: '440115',
    dueAt: '2026-12-01T16:00:00.000Z',
    at: '2026-12-01T16:00:01.000Z',
  };
  const targets = (n: ReturnType<typeof warningEscalationNotices>) =>
    n.map((i) => (i.target.kind === 'role' ? `${i.target.role}@${i.target.jurisdictionCode}` : i.target.userId));

  it('tells the district officers and the street’s supervisors when it escalates, the city and the district when raised', () => {
    expect(targets(warningEscalationNotices('new', { ...facts, level: 1 }))).toEqual([
      'district_officer@440115',
      'street_supervisor@440115001',
    ]);
    expect(targets(warningEscalationNotices('raised', { ...facts, level: 2 }))).toEqual(['city_officer@440100', 'district_officer@440115']);
  });

  it('tells whoever the escalation had reached when it is resolved', () => {
    expect(targets(warningEscalationNotices('resolved', { ...facts, level: 1 }))).toEqual([
      'district_officer@440115',
      'street_supervisor@440115001',
    ]);
    expect(targets(warningEscalationNotices('resolved', { ...facts, level: 2 }))).toEqual([
      'district_officer@440115',
      'street_supervisor@440115001',
      'city_officer@440100',
    ]);
  });

  it('has one event id per step (the outbox deduplicates a retried step) and ids, codes and instants only in the payload', () => {
    const [first] = warningEscalationNotices('new', { ...facts, level: 1 });
    expect(first.eventId).toBe('w-1:warningVerify:1:new');
    expect(warningEscalationNotices('raised', { ...facts, level: 2 })[0].eventId).toBe('w-1:warningVerify:1:raised');
    expect(first.kind).toBe('escalation');
    expect(Object.keys(first.summary).sort()).toEqual(
      ['at', 'clock', 'districtCode', 'dueAt', 'escalationId', 'eventType', 'level', 'streetCode', 'title', 'warningId'].sort(),
    );
    expect(first.summary).not.toHaveProperty('caseId');
    expect(first.summary.title).toBe('督办：预警核查逾期，已上报区民政局');
  });
});

describe('verifying', () => {
  it('needs a note to dismiss, and only to dismiss', () => {
    expect(noteProblem('dismiss', undefined)).toMatch(/required/);
    expect(noteProblem('dismiss', '  ')).toMatch(/required/);
    expect(noteProblem('dismiss', '已迁出')).toBeNull();
    expect(noteProblem('open-case', undefined)).toBeNull();
    expect(noteProblem('watch', undefined)).toBeNull();
  });

  it('leaves the warning verified (open-case, watch: with a case) or dismissed', () => {
    expect([statusAfterVerify('open-case'), statusAfterVerify('watch'), statusAfterVerify('dismiss')]).toEqual([
      'verified',
      'verified',
      'dismissed',
    ]);
    expect([outcomeOpensCase('open-case'), outcomeOpensCase('watch'), outcomeOpensCase('dismiss')]).toEqual([true, true, false]);
  });

  it('refuses a dismissal without a note and an unknown outcome with the field named', () => {
    const paths = (body: unknown) => {
      const parsed = warningActionSchema.safeParse(body);
      return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ type: 'verify', outcome: 'dismiss' })).toEqual(['note']);
    expect(paths({ type: 'verify', outcome: 'dismiss', note: '   ' })).toEqual(['note']);
    expect(paths({ type: 'verify', outcome: 'ignore' })).toEqual(['outcome']);
    expect(paths({ type: 'verify', outcome: 'watch', extra: 1 })).toEqual(['']);
    expect(paths({ type: 'verify', outcome: 'dismiss', note: '重复数据' })).toEqual([]);
  });
});

describe('a warning’s escalation read back from the feed', () => {
  const row = { escalationId: 'w-1:warningVerify:1', districtCode: '440115', streetCode: '440115001' };

  it('names the warning and has neither case nor stage', () => {
    const out = feedPayloadToEscalation(
      {
        escalationId: row.escalationId,
        warningId: 'w-1',
        level: 'city',
        status: 'open',
        clock: 'warningVerify',
        dueAt: '2026-12-01T16:00:00.000Z',
        escalatedAt: '2026-12-01T16:00:01.000Z',
        raisedToCityAt: '2026-12-03T16:00:01.000Z',
        resolvedAt: null,
      },
      row,
    );
    expect(out).toEqual({
      escalationId: row.escalationId,
      warningId: 'w-1',
      level: 'city',
      status: 'open',
      clock: 'warningVerify',
      dueAt: '2026-12-01T16:00:00.000Z',
      escalatedAt: '2026-12-01T16:00:01.000Z',
      raisedToCityAt: '2026-12-03T16:00:01.000Z',
      districtCode: '440115',
      streetCode: '440115001',
    });
    expect(escalationSchema.safeParse(out).success).toBe(true);
  });

  it('keeps a case escalation’s case and stage as before', () => {
    const out = feedPayloadToEscalation({ caseId: 'c-1', clock: 'verify', stage: 'verifying', level: 1, status: 'open' }, row);
    expect(out).toMatchObject({ caseId: 'c-1', clock: 'verify', stage: 'verifying', level: 'district' });
    expect(out).not.toHaveProperty('warningId');
    expect(feedPayloadToEscalation({ caseId: 'c-1' }, row)).toMatchObject({ clock: 'accept', stage: 'reported' });
  });
});
