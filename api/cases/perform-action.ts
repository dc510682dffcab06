// One caseworker/supervisor action on a case (POST /cases/{caseId}/actions). An open case's workflow
// decides it through a validated Update (a rejected action leaves no trace). A closed case whose
// workflow has completed is decided here from its stored snapshot; an accepted reopen restarts the
// workflow from that snapshot with the reopen as its first update (clients/case-client.ts).
import { randomUUID } from 'node:crypto';
import { caseActionRequestSchema, type CaseActionRequest } from '../../domain/action-schemas';
import { decideAction } from '../../domain/case-machine';
import type { Actor, CaseAction } from '../../domain/case-types';
import { CaseErrorCode } from '../../domain/errors';
import { isStreetCode } from '../../domain/jurisdictions';
import { canPerform } from '../../domain/roles';
import { CaseWorkflowGone } from '../../clients/case-client';
import { CaseRejection } from '../../clients/temporal-failures';
import { chargeEmergencyGrant, type FundCharge } from '../emergency-fund/charge-grant';
import type { ApiContext } from '../http/deps';
import { checkReferral } from '../organisations/check-referral';
import { checkTemporaryCooldown } from './check-assistance';
import { findStaff } from '../staff/repository';
import { AppError, formatZodIssues, validationError } from '../http/errors';
import { sha256 } from '../http/idempotency';
import type { CaseFile } from './case-file';
import { caseFileFromView, loadCaseForActor } from './get-case-file';
import { findCase, type CaseRecord } from './repository';
import { prepareAction } from './personal-actions';

/** Update ids from the Idempotency-Key make Temporal itself deduplicate a retried action. */
function actionUpdateId(callerId: string, caseId: string, idempotencyKey?: string): string {
  if (idempotencyKey === undefined) return `a-${randomUUID()}`;
  return `a-${sha256(`${callerId}\n${caseId}\n${idempotencyKey}`).slice(0, 32)}`;
}

export async function performAction(
  ctx: ApiContext,
  actor: Actor,
  caseId: string,
  requested: CaseActionRequest,
  idempotencyKey?: string,
): Promise<CaseFile> {
  // Field validation happens here, at the boundary, and nowhere downstream: the workflow's Update
  // validator and decideAction (the closed-case path) check only business rules and trust the
  // fields. The route has parsed the body already (with a clearer error for an unknown type);
  // parsing a parsed action again changes nothing, and keeps any other caller from skipping it.
  const parsed = caseActionRequestSchema.safeParse(requested);
  if (!parsed.success)
    throw validationError(formatZodIssues(parsed.error.issues), `the ${String(requested?.type)} action has invalid fields`);
  const request = parsed.data;
  // The street tree is reference data the workflow does not carry (every cached workflow would
  // rebuild it), so a transfer's destination is checked here, with the other field rules.
  if (request.type === 'transfer' && !isStreetCode(request.toStreetCode)) {
    throw new AppError('UNKNOWN_STREET', `street ${request.toStreetCode} is not in the jurisdiction tree`, {
      errors: [{ path: 'toStreetCode', message: 'is not a street of the jurisdiction tree (see GET /api/v1/jurisdictions)' }],
    });
  }
  let row = await loadCaseForActor(ctx, actor, caseId);
  await checkAssignee(ctx, request, row);
  // Only for a role that may refer: others keep their ROLE_NOT_ALLOWED answer.
  if (canPerform(actor.role, request.type)) {
    await checkReferral(ctx, request, row.districtCode);
    await checkTemporaryCooldown(ctx, request, row);
  }
  // Personal data in the request (a household, an identity) is recorded here, never sent to the workflow.
  const prepared = await prepareAction(ctx, actor, row, request);
  const action = prepared.action;
  const updateId = actionUpdateId(actor.userId, caseId, idempotencyKey);
  const update = { caseId: row.caseId, action, actor };

  if (row.stage !== 'closed') {
    const fund = await fundChargeFor(ctx, actor, row, action, updateId);
    try {
      const view = await ctx.cases.act(row.workflowId, update, updateId);
      await fund?.confirm();
      await prepared.afterAccepted?.();
      return await caseFileFromView(ctx, view, row.workflowId);
    } catch (err) {
      // The workflow's answer settles the fund: refused (or the case completed meanwhile) gives it back;
      // any other failure leaves the outcome unknown and the reservation counted (api/emergency-fund).
      if (err instanceof CaseRejection || err instanceof CaseWorkflowGone) await fund?.release();
      // The workflow completed between our read of the row and the update (it closed just now):
      // re-read the row, which the workflow projected before completing, and take the closed path.
      if (!(err instanceof CaseWorkflowGone)) throw err;
      const fresh = await findCase(ctx.prisma, caseId, ctx.pii);
      if (!fresh) throw err;
      row = fresh;
    }
  }
  return caseFileFromView(ctx, await actOnClosedCase(ctx, row, update, updateId), row.workflowId);
}

