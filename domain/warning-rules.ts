// The warning rules of proactive discovery (DESIGN.md §8) as policy data: the `warnings` section of the
// case policy file (its zod schema and defaults) and the pure evaluation of a person's monitored records
// against the rules. No I/O: the import activity gathers the facts, this decides what matches.
import { z } from 'zod';
import { RECORD_KINDS, WARNING_LEVELS, type LowIncomeCategory, type RecordKind, type WarningLevel } from './monitoring';

/** Days a medical_expense rule sums over unless it says otherwise (§8: "the last 365 days"). */
const DEFAULT_WINDOW_DAYS = 365;

const nonNegative = (what: string) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : `must be a number (${what})`) })
    .nonnegative('must not be negative');

/** Self-paid sums above which a medical_expense rule fires, per low-income category; `other` for anyone else. */
const thresholdsSchema = z.strictObject({
  tekun: nonNegative('CNY').optional(),
  dibao: nonNegative('CNY').optional(),
  dibian: nonNegative('CNY').optional(),
  other: nonNegative('CNY'),
});

/** Conditions on the other current members of the person's household; a rule with both set needs either. */
const householdSchema = z
  .strictObject({ withMinor: z.literal(true).optional(), withDisabled: z.literal(true).optional() })
  .refine((h) => h.withMinor || h.withDisabled, 'must set withMinor or withDisabled');

const grade = z.number().int('must be a whole number').min(1, 'must be a grade from 1 to 4').max(4, 'must be a grade from 1 to 4');

const ruleSchema = z
  .strictObject({
    id: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, like medical-expense'),
    kind: z.enum(RECORD_KINDS, { error: () => `must be one of ${RECORD_KINDS.join(', ')}` }),
    level: z.enum(WARNING_LEVELS, { error: () => `must be one of ${WARNING_LEVELS.join(', ')}` }),
    /** medical_expense: fires when the self-paid sum over `windowDays` is above the person's threshold. */
    thresholds: thresholdsSchema.optional(),
    windowDays: z.number().int('must be a whole number').min(1, 'must be at least 1').max(3660).optional(),
    household: householdSchema.optional(),
    /** disability_certified: the certified grade lies in minGrade..maxGrade (1 is the most severe). */
    minGrade: grade.optional(),
    maxGrade: grade.optional(),
    /** The record's amount is at least this (disaster_loss, or any kind with an amount). */
    minAmount: nonNegative('CNY').optional(),
    /** utility_arrears: at least this many months unpaid. */
    minMonths: nonNegative('months').int('must be a whole number').optional(),
  })
  .superRefine((rule, ctx) => {
    // A parameter the kind cannot use would be silently ignored: refuse it, as a misspelt key is refused.
    const only = (key: keyof typeof rule, kinds: readonly RecordKind[]) => {
      if (rule[key] !== undefined && !kinds.includes(rule.kind))
        ctx.addIssue({ code: 'custom', path: [key], message: `applies only to ${kinds.join(' and ')} rules` });
    };
    only('thresholds', ['medical_expense']);
    only('windowDays', ['medical_expense']);
    only('minGrade', ['disability_certified']);
    only('maxGrade', ['disability_certified']);
    only('minMonths', ['utility_arrears']);
    only('minAmount', ['disaster_loss', 'hospitalisation']);
    if (rule.kind === 'medical_expense' && rule.thresholds === undefined)
      ctx.addIssue({ code: 'custom', path: ['thresholds'], message: 'is required for a medical_expense rule' });
    if (rule.minGrade !== undefined && rule.maxGrade !== undefined && rule.minGrade > rule.maxGrade)
      ctx.addIssue({ code: 'custom', path: ['maxGrade'], message: `must not be below minGrade (${rule.minGrade})` });
  });

export type WarningRule = z.output<typeof ruleSchema>;

/** The defaults of §8; a policy file that lists `rules` replaces them all. */
export const DEFAULT_WARNING_RULES: WarningRule[] = [
  {
    id: 'medical-expense',
    kind: 'medical_expense',
    level: 'orange',
    thresholds: { tekun: 1000, dibao: 5000, dibian: 10000, other: 15000 },
  },
  { id: 'death-dependants', kind: 'death', level: 'red', household: { withMinor: true, withDisabled: true } },
  { id: 'severe-disability', kind: 'disability_certified', level: 'orange', minGrade: 1, maxGrade: 2 },
  { id: 'disaster-loss', kind: 'disaster_loss', level: 'red', minAmount: 10000 },
  { id: 'school-dropout', kind: 'school_dropout', level: 'orange' },
  { id: 'unemployment-with-minor', kind: 'unemployment', level: 'yellow', household: { withMinor: true } },
  { id: 'utility-arrears', kind: 'utility_arrears', level: 'yellow', minMonths: 3 },
];

const DEFAULT_VERIFY_WITHIN: Record<WarningLevel, string> = { red: '2wd', orange: '5wd', yellow: '10wd' };

/**
 * The policy's `warnings` section. Built over the policy's case-clock validator (domain/policy.ts) so that
 * "2wd" is read by the same rule as every other case clock.
 */
