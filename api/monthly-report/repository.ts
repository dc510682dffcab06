// The raw facts of a month's report (§12) from the read model, each one SQL aggregate restricted to the
// caller's jurisdiction (and the narrowing filters) and to [from, to).
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { approvedItemSql, assistanceItemsSql } from '../cases/assistance-sql';
import { jurisdictionSql, type ScopeFilter } from '../http/scope';

export interface MonthWindow {
  scope: ScopeFilter;
  districtCode?: string;
  streetCode?: string;
  from: Date;
  to: Date;
}

export interface MonthFacts {
  newCasesByChannel: { channel: string; count: number }[];
  closed: { merged: boolean; approved: boolean; verificationOutcome: string | null; count: number }[];
  approved: { assistanceType: string; households: number; amount: number }[];
  disbursed: number;
  warnings: { level: string; status: string; withCase: number; assisted: number; count: number }[];
  clocks: { clock: string; actorId: string; completed: number; onTime: number }[];
  escalations: { raised: number; raisedToCity: number; resolved: number };
  escalationsByAssignee: { assigneeId: string; count: number }[];
  /** Caseworkers of the scope, active or not, and who recorded actions on which cases. */
  caseworkers: { id: string; nameZh: string; jurisdictionCode: string }[];
  casesHandled: { actorId: string; count: number }[];
}

/** Scope and narrowing over a table alias with districtCode and streetCode. */
function placeSql(w: MonthWindow, alias: string): Prisma.Sql {
  const col = (name: string) => Prisma.raw(`${alias}."${name}"`);
  const parts = [jurisdictionSql(w.scope, alias)];
  if (w.districtCode) parts.push(Prisma.sql`${col('districtCode')} = ${w.districtCode}`);
  if (w.streetCode) parts.push(Prisma.sql`${col('streetCode')} = ${w.streetCode}`);
  return Prisma.join(parts, ' AND ');
}

/**
 * The most specific of the scope's and the filters' code prefixes when they nest (a street inside the
 * district inside the city); null when they do not, so a filter never reaches outside the scope.
 */
function commonPrefix(prefixes: (string | undefined)[]): string | null {
  const given = prefixes.filter((p): p is string => p !== undefined).sort((a, b) => b.length - a.length);
  if (given.length === 0) return null;
  return given.every((p) => given[0].startsWith(p)) ? given[0] : null;
}

const n = (v: bigint | number | string | null | undefined): number => Number(v ?? 0);

