// Escalations and their change feed from the read model (tables escalations, escalation_feed), as plain
// objects. Every read is restricted to the caller's scope in SQL, so an escalation outside it is never
// loaded; lists are keyset-paginated newest first over (escalatedAt, escalationId).
import { ESCALATION_STATUSES, STAGES, type EscalationStatus, type Stage } from '../../domain/case-types';
import { ESCALATION_CLOCKS, type EscalationClock } from '../../domain/warnings';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { openFields, type Sealer } from '../../domain/sealing';
import type { EscalationOut } from './schemas';
import { jurisdictionWhere, type ScopeFilter } from '../http/scope';

export interface EscalationFilters {
  level?: 'district' | 'city';
  status?: EscalationStatus;
  districtCode?: string;
  streetCode?: string;
  clock?: EscalationClock;
  /** escalatedAt >= from */
  from?: Date;
  /** escalatedAt < to */
  to?: Date;
}

export interface EscalationCursor {
  escalatedAt: string;
  escalationId: string;
}

function scopeWhere(scope: ScopeFilter): Prisma.EscalationWhereInput {
  return jurisdictionWhere(scope) ?? { escalationId: { in: [] } };
}

type EscalationRecordRow = Prisma.EscalationGetPayload<object>;

function toEscalationOut(e: EscalationRecordRow, cipher: Pick<Sealer, 'decrypt'>): EscalationOut {
  const out: EscalationOut = {
    escalationId: e.escalationId,
    ...(e.caseId !== null ? { caseId: e.caseId } : {}),
    ...(e.warningId !== null ? { warningId: e.warningId } : {}),
    level: e.level >= 2 ? 'city' : 'district',
    status: escalationStatusOf(e.status),
    clock: e.clock as EscalationClock,
    dueAt: e.dueAt.toISOString(),
    escalatedAt: e.escalatedAt.toISOString(),
    districtCode: e.districtCode,
    streetCode: e.streetCode,
    // A warning's escalation has no stage (stored null).
    ...(e.stage !== null ? { stage: e.stage as Stage } : {}),
  };
  if (e.raisedToCityAt) out.raisedToCityAt = e.raisedToCityAt.toISOString();
  if (e.resolvedAt) out.resolvedAt = e.resolvedAt.toISOString();
  if (e.timeToResolveMs !== null) out.timeToResolveMs = Number(e.timeToResolveMs);
  if (e.endedBy !== null) out.endedBy = e.endedBy;
  // Stored encrypted (activities/projection.ts): a reason is free text (§7).
  if (e.endReason !== null) out.endReason = cipher.decrypt(e.endReason);
  return out;
}

/** A stored status; anything unknown reads as open, so an escalation is never hidden by a bad value. */
export function escalationStatusOf(value: unknown): EscalationStatus {
  return (ESCALATION_STATUSES as readonly unknown[]).includes(value) ? (value as EscalationStatus) : 'open';
}

/** One page of in-scope escalations (limit + 1 rows are read so the caller knows whether more exist). */
export async function listEscalations(
  prisma: PrismaClient,
  args: { scope: ScopeFilter; filters: EscalationFilters; after?: EscalationCursor; limit: number; cipher: Pick<Sealer, 'decrypt'> },
): Promise<{ items: EscalationOut[]; hasMore: boolean }> {
  const f = args.filters;
  const and: Prisma.EscalationWhereInput[] = [scopeWhere(args.scope)];
  if (f.level) and.push({ level: f.level === 'city' ? { gte: 2 } : { lt: 2 } });
  if (f.status) and.push({ status: f.status });
  if (f.districtCode) and.push({ districtCode: f.districtCode });
  if (f.streetCode) and.push({ streetCode: f.streetCode });
  if (f.clock) and.push({ clock: f.clock });
  if (f.from) and.push({ escalatedAt: { gte: f.from } });
  if (f.to) and.push({ escalatedAt: { lt: f.to } });
  if (args.after) {
    const at = new Date(args.after.escalatedAt);
    and.push({ OR: [{ escalatedAt: { lt: at } }, { escalatedAt: at, escalationId: { lt: args.after.escalationId } }] });
  }
  const rows = await prisma.escalation.findMany({
    where: { AND: and },
    orderBy: [{ escalatedAt: 'desc' }, { escalationId: 'desc' }],
    take: args.limit + 1,
  });
  return { items: rows.slice(0, args.limit).map((row) => toEscalationOut(row, args.cipher)), hasMore: rows.length > args.limit };
}

