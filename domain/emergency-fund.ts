// The street's emergency fund (乡镇临时救助备用金, DESIGN.md §9): street staff grant emergency aid from a
// yearly street budget, at most `perGrantMax` at a time; a district or city officer may go beyond both
// (the grant is then marked with the limit it exceeded). Pure: amounts in fen, so sums never drift.
import type { Role } from './case-types';
import type { CasePolicy } from './policy';

export type FundLimit = 'per-grant-max' | 'street-annual-budget';

type FundDecision = { ok: true; beyondLimit: FundLimit | null } | { ok: false; limit: FundLimit; reason: string; leftFen: number };

/** Roles that may grant beyond the street's limits (they answer for the district's money). */
const MAY_EXCEED: readonly Role[] = ['district_officer', 'city_officer'];

export const toFen = (cny: number): number => Math.round(cny * 100);
export const fromFen = (fen: number): number => fen / 100;
/** Two amounts in CNY summed in fen, so repeated additions of 0.1 CNY do not drift. */
export const addYuan = (a: number, b: number): number => Math.round(a * 100 + b * 100) / 100;

export function fundLimits(policy: CasePolicy): { perGrantMaxFen: number; budgetFen: number } {
  return { perGrantMaxFen: toFen(policy.emergencyFund.perGrantMax), budgetFen: toFen(policy.emergencyFund.streetAnnualBudget) };
}

/**
 * Whether a grant of `amountFen` may be charged to a street that has committed `committedFen` this
 * year. The caller must make the check and the charge one atomic step (api/emergency-fund).
 */
export function decideFundGrant(policy: CasePolicy, role: Role, amountFen: number, committedFen: number, year: number): FundDecision {
  const { perGrantMaxFen, budgetFen } = fundLimits(policy);
  const leftFen = Math.max(0, budgetFen - committedFen);
  const exceeded: FundLimit | null = amountFen > perGrantMaxFen ? 'per-grant-max' : amountFen > leftFen ? 'street-annual-budget' : null;
  if (exceeded === null) return { ok: true, beyondLimit: null };
  if (MAY_EXCEED.includes(role)) return { ok: true, beyondLimit: exceeded };
  const reason =
    exceeded === 'per-grant-max'
      ? `a single emergency grant from the street's fund is at most ${fromFen(perGrantMaxFen)} CNY (asked ${fromFen(amountFen)}); grant less, or ask a district officer to grant it`
      : `the street's emergency fund has ${fromFen(leftFen)} CNY left for ${year} (budget ${fromFen(budgetFen)}, committed ${fromFen(committedFen)}; asked ${fromFen(amountFen)}); grant at most what is left, or ask a district officer`;
  return { ok: false, limit: exceeded, reason, leftFen };
}
