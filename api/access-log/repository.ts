// The access log read back (table access_log), newest first, keyset-paginated over (at, id). The
// district restriction is part of the SQL, so a row of another district is never loaded.
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { AccessKind } from '../http/access-log';
import type { AccessLogEntryOut } from './schemas';

export interface AccessLogFilters {
  /** Only this district's rows; undefined: every row (city officers). */
  districtCode?: string;
  personId?: string;
  userId?: string;
  kind?: AccessKind;
  /** at >= from */
  from?: Date;
  /** at < to */
  to?: Date;
}

export interface AccessLogCursor {
  at: string;
  id: bigint;
}

type AccessLogRow = Prisma.AccessLogGetPayload<object>;

function toEntry(r: AccessLogRow): AccessLogEntryOut {
  return {
    id: r.id.toString(),
    at: r.at.toISOString(),
    userId: r.userId,
    role: r.role,
    // Written by recordAccess only, whose kind is an AccessKind.
    kind: r.kind as AccessKind,
    subjectRef: r.subjectRef,
    personId: r.personId,
    districtCode: r.districtCode,
    route: r.route,
    detail: r.detail,
  };
}

/** One page (limit + 1 rows are read so the caller knows whether more exist). */
export async function listAccessLog(
  prisma: PrismaClient,
  args: { filters: AccessLogFilters; after?: AccessLogCursor; limit: number },
): Promise<{ items: AccessLogEntryOut[]; hasMore: boolean }> {
  const f = args.filters;
  const and: Prisma.AccessLogWhereInput[] = [];
  if (f.districtCode !== undefined) and.push({ districtCode: f.districtCode });
  if (f.personId) and.push({ personId: f.personId });
  if (f.userId) and.push({ userId: f.userId });
  if (f.kind) and.push({ kind: f.kind });
  if (f.from) and.push({ at: { gte: f.from } });
  if (f.to) and.push({ at: { lt: f.to } });
  if (args.after) {
    const at = new Date(args.after.at);
    and.push({ OR: [{ at: { lt: at } }, { at, id: { lt: args.after.id } }] });
  }
  const rows = await prisma.accessLog.findMany({
    where: { AND: and },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: args.limit + 1,
  });
  return { items: rows.slice(0, args.limit).map(toEntry), hasMore: rows.length > args.limit };
}
