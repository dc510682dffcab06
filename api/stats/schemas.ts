// Request and response schemas of GET /stats: per district and per street of the caller's scope, the
// case load, overdue clocks, escalations, time-to-resolve, reminders and 2000:1:1 staffing coverage.
import { z } from 'zod';
import { STAGES, type Stage } from '../../domain/case-types';
import { WARNING_LEVELS, WARNING_STATUSES } from '../../domain/monitoring';
import { instantQuery } from '../http/schemas';

export const OPEN_STAGES = STAGES.filter((s): s is Exclude<Stage, 'closed'> => s !== 'closed');
export type OpenStage = (typeof OPEN_STAGES)[number];

/** 2000:1:1 — one full-time assistance worker per 2,000 people in difficulty, at least one per street and one per committee. */
export const STAFFING_STANDARD = { peoplePerCaseworker: 2000, minCaseworkersPerStreet: 1, minDesignatedWorkersPerCommittee: 1 } as const;

export const statsQuerySchema = z.strictObject({
  from: instantQuery.optional().meta({ description: 'start of the period (inclusive); default 30 days before `to`' }),
  to: instantQuery.optional().meta({ description: 'end of the period (exclusive); default now' }),
});
export type StatsQuery = z.output<typeof statsQuerySchema>;

const count = z.number().int().min(0);
const money = z.number().min(0).meta({ description: 'CNY' });

const staffingSchema = z
  .strictObject({
    peopleInDifficulty: count,
    fullTimeCaseworkers: count.meta({ description: 'active caseworkers marked as full-time assistance workers' }),
    peoplePerCaseworker: z.number().nullable().meta({ description: 'null when there is no full-time caseworker' }),
    caseworkersRequired: count.meta({ description: 'sum over streets of max(1, ceil(people / 2000))' }),
    caseworkersMissing: count.meta({
      description:
        'sum over streets of the caseworkers a street lacks to meet its requirement (a surplus in one street does not cover another)',
    }),
    streets: count,
    streetsWithoutCaseworker: z.array(z.string()),
    committees: count,
    committeesWithoutDesignatedWorker: z
      .array(z.string())
      .meta({ description: 'committees with no designated worker, or one who is no longer an active staff member' }),
    meetsStandard: z.boolean(),
  })
  .meta({ id: 'StaffingCoverage' });

export const statsFiguresShape = {
  openCases: z.strictObject({
    total: count,
    byStage: z.strictObject(Object.fromEntries(OPEN_STAGES.map((s) => [s, count])) as Record<OpenStage, typeof count>),
  }),
  overdue: count.meta({ description: 'open cases whose next deadline has passed, not counting paused clocks' }),
  openEscalations: z.strictObject({ district: count, city: count, total: count }),
  timeToResolve: z
    .strictObject({
      resolved: count.meta({ description: 'escalations resolved in the period' }),
      medianMs: z.number().nullable(),
      p90Ms: z.number().nullable(),
    })
    .meta({ description: 'of escalations resolved in the period (continuous percentiles, rounded to ms); null when none' }),
  remindersSent: count.meta({ description: 'deadline reminders sent in the period' }),
  staffing: staffingSchema,
  emergencyFund: z
    .strictObject({
      year: z.number().int().meta({ description: 'calendar year (Asia/Shanghai) the figures are for: the current one' }),
      budget: money.meta({ description: 'policy emergencyFund.streetAnnualBudget times the streets counted' }),
      granted: money.meta({ description: 'emergency aid granted from the fund this year' }),
      reserved: money.meta({
        description: 'charged to the fund while a grant is being decided, or whose request stopped half-way (settled when it is retried)',
      }),
      left: money.meta({ description: 'budget minus granted and reserved, never below 0' }),
      grants: count,
      beyondLimit: count.meta({ description: "grants a district or city officer made beyond the street's per-grant maximum or budget" }),
    })
    .meta({ id: 'EmergencyFundUse', description: "the street's emergency fund (乡镇临时救助备用金, DESIGN.md §9)" }),
  warnings: z
    .strictObject({
      raised: count.meta({ description: 'warnings raised in the period' }),
      byLevel: z.strictObject(
        Object.fromEntries(WARNING_LEVELS.map((l) => [l, count])) as Record<(typeof WARNING_LEVELS)[number], typeof count>,
      ),
      byStatus: z
        .strictObject(
          Object.fromEntries(WARNING_STATUSES.map((s) => [s, count])) as Record<(typeof WARNING_STATUSES)[number], typeof count>,
        )
        .meta({ description: 'their status now' }),
      timeToVerify: z.strictObject({
        verified: count.meta({ description: 'of them, verified or dismissed by now' }),
        medianMs: z
          .number()
          .nullable()
          .meta({ description: 'median time from raisedAt to verifiedAt (continuous, rounded to ms); null when none' }),
      }),
      yield: z
        .strictObject({
          casesOpened: count.meta({ description: 'distinct cases opened or attached to by verifying them (open-case, watch)' }),
          householdsAssisted: count.meta({
            description:
              'distinct households among those cases whose assistance was approved, or who received a disbursement, or that reached assisting',
          }),
        })
        .meta({ description: 'warnings → cases → households assisted (§8)' }),
    })
    .meta({ id: 'WarningFigures', description: 'warnings raised in the period [from, to) (DESIGN.md §8)' }),
};

const figuresSchema = z.strictObject(statsFiguresShape);
export type StatsFigures = z.infer<typeof figuresSchema>;

export const statsSchema = z
  .strictObject({
    from: z.string(),
    to: z.string(),
    generatedAt: z.string(),
    scope: z.strictObject({ level: z.enum(['city', 'district', 'street']), code: z.string() }),
    standard: z.strictObject({ peoplePerCaseworker: count, minCaseworkersPerStreet: count, minDesignatedWorkersPerCommittee: count }),
    total: figuresSchema,
    districts: z.array(z.strictObject({ code: z.string(), nameZh: z.string(), nameEn: z.string(), ...statsFiguresShape })),
    streets: z.array(
      z.strictObject({ code: z.string(), districtCode: z.string(), nameZh: z.string(), nameEn: z.string(), ...statsFiguresShape }),
    ),
  })
  .meta({
    id: 'Stats',
    description: 'Figures for the caller’s scope as a whole (`total`), per district (city and district officers) and per street.',
  });
export type StatsOut = z.infer<typeof statsSchema>;