/**
 * Emergency aid is paid from the street's emergency fund (§9): charged before the workflow decides.
 * Only where the workflow could accept it (a role that may grant, an urgent case), so those refusals
 * keep their own answers (ROLE_NOT_ALLOWED, NOT_URGENT) instead of a fund refusal.
 */
async function fundChargeFor(
  ctx: ApiContext,
  actor: Actor,
  row: CaseRecord,
  action: CaseAction,
  grantId: string,
): Promise<FundCharge | null> {
  if (action.type !== 'grant-emergency-aid' || !canPerform(actor.role, action.type) || row.urgency !== 'urgent') return null;
  return chargeEmergencyGrant(
    { prisma: ctx.prisma, policy: ctx.policy, now: ctx.now },
    { grantId, caseId: row.caseId, streetCode: row.streetCode, amount: action.amount, actor },
  );
}

/** Who may hold a case: the street's own staff, never a district or city role. */
const ASSIGNABLE_ROLES: readonly string[] = ['caseworker', 'street_supervisor'];

/**
 * An assignee must be an active caseworker or street supervisor of the case's street: reminders and
 * the responsibility rule go to that user, so an unknown id would leave the case with nobody. Staff
 * are reference data the workflow does not carry, so the check is here, before the Update is sent.
 */
async function checkAssignee(ctx: ApiContext, action: CaseActionRequest, row: CaseRecord): Promise<void> {
  if (action.type !== 'accept' && action.type !== 'assign') return;
  const assigneeId = action.assigneeId;
  if (assigneeId === undefined) return;
  const staff = await findStaff(ctx.prisma, assigneeId);
  const problem = !staff
    ? 'is not a staff user'
    : !staff.active
      ? 'is a deactivated staff user'
      : !ASSIGNABLE_ROLES.includes(staff.role)
        ? `is a ${staff.role}; only a caseworker or street supervisor can hold a case`
        : staff.jurisdictionCode !== row.streetCode
          ? `works in ${staff.jurisdictionCode}, not in the case's street ${row.streetCode}`
          : null;
  if (problem) {
    throw validationError(
      [{ path: 'assigneeId', message: `${problem} (an active caseworker or street supervisor of street ${row.streetCode})` }],
      `the ${action.type} action names an assignee who cannot hold this case`,
    );
  }
}

async function actOnClosedCase(
  ctx: ApiContext,
  row: CaseRecord,
  request: { caseId: string; action: CaseAction; actor: Actor },
  updateId: string,
) {
  const { state, policy } = row.snapshot;
  // Decide locally first, so a refused action never starts a workflow (and leaves no trace).
  const decision = decideAction(state, request.action, request.actor, policy, ctx.now().toISOString(), {
    streetExists: isStreetCode,
    calendar: ctx.calendar,
  });
  if (!decision.ok) throw new CaseRejection(decision.code, decision.reason);
  if (request.action.type !== 'reopen')
    throw new CaseRejection(CaseErrorCode.CASE_CLOSED, `case ${row.caseId} is closed; only reopen is possible`);
  return ctx.cases.reopen({ caseId: row.caseId, workflowId: row.workflowId, state, policy }, request, updateId);
}
