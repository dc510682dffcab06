// The raw facts behind GET /stats, per street of a scope: jurisdictions and staffing (jurisdictions,
// staff_users), case load (cases), escalations, reminders (case_events) and time-to-resolve percentiles,
// which cannot be added up from street figures and so are computed per street, district and scope in SQL.
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import type { ScopeFilter } from '../http/scope';

export interface StreetRef {
  code: string;
  districtCode: string;
  nameZh: string;
  nameEn: string;
  populationInDifficulty: number;
}

export interface CommitteeRef {
  code: string;
  streetCode: string;
  designatedWorkerId: string | null;
}

export interface Percentiles {
  resolved: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface StatsFacts {
  districts: { code: string; nameZh: string; nameEn: string }[];
  streets: StreetRef[];
  committees: CommitteeRef[];
  /** Active full-time caseworkers per street. */
  caseworkers: Map<string, number>;
  /** Ids of active staff per street, for checking designated committee workers. */
  activeStaffStreet: Map<string, string>;
  openCases: { streetCode: string; stage: string; count: number }[];
  overdue: Map<string, number>;
  openEscalations: { streetCode: string; level: number; count: number }[];
  reminders: Map<string, number>;
  /** Keys: `street:<code>`, `district:<code>`, `total`. */
  timeToResolve: Map<string, Percentiles>;
}

/** The jurisdiction-code prefix a scope covers (street codes start with their district's code). */
function codePrefix(scope: ScopeFilter): string {
  return scope.streetCode ?? scope.districtCode ?? scope.cityPrefix ?? '\u0000none';
}

function caseScope(scope: ScopeFilter): Prisma.CaseWhereInput {
  if (scope.streetCode) return { streetCode: scope.streetCode };
  if (scope.districtCode) return { districtCode: scope.districtCode };
  if (scope.cityPrefix) return { districtCode: { startsWith: scope.cityPrefix } };
  return { caseId: { in: [] } };
}

function escalationScope(scope: ScopeFilter): Prisma.EscalationWhereInput {
  if (scope.streetCode) return { streetCode: scope.streetCode };
  if (scope.districtCode) return { districtCode: scope.districtCode };
  if (scope.cityPrefix) return { districtCode: { startsWith: scope.cityPrefix } };
  return { escalationId: { in: [] } };
}

/** The same restriction as raw SQL over a table alias with districtCode and streetCode columns. */
function scopeSql(scope: ScopeFilter, alias: string): Prisma.Sql {
  const col = (name: string) => Prisma.raw(`${alias}."${name}"`);
  if (scope.streetCode) return Prisma.sql`${col('streetCode')} = ${scope.streetCode}`;
  if (scope.districtCode) return Prisma.sql`${col('districtCode')} = ${scope.districtCode}`;
  if (scope.cityPrefix) return Prisma.sql`${col('districtCode')} LIKE ${`${scope.cityPrefix}%`}`;
  return Prisma.sql`false`;
}

export async function loadStatsFacts(
  prisma: PrismaClient,
  scope: ScopeFilter,
  period: { from: Date; to: Date },
  now: Date,
): Promise<StatsFacts> {
  const prefix = codePrefix(scope);
  const streetWhere = scope.streetCode ? { code: scope.streetCode } : { code: { startsWith: prefix } };

  const [
    districtRows,
    streetRows,
    committeeRows,
    caseworkerGroups,
    activeStaff,
    stageGroups,
    overdueGroups,
    escalationGroups,
    reminderRows,
    ttrRows,
  ] = await Promise.all([
    scope.streetCode
      ? Promise.resolve([])
      : prisma.jurisdiction.findMany({
          where: { level: 'district', code: { startsWith: prefix } },
          orderBy: { code: 'asc' },
          select: { code: true, nameZh: true, nameEn: true },
        }),
    prisma.jurisdiction.findMany({
      where: { level: 'street', ...streetWhere },
      orderBy: { code: 'asc' },
      select: { code: true, parentCode: true, nameZh: true, nameEn: true, populationInDifficulty: true },
    }),
    prisma.jurisdiction.findMany({
      where: { level: 'committee', parentCode: scope.streetCode ? scope.streetCode : { startsWith: prefix } },
      orderBy: { code: 'asc' },
      select: { code: true, parentCode: true, designatedWorkerId: true },
    }),
    prisma.staffUser.groupBy({
      by: ['jurisdictionCode'],
      where: {
        role: 'caseworker',
        active: true,
        fullTimeAssistance: true,
        jurisdictionCode: scope.streetCode ? scope.streetCode : { startsWith: prefix },
      },
      _count: { _all: true },
    }),
    prisma.staffUser.findMany({
      where: { active: true, jurisdictionCode: scope.streetCode ? scope.streetCode : { startsWith: prefix } },
      select: { id: true, jurisdictionCode: true },
    }),
    prisma.case.groupBy({
      by: ['streetCode', 'stage'],
      where: { AND: [caseScope(scope), { stage: { not: 'closed' } }] },
      _count: { _all: true },
    }),
    prisma.case.groupBy({
      by: ['streetCode'],
      where: { AND: [caseScope(scope), { stage: { not: 'closed' }, clockPaused: false, nextDueAt: { lt: now } }] },
      _count: { _all: true },
    }),
    prisma.escalation.groupBy({
      by: ['streetCode', 'level'],
      where: { AND: [escalationScope(scope), { status: 'open' }] },
      _count: { _all: true },
    }),
    // A reminder counts for the street the case is in now (events carry no location of their own).
    prisma.$queryRaw<{ streetCode: string; n: number }[]>`
        SELECT c."streetCode" AS "streetCode", count(*)::int AS n
        FROM case_events e JOIN cases c ON c."caseId" = e."caseId"
        WHERE e.type = 'reminder' AND e.at >= ${period.from}::timestamp AND e.at < ${period.to}::timestamp AND ${scopeSql(scope, 'c')}
        GROUP BY c."streetCode"`,
    prisma.$queryRaw<
      {
        districtCode: string | null;
        streetCode: string | null;
        gd: number;
        gs: number;
        n: number;
        median: number | null;
        p90: number | null;
      }[]
    >`
        SELECT x."districtCode" AS "districtCode", x."streetCode" AS "streetCode",
               GROUPING(x."districtCode")::int AS gd, GROUPING(x."streetCode")::int AS gs, count(*)::int AS n,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY x."timeToResolveMs") AS median,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY x."timeToResolveMs") AS p90
        FROM escalations x
        WHERE x.status = 'resolved' AND x."timeToResolveMs" IS NOT NULL
          AND x."resolvedAt" >= ${period.from}::timestamp AND x."resolvedAt" < ${period.to}::timestamp AND ${scopeSql(scope, 'x')}
        GROUP BY GROUPING SETS ((x."districtCode", x."streetCode"), (x."districtCode"), ())`,
  ]);

  const timeToResolve = new Map<string, Percentiles>();
  for (const r of ttrRows) {
    const key = r.gd === 1 ? 'total' : r.gs === 1 ? `district:${r.districtCode}` : `street:${r.streetCode}`;
    const round = (v: number | null) => (v === null || v === undefined ? null : Math.round(Number(v)));
    timeToResolve.set(key, { resolved: Number(r.n), medianMs: round(r.median), p90Ms: round(r.p90) });
  }

  return {
    districts: districtRows,
    streets: streetRows.map((s) => ({
      code: s.code,
      districtCode: s.parentCode ?? s.code.slice(0, 6),
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      populationInDifficulty: s.populationInDifficulty ?? 0,
    })),
    committees: committeeRows.map((c) => ({
      code: c.code,
      streetCode: c.parentCode ?? c.code.slice(0, 9),
      designatedWorkerId: c.designatedWorkerId,
    })),
    caseworkers: new Map(caseworkerGroups.map((g) => [g.jurisdictionCode, g._count._all])),
    activeStaffStreet: new Map(activeStaff.map((s) => [s.id, s.jurisdictionCode])),
    openCases: stageGroups.map((g) => ({ streetCode: g.streetCode, stage: g.stage, count: g._count._all })),
    overdue: new Map(overdueGroups.map((g) => [g.streetCode, g._count._all])),
    openEscalations: escalationGroups.map((g) => ({ streetCode: g.streetCode, level: g.level, count: g._count._all })),
    reminders: new Map(reminderRows.map((r) => [r.streetCode, Number(r.n)])),
    timeToResolve,
  };
}
