// Case rows, audit events and escalations from the read model (tables cases, case_events,
// escalations), as plain objects with ISO date strings. Lists are always filtered by the caller's
// scope in SQL and paginated by keyset over (nextDueAt nulls last, caseId), matching the indexes.
import type { CaseEvent, CaseState, CaseView, EscalationStatus, Stage } from '../../domain/case-types';
import { escalationStatusOf } from '../escalations/repository';
import type { CasePolicy } from '../../domain/policy';
import { openFields, type Sealer } from '../../domain/sealing';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { CaseCursor } from '../http/cursor';
import { jurisdictionWhere, type ScopeFilter } from '../http/scope';

export interface CaseRow {
  caseId: string;
  workflowId: string;
  personId: string;
  stage: Stage;
  urgency: 'normal' | 'urgent';
  districtCode: string;
  streetCode: string;
  assigneeId: string | null;
  escalationLevel: number;
  nextDueAt: string | null;
  nextDueClock: string | null;
  clockPaused: boolean;
  policyVersion: string;
  openedAt: string;
  closedAt: string | null;
  updatedAt: string;
  version: number;
}

export interface CaseRecord extends CaseRow {
  view: CaseView;
  snapshot: { state: CaseState; policy: CasePolicy };
}

export interface CaseListFilters {
  stage?: Stage;
  districtCode?: string;
  streetCode?: string;
  urgency?: 'normal' | 'urgent';
  escalationLevel?: number;
  /** true: only cases whose next deadline is before `now`; false: only cases that are not overdue. */
  overdue?: { value: boolean; now: Date };
  assigneeId?: string;
}

const rowSelect = {
  caseId: true,
  workflowId: true,
  personId: true,
  stage: true,
  urgency: true,
  districtCode: true,
  streetCode: true,
  assigneeId: true,
  escalationLevel: true,
  nextDueAt: true,
  nextDueClock: true,
  clockPaused: true,
  policyVersion: true,
  openedAt: true,
  closedAt: true,
  updatedAt: true,
  version: true,
} as const;

type SelectedRow = Prisma.CaseGetPayload<{ select: typeof rowSelect }>;

