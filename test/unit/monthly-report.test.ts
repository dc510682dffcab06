// The monthly report's pure parts (§12): the month in Asia/Shanghai and the figures built from the facts.
import { buildMonthlyReport, monthWindow } from '../../api/monthly-report/monthly-report';
import type { MonthFacts } from '../../api/monthly-report/repository';

const META = { month: '2026-11', from: '', to: '', generatedAt: '', scope: { code: '440104' } };
const NO_FACTS: MonthFacts = {
  newCasesByChannel: [],
  closed: [],
  approved: [],
  disbursed: 0,
  warnings: [],
  clocks: [],
  escalations: { raised: 0, raisedToCity: 0, resolved: 0 },
  escalationsByAssignee: [],
  caseworkers: [],
  casesHandled: [],
};

test('a month runs from 00:00 Asia/Shanghai on the 1st to the 1st of the next, December into January', () => {
  expect(monthWindow('2026-11')).toEqual({ from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') });
  expect(monthWindow('2026-12').to).toEqual(new Date('2026-12-31T16:00:00Z'));
});

test('closed cases are counted by the outcome the family file shows', () => {
  const r = buildMonthlyReport(
    {
      ...NO_FACTS,
      closed: [
        { merged: true, approved: true, verificationOutcome: 'eligible', count: 1 },
        { merged: false, approved: true, verificationOutcome: 'eligible', count: 4 },
        { merged: false, approved: false, verificationOutcome: 'not-in-need', count: 2 },
        { merged: false, approved: false, verificationOutcome: null, count: 3 },
      ],
    },
    META,
  );
  expect(r.closedCases).toEqual({ total: 10, byOutcome: { merged: 1, assisted: 4, 'not-in-need': 2, 'watch-list': 0, closed: 3 } });
});

test('on-time rates per clock and per caseworker add up across actors; nothing completed gives null, not 0', () => {
  const r = buildMonthlyReport(
    {
      ...NO_FACTS,
      clocks: [
        { clock: 'accept', actorId: 'cw-1', completed: 3, onTime: 2 },
        { clock: 'accept', actorId: 'cw-2', completed: 1, onTime: 1 },
        { clock: 'verify', actorId: 'cw-1', completed: 1, onTime: 0 },
      ],
      caseworkers: [
        { id: 'cw-1', nameZh: '甲', jurisdictionCode: '440104001' },
        { id: 'cw-3', nameZh: '丙', jurisdictionCode: '440104001' },
      ],
      casesHandled: [{ actorId: 'cw-1', count: 4 }],
      escalationsByAssignee: [{ assigneeId: 'cw-1', count: 2 }],
    },
    META,
  );
  expect(r.onTime).toEqual([
    { clock: 'accept', completed: 4, onTime: 3, rate: 0.75 },
    { clock: 'verify', completed: 1, onTime: 0, rate: 0 },
  ]);
  expect(r.caseworkers).toEqual([
    {
      userId: 'cw-1',
      name: '甲',
      streetCode: '440104001',
      casesHandled: 4,
      onTime: { completed: 4, onTime: 2, rate: 0.5 },
      escalations: 2,
    },
    {
      userId: 'cw-3',
      name: '丙',
      streetCode: '440104001',
      casesHandled: 0,
      onTime: { completed: 0, onTime: 0, rate: null },
      escalations: 0,
    },
  ]);
});

test('warnings: by level, verified and dismissed, and the yield from warnings to cases to assisted households', () => {
  const r = buildMonthlyReport(
    {
      ...NO_FACTS,
      warnings: [
        { level: 'red', status: 'verified', withCase: 2, assisted: 1, count: 2 },
        { level: 'orange', status: 'dismissed', withCase: 0, assisted: 0, count: 3 },
        { level: 'yellow', status: 'open', withCase: 0, assisted: 0, count: 1 },
      ],
    },
    META,
  );
  expect(r.warnings).toEqual({
    raised: 6,
    byLevel: { red: 2, orange: 3, yellow: 1 },
    verified: 2,
    dismissed: 3,
    casesOpened: 2,
    householdsAssisted: 1,
  });
});
