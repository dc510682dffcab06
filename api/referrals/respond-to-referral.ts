// POST /referrals/{referralId}/response (§10): the organisation answers its referral (street staff may
// record an answer given by phone, here or as a case action). Checked here against the read model, then
// sent as the charity-response action to the case's workflow, which decides it with the same rules
// (domain/case-machine.ts); a refusal changes nothing. The answer is the referral, never the case file.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/case-types';
import { CaseErrorCode } from '../../domain/errors';
import { rolesAllowedFor } from '../../domain/roles';
import { CaseWorkflowGone } from '../../clients/case-client';
import { findCase } from '../cases/repository';
import type { ApiContext } from '../http/deps';
import { AppError } from '../http/errors';
import { sha256 } from '../http/idempotency';
import { caseInScope, requireRoleOf } from '../http/scope';
import { findReferral } from './repository';
import type { ReferralItem, ReferralResponseBody } from './schemas';

export function referralNotFound(referralId: string, outOfScope: boolean): AppError {
  return new AppError(
    CaseErrorCode.UNKNOWN_REFERRAL,
    `referral ${referralId} was not found`,
    outOfScope ? { audit: "referral of a case outside the caller's jurisdiction" } : {},
  );
}

/** Update ids from the Idempotency-Key make Temporal itself deduplicate a retried answer. */
function responseUpdateId(callerId: string, referralId: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `a-${randomUUID()}`;
  return `a-${sha256(`${callerId}\nreferral:${referralId}\n${idempotencyKey}`).slice(0, 32)}`;
}

/** The referral as the caller may see it, or the one 404 (403 REFERRAL_NOT_YOURS for another organisation's). */
export async function loadReferralForActor(ctx: ApiContext, actor: Actor, referralId: string): Promise<ReferralItem> {
  const referral = await findReferral(ctx.prisma, ctx.pii, referralId);
  if (!referral) throw referralNotFound(referralId, false);
  if (actor.role === 'organisation') {
    if (referral.organisationId !== actor.jurisdictionCode) {
      throw new AppError(CaseErrorCode.REFERRAL_NOT_YOURS, `referral ${referralId} was made to another organisation`, {
        audit: "another organisation's referral",
      });
    }
  } else if (!caseInScope(actor, referral)) {
    throw referralNotFound(referralId, true);
  }
  return referral;
}

export async function respondToReferral(
  ctx: ApiContext,
  actor: Actor,
  referralId: string,
  body: ReferralResponseBody,
  idempotencyKey?: string,
): Promise<ReferralItem> {
  requireRoleOf(actor, rolesAllowedFor('charity-response'), 'answer referrals');
  if (body.delivered !== undefined && body.response !== 'completed') {
    throw new AppError(CaseErrorCode.DELIVERED_WITHOUT_COMPLETION, 'delivered is recorded with the response completed only', {
      errors: [{ path: 'delivered', message: `only with response completed (got ${body.response})` }],
    });
  }
  const referral = await loadReferralForActor(ctx, actor, referralId);
  // The case has moved on from such a referral (its stage would refuse any answer): say why.
  if (referral.status === 'completed' || referral.status === 'declined') {
    throw new AppError(
      CaseErrorCode.REFERRAL_ALREADY_ANSWERED,
      `referral ${referralId} was ${referral.status} already; it takes no further answer`,
    );
  }
  const row = await findCase(ctx.prisma, referral.caseId, ctx.pii);
  if (!row) throw referralNotFound(referralId, false);
  const closed = new AppError(CaseErrorCode.CASE_CLOSED, `the case of referral ${referralId} is closed; the referral takes no answer`);
  if (row.stage === 'closed') throw closed;
  const action = {
    type: 'charity-response' as const,
    response: body.response,
    referralId,
    ...(body.note !== undefined ? { note: body.note } : {}),
    ...(body.delivered !== undefined ? { delivered: body.delivered } : {}),
  };
  const updateId = responseUpdateId(actor.userId, referralId, idempotencyKey);
  try {
    await ctx.cases.act(row.workflowId, { caseId: row.caseId, action, actor }, updateId);
  } catch (err) {
    if (err instanceof CaseWorkflowGone) throw closed;
    throw err;
  }
  ctx.log.info({ by: actor.userId, referralId, response: body.response }, 'referral answered');
  // The workflow answers once the read model holds its events (read-your-writes).
  return (await findReferral(ctx.prisma, ctx.pii, referralId)) ?? referral;
}
