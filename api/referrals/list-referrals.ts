// GET /referrals (§10): an organisation's user sees the referrals made to its organisation, street,
// district and city staff those of the cases in their jurisdiction; newest first, paged with an opaque
// keyset cursor over (referredAt, referralId). Nobody else sees any.
import type { Actor, Role } from '../../domain/case-types';
import { decodeKeyset, encodeKeyset, invalidCursor } from '../http/cursor';
import type { ApiContext } from '../http/deps';
import { requireRoleOf, scopeFilterOf } from '../http/scope';
import { listReferrals, type ReferralCursor, type ReferralScope } from './repository';
import type { ListReferralsQuery, ReferralItem } from './schemas';

const DEFAULT_PAGE_SIZE = 50;
/** Who lists referrals: the organisation's own user, and the staff who refer. */
const REFERRAL_READERS: readonly Role[] = ['caseworker', 'street_supervisor', 'district_officer', 'city_officer', 'organisation'];

/** An organisation's user sees its organisation's referrals; staff those of their jurisdiction. */
function referralScopeOf(actor: Actor): ReferralScope {
  return actor.role === 'organisation' ? { organisationId: actor.jurisdictionCode } : { jurisdiction: scopeFilterOf(actor) };
}

function decodeReferralCursor(text: string): ReferralCursor {
  const [at, id] = decodeKeyset(text, 2);
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw invalidCursor();
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) throw invalidCursor();
  return { referredAt: at, referralId: id };
}

export async function listReferralsForActor(
  ctx: ApiContext,
  actor: Actor,
  query: ListReferralsQuery,
): Promise<{ items: ReferralItem[]; nextCursor?: string }> {
  requireRoleOf(actor, REFERRAL_READERS, 'list referrals');
  // Another organisation's referrals are none of an organisation's business: the filter finds nothing.
  if (actor.role === 'organisation' && query.organisationId !== undefined && query.organisationId !== actor.jurisdictionCode) {
    return { items: [] };
  }
  const { items, hasMore } = await listReferrals(ctx.prisma, ctx.pii, {
    scope: referralScopeOf(actor),
    status: query.status,
    organisationId: query.organisationId,
    after: query.cursor ? decodeReferralCursor(query.cursor) : undefined,
    limit: query.limit ?? DEFAULT_PAGE_SIZE,
  });
  const last = items.at(-1);
  return hasMore && last ? { items, nextCursor: encodeKeyset([last.referredAt, last.referralId]) } : { items };
}