// ---------------------------------------------------------------------------------------------
// The feed behind GET /escalations/stream
// ---------------------------------------------------------------------------------------------

export type FeedKind = 'new' | 'raised' | 'resolved';

export interface FeedRow {
  id: bigint;
  kind: FeedKind;
  escalation: EscalationOut;
}

/** The highest feed id visible now (0 for an empty feed), whatever the scope. */
export async function feedMaxId(prisma: PrismaClient): Promise<bigint> {
  const { _max } = await prisma.escalationFeed.aggregate({ _max: { id: true } });
  return _max.id ?? 0n;
}

/** In-scope feed rows with afterId < id <= upToId, in id order. */
export async function readFeed(
  prisma: PrismaClient,
  args: {
    scope: ScopeFilter;
    narrow: { districtCode?: string; streetCode?: string };
    afterId: bigint;
    upToId: bigint;
    limit: number;
    cipher: Pick<Sealer, 'decrypt'>;
  },
): Promise<FeedRow[]> {
  const and: Prisma.EscalationFeedWhereInput[] = [
    jurisdictionWhere(args.scope) ?? { id: { in: [] } },
    { id: { gt: args.afterId, lte: args.upToId } },
  ];
  if (args.narrow.districtCode) and.push({ districtCode: args.narrow.districtCode });
  if (args.narrow.streetCode) and.push({ streetCode: args.narrow.streetCode });
  const rows = await prisma.escalationFeed.findMany({ where: { AND: and }, orderBy: { id: 'asc' }, take: args.limit });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as FeedKind,
    escalation: feedPayloadToEscalation(openFields(r.payload, args.cipher), {
      escalationId: r.escalationId,
      districtCode: r.districtCode,
      streetCode: r.streetCode,
    }),
  }));
}

/**
 * The escalation as the projection recorded it with the feed row (activities/projection.ts writes the
 * record with a string level and ISO dates, without time-to-resolve, which follows from the two dates).
 * The row's own columns win for id and location: they are what the scope filter matched.
 */
export function feedPayloadToEscalation(
  payload: unknown,
  row: { escalationId: string; districtCode: string; streetCode: string },
): EscalationOut {
  const p = (payload ?? {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const levelValue = p.level;
  const warningId = str(p.warningId);
  const clock = str(p.clock);
  const stage = str(p.stage);
  const out: EscalationOut = {
    escalationId: row.escalationId,
    // A warning's escalation (activities/warnings.ts) names its warning and has neither case nor stage.
    ...(warningId ? { warningId } : { caseId: str(p.caseId) ?? '' }),
    level: levelValue === 'city' || levelValue === 2 ? 'city' : 'district',
    status: escalationStatusOf(p.status),
    clock: clock && (ESCALATION_CLOCKS as readonly string[]).includes(clock) ? (clock as EscalationClock) : 'accept',
    dueAt: str(p.dueAt) ?? '',
    escalatedAt: str(p.escalatedAt) ?? '',
    districtCode: row.districtCode,
    streetCode: row.streetCode,
  };
  if (stage && (STAGES as readonly string[]).includes(stage)) out.stage = stage as Stage;
  else if (!warningId) out.stage = 'reported';
  const raised = str(p.raisedToCityAt);
  const resolved = str(p.resolvedAt);
  if (raised) out.raisedToCityAt = raised;
  if (resolved) out.resolvedAt = resolved;
  if (typeof p.timeToResolveMs === 'number') out.timeToResolveMs = p.timeToResolveMs;
  else if (resolved && out.escalatedAt && out.status === 'resolved')
    out.timeToResolveMs = Date.parse(resolved) - Date.parse(out.escalatedAt);
  const endedBy = str(p.endedBy);
  const endReason = str(p.endReason);
  if (endedBy) out.endedBy = endedBy;
  if (endReason) out.endReason = endReason;
  return out;
}
