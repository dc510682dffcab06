// GET /organisations/{organisationId}/stats (§10, issue #15 item 7): how an organisation answers its
// referrals. The organisation's own user sees its figures over all its referrals; a city officer the
// same for any organisation; a district officer, for an organisation serving the district, the figures
// over the referrals of the district's cases. Others are refused.
import type { Actor, Role } from '../../domain/case-types';
import { fromFen } from '../../domain/emergency-fund';
import type { ApiContext } from '../http/deps';
import { AppError } from '../http/errors';
import { requireRoleOf, scopeFilterOf } from '../http/scope';
import { findOrganisation } from '../organisations/repository';
import { organisationNotFound } from '../organisations/manage-organisations';
import { organisationFigures } from './repository';
import type { OrganisationStats, OrganisationStatsQuery } from './schemas';

const STATS_READERS: readonly Role[] = ['district_officer', 'city_officer', 'organisation'];

/** "1d 4h 30m": a median to the minute, for people; the ms figure is exact. */
function readableDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes === 0) return ms === 0 ? '0m' : '<1m';
  const parts: string[] = [];
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  return parts.join(' ');
}

export async function organisationStatsFor(
  ctx: ApiContext,
  actor: Actor,
  organisationId: string,
  query: OrganisationStatsQuery,
): Promise<OrganisationStats> {
  requireRoleOf(actor, STATS_READERS, 'read organisation statistics');
  if (actor.role === 'organisation' && actor.jurisdictionCode !== organisationId) {
    throw new AppError('ROLE_NOT_ALLOWED', 'an organisation reads its own statistics only', { audit: "another organisation's statistics" });
  }
  const organisation = await findOrganisation(ctx.prisma, organisationId);
  if (!organisation) throw organisationNotFound(organisationId, false);
  const district = actor.role === 'district_officer' ? actor.jurisdictionCode : undefined;
  if (district !== undefined && !organisation.districts.includes(district)) throw organisationNotFound(organisationId, true);
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
    throw new AppError('VALIDATION_FAILED', 'from must be before to', { errors: [{ path: 'to', message: 'must be after from' }] });
  }
  const figures = await organisationFigures(ctx.prisma, {
    organisationId,
    jurisdiction: district !== undefined ? scopeFilterOf(actor) : undefined,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  });
  const { pending, accepted, declined, completed } = figures.byStatus;
  const answered = accepted + declined + completed;
  const median = figures.medianTimeToAnswerMs;
  return {
    organisationId,
    scope: district ?? 'all',
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    referrals: pending + answered,
    pending,
    accepted,
    declined,
    completed,
    // A referral completed without an explicit acceptance was taken on all the same.
    acceptanceRate: answered === 0 ? null : Math.round(((accepted + completed) / answered) * 10_000) / 10_000,
    medianTimeToAnswerMs: median,
    medianTimeToAnswer: median === null ? null : readableDuration(median),
    deliveredAmount: fromFen(figures.deliveredFen),
  };
}
