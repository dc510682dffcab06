// The warning rules of §8 as policy data: the section's validation and defaults, and evaluateWarnings
// over a person's records, boundaries and the 365-day window included.
import { DEFAULT_POLICY, DEFAULT_POLICY_JSON, parsePolicy, PolicyError } from '../../domain/policy';
import {
  DEFAULT_WARNING_RULES,
  evaluateWarnings,
  isMinorByBirthYear,
  type EventFact,
  type HouseholdFacts,
  type PersonFacts,
  type WarningRule,
} from '../../domain/warning-rules';

const NOW = new Date('2026-12-02T04:00:00Z'); // 12:00 in Asia/Shanghai
const NOBODY: HouseholdFacts = { withMinor: false, withDisabled: false };
const PLAIN: PersonFacts = { category: null };

let index = 0;
function record(kind: EventFact['kind'], fields: Partial<EventFact> = {}): EventFact {
  return { importId: 'i-1', recordIndex: index++, kind, occurredAt: '2026-11-20', current: true, ...fields };
}

function rulesFired(person: PersonFacts, events: EventFact[], household: HouseholdFacts = NOBODY): string[] {
  return evaluateWarnings(person, events, household, DEFAULT_WARNING_RULES, NOW).map((m) => `${m.ruleId}:${m.level}`);
}

function issuesOf(warnings: unknown): { path: string; message: string }[] {
  try {
    parsePolicy({ ...DEFAULT_POLICY_JSON, warnings });
  } catch (e) {
    if (e instanceof PolicyError) return e.issues;
    throw e;
  }
  throw new Error('expected the policy to be rejected');
}

describe('the warnings section of the policy', () => {
  it('defaults to the rules and verification times of §8 when the file has no section', () => {
    expect(DEFAULT_POLICY.warnings.verifyWithin).toEqual({ red: '2wd', orange: '5wd', yellow: '10wd' });
    expect(DEFAULT_POLICY.warnings.rules).toEqual(DEFAULT_WARNING_RULES);
    expect(DEFAULT_POLICY.warnings.rules.map((r) => r.kind).sort()).toEqual(
      ['death', 'disability_certified', 'disaster_loss', 'medical_expense', 'school_dropout', 'unemployment', 'utility_arrears'].sort(),
    );
  });

  it('keeps the default rules when only verifyWithin is given, and the default clocks when only rules are', () => {
    const a = parsePolicy({ ...DEFAULT_POLICY_JSON, warnings: { verifyWithin: { red: '1wd' } } });
    expect(a.warnings.verifyWithin).toEqual({ red: '1wd', orange: '5wd', yellow: '10wd' });
    expect(a.warnings.rules).toEqual(DEFAULT_WARNING_RULES);
    const b = parsePolicy({ ...DEFAULT_POLICY_JSON, warnings: { rules: [{ id: 'dropout', kind: 'school_dropout', level: 'red' }] } });
    expect(b.warnings.rules).toEqual([{ id: 'dropout', kind: 'school_dropout', level: 'red' }]);
    expect(b.warnings.verifyWithin.orange).toBe('5wd');
  });

  it('refuses an unknown kind, naming the rule', () => {
    expect(issuesOf({ rules: [{ id: 'x', kind: 'lottery_win', level: 'red' }] })).toEqual([
      { path: 'warnings.rules.0.kind', message: expect.stringContaining('must be one of low_income_status') },
    ]);
  });

  it('refuses a negative threshold', () => {
    const issues = issuesOf({ rules: [{ id: 'm', kind: 'medical_expense', level: 'orange', thresholds: { tekun: -1, other: 100 } }] });
    expect(issues).toEqual([{ path: 'warnings.rules.0.thresholds.tekun', message: 'must not be negative' }]);
    expect(issuesOf({ rules: [{ id: 'd', kind: 'disaster_loss', level: 'red', minAmount: -5 }] })).toEqual([
      { path: 'warnings.rules.0.minAmount', message: 'must not be negative' },
    ]);
  });

  it('refuses an unknown level, a duplicate id, a parameter the kind cannot use, and a bad verification time', () => {
    expect(issuesOf({ rules: [{ id: 'x', kind: 'death', level: 'purple' }] })).toEqual([
      { path: 'warnings.rules.0.level', message: 'must be one of red, orange, yellow' },
    ]);
    expect(
      issuesOf({
        rules: [
          { id: 'x', kind: 'death', level: 'red' },
          { id: 'x', kind: 'school_dropout', level: 'red' },
        ],
      }),
    ).toEqual([{ path: 'warnings.rules.1.id', message: 'duplicate rule id "x"' }]);
    expect(issuesOf({ rules: [{ id: 'x', kind: 'death', level: 'red', minMonths: 3 }] })).toEqual([
      { path: 'warnings.rules.0.minMonths', message: 'applies only to utility_arrears rules' },
    ]);
    expect(issuesOf({ rules: [{ id: 'x', kind: 'medical_expense', level: 'red' }] })).toEqual([
      { path: 'warnings.rules.0.thresholds', message: 'is required for a medical_expense rule' },
    ]);
    expect(issuesOf({ verifyWithin: { red: 'soon' } }).map((i) => i.path)).toEqual(['warnings.verifyWithin.red']);
    expect(issuesOf({ rulez: [] }).map((i) => i.path)).toEqual(['warnings']);
  });
});

