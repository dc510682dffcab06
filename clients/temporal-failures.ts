// How to read what the Temporal client throws. Its errors wrap one another (an update failure wraps
// the workflow's ApplicationFailure, a service error wraps the gRPC status), so every question here
// walks the same cause chain, written once.
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { isCaseErrorCode, type CaseErrorCode } from '../domain/errors';

/** The error and its causes, outermost first (bounded: a cycle in `cause` must not hang us). */
export function* causeChain(err: unknown, maxDepth = 8): Generator<object> {
  let current: unknown = err;
  for (let depth = 0; depth < maxDepth && current !== null && typeof current === 'object'; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** The ApplicationFailure behind a Temporal error (update failure, workflow failure), if any. */
export function applicationFailureOf(err: unknown): { type: string; message: string } | null {
  for (const e of causeChain(err)) {
    if (e instanceof ApplicationFailure) return { type: e.type ?? 'APPLICATION_FAILURE', message: e.message };
  }
  return null;
}

/** A case workflow (or the domain behind it) refused the request; `code` says which rule. */
export class CaseRejection extends Error {
  constructor(
    readonly code: CaseErrorCode,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
    this.name = 'CaseRejection';
  }
}

/** The workflow's refusal as a typed rejection, when the failure carries one of our codes. */
export function caseRejectionOf(err: unknown): CaseRejection | null {
  const failure = applicationFailureOf(err);
  return failure && isCaseErrorCode(failure.type) ? new CaseRejection(failure.type, failure.message) : null;
}

/** Temporal has no workflow to talk to (never started, or already completed). */
export function isWorkflowGone(err: unknown): boolean {
  for (const e of causeChain(err, 6)) {
    if (e instanceof WorkflowNotFoundError) return true;
    const message = (e as { details?: unknown; message?: unknown }).details ?? (e as { message?: unknown }).message;
    if (typeof message === 'string' && /workflow execution already completed|workflow not found/i.test(message)) return true;
  }
  return false;
}

/** A start with conflict policy FAIL met a running workflow under the same id. */
export function isAlreadyStarted(err: unknown): boolean {
  for (const e of causeChain(err, 6)) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return true;
    const { code, details } = e as { code?: unknown; details?: unknown };
    if (code === 6 /* gRPC ALREADY_EXISTS */) return true;
    if (typeof details === 'string' && /already (started|running)/i.test(details)) return true;
  }
  return false;
}

/**
 * The server answers "update … not found" when the run an Update was admitted to continues-as-new
 * before accepting it. Re-sending with the same update id is safe: the workflow remembers applied
 * update ids across continue-as-new and answers a repeat without applying it again.
 */
export function isUpdateLostToContinueAsNew(err: unknown): boolean {
  for (const e of causeChain(err, 5)) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /update .* not found/i.test(message)) return true;
  }
  return false;
}
