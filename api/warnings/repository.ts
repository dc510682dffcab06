// Warnings and their reasons from PostgreSQL (tables warnings, warning_reasons), as plain objects. Lists
// are restricted to the caller's scope in SQL and keyset-paginated newest first over (raisedAt, warningId).
// The verification is one conditional UPDATE: it happens only while the warning is open, so two
// verifications of one warning cannot both win, and the clock's activities (activities/warnings.ts), which
// lock the row, see either the open warning or the verified one.
import type { VerifyOutcome, WarningLevel, WarningStatus } from '../../domain/monitoring';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { jurisdictionWhere, type ScopeFilter } from '../http/scope';

export interface WarningFilters {
  level?: WarningLevel;
  status?: WarningStatus;
  districtCode?: string;
  streetCode?: string;
}

export interface WarningCursor {
  raisedAt: string;
  warningId: string;
}

export type WarningRow = Prisma.WarningGetPayload<object>;

export interface WarningReasonRow {
  kind: string;
  source: string;
  occurredAt: Date;
  amountEnc: string | null;
}

function scopeWhere(scope: ScopeFilter): Prisma.WarningWhereInput {
  return jurisdictionWhere(scope) ?? { warningId: { in: [] } };
}

/** One page of in-scope warnings with their number of reasons (limit + 1 rows read, to know whether more exist). */
export async function listWarnings(
  prisma: PrismaClient,
  args: { scope: ScopeFilter; filters: WarningFilters; after?: WarningCursor; limit: number },
): Promise<{ rows: (WarningRow & { reasonCount: number })[]; hasMore: boolean }> {
  const f = args.filters;
  const and: Prisma.WarningWhereInput[] = [scopeWhere(args.scope)];
  if (f.level) and.push({ level: f.level });
  if (f.status) and.push({ status: f.status });
  if (f.districtCode) and.push({ districtCode: f.districtCode });
  if (f.streetCode) and.push({ streetCode: f.streetCode });
  if (args.after) {
    const at = new Date(args.after.raisedAt);
    and.push({ OR: [{ raisedAt: { lt: at } }, { raisedAt: at, warningId: { lt: args.after.warningId } }] });
  }
  const rows = await prisma.warning.findMany({
    where: { AND: and },
    orderBy: [{ raisedAt: 'desc' }, { warningId: 'desc' }],
    take: args.limit + 1,
  });
  const page = rows.slice(0, args.limit);
  const counts = page.length
    ? await prisma.warningReason.groupBy({
        by: ['warningId'],
        where: { warningId: { in: page.map((w) => w.warningId) } },
        _count: { _all: true },
      })
    : [];
  const countOf = new Map(counts.map((c) => [c.warningId, c._count._all]));
  return { rows: page.map((w) => ({ ...w, reasonCount: countOf.get(w.warningId) ?? 0 })), hasMore: rows.length > args.limit };
}

export function findWarning(prisma: PrismaClient, warningId: string): Promise<WarningRow | null> {
  return prisma.warning.findUnique({ where: { warningId } });
}

/** The reasons of a warning, oldest record first. */
export function listWarningReasons(prisma: PrismaClient, warningId: string): Promise<WarningReasonRow[]> {
  return prisma.warningReason.findMany({
    where: { warningId },
    orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
    select: { kind: true, source: true, occurredAt: true, amountEnc: true },
  });
}

export interface VerificationWrite {
  warningId: string;
  status: Exclude<WarningStatus, 'open'>;
  outcome: VerifyOutcome;
  noteEnc: string | null;
  caseId: string | null;
  verifiedBy: string;
  verifiedAt: Date;
}

/** Records the verification if the warning is still open; false when another verification came first. */
export async function recordVerification(prisma: PrismaClient, v: VerificationWrite): Promise<boolean> {
  const { count } = await prisma.warning.updateMany({
    where: { warningId: v.warningId, status: 'open' },
    data: {
      status: v.status,
      outcome: v.outcome,
      noteEnc: v.noteEnc,
      caseId: v.caseId,
      verifiedBy: v.verifiedBy,
      verifiedAt: v.verifiedAt,
    },
  });
  return count === 1;
}

/** What a warning's case report needs of its person: the keyed hash (the household's first key) and the encrypted ID number. */
export function findPersonForWarning(prisma: PrismaClient, personId: string) {
  return prisma.person.findUnique({ where: { id: personId }, select: { id: true, idHash: true, idNumberEnc: true } });
}
