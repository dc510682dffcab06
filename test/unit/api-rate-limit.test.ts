// Unit tests for the per-user write limit (api/rate-limit.ts): a token bucket that allows a burst up
// to its capacity, refills steadily over the window, keeps users apart and says how long to wait.
import { TokenBuckets } from '../../api/http/rate-limit';

describe('TokenBuckets', () => {
  it('allows a burst up to capacity, then tells how long until the next token', () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 3, windowMs: 3000 }, () => now);
    expect([buckets.take('u'), buckets.take('u'), buckets.take('u')]).toEqual([0, 0, 0]);
    expect(buckets.take('u')).toBe(1000);
    now = 500;
    expect(buckets.take('u')).toBe(500);
    now = 1000;
    expect(buckets.take('u')).toBe(0);
  });

  it('keeps each user’s bucket separate', () => {
    const buckets = new TokenBuckets({ capacity: 1, windowMs: 10_000 }, () => 0);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
    expect(buckets.take('b')).toBe(0);
  });

  it('never refills beyond capacity after a long pause', () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 2, windowMs: 1000 }, () => now);
    buckets.take('u');
    now = 1_000_000;
    expect([buckets.take('u'), buckets.take('u')]).toEqual([0, 0]);
    expect(buckets.take('u')).toBeGreaterThan(0);
  });
});
