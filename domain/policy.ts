// The case policy (DESIGN.md §4): deadlines per urgency, reminder fraction, maximum pause, approval
// limits and notification settings. Data, not code: validated here when loaded, then passed around
// as plain JSON (durations stay strings; use the *Ms helpers to resolve them).
import { z } from 'zod';
import { ASSISTANCE_TYPES } from './action-schemas';
import {
  DEFAULT_CHARITY_FOLLOW_UP,
  DEFAULT_DISBURSEMENT_GRACE,
  DEFAULT_EMERGENCY_AID_RATIFY,
  DEFAULT_TEMPORARY_COOLDOWN,
  isWorkingDaysText,
  nominalMs,
  parseClockLength,
  parseDuration,
} from './durations';
import { warningsPolicySchema } from './warning-rules';
// The clock helpers derived from a policy live in ./policy-clocks (no zod), which the workflow imports.

/** Type errors say "is required" for a missing field and `expected` otherwise. */
const typeError = (expected: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : expected);

/** A wall-clock duration only: what is not a case clock (webhook backoff) cannot count working days. */
const duration = z.string({ error: typeError('must be a duration string like 45s, 10m, 24h or 7d') }).superRefine((value, ctx) => {
  if (isWorkingDaysText(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(value)}: working days only apply to case clocks; use 45s, 10m, 24h or 7d here`,
    });
    return;
  }
  try {
    parseDuration(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});

/** A case clock (§4, §9): wall-clock or "<n>wd" working days. */
const clockDuration = z
  .string({ error: typeError('must be a duration string like 45s, 10m, 24h, 7d or 10wd') })
  .superRefine((value, ctx) => {
    try {
      parseClockLength(value);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });

const normalDeadlineShape = {
  accept: clockDuration,
  verify: clockDuration,
  decide: clockDuration,
  charityResponse: clockDuration,
  /** An accepted referral is completed within this (§10); optional, so older policy files still load. */
  charityFollowUp: clockDuration.default(DEFAULT_CHARITY_FOLLOW_UP),
  revisitInterval: clockDuration,
  reReview: clockDuration,
  escalationWindow: clockDuration,
  /** A monthly payment missed at its payment day (§10) escalates this long after it. */
  disbursement: clockDuration.default(DEFAULT_DISBURSEMENT_GRACE),
};

// Strict objects: a misspelt key in a policy file would otherwise be silently ignored.
const normalDeadlines = z.strictObject(normalDeadlineShape);
const urgentDeadlines = z.strictObject({
  ...normalDeadlineShape,
  emergencyAid: clockDuration,
  /** Emergency aid granted before verification is ratified by completing verification within this (§9). */
  emergencyAidRatify: clockDuration.default(DEFAULT_EMERGENCY_AID_RATIFY),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, e.g. 08:00');

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Asia/Shanghai' },
);

const positiveAmount = z.number({ error: typeError('must be a number of CNY') }).positive('must be greater than 0');

const casePolicySchema = z
  .strictObject({
    version: z
      .string({ error: typeError('must be a version string') })
      .trim()
      .min(1, 'must not be empty')
      .max(100),
    deadlines: z.strictObject({ normal: normalDeadlines, urgent: urgentDeadlines }),
    reminderAt: z
      .number({ error: typeError('must be a number between 0 and 1') })
      .gt(0, 'must be between 0 and 1 (exclusive)')
      .lt(1, 'must be between 0 and 1 (exclusive)')
      .default(0.75),
    maxPause: clockDuration.default('30d'),
    approvalLimits: z.strictObject({ street: positiveAmount, district: positiveAmount }).superRefine((limits, ctx) => {
      if (limits.street >= limits.district) {
        ctx.addIssue({
          code: 'custom',
          path: ['district'],
          message: `must be greater than the street limit (${limits.street}), got ${limits.district}`,
        });
      }
    }),
    /**
     * 公示 (§9): how long an approval of each listed assistance type is posted before the family is
     * assisted; types not listed have no notice. Keys are assistance types, so a misspelt one is refused.
     */
    /** §10: each month's payment of a monthly item is due by this day of the month (1–28, so every month has it). */
    disbursementDay: z
      .number({ error: typeError('must be a day of the month, 1 to 28') })
      .int('must be a whole day of the month')
      .min(1, 'must be a day of the month, 1 to 28')
      .max(28, 'must be 28 or less, so that every month has the day')
      .default(15),
    /** §10: temporary assistance to the same household again within this needs a supervisor's override with a reason. */
    temporaryCooldown: duration.default(DEFAULT_TEMPORARY_COOLDOWN),
    publicNotice: z.partialRecord(z.enum(ASSISTANCE_TYPES), clockDuration).default({ minimum_living: '7d', extreme_poverty: '7d' }),
    /**
     * The street's emergency fund (乡镇临时救助备用金, §9): street staff may grant at most `perGrantMax`
     * at once and `streetAnnualBudget` per street and calendar year (Asia/Shanghai); district officers may exceed both.
     */
    emergencyFund: z
      .strictObject({ perGrantMax: positiveAmount.default(3000), streetAnnualBudget: positiveAmount.default(200_000) })
      .prefault({})
      .superRefine((fund, ctx) => {
        if (fund.perGrantMax > fund.streetAnnualBudget) {
          ctx.addIssue({
            code: 'custom',
            path: ['perGrantMax'],
            message: `must not exceed the street's annual budget (${fund.streetAnnualBudget}), got ${fund.perGrantMax}`,
          });
        }
      }),
    notifications: z
      .strictObject({
        maxAttempts: z.number().int('must be a whole number').min(1).max(100).default(8),
        /** Webhook retries wait `initial`, then twice as long each time, never more than `max`. */
        backoff: z
          .strictObject({ initial: duration.default('1m'), max: duration.default('1h') })
          .prefault({})
          .superRefine((b, ctx) => {
            const initial = safeMs(b.initial);
            const max = safeMs(b.max);
            if (initial !== null && max !== null && initial > max) {
              ctx.addIssue({ code: 'custom', path: ['max'], message: `must not be shorter than the initial backoff (${b.initial})` });
            }
          }),
        digest: z.strictObject({ time: hhmm.default('08:00'), timezone: timezone.default('Asia/Shanghai') }).prefault({}),
      })
      .prefault({}),
    /**
     * Proactive discovery (§8): the warning rules and how long the street has to verify a warning of
     * each level. Only monitoring imports read it; case workflows (whose input holds policies stored
     * before this section existed) never do.
     */
    warnings: warningsPolicySchema(clockDuration),
  })
  .superRefine((policy, ctx) => {
    // The green channel exists to be faster; a longer urgent deadline almost always means the two
    // sections were swapped in the file. Compared by nominal length (a working day counts as 24 h, §9).
    for (const key of Object.keys(normalDeadlineShape) as (keyof typeof normalDeadlineShape)[]) {
      // Runs even when other fields failed, so nothing here may assume the shape is complete.
      const normalText = policy?.deadlines?.normal?.[key];
      const urgentText = policy?.deadlines?.urgent?.[key];
      const normalMs = safeNominalMs(normalText);
      const urgentMs = safeNominalMs(urgentText);
      if (normalMs !== null && urgentMs !== null && urgentMs > normalMs) {
        ctx.addIssue({
          code: 'custom',
          path: ['deadlines', 'urgent', key],
          message: `urgent deadline (${urgentText}) must not be longer than the normal one (${normalText})`,
        });
      }
    }
  });

