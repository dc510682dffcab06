// The monitoring import workflow's contract (DESIGN.md §8): its type, id and input, shared by the API
// (which starts it) and the worker. Imports no activities and no Node built-ins. The input holds ids,
// the policy's warning rules and the calendar: never a record, which stays encrypted in PostgreSQL.
import type { WarningsPolicy } from '../domain/warning-rules';
import type { WorkingCalendar } from '../domain/working-days';

export const MONITORING_IMPORT_WORKFLOW_TYPE = 'monitoringImportWorkflow';

/** Import ids are random, so the workflow id says nothing about the data. */
export function monitoringImportWorkflowId(importId: string): string {
  return `monitoring-import-${importId}`;
}

export interface MonitoringImportInput {
  importId: string;
  /** The policy's warnings section as of the import (rules and verification times). */
  warnings: WarningsPolicy;
  policyVersion: string;
  /** From the district escalation to the city's (the policy's normal escalation window). */
  escalationWindow: string;
  /** The official calendar years warning deadlines may need (§9): workflow code never reads it itself. */
  calendar: WorkingCalendar;
  /** Webhook delivery budget of the notifications telling caseworkers of new reasons (from the policy). */
  delivery: { maxAttempts: number; backoffMs: number; maxBackoffMs: number };
}

export interface MonitoringImportResult {
  processed: number;
  rejected: number;
  warningsRaised: number;
}
