// One caseworker/supervisor action on a case (POST /cases/{caseId}/actions). An open case's workflow
// decides it through a validated Update (a rejected action leaves no trace). A closed case whose
// workflow has completed is decided here from its stored snapshot; an accepted reopen restarts the
// workflow from that snapshot with the reopen as its first update.
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { caseActionSchema } from '../../domain/action-schemas';
import { decideAction } from '../../domain/case-machine';
import type { Actor, CaseAction, CaseView } from '../../domain/case-types';
import { isStreetCode } from '../../domain/jurisdictions';
import { actionUpdate, CASE_TASK_QUEUE, CASE_WORKFLOW_TYPE, caseViewQuery } from '../../workflows/definitions';
import { executeActionUpdate } from '../../workflows/case-client';
import type { CaseFile } from './case-file';
import type { ApiContext } from '../http/deps';
import { AppError, applicationFailureOf, domainFailureToAppError, formatZodIssues, isWorkflowGone, validationError } from '../http/errors';
import { findCase, type CaseRecord } from './repository';
import { caseFileFromView, loadCaseForActor } from './get-case-file';
import { sha256 } from '../http/idempotency';
import { sleep } from '../reports/submit-report';

/** A closed case's workflow may still be finishing (handlers draining) when a reopen arrives. */
const FINISHING_RETRIES = 10;
const FINISHING_BACKOFF_MS = 200;

/** Update ids from the Idempotency-Key make Temporal itself deduplicate a retried action. */
export function actionUpdateId(callerId: string, caseId: string, idempotencyKey?: string): string {
  if (idempotencyKey === undefined) return `a-${randomUUID()}`;
  return `a-${sha256(`${callerId}\n${caseId}\n${idempotencyKey}`).slice(0, 32)}`;
}

export async function performAction(
  ctx: ApiContext,
  actor: Actor,
  caseId: string,
  action: CaseAction,
  idempotencyKey?: string,
): Promise<CaseFile> {
  // Field validation happens here, at the boundary, and nowhere downstream: the workflow's Update
  // validator and decideAction (the closed-case path) check only business rules and trust the
  // fields. The route has parsed the body already (with a clearer error for an unknown type);
  // parsing a parsed action again changes nothing, and keeps any other caller from skipping it.
  const parsed = caseActionSchema.safeParse(action);
  if (!parsed.success) throw validationError(formatZodIssues(parsed.error.issues), `the ${String(action?.type)} action has invalid fields`);
  action = parsed.data;
  // The street tree is reference data the workflow does not carry (every cached workflow would
  // rebuild it), so a transfer's destination is checked here, with the other field rules.
  if (action.type === 'transfer' && !isStreetCode(action.toStreetCode)) {
    throw new AppError(422, 'UNKNOWN_STREET', `street ${action.toStreetCode} is not in the jurisdiction tree`, {
      errors: [{ path: 'toStreetCode', message: 'is not a street of the jurisdiction tree (see GET /api/v1/jurisdictions)' }],
    });
  }
  let row = await loadCaseForActor(ctx, actor, caseId);
  const updateId = actionUpdateId(actor.userId, caseId, idempotencyKey);

  for (let attempt = 0; ; attempt++) {
    try {
      const view =
        row.stage === 'closed'
          ? await actOnClosedCase(ctx, actor, row, action, updateId)
          : await updateRunningCase(ctx, actor, row, action, updateId);
      return await caseFileFromView(ctx, view);
    } catch (err) {
      // The workflow completed between our read of the row and the update (it closed just now):
      // re-read the row, which the workflow projected before completing, and take the closed path.
      if (isWorkflowGone(err) && row.stage !== 'closed' && attempt === 0) {
        const fresh = await findCase(ctx.prisma, caseId);
        if (!fresh) throw err;
        row = fresh;
        continue;
      }
      if (err instanceof RetryWhileFinishing && attempt < FINISHING_RETRIES) {
        await sleep(FINISHING_BACKOFF_MS);
        continue;
      }
      if (err instanceof RetryWhileFinishing) {
        throw new AppError(409, 'CASE_CLOSED', 'the case is just closing; retry in a moment');
      }
      throw err;
    }
  }
}

class RetryWhileFinishing extends Error {}

async function updateRunningCase(ctx: ApiContext, actor: Actor, row: CaseRecord, action: CaseAction, updateId: string): Promise<CaseView> {
  try {
    return await ctx.temporalCall(() =>
      executeActionUpdate(ctx.temporal.workflow.getHandle(row.workflowId), { caseId: row.caseId, action, actor }, updateId),
    );
  } catch (err) {
    const failure = applicationFailureOf(err);
    if (failure) throw domainFailureToAppError(failure.type, failure.message);
    throw err;
  }
}

async function actOnClosedCase(ctx: ApiContext, actor: Actor, row: CaseRecord, action: CaseAction, updateId: string): Promise<CaseView> {
  const { state, policy } = row.snapshot;
  // Decide locally first, so a refused action never starts a workflow (and leaves no trace).
  const decision = decideAction(state, action, actor, policy, ctx.now().toISOString(), { streetExists: isStreetCode });
  if (!decision.ok) throw domainFailureToAppError(decision.code, decision.reason);
  if (action.type !== 'reopen') throw new AppError(409, 'CASE_CLOSED', `case ${row.caseId} is closed; only reopen is possible`);

  try {
    const startWorkflowOperation = new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
      workflowId: row.workflowId,
      taskQueue: ctx.config.taskQueue ?? CASE_TASK_QUEUE,
      args: [{ caseId: row.caseId, policy, resume: { state, recentEvents: [] } }],
      // FAIL: if the person's workflow is running it holds another case (or this one, still
      // finishing); never attach the reopen to whatever happens to be running.
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    return await ctx.temporalCall(() =>
      ctx.temporal.workflow.executeUpdateWithStart(actionUpdate, {
        args: [{ caseId: row.caseId, action, actor }],
        updateId,
        startWorkflowOperation,
      }),
    );
  } catch (err) {
    const failure = applicationFailureOf(err);
    if (failure) throw domainFailureToAppError(failure.type, failure.message);
    if (!isAlreadyStarted(err)) throw err;
  }

  // Something runs under the person's workflow id: this case still finishing, or a newer case.
  let running: CaseView | null = null;
  try {
    running = await ctx.temporalCall(() => ctx.temporal.workflow.getHandle(row.workflowId).query(caseViewQuery));
  } catch (err) {
    if (isWorkflowGone(err)) throw new RetryWhileFinishing();
    throw err;
  }
  if (running && running.caseId !== row.caseId) {
    throw new AppError(409, 'PERSON_HAS_OPEN_CASE', `this person already has an open case (${running.caseId}); continue there instead of reopening ${row.caseId}`);
  }
  // Our own case, not yet completed: its running workflow can take the reopen directly.
  try {
    return await updateRunningCase(ctx, actor, row, action, updateId);
  } catch (err) {
    if (isWorkflowGone(err)) throw new RetryWhileFinishing();
    throw err;
  }
}

function isAlreadyStarted(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    if (current instanceof WorkflowExecutionAlreadyStartedError) return true;
    const e = current as { code?: unknown; message?: unknown; details?: unknown };
    if (e.code === 6 /* gRPC ALREADY_EXISTS */) return true;
    if (typeof e.details === 'string' && /already (started|running)/i.test(e.details)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