describe('evaluateWarnings with the default rules', () => {
  it('medical_expense: a tekun person above 1,000 CNY is orange; exactly 1,000 is not above', () => {
    const tekun: PersonFacts = { category: 'tekun' };
    expect(rulesFired(tekun, [record('medical_expense', { amount: 1000 })])).toEqual([]);
    expect(rulesFired(tekun, [record('medical_expense', { amount: 1000.01 })])).toEqual(['medical-expense:orange']);
  });

  it('medical_expense: thresholds of 5,000 for dibao, 10,000 for dibian and 15,000 for anyone else', () => {
    for (const [category, threshold] of [
      ['dibao', 5000],
      ['dibian', 10000],
      ['none', 15000],
      [null, 15000],
    ] as const) {
      const person = { category };
      expect(rulesFired(person, [record('medical_expense', { amount: threshold })])).toEqual([]);
      expect(rulesFired(person, [record('medical_expense', { amount: threshold - 1 }), record('medical_expense', { amount: 2 })])).toEqual([
        'medical-expense:orange',
      ]);
    }
  });

  it('medical_expense: sums the last 365 days (today and the 364 days before), earlier ones do not count', () => {
    const dibao: PersonFacts = { category: 'dibao' };
    const old = record('medical_expense', { amount: 4000, occurredAt: '2025-12-03', current: false, importId: 'i-0' });
    const older = record('medical_expense', { amount: 4000, occurredAt: '2025-12-02', current: false, importId: 'i-0' });
    const fresh = record('medical_expense', { amount: 1001 });
    const matches = evaluateWarnings(dibao, [old, fresh], NOBODY, DEFAULT_WARNING_RULES, NOW);
    expect(matches).toEqual([
      {
        ruleId: 'medical-expense',
        level: 'orange',
        kind: 'medical_expense',
        events: [
          { importId: 'i-0', recordIndex: old.recordIndex },
          { importId: 'i-1', recordIndex: fresh.recordIndex },
        ],
      },
    ]);
    expect(rulesFired(dibao, [older, fresh])).toEqual([]);
  });

  it('counts a low_income_status and a medical_expense of the same import together: the category as it stands after the import', () => {
    const expense = record('medical_expense', { amount: 3000 });
    expect(rulesFired({ category: null }, [expense])).toEqual([]);
    // The import made the person tekun (the activity passes the category after all of their records).
    expect(rulesFired({ category: 'tekun' }, [record('low_income_status', { details: { category: 'tekun' } }), expense])).toEqual([
      'medical-expense:orange',
    ]);
  });

  it('raises nothing from an earlier import by itself: a rule fires on this import’s records', () => {
    const past = record('medical_expense', { amount: 50_000, current: false, importId: 'i-0' });
    expect(rulesFired({ category: null }, [past])).toEqual([]);
    expect(rulesFired({ category: null }, [record('school_dropout', { current: false })])).toEqual([]);
  });

  it('ignores records dated after now', () => {
    expect(rulesFired(PLAIN, [record('school_dropout', { occurredAt: '2026-12-03' })])).toEqual([]);
    expect(rulesFired(PLAIN, [record('school_dropout', { occurredAt: '2026-12-02' })])).toEqual(['school-dropout:orange']);
  });

  it('death: red only in a household with a minor or a disabled member', () => {
    const death = record('death');
    expect(rulesFired(PLAIN, [death])).toEqual([]);
    expect(rulesFired(PLAIN, [death], { withMinor: true, withDisabled: false })).toEqual(['death-dependants:red']);
    expect(rulesFired(PLAIN, [death], { withMinor: false, withDisabled: true })).toEqual(['death-dependants:red']);
  });

  it('disability_certified: orange for grade 1 or 2, nothing for 3 or 4 or no grade', () => {
    expect(rulesFired(PLAIN, [record('disability_certified', { details: { grade: 1 } })])).toEqual(['severe-disability:orange']);
    expect(rulesFired(PLAIN, [record('disability_certified', { details: { grade: 2 } })])).toEqual(['severe-disability:orange']);
    expect(rulesFired(PLAIN, [record('disability_certified', { details: { grade: 3 } })])).toEqual([]);
    expect(rulesFired(PLAIN, [record('disability_certified', { details: { grade: 4 } })])).toEqual([]);
    expect(rulesFired(PLAIN, [record('disability_certified')])).toEqual([]);
  });

  it('disaster_loss: red from 10,000 CNY (at least, so exactly 10,000 counts)', () => {
    expect(rulesFired(PLAIN, [record('disaster_loss', { amount: 9999.99 })])).toEqual([]);
    expect(rulesFired(PLAIN, [record('disaster_loss', { amount: 10000 })])).toEqual(['disaster-loss:red']);
  });

  it('school_dropout: orange', () => {
    expect(rulesFired(PLAIN, [record('school_dropout')])).toEqual(['school-dropout:orange']);
  });

  it('unemployment: yellow only in a household with a minor', () => {
    expect(rulesFired(PLAIN, [record('unemployment')])).toEqual([]);
    expect(rulesFired(PLAIN, [record('unemployment')], { withMinor: false, withDisabled: true })).toEqual([]);
    expect(rulesFired(PLAIN, [record('unemployment')], { withMinor: true, withDisabled: false })).toEqual([
      'unemployment-with-minor:yellow',
    ]);
  });

  it('utility_arrears: yellow from 3 months', () => {
    expect(rulesFired(PLAIN, [record('utility_arrears', { details: { months: 2 } })])).toEqual([]);
    expect(rulesFired(PLAIN, [record('utility_arrears', { details: { months: 3 } })])).toEqual(['utility-arrears:yellow']);
  });

  it('hospitalisation and low_income_status raise nothing by default', () => {
    expect(
      rulesFired({ category: 'tekun' }, [record('hospitalisation'), record('low_income_status', { details: { category: 'tekun' } })]),
    ).toEqual([]);
  });

  it('a custom rule applies its own parameters', () => {
    const rules: WarningRule[] = [{ id: 'long-stay', kind: 'hospitalisation', level: 'yellow', minAmount: 500 }];
    expect(evaluateWarnings(PLAIN, [record('hospitalisation', { amount: 499 })], NOBODY, rules, NOW)).toEqual([]);
    expect(evaluateWarnings(PLAIN, [record('hospitalisation', { amount: 500 })], NOBODY, rules, NOW).map((m) => m.ruleId)).toEqual([
      'long-stay',
    ]);
  });
});

describe('isMinorByBirthYear', () => {
  it('counts the year of the 18th birthday as minor (errs towards verifying)', () => {
    expect(isMinorByBirthYear(2008, NOW)).toBe(true);
    expect(isMinorByBirthYear(2007, NOW)).toBe(false);
  });
});