function toRow(r: SelectedRow): CaseRow {
  return {
    ...r,
    stage: r.stage as Stage,
    urgency: r.urgency as CaseRow['urgency'],
    nextDueAt: r.nextDueAt?.toISOString() ?? null,
    openedAt: r.openedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** A case row with its view and snapshot, their sealed free text opened with `cipher` (domain/sealing.ts). */
export async function findCase(prisma: PrismaClient, caseId: string, cipher: Pick<Sealer, 'decrypt'>): Promise<CaseRecord | null> {
  const r = await prisma.case.findUnique({ where: { caseId }, select: { ...rowSelect, view: true, snapshot: true } });
  if (!r) return null;
  const { view, snapshot, ...rest } = r;
  return {
    ...toRow(rest),
    view: openFields(view as unknown as CaseView, cipher),
    snapshot: openFields(snapshot as unknown as CaseRecord['snapshot'], cipher),
  };
}

function scopeWhere(scope: ScopeFilter): Prisma.CaseWhereInput {
  return jurisdictionWhere(scope) ?? { caseId: { in: [] } };
}

function afterCursor(c: CaseCursor): Prisma.CaseWhereInput {
  if (c.nextDueAt === null) return { nextDueAt: null, caseId: { gt: c.caseId } };
  const due = new Date(c.nextDueAt);
  return {
    OR: [{ nextDueAt: { gt: due } }, { nextDueAt: due, caseId: { gt: c.caseId } }, { nextDueAt: null }],
  };
}

/** One page of in-scope cases (limit + 1 rows are read so the caller knows whether more exist). */
export async function listCases(
  prisma: PrismaClient,
  args: { scope: ScopeFilter; filters: CaseListFilters; after?: CaseCursor; limit: number },
): Promise<{ rows: CaseRow[]; hasMore: boolean }> {
  const f = args.filters;
  const and: Prisma.CaseWhereInput[] = [scopeWhere(args.scope)];
  if (f.stage) and.push({ stage: f.stage });
  if (f.districtCode) and.push({ districtCode: f.districtCode });
  if (f.streetCode) and.push({ streetCode: f.streetCode });
  if (f.urgency) and.push({ urgency: f.urgency });
  if (f.escalationLevel !== undefined) and.push({ escalationLevel: f.escalationLevel });
  if (f.assigneeId) and.push({ assigneeId: f.assigneeId });
  if (f.overdue?.value === true) and.push({ nextDueAt: { lt: f.overdue.now } });
  if (f.overdue?.value === false) and.push({ OR: [{ nextDueAt: null }, { nextDueAt: { gte: f.overdue.now } }] });
  if (args.after) and.push(afterCursor(args.after));
  const rows = await prisma.case.findMany({
    where: { AND: and },
    orderBy: [{ nextDueAt: { sort: 'asc', nulls: 'last' } }, { caseId: 'asc' }],
    take: args.limit + 1,
    select: rowSelect,
  });
  return { rows: rows.slice(0, args.limit).map(toRow), hasMore: rows.length > args.limit };
}

/** The full audit trail of a case, in sequence order. */
export async function listCaseEvents(prisma: PrismaClient, caseId: string, cipher: Pick<Sealer, 'decrypt'>): Promise<CaseEvent[]> {
  const rows = await prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  return rows.map((e) => ({
    eventId: e.eventId,
    seq: e.seq,
    type: e.type,
    at: e.at.toISOString(),
    actorId: e.actorId,
    fromStage: e.fromStage as Stage | null,
    toStage: e.toStage as Stage | null,
    details: openFields((e.details ?? {}) as Record<string, unknown>, cipher),
  }));
}

export interface EscalationRow {
  escalationId: string;
  caseId: string;
  clock: string;
  level: 1 | 2;
  status: EscalationStatus;
  dueAt: string;
  escalatedAt: string;
  raisedToCityAt: string | null;
  resolvedAt: string | null;
  timeToResolveMs: number | null;
  endedBy?: string | null;
  endReason?: string | null;
  districtCode: string;
  streetCode: string;
  stage: Stage;
}

export async function listCaseEscalations(prisma: PrismaClient, caseId: string, cipher: Pick<Sealer, 'decrypt'>): Promise<EscalationRow[]> {
  const rows = await prisma.escalation.findMany({ where: { caseId }, orderBy: { escalatedAt: 'asc' } });
  return rows.map((e) => ({
    escalationId: e.escalationId,
    caseId,
    clock: e.clock,
    level: e.level >= 2 ? 2 : 1,
    status: escalationStatusOf(e.status),
    dueAt: e.dueAt.toISOString(),
    escalatedAt: e.escalatedAt.toISOString(),
    raisedToCityAt: e.raisedToCityAt?.toISOString() ?? null,
    resolvedAt: e.resolvedAt?.toISOString() ?? null,
    timeToResolveMs: e.timeToResolveMs === null ? null : Number(e.timeToResolveMs),
    endedBy: e.endedBy,
    endReason: e.endReason === null ? null : cipher.decrypt(e.endReason),
    districtCode: e.districtCode,
    streetCode: e.streetCode,
    stage: e.stage as Stage,
  }));
}

/** Case counts by stage for the metrics gauge. */
export async function countCasesByStage(prisma: PrismaClient): Promise<{ stage: string; count: number }[]> {
  const groups = await prisma.case.groupBy({ by: ['stage'], _count: { _all: true } });
  return groups.map((g) => ({ stage: g.stage, count: g._count._all }));
}

/** `select 1`: the database answers. */
export async function pingDatabase(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRaw`select 1`;
}

/** Cases merged into this one (§7), with their trail: the target's file shows their reports and evidence. */
export async function listMergedCases(
  prisma: PrismaClient,
  caseId: string,
  cipher: Pick<Sealer, 'decrypt'>,
): Promise<{ caseId: string; closedAt: string | null; reportIds: string[]; events: CaseEvent[] }[]> {
  const rows = await prisma.case.findMany({
    where: { mergedInto: caseId },
    orderBy: { openedAt: 'asc' },
    select: { caseId: true, closedAt: true, view: true },
  });
  return Promise.all(
    rows.map(async (r) => ({
      caseId: r.caseId,
      closedAt: r.closedAt?.toISOString() ?? null,
      reportIds: (r.view as unknown as Pick<CaseView, 'reportIds'>).reportIds ?? [],
      events: await listCaseEvents(prisma, r.caseId, cipher),
    })),
  );
}

/** Possible duplicates of a case that are still open on both sides (either direction of the pair). */
export async function listPossibleDuplicates(prisma: PrismaClient, caseId: string): Promise<{ caseId: string; reason: string }[]> {
  const rows = await prisma.$queryRaw<{ caseId: string; reason: string }[]>`
    SELECT CASE WHEN d."caseId" = ${caseId} THEN d."otherCaseId" ELSE d."caseId" END AS "caseId", d.reason
    FROM possible_duplicates d
    JOIN cases a ON a."caseId" = d."caseId" AND a.stage <> 'closed'
    JOIN cases b ON b."caseId" = d."otherCaseId" AND b.stage <> 'closed'
    WHERE d."caseId" = ${caseId} OR d."otherCaseId" = ${caseId}
    ORDER BY d."createdAt"`;
  return rows;
}

/** Records that two open cases may be one family's (§7); the pair is stored once, in a fixed order. */
export async function recordPossibleDuplicate(prisma: PrismaClient, a: string, b: string, reason: string): Promise<boolean> {
  const [caseId, otherCaseId] = a < b ? [a, b] : [b, a];
  const result = await prisma.possibleDuplicate.createMany({ data: [{ caseId, otherCaseId, reason }], skipDuplicates: true });
  return result.count > 0;
}

export interface OpenCaseRef {
  caseId: string;
  streetCode: string;
}

/**
 * The open cases that concern these persons: where one is the subject, or the case of the household
 * they currently live in (its workflow id is the household's, domain/household.ts).
 */
export async function openCasesOfPeople(prisma: PrismaClient, personIds: string[]): Promise<OpenCaseRef[]> {
  if (personIds.length === 0) return [];
  return prisma.$queryRaw<OpenCaseRef[]>`
    SELECT DISTINCT c."caseId", c."streetCode" FROM cases c
    WHERE c.stage <> 'closed' AND (
      c."personId" = ANY(${personIds}::text[])
      OR c."workflowId" IN (
        SELECT 'case-' || substr(m."householdId", 3) FROM household_members m
        WHERE m.current AND m."personId" = ANY(${personIds}::text[])))`;
}

/** The monitoring reasons added to a case's file (§8), oldest first. */
export async function listMonitoringReasons(prisma: PrismaClient, caseId: string) {
  return prisma.warningReason.findMany({
    where: { caseId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { ruleId: true, level: true, kind: true, source: true, occurredAt: true, amountEnc: true, createdAt: true },
  });
}
