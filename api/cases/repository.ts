// Case rows, audit events and escalations from the read model (tables cases, case_events,
// escalations), as plain objects with ISO date strings. Lists are always filtered by the caller's
// scope in SQL and paginated by keyset over (nextDueAt nulls last, caseId), matching the indexes.
import type { CaseEvent, CaseState, CaseView, EscalationStatus, Stage } from '../../domain/case-types';
import { escalationStatusOf } from '../escalations/repository';
import type { CasePolicy } from '../../domain/policy';
import { openFields, type Sealer } from '../../domain/sealing';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import type { CaseCursor } from '../http/cursor';
import { jurisdictionWhere, type ScopeFilter } from '../http/scope';
import { PERSON_SECRET_COLUMNS, type PersonSecrets } from '../persons/repository';
import { REPORT_RECORD_COLUMNS, type ReportRecordRow } from '../reports/repository';

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

/** Case counts by stage for the metrics gauge. */
export async function countCasesByStage(prisma: PrismaClient): Promise<{ stage: string; count: number }[]> {
  const groups = await prisma.case.groupBy({ by: ['stage'], _count: { _all: true } });
  return groups.map((g) => ({ stage: g.stage, count: g._count._all }));
}

/** `select 1`: the database answers. */
export async function pingDatabase(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRaw`select 1`;
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

/** A monitoring reason added to a case's file (§8). */
export interface MonitoringReasonRow {
  ruleId: string;
  level: string;
  kind: string;
  source: string;
  occurredAt: Date;
  amountEnc: string | null;
  createdAt: Date;
}

/** What a case file shows beside the case's view, each list in the order the file shows it. */
export interface CaseFileRecords {
  /** The full audit trail, in sequence order. */
  events: CaseEvent[];
  escalations: EscalationRow[];
  subject: PersonSecrets | null;
  /** Cases merged into this one (§7), with their trail: the file shows their reports and evidence. */
  merged: { caseId: string; closedAt: string | null; reportIds: string[]; events: CaseEvent[] }[];
  /** Possible duplicates still open on both sides (either direction of the pair). */
  duplicates: { caseId: string; reason: string }[];
  /** Monitoring reasons, oldest first. */
  reasons: MonitoringReasonRow[];
  /** The records of `reportIds` and of the merged cases' reports. */
  reports: ReportRecordRow[];
}

/** A TIMESTAMP(3) column as json renders it (UTC without a zone, as Prisma writes it). */
const utc = (s: string): Date => new Date(`${s}Z`);
const utcOrNull = (s: string | null): Date | null => (s === null ? null : utc(s));

interface EventJson {
  eventId: string;
  seq: number;
  type: string;
  at: string;
  actorId: string;
  fromStage: string | null;
  toStage: string | null;
  details: Record<string, unknown> | null;
}

function caseEventOf(e: EventJson, cipher: Pick<Sealer, 'decrypt'>): CaseEvent {
  return {
    eventId: e.eventId,
    seq: e.seq,
    type: e.type,
    at: utc(e.at).toISOString(),
    actorId: e.actorId,
    fromStage: e.fromStage as Stage | null,
    toStage: e.toStage as Stage | null,
    details: openFields(e.details ?? {}, cipher),
  };
}

interface EscalationJson {
  escalationId: string;
  clock: string;
  level: number;
  status: string;
  dueAt: string;
  escalatedAt: string;
  raisedToCityAt: string | null;
  resolvedAt: string | null;
  timeToResolveMs: number | null;
  endedBy: string | null;
  endReason: string | null;
  districtCode: string;
  streetCode: string;
  stage: string | null;
}

function escalationOf(caseId: string, e: EscalationJson, cipher: Pick<Sealer, 'decrypt'>): EscalationRow {
  return {
    escalationId: e.escalationId,
    caseId,
    clock: e.clock,
    level: e.level >= 2 ? 2 : 1,
    status: escalationStatusOf(e.status),
    dueAt: utc(e.dueAt).toISOString(),
    escalatedAt: utc(e.escalatedAt).toISOString(),
    raisedToCityAt: utcOrNull(e.raisedToCityAt)?.toISOString() ?? null,
    resolvedAt: utcOrNull(e.resolvedAt)?.toISOString() ?? null,
    timeToResolveMs: e.timeToResolveMs === null ? null : Number(e.timeToResolveMs),
    endedBy: e.endedBy,
    endReason: e.endReason === null ? null : cipher.decrypt(e.endReason),
    districtCode: e.districtCode,
    streetCode: e.streetCode,
    stage: e.stage as Stage,
  };
}

type ReportJson = Omit<ReportRecordRow, 'receivedAt'> & { receivedAt: string };

interface CaseFileJson {
  events: EventJson[];
  escalations: EscalationJson[];
  subject: PersonSecrets | null;
  merged: { caseId: string; closedAt: string | null; reportIds: string[] | null; events: EventJson[] }[];
  duplicates: { caseId: string; reason: string }[];
  reasons: (Omit<MonitoringReasonRow, 'occurredAt' | 'createdAt'> & { occurredAt: string; createdAt: string })[];
  reports: ReportJson[];
}

/** A case's audit trail as a json array in sequence order; `caseId` is a value or a column of the outer query. */
function trailOf(caseId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(json_agg(e ORDER BY e.seq), '[]'::json) FROM (
    SELECT "eventId", seq, type, at, "actorId", "fromStage", "toStage", details
    FROM case_events WHERE "caseId" = ${caseId}) e)`;
}

/**
 * Everything a case file reads beside the case's view, in one statement: an action answers with the
 * case file, and seven statements through Prisma cost the API more CPU and a longer wait than the
 * action's own Update (each statement about 0.5 ms of the API process's CPU before it reaches the
 * server; they queued behind each other in a busy process). Sealed free text is opened with `cipher`.
 */
export async function readCaseFileRecords(
  prisma: PrismaClient,
  cipher: Pick<Sealer, 'decrypt'>,
  of: { caseId: string; personId: string; reportIds: string[] },
): Promise<CaseFileRecords> {
  const { caseId, personId, reportIds } = of;
  const [row] = await prisma.$queryRaw<CaseFileJson[]>`
    WITH merged AS (
      SELECT c."caseId", c."closedAt", c."openedAt", c.view -> 'reportIds' AS "reportIds"
      FROM cases c WHERE c."mergedInto" = ${caseId}
    )
    SELECT
      ${trailOf(Prisma.sql`${caseId}`)} AS events,
      (SELECT coalesce(json_agg(x ORDER BY x."escalatedAt"), '[]'::json) FROM (
         SELECT "escalationId", clock, level, status, "dueAt", "escalatedAt", "raisedToCityAt", "resolvedAt",
                "timeToResolveMs", "endedBy", "endReason", "districtCode", "streetCode", stage
         FROM escalations WHERE "caseId" = ${caseId}) x) AS escalations,
      (SELECT row_to_json(p) FROM (
         SELECT ${PERSON_SECRET_COLUMNS} FROM persons WHERE id = ${personId}) p) AS subject,
      (SELECT coalesce(json_agg(json_build_object(
         'caseId', m."caseId", 'closedAt', m."closedAt", 'reportIds', m."reportIds",
         'events', ${trailOf(Prisma.raw('m."caseId"'))}
       ) ORDER BY m."openedAt"), '[]'::json) FROM merged m) AS merged,
      (SELECT coalesce(json_agg(json_build_object('caseId', d."caseId", 'reason', d.reason) ORDER BY d."createdAt"), '[]'::json) FROM (
         SELECT CASE WHEN d."caseId" = ${caseId} THEN d."otherCaseId" ELSE d."caseId" END AS "caseId", d.reason, d."createdAt"
         FROM possible_duplicates d
         JOIN cases a ON a."caseId" = d."caseId" AND a.stage <> 'closed'
         JOIN cases b ON b."caseId" = d."otherCaseId" AND b.stage <> 'closed'
         WHERE d."caseId" = ${caseId} OR d."otherCaseId" = ${caseId}) d) AS duplicates,
      (SELECT coalesce(json_agg(json_build_object(
         'ruleId', r."ruleId", 'level', r.level, 'kind', r.kind, 'source', r.source, 'occurredAt', r."occurredAt",
         'amountEnc', r."amountEnc", 'createdAt', r."createdAt") ORDER BY r."createdAt", r.id), '[]'::json)
       FROM warning_reasons r WHERE r."caseId" = ${caseId}) AS reasons,
      (SELECT coalesce(json_agg(r ORDER BY r."receivedAt"), '[]'::json) FROM (
         SELECT ${REPORT_RECORD_COLUMNS} FROM case_reports
         WHERE "reportId" = ANY(${reportIds}::text[])
            OR "reportId" IN (SELECT jsonb_array_elements_text(m."reportIds") FROM merged m)) r) AS reports`;
  return {
    events: row.events.map((e) => caseEventOf(e, cipher)),
    escalations: row.escalations.map((e) => escalationOf(caseId, e, cipher)),
    subject: row.subject,
    merged: row.merged.map((m) => ({
      caseId: m.caseId,
      closedAt: utcOrNull(m.closedAt)?.toISOString() ?? null,
      reportIds: m.reportIds ?? [],
      events: m.events.map((e) => caseEventOf(e, cipher)),
    })),
    duplicates: row.duplicates,
    reasons: row.reasons.map((r) => ({ ...r, occurredAt: utc(r.occurredAt), createdAt: utc(r.createdAt) })),
    reports: row.reports.map((r) => ({ ...r, receivedAt: utc(r.receivedAt) })),
  };
}
