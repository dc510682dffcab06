// Approval tiers by amount (DESIGN.md §4): which level must approve a proposal, and who covers whom.
import type { ApprovalTier, Role } from './case-types';
import type { CasePolicy } from './policy';
import { ROLE_LABELS } from './roles';

const TIER_RANK: Readonly<Record<ApprovalTier, number>> = { street: 1, district: 2, city: 3 };

/** Limits are inclusive: exactly the street limit is still street business. */
export function requiredTier(amount: number, policy: CasePolicy): ApprovalTier {
  if (amount <= policy.approvalLimits.street) return 'street';
  if (amount <= policy.approvalLimits.district) return 'district';
  return 'city';
}

export function tierCovers(actorTier: ApprovalTier | null, required: ApprovalTier): boolean {
  return actorTier !== null && TIER_RANK[actorTier] >= TIER_RANK[required];
}

/** The most an approver at this tier may approve; city has no ceiling. */
function tierLimit(tier: ApprovalTier, policy: CasePolicy): number {
  return tier === 'street' ? policy.approvalLimits.street : tier === 'district' ? policy.approvalLimits.district : Infinity;
}

/** "3500 CNY needs district approval; a street supervisor may approve up to 3000 CNY". */
export function tierShortfallReason(
  amount: number,
  required: ApprovalTier,
  role: Role,
  actorTier: ApprovalTier | null,
  policy: CasePolicy,
): string {
  const label = ROLE_LABELS[role];
  const article = /^[aeiou]/.test(label) ? 'an' : 'a';
  const ceiling = actorTier === null ? 'may not approve assistance' : `may approve up to ${tierLimit(actorTier, policy)} CNY`;
  return `${amount} CNY needs ${required} approval; ${article} ${label} ${ceiling}`;
}
