// GET /api/v1/reports/monthly (§12, 月度统计报表): the query and the report.
import { z } from 'zod';
import { ASSISTANCE_TYPES } from '../../domain/action-schemas';
import { CHANNELS } from '../../domain/case-types';
import { CASE_OUTCOMES } from '../../domain/household';
import { WARNING_LEVELS } from '../../domain/monitoring';
import { jurisdictionQuery } from '../http/schemas';

export const MONTH_PATTERN = /^(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])$/;

export const monthlyReportQuerySchema = z.strictObject({
  month: z
    .string()
    .regex(MONTH_PATTERN, 'must be a month as YYYY-MM, like 2026-11')
    .meta({ description: 'the calendar month in Asia/Shanghai; not later than the current one', example: '2026-11' }),
  ...jurisdictionQuery,
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type MonthlyReportQuery = z.output<typeof monthlyReportQuerySchema>;

const count = z.number().int().min(0);
const money = z.number().min(0).meta({ description: 'CNY' });
const rate = z.number().min(0).max(1).nullable().meta({ description: 'share on time, 0–1; null when nothing was completed' });
const onTimeSchema = z.strictObject({ completed: count, onTime: count, rate });

export const monthlyReportSchema = z
  .strictObject({
    month: z.string(),
    from: z.string().meta({ description: 'first instant of the month (Asia/Shanghai)' }),
    to: z.string().meta({ description: 'first instant of the next month' }),
    generatedAt: z.string(),
    scope: z.strictObject({ code: z.string(), districtCode: z.string().optional(), streetCode: z.string().optional() }),
    newCases: z.strictObject({
      total: count,
      byChannel: z.strictObject(Object.fromEntries(CHANNELS.map((c) => [c, count])) as Record<(typeof CHANNELS)[number], typeof count>),
    }),
    closedCases: z.strictObject({
      total: count,
      byOutcome: z.strictObject(
        Object.fromEntries(CASE_OUTCOMES.map((o) => [o, count])) as Record<(typeof CASE_OUTCOMES)[number], typeof count>,
      ),
    }),
    assistance: z.strictObject({
      approved: z.array(
        z.strictObject({
          assistanceType: z.enum(ASSISTANCE_TYPES),
          households: count,
          amount: money.meta({ description: 'approved in the month: the amount times its months' }),
        }),
      ),
      disbursed: money.meta({ description: 'recorded as paid in the month' }),
    }),
    warnings: z.strictObject({
      raised: count,
      byLevel: z.strictObject(
        Object.fromEntries(WARNING_LEVELS.map((l) => [l, count])) as Record<(typeof WARNING_LEVELS)[number], typeof count>,
      ),
      verified: count,
      dismissed: count,
      casesOpened: count.meta({ description: 'of the warnings raised in the month: those that led to a case' }),
      householdsAssisted: count.meta({ description: 'of those cases: the households given approved assistance' }),
    }),
    onTime: z.array(z.strictObject({ clock: z.string(), ...onTimeSchema.shape })).meta({
      description:
        'per clock, the stages completed in the month and how many by their deadline (cases opened before 2026-12 report only later completions)',
    }),
    escalations: z.strictObject({ raised: count, raisedToCity: count, resolved: count }),
    caseworkers: z.array(
      z.strictObject({
        userId: z.string(),
        name: z.string(),
        streetCode: z.string(),
        casesHandled: count.meta({ description: 'cases they recorded an action on in the month' }),
        onTime: onTimeSchema,
        escalations: count.meta({ description: 'escalations raised in the month on cases assigned to them' }),
      }),
    ),
  })
  .meta({ id: 'MonthlyReport', description: '月度统计报表: the month’s figures in the caller’s jurisdiction (§12).' });
export type MonthlyReport = z.output<typeof monthlyReportSchema>;
