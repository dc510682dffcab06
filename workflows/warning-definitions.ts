// The verification clock of a warning (DESIGN.md §8): its input, signal and workflow id, shared by the
// worker (which raises warnings during an import and starts their clocks) and the API (which verifies
// them). Imports no activities and no Node built-ins. No personal data: ids and instants only.
import { defineSignal } from '@temporalio/workflow';

export const WARNING_WORKFLOW_TYPE = 'warningVerifyWorkflow';

/** One clock per warning; warning ids are random, never derived from a person. */
export function warningWorkflowId(warningId: string): string {
  return `warning-${warningId}`;
}

export interface WarningClockInput {
  warningId: string;
  /** Unverified by then: escalated to the district (clock warningVerify). */
  verifyDueAt: string;
  /** Still unverified by then: raised to the city (verifyDueAt + the policy's escalation window). */
  cityDueAt: string;
}

/** The warning was verified (or dismissed): the clock stops and resolves an open escalation. */
export const warningVerifiedSignal = defineSignal<[]>('warningVerified');
