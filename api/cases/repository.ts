// Case rows, audit events and escalations from the read model (tables cases, case_events,
// escalations), as plain objects with ISO date strings. Lists are always filtered by the caller's
// scope in SQL and paginated by keyset over (nextDueAt nulls last, caseId), matching the indexes.
import type { CaseEvent, CaseState, CaseView, EscalationStatus, Stage } from '../../domain/case-types';
import { escalationStatusOf } from '../escalations/repository';
import type { CasePolicy } from '../../domain/policy';
import { openFields, type Sealer } from '../../domain/sealing';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { CaseCursor } from '../http/cursor';
import type { ScopeFilter } from '../http/scope';

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
  if (scope.streetCode) return { streetCode: scope.streetCode };
  if (scope.districtCode) return { districtCode: scope.districtCode };
  if (scope.cityPrefix) return { districtCode: { startsWith: scope.cityPrefix } };
  // A scope with no restriction is a programming error; fail closed.
  return { caseId: { in: [] } };
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
    caseId: e.caseId,
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
