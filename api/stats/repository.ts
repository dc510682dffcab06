// The raw facts behind GET /stats, per street of a scope: jurisdictions and staffing (jurisdictions,
// staff_users), case load (cases), escalations, reminders (case_events), and time-to-resolve percentiles
// and warning figures (medians and distinct cases and households), which cannot be added up from street
// figures and so are computed per street, district and scope in SQL.
import { type Prisma, type PrismaClient } from '../../generated/prisma/client';
import { jurisdictionSql, jurisdictionWhere, type ScopeFilter } from '../http/scope';
import { IN_DIFFICULTY_CATEGORIES } from '../../domain/monitoring';

export interface StreetRef {
  code: string;
  districtCode: string;
  nameZh: string;
  nameEn: string;
  /** People of the street on the monitored register in a low-income category (IN_DIFFICULTY_CATEGORIES), alive. */
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

/** What GET /stats says of warnings (§8) for one street, one district or the scope. */
export interface WarningFacts {
  raised: number;
  byLevel: { red: number; orange: number; yellow: number };
  byStatus: { open: number; verified: number; dismissed: number };
  timeToVerify: { verified: number; medianMs: number | null };
  yield: { casesOpened: number; householdsAssisted: number };
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
  /** Warnings raised in the period; keys as timeToResolve's (distinct cases and households do not add up). */
  warnings: Map<string, WarningFacts>;
}

/** The jurisdiction-code prefix a scope covers (street codes start with their district's code). */
function codePrefix(scope: ScopeFilter): string {
  return scope.streetCode ?? scope.districtCode ?? scope.cityPrefix ?? '\u0000none';
}

function caseScope(scope: ScopeFilter): Prisma.CaseWhereInput {
  return jurisdictionWhere(scope) ?? { caseId: { in: [] } };
}

function escalationScope(scope: ScopeFilter): Prisma.EscalationWhereInput {
  return jurisdictionWhere(scope) ?? { escalationId: { in: [] } };
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
    warningRows,
    registerGroups,
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
      select: { code: true, parentCode: true, nameZh: true, nameEn: true },
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
        WHERE e.type = 'reminder' AND e.at >= ${period.from}::timestamp AND e.at < ${period.to}::timestamp AND ${jurisdictionSql(scope, 'c')}
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
          AND x."resolvedAt" >= ${period.from}::timestamp AND x."resolvedAt" < ${period.to}::timestamp AND ${jurisdictionSql(scope, 'x')}
        GROUP BY GROUPING SETS ((x."districtCode", x."streetCode"), (x."districtCode"), ())`,
    // Warnings raised in the period and their yield (§8): the case a verification opened or attached to
    // (open-case, watch), and whether that case was assisted: its assistance approved, a disbursement
    // recorded, or the case in assisting. A household is its case workflow (one case of a household at a time).
    prisma.$queryRaw<WarningRow[]>`
        WITH w AS (
          SELECT w."districtCode", w."streetCode", w.level, w.status, w."raisedAt", w."verifiedAt", c."caseId", c."workflowId",
                 (c."caseId" IS NOT NULL AND (c.stage = 'assisting' OR EXISTS (
                   SELECT 1 FROM case_events e WHERE e."caseId" = c."caseId"
                     AND (e.type IN ('approve-assistance', 'record-disbursement') OR e."toStage" = 'assisting')))) AS assisted
          FROM warnings w
          LEFT JOIN cases c ON c."caseId" = w."caseId" AND w.outcome IN ('open-case', 'watch')
          WHERE w."raisedAt" >= ${period.from}::timestamp AND w."raisedAt" < ${period.to}::timestamp AND ${jurisdictionSql(scope, 'w')}
        )
        SELECT w."districtCode" AS "districtCode", w."streetCode" AS "streetCode",
               GROUPING(w."districtCode")::int AS gd, GROUPING(w."streetCode")::int AS gs, count(*)::int AS n,
               count(*) FILTER (WHERE w.level = 'red')::int AS red,
               count(*) FILTER (WHERE w.level = 'orange')::int AS orange,
               count(*) FILTER (WHERE w.level = 'yellow')::int AS yellow,
               count(*) FILTER (WHERE w.status = 'open')::int AS open,
               count(*) FILTER (WHERE w.status = 'verified')::int AS verified,
               count(*) FILTER (WHERE w.status = 'dismissed')::int AS dismissed,
               count(w."verifiedAt")::int AS "verifiedCount",
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (w."verifiedAt" - w."raisedAt")) * 1000)
                 FILTER (WHERE w."verifiedAt" IS NOT NULL) AS median,
               count(DISTINCT w."caseId")::int AS cases,
               count(DISTINCT w."workflowId") FILTER (WHERE w.assisted)::int AS households
        FROM w
        GROUP BY GROUPING SETS ((w."districtCode", w."streetCode"), (w."districtCode"), ())`,
    // 2000:1:1 counts the people in difficulty on the monitored register (§8, §12), not fixed figures.
    prisma.registerEntry.groupBy({
      by: ['streetCode'],
      where: { streetCode: scope.streetCode ?? { startsWith: prefix }, category: { in: [...IN_DIFFICULTY_CATEGORIES] }, deceasedAt: null },
      _count: { _all: true },
    }),
  ]);
  const inDifficulty = new Map(registerGroups.map((g) => [g.streetCode, g._count._all]));

  const warnings = new Map<string, WarningFacts>();
  for (const r of warningRows) {
    const key = r.gd === 1 ? 'total' : r.gs === 1 ? `district:${r.districtCode}` : `street:${r.streetCode}`;
    warnings.set(key, {
      raised: Number(r.n),
      byLevel: { red: Number(r.red), orange: Number(r.orange), yellow: Number(r.yellow) },
      byStatus: { open: Number(r.open), verified: Number(r.verified), dismissed: Number(r.dismissed) },
      timeToVerify: { verified: Number(r.verifiedCount), medianMs: r.median === null ? null : Math.round(Number(r.median)) },
      yield: { casesOpened: Number(r.cases), householdsAssisted: Number(r.households) },
    });
  }

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
      populationInDifficulty: inDifficulty.get(s.code) ?? 0,
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
    warnings,
  };
}

interface WarningRow {
  districtCode: string | null;
  streetCode: string | null;
  gd: number;
  gs: number;
  n: number;
  red: number;
  orange: number;
  yellow: number;
  open: number;
  verified: number;
  dismissed: number;
  verifiedCount: number;
  median: number | null;
  cases: number;
  households: number;
}

/** The figures of a street, district or scope without warnings in the period. */
export const NO_WARNINGS: WarningFacts = {
  raised: 0,
  byLevel: { red: 0, orange: 0, yellow: 0 },
  byStatus: { open: 0, verified: 0, dismissed: 0 },
  timeToVerify: { verified: 0, medianMs: null },
  yield: { casesOpened: 0, householdsAssisted: 0 },
};