export function warningsPolicySchema(clockDuration: z.ZodType<string>) {
  return z
    .strictObject({
      rules: z
        .array(ruleSchema)
        .default(DEFAULT_WARNING_RULES)
        .superRefine((rules, ctx) => {
          const seen = new Set<string>();
          rules.forEach((rule, i) => {
            if (typeof rule?.id !== 'string') return;
            if (seen.has(rule.id))
              ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate rule id ${JSON.stringify(rule.id)}` });
            seen.add(rule.id);
          });
        }),
      verifyWithin: z
        .strictObject({
          red: clockDuration.default(DEFAULT_VERIFY_WITHIN.red),
          orange: clockDuration.default(DEFAULT_VERIFY_WITHIN.orange),
          yellow: clockDuration.default(DEFAULT_VERIFY_WITHIN.yellow),
        })
        .prefault({}),
    })
    .prefault({});
}

/** The validated section: what an import workflow carries in its input (rules and clocks, no personal data). */
export interface WarningsPolicy {
  rules: WarningRule[];
  verifyWithin: Record<WarningLevel, string>;
}

// ---------------------------------------------------------------------------------------------------
// Evaluation

/** What the register says of the person as it stands after the import's records. */
export interface PersonFacts {
  category: LowIncomeCategory | null;
}

/** The other current members of the person's household (none for a person without a household). */
export interface HouseholdFacts {
  withMinor: boolean;
  withDisabled: boolean;
}

export interface EventRef {
  importId: string;
  recordIndex: number;
}

/** One monitored record of the person (decrypted), from this import (`current`) or an earlier one. */
export interface EventFact extends EventRef {
  kind: RecordKind;
  /** YYYY-MM-DD (Asia/Shanghai). */
  occurredAt: string;
  amount?: number;
  details?: Record<string, unknown>;
  current: boolean;
}

export interface WarningMatch {
  ruleId: string;
  level: WarningLevel;
  kind: RecordKind;
  /** The records that make the rule match: the warning's reasons. */
  events: EventRef[];
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

function numberDetail(details: Record<string, unknown> | undefined, key: string): number | undefined {
  const value = details?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function householdHolds(rule: WarningRule, household: HouseholdFacts): boolean {
  if (!rule.household) return true;
  return (rule.household.withMinor === true && household.withMinor) || (rule.household.withDisabled === true && household.withDisabled);
}

/** Whether one record satisfies a per-record rule's conditions (everything but medical_expense). */
function recordMatches(rule: WarningRule, event: EventFact): boolean {
  if (rule.minAmount !== undefined && !(event.amount !== undefined && event.amount >= rule.minAmount)) return false;
  if (rule.minMonths !== undefined && !((numberDetail(event.details, 'months') ?? -1) >= rule.minMonths)) return false;
  const g = numberDetail(event.details, 'grade');
  if (rule.minGrade !== undefined && !(g !== undefined && g >= rule.minGrade)) return false;
  if (rule.maxGrade !== undefined && !(g !== undefined && g <= rule.maxGrade)) return false;
  return true;
}

/** The medical_expense threshold of a person's category: the category's own, else `other`. */
function medicalThreshold(thresholds: NonNullable<WarningRule['thresholds']>, category: LowIncomeCategory | null): number {
  const own = category && category !== 'none' ? thresholds[category] : undefined;
  return own ?? thresholds.other;
}

/**
 * The rules a person matches now. A rule fires on records of the import being evaluated (`current`): an
 * earlier import's records count toward a sum but raise nothing again by themselves, so a verified or
 * dismissed warning is not raised anew from the same data. medical_expense sums the self-paid amounts
 * of the last `windowDays` days up to `now` (Asia/Shanghai dates) and fires above the threshold of the
 * person's category as it stands after the whole import (`person`).
 */
export function evaluateWarnings(
  person: PersonFacts,
  events: readonly EventFact[],
  household: HouseholdFacts,
  rules: readonly WarningRule[],
  now: Date,
): WarningMatch[] {
  const today = shanghaiDate(now.getTime());
  const matches: WarningMatch[] = [];
  for (const rule of rules) {
    const ofKind = events.filter((e) => e.kind === rule.kind && e.occurredAt <= today);
    if (!householdHolds(rule, household)) continue;
    let matching: EventFact[];
    if (rule.kind === 'medical_expense' && rule.thresholds) {
      // The window includes today and the windowDays - 1 days before it.
      const from = shanghaiDate(now.getTime() - ((rule.windowDays ?? DEFAULT_WINDOW_DAYS) - 1) * DAY_MS);
      const inWindow = ofKind.filter((e) => e.occurredAt >= from);
      const sum = inWindow.reduce((total, e) => total + (e.amount ?? 0), 0);
      matching = sum > medicalThreshold(rule.thresholds, person.category) ? inWindow : [];
    } else {
      matching = ofKind.filter((e) => recordMatches(rule, e));
    }
    if (!matching.some((e) => e.current)) continue;
    const ordered = [...matching].sort((a, b) => a.importId.localeCompare(b.importId) || a.recordIndex - b.recordIndex);
    matches.push({
      ruleId: rule.id,
      level: rule.level,
      kind: rule.kind,
      events: ordered.map(({ importId, recordIndex }) => ({ importId, recordIndex })),
    });
  }
  return matches;
}

/**
 * Under 18 by birth year alone (what the register holds of other members). In the year of the 18th
 * birthday it answers yes: a protective classification errs towards a warning verified on the ground.
 */
export function isMinorByBirthYear(birthYear: number, now: Date): boolean {
  return Number(shanghaiDate(now.getTime()).slice(0, 4)) - birthYear <= 18;
}
