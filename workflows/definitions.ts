// Messages of the case workflow (updates, queries), its input and the task queue: the contract that
// the API and the worker share. Imports no activities and no Node built-ins.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, CaseAction, CaseEvent, CaseReport, CaseState, CaseView, Stage, Urgency } from '../domain/case-types';
import type { CasePolicy } from '../domain/policy';
import type { UpdateIssue } from '../domain/update-schemas';
import type { WorkingCalendar } from '../domain/working-days';

export const CASE_TASK_QUEUE = 'cases';

const DISCOVERY_QUEUE_SUFFIX = '-discovery';
/**
 * Bulk discovery work (monitoring imports and the warnings' verification clocks, DESIGN.md §8) runs on a
 * task queue of its own beside the case queue, polled by a worker of its own: an import that raises
 * thousands of warnings then never queues thousands of workflow tasks ahead of a caseworker's action.
 */
export function discoveryTaskQueue(caseTaskQueue: string): string {
  return `${caseTaskQueue}${DISCOVERY_QUEUE_SUFFIX}`;
}
/** The case queue a discovery queue sits beside (itself for the case queue): one notification dispatcher serves both. */
export function caseTaskQueueOf(taskQueue: string): string {
  return taskQueue.endsWith(DISCOVERY_QUEUE_SUFFIX) ? taskQueue.slice(0, -DISCOVERY_QUEUE_SUFFIX.length) : taskQueue;
}
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

/**
 * Business key: one workflow id per household (`h-<key>` runs as `case-<key>`, domain/household.ts), so
 * a household has at most one open case. Keys are keyed hashes or random, never an ID number.
 */
export function caseWorkflowId(householdKey: string): string {
  return `case-${householdKey}`;
}

export interface CaseWorkflowInput {
  /** The case id this run proposes; a report that attaches to a running case answers that case's id. */
  caseId: string;
  /** The policy the case keeps for its whole life (DESIGN.md §4). */
  policy: CasePolicy;
  /**
   * The official calendar years the case's working-day clocks may need (§9), as data: workflow code never
   * reads the calendar itself, so replays see exactly what the run saw. Absent on cases started before
   * working days: every year then counts Monday–Friday (their policies have no working-day clocks).
   * A later year arrives by calendarUpdatedSignal.
   */
  calendar?: WorkingCalendar;
  /** Present after continue-as-new, or when a closed case is reopened. */
  resume?: {
    state: CaseState;
    recentEvents: CaseEvent[];
    /** Action Update ids already applied, so a retry after continue-as-new is not applied again. */
    appliedActionIds?: string[];
  };
  /** Continue-as-new once history passes this many events (default 2,000; tests lower it). */
  maxHistoryEvents?: number;
  /**
   * The run started with the case's search attributes set (workflows/search-attributes.ts): its first
   * projection upserts them only if they differ. Absent in runs from before, which always upserted.
   */
  searchAttributesFromStart?: boolean;
}

export interface ReportInput {
  report: CaseReport;
  /** The workflow and time the sender issued it for (clients/case-client.ts); absent in histories from before §14. */
  issued?: UpdateIssue;
}

export interface ReportResult {
  caseId: string;
  created: boolean;
  urgency: Urgency;
  stage: Stage;
  view: CaseView;
}

export interface ActionRequest {
  /** The case the caller means; rejected if this workflow now holds a different case of the person. */
  caseId: string;
  action: CaseAction;
  actor: Actor;
  /** As in ReportInput. */
  issued?: UpdateIssue;
}

/** A discovery report: opens the case on a new workflow, or attaches to the open one. */
export const reportUpdate = defineUpdate<ReportResult, [ReportInput]>('report');
/** Any caseworker/supervisor action (DESIGN.md §3); answers the updated case view. */
export const actionUpdate = defineUpdate<CaseView, [ActionRequest]>('action');
/** The case view: stage, deadlines, escalation level and recent events. */
export const caseViewQuery = defineQuery<CaseView | null>('caseView');

/** Years of the official calendar published after the case started (§9); provisional deadlines are recomputed. */
export interface CalendarUpdate {
  calendar: WorkingCalendar;
}

/** New calendar data: merged into the case's calendar, each provisional deadline recomputed and recorded as deadline-rescheduled. */
export const calendarUpdatedSignal = defineSignal<[CalendarUpdate]>('calendarUpdated');
