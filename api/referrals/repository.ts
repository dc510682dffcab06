// Referrals from the read model (table referrals, written by the case projection): the scoped, paged
// list and the figures per organisation. Amounts are fen in the table, CNY out of here.
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import type { Sealer } from '../../domain/sealing';
import { jurisdictionSql, type ScopeFilter } from '../http/scope';
import type { ReferralItem, ReferralStatus } from './schemas';

/** Whose referrals: an organisation's own, or those of cases in a jurisdiction. */
export type ReferralScope = { organisationId: string } | { jurisdiction: ScopeFilter };

export interface ReferralCursor {
  referredAt: string;
  referralId: string;
}

type ReferralRecord = Prisma.ReferralGetPayload<object>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

function itemOf(r: ReferralRecord, cipher: Pick<Sealer, 'decrypt'>): ReferralItem {
  const delivered =
    r.deliveredAmountFen !== null || r.deliveredServices.length > 0
      ? {
          ...(r.deliveredAmountFen !== null ? { amount: Number(r.deliveredAmountFen) / 100 } : {}),
          ...(r.deliveredServices.length > 0 ? { services: [...r.deliveredServices] } : {}),
        }
      : undefined;
  const optional = {
    projectId: r.projectId ?? undefined,
    respondBy: iso(r.respondBy),
    respondedAt: iso(r.respondedAt),
    completedAt: iso(r.completedAt),
    followUpBy: iso(r.followUpBy),
    delivered,
  };
  return {
    referralId: r.referralId,
    caseId: r.caseId,
    organisationId: r.organisationId,
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<ReferralItem>),
    needs: r.needs.map((n) => cipher.decrypt(n)),
    status: r.status as ReferralStatus,
    referredAt: r.referredAt.toISOString(),
    districtCode: r.districtCode ?? '',
    streetCode: r.streetCode ?? '',
  };
}

function scopeWhere(scope: ReferralScope): Prisma.ReferralWhereInput {
  if ('organisationId' in scope) return { organisationId: scope.organisationId };
  const s = scope.jurisdiction;
  if (s.streetCode) return { streetCode: s.streetCode };
  if (s.districtCode) return { districtCode: s.districtCode };
  if (s.cityPrefix) return { districtCode: { startsWith: s.cityPrefix } };
  return { referralId: { in: [] } };
}

export async function listReferrals(
  prisma: PrismaClient,
  cipher: Pick<Sealer, 'decrypt'>,
  args: { scope: ReferralScope; status?: ReferralStatus; organisationId?: string; after?: ReferralCursor; limit: number },
): Promise<{ items: ReferralItem[]; hasMore: boolean }> {
  const and: Prisma.ReferralWhereInput[] = [scopeWhere(args.scope)];
  if (args.status) and.push({ status: args.status });
  if (args.organisationId) and.push({ organisationId: args.organisationId });
  if (args.after) {
    const at = new Date(args.after.referredAt);
    and.push({ OR: [{ referredAt: { lt: at } }, { referredAt: at, referralId: { lt: args.after.referralId } }] });
  }
  const rows = await prisma.referral.findMany({
    where: { AND: and },
    orderBy: [{ referredAt: 'desc' }, { referralId: 'desc' }],
    take: args.limit + 1,
  });
  return { items: rows.slice(0, args.limit).map((r) => itemOf(r, cipher)), hasMore: rows.length > args.limit };
}

export async function findReferral(
  prisma: PrismaClient,
  cipher: Pick<Sealer, 'decrypt'>,
  referralId: string,
): Promise<ReferralItem | null> {
  const row = await prisma.referral.findUnique({ where: { referralId } });
  return row ? itemOf(row, cipher) : null;
}

export interface OrganisationFigures {
  byStatus: Record<ReferralStatus, number>;
  medianTimeToAnswerMs: number | null;
  deliveredFen: number;
}

/** Counts by status, the median time to the first answer and the amount delivered, in SQL. */
export async function organisationFigures(
  prisma: PrismaClient,
  args: { organisationId: string; jurisdiction?: ScopeFilter; from?: Date; to?: Date },
): Promise<OrganisationFigures> {
  const where: Prisma.Sql[] = [Prisma.sql`r."organisationId" = ${args.organisationId}`];
  if (args.jurisdiction) where.push(jurisdictionSql(args.jurisdiction, 'r'));
  if (args.from) where.push(Prisma.sql`r."referredAt" >= ${args.from}::timestamp`);
  if (args.to) where.push(Prisma.sql`r."referredAt" < ${args.to}::timestamp`);
  const clause = Prisma.join(where, ' AND ');
  const [counts, [summary]] = await Promise.all([
    prisma.$queryRaw<{ status: string; count: bigint }[]>`
      SELECT r.status, count(*) AS count FROM referrals r WHERE ${clause} GROUP BY r.status`,
    prisma.$queryRaw<{ median: number | null; delivered: bigint | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (
               ORDER BY EXTRACT(EPOCH FROM (r."respondedAt" - r."referredAt")) * 1000
             ) FILTER (WHERE r."respondedAt" IS NOT NULL) AS median,
             sum(r."deliveredAmountFen") AS delivered
      FROM referrals r WHERE ${clause}`,
  ]);
  const byStatus: Record<ReferralStatus, number> = { pending: 0, accepted: 0, declined: 0, completed: 0 };
  for (const c of counts) if (c.status in byStatus) byStatus[c.status as ReferralStatus] = Number(c.count);
  return {
    byStatus,
    medianTimeToAnswerMs: summary?.median === null || summary?.median === undefined ? null : Math.round(Number(summary.median)),
    deliveredFen: Number(summary?.delivered ?? 0),
  };
}