export type CasePolicy = z.output<typeof casePolicySchema>;
/** The policy file as written (optional sections may be left out). */
export type CasePolicyInput = z.input<typeof casePolicySchema>;

export interface PolicyIssue {
  path: string;
  message: string;
}

export class PolicyError extends Error {
  readonly issues: PolicyIssue[];

  constructor(message: string, issues: PolicyIssue[] = []) {
    super(message);
    this.name = 'PolicyError';
    this.issues = issues;
  }
}

/** Validates policy JSON; throws PolicyError listing every bad field as `path: message`. */
export function parsePolicy(json: unknown): CasePolicy {
  const result = casePolicySchema.safeParse(json, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(policy)',
    message: issue.message,
  }));
  throw new PolicyError(`Invalid case policy:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, issues);
}

export const DEFAULT_POLICY_JSON: CasePolicyInput = {
  version: 'default-2026-12',
  deadlines: {
    normal: {
      accept: '24h',
      // Statutory time limits are counted in working days of the official calendar (§9).
      verify: '10wd',
      decide: '10wd',
      charityResponse: '7d',
      revisitInterval: '90d',
      reReview: '180d',
      escalationWindow: '48h',
    },
    urgent: {
      accept: '2h',
      emergencyAid: '24h',
      verify: '3d',
      decide: '2d',
      charityResponse: '3d',
      revisitInterval: '30d',
      reReview: '90d',
      escalationWindow: '12h',
    },
  },
  // reminderAt, maxPause, publicNotice, emergencyFund and the notification settings take the schema's defaults.
  approvalLimits: { street: 3000, district: 10000 },
};

export const DEFAULT_POLICY: CasePolicy = parsePolicy(DEFAULT_POLICY_JSON);

function safeNominalMs(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  try {
    return nominalMs(parseClockLength(text));
  } catch {
    return null;
  }
}

function safeMs(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  try {
    return parseDuration(text);
  } catch {
    return null;
  }
}
