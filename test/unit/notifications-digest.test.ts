// Unit tests of the daily digest: local days in the policy's time zone, the overdue / today / this
// week buckets, overdue first, no empty digests, and the per-person-per-date dedup key.
import {
  buildDigest,
  bucketOf,
  digestDedupKey,
  digestScheduleOf,
  digestWindow,
  dueItemKind,
  dueItemsOf,
  type DueItem,
} from '../../domain/digest';
import { DEFAULT_POLICY, DEFAULT_POLICY_JSON, parsePolicy } from '../../domain/policy';

describe('digestWindow', () => {
  it('uses the local date of the run in Asia/Shanghai, and local midnights as bounds', () => {
    // 08:00 in Shanghai on 1 December is 00:00 UTC.
    const w = digestWindow('2026-12-01T00:00:00.000Z', 'Asia/Shanghai');
    expect(w).toEqual({
      localDate: '2026-12-01',
      timezone: 'Asia/Shanghai',
      at: '2026-12-01T00:00:00.000Z',
      todayEnd: '2026-12-01T16:00:00.000Z',
      weekEnd: '2026-12-07T16:00:00.000Z',
    });
  });

  it('puts a UTC evening on the next Shanghai day, and crosses month and year ends', () => {
    expect(digestWindow('2026-12-31T17:30:00.000Z', 'Asia/Shanghai').localDate).toBe('2027-01-01');
    expect(digestWindow('2026-12-31T17:30:00.000Z', 'Asia/Shanghai').weekEnd).toBe('2027-01-07T16:00:00.000Z');
  });

  it('follows daylight-saving time where a zone has it', () => {
    // New York springs forward on 8 March 2026: that local day is 23 hours long.
    const w = digestWindow('2026-03-08T13:00:00.000Z', 'America/New_York');
    expect(w.localDate).toBe('2026-03-08');
    expect(w.todayEnd).toBe('2026-03-09T04:00:00.000Z');
  });
});

describe('buckets and digests', () => {
  const window = digestWindow('2026-12-01T00:00:00.000Z', 'Asia/Shanghai');
  const item = (caseId: string, dueAt: string, clock = 'verify'): DueItem => ({
    caseId,
    clock,
    kind: dueItemKind(clock),
    dueAt,
    stage: 'verifying',
    urgency: 'normal',
    streetCode: '440118004',
    escalationLevel: 0,
  });

  it('sorts a due time into overdue, today, this week or nothing', () => {
    expect(bucketOf('2026-11-30T23:59:59.000Z', window)).toBe('overdue');
    expect(bucketOf('2026-12-01T15:59:59.000Z', window)).toBe('today');
    expect(bucketOf('2026-12-01T16:00:00.000Z', window)).toBe('week');
    expect(bucketOf('2026-12-07T15:59:59.000Z', window)).toBe('week');
    expect(bucketOf('2026-12-07T16:00:00.000Z', window)).toBeNull();
  });

  it('lists overdue items first, then today, then this week, each earliest first', () => {
    const digest = buildDigest(
      [
        item('c-week', '2026-12-03T00:00:00.000Z', 'revisitInterval'),
        item('c-today', '2026-12-01T06:00:00.000Z'),
        item('c-late-2', '2026-11-30T12:00:00.000Z'),
        item('c-late-1', '2026-11-29T12:00:00.000Z'),
        item('c-later', '2026-12-20T00:00:00.000Z'),
      ],
      window,
    )!;
    expect(digest.items.map((i) => [i.caseId, i.bucket])).toEqual([
      ['c-late-1', 'overdue'],
      ['c-late-2', 'overdue'],
      ['c-today', 'today'],
      ['c-week', 'week'],
    ]);
    expect(digest.counts).toEqual({ overdue: 2, today: 1, week: 1 });
    expect(digest.items[3].kind).toBe('revisit');
    expect(digest.title).toContain('2026-12-01');
    expect(digest.truncated).toBe(false);
  });

  it('sends no digest when nothing is due this week', () => {
    expect(buildDigest([item('c-later', '2026-12-20T00:00:00.000Z')], window)).toBeNull();
    expect(buildDigest([], window)).toBeNull();
  });

  it('reads the running, unpaused deadlines of a case view', () => {
    const row = { caseId: 'c-1', stage: 'assisting', urgency: 'urgent', streetCode: '440118004', escalationLevel: 1 };
    const items = dueItemsOf(row, [
      { clock: 'reReview', dueAt: '2026-12-02T00:00:00.000Z', paused: false },
      { clock: 'verify', dueAt: '2026-12-02T00:00:00.000Z', paused: true },
    ]);
    expect(items).toEqual([{ ...row, clock: 'reReview', kind: 'revisit', dueAt: '2026-12-02T00:00:00.000Z' }]);
    expect(dueItemsOf(row, null)).toEqual([]);
  });

  it('keys one digest per person per local date and channel', () => {
    expect(digestDedupKey('2026-12-01', 'cw-440118004', 'in_app')).toBe('digest:2026-12-01:cw-440118004:in_app');
  });
});

describe('digestScheduleOf', () => {
  it('reads time and zone from the policy, 08:00 Asia/Shanghai by default', () => {
    expect(digestScheduleOf(DEFAULT_POLICY)).toEqual({ hour: 8, minute: 0, timezone: 'Asia/Shanghai' });
    const p = parsePolicy({ ...DEFAULT_POLICY_JSON, notifications: { digest: { time: '07:30', timezone: 'Asia/Urumqi' } } });
    expect(digestScheduleOf(p)).toEqual({ hour: 7, minute: 30, timezone: 'Asia/Urumqi' });
  });
});