export async function loadMonthFacts(prisma: PrismaClient, w: MonthWindow): Promise<MonthFacts> {
  const cases = placeSql(w, 'c');
  // The case was assisted: an item of it approved and not withdrawn.
  const assisted = Prisma.sql`EXISTS (SELECT 1 FROM ${assistanceItemsSql('c')} AS item WHERE ${approvedItemSql('item')})`;
  const inMonth = (column: Prisma.Sql) => Prisma.sql`${column} >= ${w.from} AND ${column} < ${w.to}`;
  const [channels, closed, approved, disbursed, warnings, clocks, escalations, byAssignee, handled] = await Promise.all([
    prisma.$queryRaw<{ channel: string; count: bigint }[]>`
      SELECT e.details->>'channel' AS channel, count(*) AS count
      FROM case_events e JOIN cases c ON c."caseId" = e."caseId"
      WHERE e.type = 'reported' AND ${inMonth(Prisma.sql`e.at`)} AND ${cases}
      GROUP BY 1`,
    prisma.$queryRaw<{ merged: boolean; approved: boolean; outcome: string | null; count: bigint }[]>`
      SELECT c."mergedInto" IS NOT NULL AS merged, ${assisted} AS approved,
             c.view->>'verificationOutcome' AS outcome, count(*) AS count
      FROM cases c WHERE c.stage = 'closed' AND ${inMonth(Prisma.sql`c."closedAt"`)} AND ${cases}
      GROUP BY 1, 2, 3`,
    prisma.$queryRaw<{ type: string; households: bigint; amount: number | null }[]>`
      SELECT item->>'assistanceType' AS type, count(DISTINCT c."workflowId") AS households,
             sum((item->>'total')::numeric)::float8 AS amount
      FROM cases c, ${assistanceItemsSql('c')} AS item
      WHERE ${approvedItemSql('item')} AND ${inMonth(Prisma.sql`(item->>'approvedAt')::timestamptz`)} AND ${cases}
      GROUP BY 1`,
    prisma.$queryRaw<{ amount: number | null }[]>`
      SELECT sum((e.details->>'amount')::numeric)::float8 AS amount
      FROM case_events e JOIN cases c ON c."caseId" = e."caseId"
      WHERE e.type = 'record-disbursement' AND ${inMonth(Prisma.sql`e.at`)} AND ${cases}`,
    prisma.$queryRaw<{ level: string; status: string; with_case: bigint; assisted: bigint; count: bigint }[]>`
      SELECT w.level, w.status, count(w."caseId") AS with_case,
             count(*) FILTER (WHERE ${assisted}) AS assisted, count(*) AS count
      FROM warnings w LEFT JOIN cases c ON c."caseId" = w."caseId"
      WHERE ${inMonth(Prisma.sql`w."raisedAt"`)} AND ${placeSql(w, 'w')}
      GROUP BY 1, 2`,
    prisma.$queryRaw<{ clock: string; actor: string; completed: bigint; on_time: bigint }[]>`
      SELECT x->>'clock' AS clock, e."actorId" AS actor, count(*) AS completed,
             count(*) FILTER (WHERE (x->>'onTime')::boolean) AS on_time
      FROM case_events e JOIN cases c ON c."caseId" = e."caseId"
           CROSS JOIN LATERAL jsonb_array_elements(e.details->'clocksCompleted') x
      WHERE e.details ? 'clocksCompleted' AND ${inMonth(Prisma.sql`e.at`)} AND ${cases}
      GROUP BY 1, 2`,
    prisma.$queryRaw<{ raised: bigint; to_city: bigint; resolved: bigint }[]>`
      SELECT count(*) FILTER (WHERE ${inMonth(Prisma.sql`x."escalatedAt"`)}) AS raised,
             count(*) FILTER (WHERE ${inMonth(Prisma.sql`x."raisedToCityAt"`)}) AS to_city,
             count(*) FILTER (WHERE ${inMonth(Prisma.sql`x."resolvedAt"`)}) AS resolved
      FROM escalations x WHERE ${placeSql(w, 'x')}`,
    prisma.$queryRaw<{ assignee: string; count: bigint }[]>`
      SELECT c."assigneeId" AS assignee, count(*) AS count
      FROM escalations x JOIN cases c ON c."caseId" = x."caseId"
      WHERE c."assigneeId" IS NOT NULL AND ${inMonth(Prisma.sql`x."escalatedAt"`)} AND ${cases}
      GROUP BY 1`,
    prisma.$queryRaw<{ actor: string; count: bigint }[]>`
      SELECT e."actorId" AS actor, count(DISTINCT e."caseId") AS count
      FROM case_events e JOIN cases c ON c."caseId" = e."caseId"
      WHERE ${inMonth(Prisma.sql`e.at`)} AND ${cases}
      GROUP BY 1`,
  ]);
  const prefix = commonPrefix([w.scope.streetCode ?? w.scope.districtCode ?? w.scope.cityPrefix, w.districtCode, w.streetCode]);
  const caseworkers = await prisma.staffUser.findMany({
    where: { role: 'caseworker', jurisdictionCode: prefix === null ? { in: [] } : { startsWith: prefix } },
    select: { id: true, nameZh: true, jurisdictionCode: true },
    orderBy: [{ jurisdictionCode: 'asc' }, { id: 'asc' }],
  });
  const e = escalations[0];
  return {
    newCasesByChannel: channels.map((r) => ({ channel: r.channel, count: n(r.count) })),
    closed: closed.map((r) => ({ merged: r.merged, approved: r.approved, verificationOutcome: r.outcome, count: n(r.count) })),
    approved: approved.map((r) => ({ assistanceType: r.type, households: n(r.households), amount: n(r.amount) })),
    disbursed: n(disbursed[0]?.amount),
    warnings: warnings.map((r) => ({
      level: r.level,
      status: r.status,
      withCase: n(r.with_case),
      assisted: n(r.assisted),
      count: n(r.count),
    })),
    clocks: clocks.map((r) => ({ clock: r.clock, actorId: r.actor, completed: n(r.completed), onTime: n(r.on_time) })),
    escalations: { raised: n(e?.raised), raisedToCity: n(e?.to_city), resolved: n(e?.resolved) },
    escalationsByAssignee: byAssignee.map((r) => ({ assigneeId: r.assignee, count: n(r.count) })),
    caseworkers,
    casesHandled: handled.map((r) => ({ actorId: r.actor, count: n(r.count) })),
  };
}
