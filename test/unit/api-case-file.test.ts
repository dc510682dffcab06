// Unit tests for shaping the case file (api/case-file.ts): masking of the subject's ID number and
// phone, and merging the workflow's recent events and escalations with the read model's full trail.
import { buildCaseFile, maskIdNumber, maskPhone, type CaseFileExtras } from '../../api/cases/case-file';
import type { EscalationRow } from '../../api/cases/repository';
import type { CaseEvent, CaseView } from '../../domain/case-types';

const event = (seq: number, type = 'x'): CaseEvent => ({
  eventId: `c-1:${seq}`,
  seq,
  type,
  at: new Date(Date.UTC(2026, 10, 29, 0, seq)).toISOString(),
  actorId: 'cw',
  fromStage: 'reported',
  toStage: 'reported',
  details: {},
});

const NO_EXTRAS: CaseFileExtras = { householdId: null, reports: [], possibleDuplicates: [], mergedCases: [], monitoringReasons: [] };

describe('masking', () => {
  it('keeps the region and last four characters of an ID number', () => {
    expect(maskIdNumber('44010419800101123X')).toBe('440104********123X');
  });
  it('keeps the first three and last four digits of a mobile, the area code and last four of a landline', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('020-12345678')).toBe('020-****5678');
    expect(maskPhone('020-12345678-123')).toBe('020-****5678-123');
  });
});

describe('buildCaseFile', () => {
  const view = {
    caseId: 'c-1',
    personId: 'p-1',
    stage: 'verifying',
    events: [event(3, 'accepted'), event(4, 'visit')],
    escalations: [
      {
        escalationId: 'e-1',
        caseId: 'c-1',
        clock: 'accept',
        level: 2,
        status: 'open',
        dueAt: 'd',
        escalatedAt: '2026-11-29T01:00:00.000Z',
        cityDueAt: 'x',
        districtCode: '440104',
        streetCode: '440104001',
        stage: 'reported',
      },
    ],
  } as unknown as CaseView;

  it('unions events by sequence number in order, the database supplying the older ones', () => {
    const file = buildCaseFile(view, [event(1), event(2), event(3, 'accepted')], [], null, NO_EXTRAS);
    expect(file.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('shapes escalations as district/city levels, preferring the (fresher) view record', () => {
    const db: EscalationRow = {
      escalationId: 'e-1',
      caseId: 'c-1',
      clock: 'accept',
      level: 1,
      status: 'open',
      dueAt: 'd',
      escalatedAt: '2026-11-29T01:00:00.000Z',
      raisedToCityAt: null,
      resolvedAt: null,
      timeToResolveMs: null,
      districtCode: '440104',
      streetCode: '440104001',
      stage: 'reported',
    };
    const file = buildCaseFile(view, [], [db], null, NO_EXTRAS);
    expect(file.escalations).toEqual([expect.objectContaining({ escalationId: 'e-1', level: 'city', status: 'open' })]);
    expect(file.escalations[0]).not.toHaveProperty('resolvedAt');
  });
});
