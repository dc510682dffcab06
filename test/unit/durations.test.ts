// Policy durations and instant arithmetic.
import { addMs, formatDuration, msBetween, parseDuration } from '../../domain/durations';

describe('parseDuration', () => {
  it.each([
    ['45s', 45_000],
    ['10m', 600_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['180d', 15_552_000_000],
  ])('reads %s as %i ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it.each(['', '10', '1.5h', ' 10m', '10m ', '10M', '-1s', '10ms', '1w', 'h', '1h30m', '２h'])(
    'refuses %j with a message that quotes the value',
    (text) => {
      expect(() => parseDuration(text)).toThrow(`${JSON.stringify(text)} is not a duration like 45s, 10m, 24h or 7d`);
    },
  );

  it('refuses a zero duration because a deadline must lie in the future', () => {
    expect(() => parseDuration('0d')).toThrow('"0d" must be longer than zero');
  });

  it('refuses a duration too long to represent exactly', () => {
    expect(() => parseDuration('99999999999999d')).toThrow('too long');
  });
});

describe('formatDuration', () => {
  it.each([
    [604_800_000, '7d'],
    [129_600_000, '36h'],
    [5_400_000, '90m'],
    [45_000, '45s'],
    [1_500, '1500ms'],
    [0, '0s'],
  ])('formats %i ms as %s', (value, text) => {
    expect(formatDuration(value)).toBe(text);
  });

  it('always produces text that parses back to the same number of milliseconds', () => {
    for (const text of ['45s', '10m', '24h', '7d', '90m', '36h', '180d']) {
      expect(parseDuration(formatDuration(parseDuration(text)))).toBe(parseDuration(text));
    }
  });
});

describe('instant arithmetic', () => {
  it('adds milliseconds and answers canonical UTC', () => {
    expect(addMs('2026-11-02T00:00:00Z', parseDuration('24h'))).toBe('2026-11-03T00:00:00.000Z');
  });

  it('understands offsets, so China time and UTC for the same instant agree', () => {
    expect(addMs('2026-11-02T08:00:00+08:00', 0)).toBe('2026-11-02T00:00:00.000Z');
    expect(msBetween('2026-11-02T08:00:00+08:00', '2026-11-02T01:00:00Z')).toBe(3_600_000);
  });

  it('is negative when the second instant is earlier', () => {
    expect(msBetween('2026-11-02T01:00:00Z', '2026-11-02T00:00:00Z')).toBe(-3_600_000);
  });

  it('refuses text that is not an instant', () => {
    expect(() => addMs('next tuesday', 1)).toThrow('is not an ISO-8601 instant');
  });
});
