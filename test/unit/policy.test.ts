// The case policy: validation with field-named errors, defaults, and the duration helpers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY, DEFAULT_POLICY_JSON, parsePolicy, PolicyError } from '../../domain/policy';
import { clockLength, escalationWindow } from '../../domain/policy-clocks';
import { loadPolicyFromEnv } from '../../runtime/policy-file';

const H = 3_600_000;
const D = 24 * H;

/** DEFAULT_POLICY_JSON with one field replaced (dotted path), as a fresh JSON object. */
function withField(path: string, value: unknown): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(DEFAULT_POLICY_JSON));
  const keys = path.split('.');
  let node = json;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  if (value === undefined) delete node[keys[keys.length - 1]];
  else node[keys[keys.length - 1]] = value;
  return json;
}

function policyErrorOf(json: unknown): PolicyError {
  try {
    parsePolicy(json);
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('expected the policy to be rejected');
}

describe('parsePolicy', () => {
  it('accepts the policy shown in DESIGN.md §4 and fills in the optional sections', () => {
    const policy = parsePolicy(DEFAULT_POLICY_JSON);
    expect(policy).toEqual(DEFAULT_POLICY);
    expect(policy.version).toBe('default-2026-12');
    expect(policy.notifications).toEqual({
      maxAttempts: 8,
      backoff: { initial: '1m', max: '1h' },
      digest: { time: '08:00', timezone: 'Asia/Shanghai' },
    });
  });

  it('defaults reminderAt to 75% and maxPause to 30 days when left out', () => {
    const policy = parsePolicy(withField('reminderAt', undefined));
    expect(policy.reminderAt).toBe(0.75);
    expect(parsePolicy(withField('maxPause', undefined)).maxPause).toBe('30d');
  });

  const durationFields = [
    ...['accept', 'verify', 'decide', 'charityResponse', 'revisitInterval', 'reReview', 'escalationWindow'].map(
      (k) => `deadlines.normal.${k}`,
    ),
    ...['accept', 'emergencyAid', 'verify', 'decide', 'charityResponse', 'revisitInterval', 'reReview', 'escalationWindow'].map(
      (k) => `deadlines.urgent.${k}`,
    ),
    'maxPause',
  ];

  it.each(durationFields)('names %s when it is not a duration', (path) => {
    const error = policyErrorOf(withField(path, '2x'));
    expect(error.message).toContain(`${path}: "2x" is not a duration like 45s, 10m, 24h or 7d`);
    expect(error.issues).toEqual([{ path, message: '"2x" is not a duration like 45s, 10m, 24h or 7d' }]);
  });

  it.each(durationFields.filter((p) => p !== 'maxPause'))('names %s when it is missing', (path) => {
    expect(policyErrorOf(withField(path, undefined)).message).toContain(`${path}: is required`);
  });

  it('lists every bad field at once, one `path: message` line each', () => {
    const json = withField('deadlines.urgent.accept', '2x');
    (json.deadlines as { normal: Record<string, unknown> }).normal.verify = 7;
    json.reminderAt = 1.5;
    const error = policyErrorOf(json);
    expect(error.message.split('\n')).toEqual([
      'Invalid case policy:',
      '  deadlines.normal.verify: must be a duration string like 45s, 10m, 24h, 7d or 10wd',
      '  deadlines.urgent.accept: "2x" is not a duration like 45s, 10m, 24h or 7d',
      '  reminderAt: must be between 0 and 1 (exclusive)',
    ]);
  });

  it('refuses a zero duration', () => {
    expect(policyErrorOf(withField('maxPause', '0d')).message).toContain('maxPause: "0d" must be longer than zero');
  });

  it.each([0, 1, -0.2, 1.5])('refuses reminderAt %d because the reminder must come before the deadline', (value) => {
    expect(policyErrorOf(withField('reminderAt', value)).message).toContain('reminderAt: must be between 0 and 1');
  });

  it('requires the street approval limit to be below the district limit', () => {
    expect(policyErrorOf(withField('approvalLimits', { street: 10000, district: 10000 })).message).toContain(
      'approvalLimits.district: must be greater than the street limit (10000), got 10000',
    );
    expect(policyErrorOf(withField('approvalLimits', { street: 20000, district: 10000 })).issues).toHaveLength(1);
  });

  it('requires positive approval limits', () => {
    expect(policyErrorOf(withField('approvalLimits.street', -1)).message).toContain('approvalLimits.street: must be greater than 0');
    expect(policyErrorOf(withField('approvalLimits.district', '10000')).message).toContain('approvalLimits.district:');
  });

  it('refuses an urgent deadline longer than the normal one (the sections were probably swapped)', () => {
    expect(policyErrorOf(withField('deadlines.urgent.verify', '11d')).message).toContain(
      'deadlines.urgent.verify: urgent deadline (11d) must not be longer than the normal one (10wd)',
    );
  });

  it('refuses misspelt keys instead of silently ignoring them', () => {
    expect(policyErrorOf(withField('deadlines.normal.acept', '24h')).message).toContain('deadlines.normal: Unrecognized key');
    expect(policyErrorOf(withField('aprovalLimits', {})).message).toContain('(policy): Unrecognized key');
  });

  it('requires a version', () => {
    expect(policyErrorOf(withField('version', undefined)).message).toContain('version: is required');
    expect(policyErrorOf(withField('version', ' ')).message).toContain('version: must not be empty');
  });

  it('validates the notification settings', () => {
    const ok = parsePolicy(withField('notifications', { maxAttempts: 3, digest: { time: '07:30' } }));
    expect(ok.notifications).toEqual({
      maxAttempts: 3,
      backoff: { initial: '1m', max: '1h' },
      digest: { time: '07:30', timezone: 'Asia/Shanghai' },
    });
    expect(policyErrorOf(withField('notifications', { backoff: { initial: '2h', max: '1h' } })).issues.map((i) => i.path)).toEqual([
      'notifications.backoff.max',
    ]);
    const error = policyErrorOf(withField('notifications', { maxAttempts: 2.5, digest: { time: '8:00', timezone: 'Mars/Olympus' } }));
    expect(error.issues.map((i) => i.path)).toEqual([
      'notifications.maxAttempts',
      'notifications.digest.time',
      'notifications.digest.timezone',
    ]);
  });

  it('refuses something that is not an object at all', () => {
    expect(() => parsePolicy('24h')).toThrow(PolicyError);
    expect(() => parsePolicy(null)).toThrow('Invalid case policy');
  });
});

describe('policy duration helpers', () => {
  it('resolves each clock by urgency, wall-clock or working days', () => {
    expect(clockLength(DEFAULT_POLICY, 'normal', 'accept')).toEqual({ kind: 'wall', ms: 24 * H });
    expect(clockLength(DEFAULT_POLICY, 'urgent', 'accept')).toEqual({ kind: 'wall', ms: 2 * H });
    expect(clockLength(DEFAULT_POLICY, 'normal', 'reReview')).toEqual({ kind: 'wall', ms: 180 * D });
    expect(clockLength(DEFAULT_POLICY, 'urgent', 'emergencyAid')).toEqual({ kind: 'wall', ms: 24 * H });
    expect(clockLength(DEFAULT_POLICY, 'normal', 'verify')).toEqual({ kind: 'working', days: 10 });
    expect(clockLength(DEFAULT_POLICY, 'normal', 'decide')).toEqual({ kind: 'working', days: 10 });
    expect(clockLength(DEFAULT_POLICY, 'urgent', 'verify')).toEqual({ kind: 'wall', ms: 3 * D });
  });

  it('uses maxPause for the pause clock whatever the urgency', () => {
    expect(clockLength(DEFAULT_POLICY, 'normal', 'pause')).toEqual({ kind: 'wall', ms: 30 * D });
    expect(clockLength(DEFAULT_POLICY, 'urgent', 'pause')).toEqual({ kind: 'wall', ms: 30 * D });
  });

  it('has no emergency-aid clock for a normal case', () => {
    expect(() => clockLength(DEFAULT_POLICY, 'normal', 'emergencyAid')).toThrow('normal-urgency cases have no emergencyAid clock');
  });

  it('gives the escalation window by urgency', () => {
    expect(escalationWindow(DEFAULT_POLICY, 'normal')).toEqual({ kind: 'wall', ms: 48 * H });
    expect(escalationWindow(DEFAULT_POLICY, 'urgent')).toEqual({ kind: 'wall', ms: 12 * H });
  });
});

describe('working-day durations in the policy (§9)', () => {
  it('defaults verification and decision to 10 working days, urgent ones to 3 and 2 days', () => {
    expect(DEFAULT_POLICY.deadlines.normal.verify).toBe('10wd');
    expect(DEFAULT_POLICY.deadlines.normal.decide).toBe('10wd');
    expect(DEFAULT_POLICY.deadlines.urgent.verify).toBe('3d');
    expect(DEFAULT_POLICY.deadlines.urgent.decide).toBe('2d');
  });

  it('defaults the emergency-aid ratification clock to 5 working days', () => {
    expect(DEFAULT_POLICY.deadlines.urgent.emergencyAidRatify).toBe('5wd');
    expect(clockLength(DEFAULT_POLICY, 'urgent', 'emergencyAidRatify')).toEqual({ kind: 'working', days: 5 });
    expect(parsePolicy(withField('deadlines.urgent.emergencyAidRatify', '72h')).deadlines.urgent.emergencyAidRatify).toBe('72h');
    expect(policyErrorOf(withField('deadlines.urgent.emergencyAidRatify', '0wd')).issues).toEqual([
      { path: 'deadlines.urgent.emergencyAidRatify', message: '"0wd" must be at least 1 working day' },
    ]);
  });

  it('defaults monthly aid to the 15th with 5 working days of grace, and temporary aid to a 90-day cooldown (§10)', () => {
    expect(DEFAULT_POLICY.disbursementDay).toBe(15);
    expect(DEFAULT_POLICY.temporaryCooldown).toBe('90d');
    expect(clockLength(DEFAULT_POLICY, 'normal', 'disbursement')).toEqual({ kind: 'working', days: 5 });
    expect(parsePolicy(withField('disbursementDay', 28)).disbursementDay).toBe(28);
    expect(policyErrorOf(withField('disbursementDay', 29)).issues).toEqual([
      { path: 'disbursementDay', message: 'must be 28 or less, so that every month has the day' },
    ]);
    expect(policyErrorOf(withField('disbursementDay', 2.5)).issues[0].path).toBe('disbursementDay');
    expect(policyErrorOf(withField('temporaryCooldown', '30wd')).issues[0].path).toBe('temporaryCooldown');
    // A policy stored by a case started before these keys existed means the defaults.
    const { disbursementDay: _day, temporaryCooldown: _cooldown, ...older } = DEFAULT_POLICY;
    const olderDeadlines = { ...older.deadlines, normal: { ...older.deadlines.normal, disbursement: undefined as unknown as string } };
    expect(clockLength({ ...older, deadlines: olderDeadlines } as typeof DEFAULT_POLICY, 'normal', 'disbursement')).toEqual({
      kind: 'working',
      days: 5,
    });
  });

  it('accepts "<n>wd" for every clock', () => {
    const policy = parsePolicy(withField('deadlines.normal.charityResponse', '5wd'));
    expect(policy.deadlines.normal.charityResponse).toBe('5wd');
    expect(parsePolicy(withField('maxPause', '20wd')).maxPause).toBe('20wd');
    expect(parsePolicy(withField('deadlines.urgent.escalationWindow', '1wd')).deadlines.urgent.escalationWindow).toBe('1wd');
  });

  it.each([
    ['0wd', '"0wd" must be at least 1 working day'],
    ['1.5wd', '"1.5wd" must be a whole number of working days'],
    ['-2wd', '"-2wd" must be a positive number of working days'],
    ['wd', '"wd" needs a number of working days before "wd", like "10wd"'],
  ])('refuses %s with a clear field error', (text, message) => {
    expect(policyErrorOf(withField('deadlines.normal.verify', text)).issues).toEqual([{ path: 'deadlines.normal.verify', message }]);
  });

  it('refuses working days where no case clock runs (webhook backoff waits wall-clock time)', () => {
    expect(policyErrorOf(withField('notifications', { backoff: { initial: '1wd' } })).issues).toEqual([
      { path: 'notifications.backoff.initial', message: '"1wd": working days only apply to case clocks; use 45s, 10m, 24h or 7d here' },
    ]);
  });

  it('compares urgent and normal by nominal length, a working day counting as 24 h', () => {
    // 3d urgent against 3wd normal: equally long nominally, so allowed although 3wd usually runs longer.
    expect(parsePolicy(withField('deadlines.normal.verify', '3wd')).deadlines.normal.verify).toBe('3wd');
    expect(policyErrorOf(withField('deadlines.normal.verify', '2wd')).message).toContain(
      'deadlines.urgent.verify: urgent deadline (3d) must not be longer than the normal one (2wd)',
    );
    expect(policyErrorOf(withField('deadlines.urgent.decide', '11wd')).message).toContain(
      'deadlines.urgent.decide: urgent deadline (11wd) must not be longer than the normal one (10wd)',
    );
  });
});

describe('loadPolicyFromEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-test-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('uses the defaults when CASE_POLICY_FILE is unset or empty', () => {
    expect(loadPolicyFromEnv({})).toBe(DEFAULT_POLICY);
    expect(loadPolicyFromEnv({ CASE_POLICY_FILE: '' })).toBe(DEFAULT_POLICY);
  });

  it('loads and validates the named file', () => {
    const path = file('fast.json', JSON.stringify({ ...DEFAULT_POLICY_JSON, version: 'fast-test', maxPause: '1h' }));
    const policy = loadPolicyFromEnv({ CASE_POLICY_FILE: path });
    expect(policy.version).toBe('fast-test');
    expect(policy.maxPause).toBe('1h');
  });

  it('says the file was not found, naming it', () => {
    const path = join(dir, 'missing.json');
    expect(() => loadPolicyFromEnv({ CASE_POLICY_FILE: path })).toThrow(`Policy file ${path} (CASE_POLICY_FILE) was not found`);
  });

  it('says the file is not JSON, naming it', () => {
    const path = file('broken.json', '{ "version": ');
    expect(() => loadPolicyFromEnv({ CASE_POLICY_FILE: path })).toThrow(`Policy file ${path} is not valid JSON`);
  });

  it('says the file is not a valid policy, naming it and every bad field', () => {
    const path = file('invalid.json', JSON.stringify(withField('deadlines.urgent.accept', '2x')));
    expect(() => loadPolicyFromEnv({ CASE_POLICY_FILE: path })).toThrow(
      `Policy file ${path} is not a valid case policy:\n  deadlines.urgent.accept: "2x" is not a duration like 45s, 10m, 24h or 7d`,
    );
  });
});
