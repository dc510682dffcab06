// The caller's side of a warning's verification clock (workflows/warning-workflow.ts): tell it that the
// warning was verified. The clock reads the warning's row itself, so the signal only makes it act now
// instead of at its next deadline; a clock that has ended already needs nothing.
import type { Client } from '@temporalio/client';
import { warningVerifiedSignal, warningWorkflowId } from '../workflows/warning-definitions';
import { isWorkflowGone } from './temporal-failures';

export interface WarningClientOptions {
  temporal: Client;
  /** Runs one Temporal call under the caller's deadline. */
  call?: <T>(fn: () => Promise<T>) => Promise<T>;
}

export function createWarningClient(opts: WarningClientOptions) {
  const call = opts.call ?? (<T>(fn: () => Promise<T>) => fn());

  /** Signals the clock; false when it has ended (or was never started). */
  async function verified(warningId: string): Promise<boolean> {
    try {
      await call(() => opts.temporal.workflow.getHandle(warningWorkflowId(warningId)).signal(warningVerifiedSignal));
      return true;
    } catch (err) {
      if (isWorkflowGone(err)) return false;
      throw err;
    }
  }

  return { verified };
}

export type WarningClient = ReturnType<typeof createWarningClient>;
