// Checks several action handlers share (DESIGN.md §4, §14): dates not in the future, the approval tier,
// and who may pay beyond an approval. Pure; used by the case machine and by the assistance handlers.
import type { Actor, ApprovalTier } from './case-types';
import { approvalTierOf } from './roles';
import { tierCovers, tierShortfallReason } from './approval';
import { CaseErrorCode, reject, type DomainRejection } from './errors';
import { toMs } from './durations';
import type { Transition } from './transition';

/** Who may record a disbursement beyond the approval, with a reason (§14); record-disbursement itself is street staff. */
export const DISBURSEMENT_OVERRIDE_ROLES: readonly Actor['role'][] = ['street_supervisor', 'district_officer', 'city_officer'];

/** Devices' clocks drift: a date this far ahead of the platform's clock still counts as now. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** A visit, revisit or disbursement dated after the moment it is recorded; `skip` for replays under the older rules. */
export function futureDateRejection(t: Transition, field: string, iso: string | undefined, skip = false): DomainRejection | undefined {
  if (skip || iso === undefined) return undefined;
  if (toMs(iso) <= toMs(t.now) + FUTURE_TOLERANCE_MS) return undefined;
  return reject(
    CaseErrorCode.DATE_IN_FUTURE,
    `${field} (${iso}) is in the future (now ${t.now}); record it once it has happened, dated when it happened.`,
  );
}

/** Refuses an approver whose tier does not cover `required` (§4). */
export function checkTier(t: Transition, amount: number, required: ApprovalTier, actor: Actor): DomainRejection | null {
  const actorTier = approvalTierOf(actor.role);
  if (tierCovers(actorTier, required)) return null;
  return reject(CaseErrorCode.APPROVAL_TIER_EXCEEDED, tierShortfallReason(amount, required, actor.role, actorTier, t.policy));
}
