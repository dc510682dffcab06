// The monthly report (§12, 月度统计报表): the month's boundaries in Asia/Shanghai, the facts of the
// caller's jurisdiction, and the figures built from them. `buildMonthlyReport` is pure.
import { ASSISTANCE_TYPES } from '../../domain/action-schemas';
import { CHANNELS, type Actor } from '../../domain/case-types';
import { caseOutcome, CASE_OUTCOMES } from '../../domain/household';
import { WARNING_LEVELS } from '../../domain/monitoring';
import { shanghaiDateTime } from '../../domain/shanghai-time';
import type { ApiContext } from '../http/deps';
import { validationError } from '../http/errors';
import { requireCaseReader, scopeFilterOf } from '../http/scope';
import { loadMonthFacts, type MonthFacts } from './repository';
import type { MonthlyReport, MonthlyReportQuery } from './schemas';

/** The month as instants: its first moment and the next month's, in Asia/Shanghai (no daylight saving). */
export function monthWindow(month: string): { from: Date; to: Date } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return { from: new Date(`${month}-01T00:00:00+08:00`), to: new Date(`${next}-01T00:00:00+08:00`) };
}

const rateOf = (completed: number, onTime: number): number | null =>
  completed === 0 ? null : Math.round((onTime / completed) * 1000) / 1000;
const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function buildMonthlyReport(
  facts: MonthFacts,
  meta: Pick<MonthlyReport, 'month' | 'from' | 'to' | 'generatedAt' | 'scope'>,
): MonthlyReport {
  const byChannel = zeros(CHANNELS);
  for (const r of facts.newCasesByChannel) if (r.channel in byChannel) byChannel[r.channel as keyof typeof byChannel] += r.count;

  const byOutcome = zeros(CASE_OUTCOMES);
  for (const r of facts.closed) {
    const outcome =
      caseOutcome({
        stage: 'closed',
        mergedInto: r.merged ? 'merged' : undefined,
        assisted: r.approved,
        verificationOutcome: (r.verificationOutcome ?? undefined) as Parameters<typeof caseOutcome>[0]['verificationOutcome'],
      }) ?? 'closed';
    byOutcome[outcome] += r.count;
  }

  const byLevel = zeros(WARNING_LEVELS);
  const warnings = { raised: 0, verified: 0, dismissed: 0, casesOpened: 0, householdsAssisted: 0 };
  for (const r of facts.warnings) {
    if (r.level in byLevel) byLevel[r.level as keyof typeof byLevel] += r.count;
    warnings.raised += r.count;
    if (r.status === 'verified') warnings.verified += r.count;
    if (r.status === 'dismissed') warnings.dismissed += r.count;
    warnings.casesOpened += r.withCase;
    warnings.householdsAssisted += r.assisted;
  }

  const perClock = new Map<string, { completed: number; onTime: number }>();
  const perActor = new Map<string, { completed: number; onTime: number }>();
  for (const r of facts.clocks) {
    for (const [map, key] of [
      [perClock, r.clock],
      [perActor, r.actorId],
    ] as const) {
      const acc = map.get(key) ?? { completed: 0, onTime: 0 };
      acc.completed += r.completed;
      acc.onTime += r.onTime;
      map.set(key, acc);
    }
  }
  const handled = new Map(facts.casesHandled.map((r) => [r.actorId, r.count]));
  const escalated = new Map(facts.escalationsByAssignee.map((r) => [r.assigneeId, r.count]));

  return {
    ...meta,
    newCases: { total: Object.values(byChannel).reduce((a, b) => a + b, 0), byChannel },
    closedCases: { total: Object.values(byOutcome).reduce((a, b) => a + b, 0), byOutcome },
    assistance: {
      approved: facts.approved
        .filter((r) => (ASSISTANCE_TYPES as readonly string[]).includes(r.assistanceType))
        .map((r) => ({
          ...r,
          assistanceType: r.assistanceType as (typeof ASSISTANCE_TYPES)[number],
          amount: Math.round(r.amount * 100) / 100,
        }))
        .sort((a, b) => ASSISTANCE_TYPES.indexOf(a.assistanceType) - ASSISTANCE_TYPES.indexOf(b.assistanceType)),
      disbursed: Math.round(facts.disbursed * 100) / 100,
    },
    warnings: { ...warnings, byLevel },
    onTime: [...perClock]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([clock, v]) => ({ clock, ...v, rate: rateOf(v.completed, v.onTime) })),
    escalations: facts.escalations,
    caseworkers: facts.caseworkers.map((c) => {
      const t = perActor.get(c.id) ?? { completed: 0, onTime: 0 };
      return {
        userId: c.id,
        name: c.nameZh,
        streetCode: c.jurisdictionCode,
        casesHandled: handled.get(c.id) ?? 0,
        onTime: { ...t, rate: rateOf(t.completed, t.onTime) },
        escalations: escalated.get(c.id) ?? 0,
      };
    }),
  };
}

/** The current month in Asia/Shanghai, as YYYY-MM. */
function currentMonth(now: Date): string {
  return shanghaiDateTime(now)!.slice(0, 7);
}

export async function getMonthlyReport(ctx: ApiContext, actor: Actor, query: MonthlyReportQuery): Promise<MonthlyReport> {
  requireCaseReader(actor);
  const now = ctx.now();
  if (query.month > currentMonth(now)) {
    throw validationError(
      [{ path: 'month', message: `is in the future (the current month is ${currentMonth(now)})` }],
      'invalid query parameters',
    );
  }
  const { from, to } = monthWindow(query.month);
  const facts = await loadMonthFacts(ctx.prisma, {
    scope: scopeFilterOf(actor),
    districtCode: query.districtCode,
    streetCode: query.streetCode,
    from,
    to,
  });
  return buildMonthlyReport(facts, {
    month: query.month,
    from: from.toISOString(),
    to: to.toISOString(),
    generatedAt: now.toISOString(),
    scope: {
      code: actor.jurisdictionCode,
      ...(query.districtCode ? { districtCode: query.districtCode } : {}),
      ...(query.streetCode ? { streetCode: query.streetCode } : {}),
    },
  });
}
