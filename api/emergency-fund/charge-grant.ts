// Use case: an emergency grant (grant-emergency-aid) is charged to the street's fund before the case
// workflow decides it, and settled by the workflow's answer (DESIGN.md §9). Street staff stay within
// the per-grant maximum and what is left of the street's budget this year (409 with the amount left);
// district and city officers may go beyond, which the ledger marks.
//
// Order of writes: reserve (counted at once, so concurrent grants cannot overspend), then the Update,
// then confirm or release. If the API stops after reserving, the outcome is unknown: the reservation
// stays counted (money is never overspent) and shows as `reserved` in GET /stats; the same request
// retried with its Idempotency-Key finds it, and settles it by the workflow's answer.
import type { Actor } from '../../domain/case-types';
import { decideFundGrant, fromFen, fundLimits, toFen } from '../../domain/emergency-fund';
import type { CasePolicy } from '../../domain/policy';
import { shanghaiYearOf } from '../../domain/working-days';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../http/errors';
import { chargeGrant, committedFen, confirmGrant, findGrant, releaseGrant } from './repository';

export interface FundCharge {
  /** The workflow accepted the grant. */
  confirm(): Promise<void>;
  /** The workflow refused it: the amount goes back to the street's year. */
  release(): Promise<void>;
}

/** Concurrent grants at one street retry the charge this often before giving up with 503. */
const MAX_CHARGE_ATTEMPTS = 5;

export async function chargeEmergencyGrant(
  deps: { prisma: PrismaClient; policy: CasePolicy; now: () => Date },
  args: { grantId: string; caseId: string; streetCode: string; amount: number; actor: Actor },
): Promise<FundCharge> {
  const { prisma, policy } = deps;
  const settle: FundCharge = {
    confirm: () => confirmGrant(prisma, args.grantId),
    release: () => releaseGrant(prisma, args.grantId),
  };
  const existing = await findGrant(prisma, args.grantId);
  if (existing && existing.status !== 'released') return settle;

  const year = shanghaiYearOf(deps.now().getTime());
  const amountFen = toFen(args.amount);
  const { budgetFen, perGrantMaxFen } = fundLimits(policy);
  for (let attempt = 0; attempt < MAX_CHARGE_ATTEMPTS; attempt++) {
    const committed = await committedFen(prisma, args.streetCode, year);
    const decision = decideFundGrant(policy, args.actor.role, amountFen, committed, year);
    if (!decision.ok) {
      throw new AppError(decision.limit === 'per-grant-max' ? 'EMERGENCY_GRANT_TOO_LARGE' : 'EMERGENCY_FUND_EXHAUSTED', decision.reason, {
        errors: [
          {
            path: 'amount',
            message: `at most ${fromFen(Math.min(decision.leftFen, perGrantMaxFen))} CNY for street staff`,
          },
        ],
      });
    }
    const charged = await chargeGrant(prisma, {
      id: args.grantId,
      streetCode: args.streetCode,
      year,
      caseId: args.caseId,
      amountFen,
      grantedBy: args.actor.userId,
      role: args.actor.role,
      beyondLimit: decision.beyondLimit,
      capFen: decision.beyondLimit === null ? budgetFen : null,
    });
    if (charged) return settle;
  }
  throw new AppError('SERVICE_UNAVAILABLE', 'the street emergency fund is busy with other grants; try again in a moment');
}
