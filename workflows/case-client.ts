// Client side of the case workflow's action Update (not bundled into workflows): sends an action
// and retries it when the run it reached continued-as-new before taking it.
import type { WorkflowHandle } from '@temporalio/client';
import type { CaseView } from '../domain/case-types';
import { actionUpdate, type ActionRequest } from './definitions';

/** How often an action is re-sent after landing on a run that was just replaced. */
const CONTINUED_AS_NEW_RETRIES = 5;

/**
 * The server answers "update … not found" when the run an Update was admitted to continues-as-new
 * before accepting it. Re-sending with the same update id is safe: the workflow remembers applied
 * update ids across continue-as-new and answers a repeat without applying it again.
 */
export function isUpdateLostToContinueAsNew(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && /update .* not found/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export async function executeActionUpdate(handle: WorkflowHandle, request: ActionRequest, updateId: string): Promise<CaseView> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await handle.executeUpdate(actionUpdate, { args: [request], updateId });
    } catch (err) {
      if (attempt >= CONTINUED_AS_NEW_RETRIES || !isUpdateLostToContinueAsNew(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
}
