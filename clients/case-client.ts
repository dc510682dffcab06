// The caller's side of the case workflow (the API, tests and the benchmark use it): file a report
// (Update-with-Start), act on an open case (validated Update), reopen a closed case, read the view.
// Temporal's retry rules for cases are written here once:
// - a person's previous case may still be finishing when a report or a reopen arrives: wait briefly;
// - an Update admitted by a run that then continued-as-new is answered "not found": send it again;
// - the workflow's refusals arrive as ApplicationFailures: they leave as a typed CaseRejection.
// An unreachable server is not retried here: the caller's deadline (`call`) turns it into a 503.
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { CaseState, CaseView } from '../domain/case-types';
import { CaseErrorCode } from '../domain/errors';
import type { CasePolicy } from '../domain/policy';
import type { UpdateIssue } from '../domain/update-schemas';
import { calendarForYears, EMPTY_CALENDAR, shanghaiYearOf, type WorkingCalendar } from '../domain/working-days';
import {
  actionUpdate,
  calendarUpdatedSignal,
  CASE_TASK_QUEUE,
  CASE_WORKFLOW_TYPE,
  caseViewQuery,
  caseWorkflowId,
  reportUpdate,
  type ActionRequest,
  type ReportInput,
  type ReportResult,
} from '../workflows/definitions';
import { openingSearchAttributes } from '../workflows/search-attributes';
import { CaseRejection, caseRejectionOf, isAlreadyStarted, isUpdateLostToContinueAsNew, isWorkflowGone } from './temporal-failures';

/** A closing case's workflow drains its handlers for a moment before it completes. */
const FINISHING_RETRIES = 10;
const FINISHING_BACKOFF_MS = 200;
/** How often an action is re-sent after landing on a run that was just replaced. */
const CONTINUED_AS_NEW_RETRIES = 5;
/** A case's input carries the calendar from the year it (re)starts to this many years later (§9). */
const CALENDAR_YEARS_AHEAD = 2;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Binds an Update to the workflow it is sent to, now (§14): the workflow refuses one issued for
 * another workflow or long ago. Set on every send, retries included, so a retry is issued afresh.
 */
export function issuedFor(workflowId: string): UpdateIssue {
  return { workflowId, at: new Date().toISOString() };
}

/** The workflow a caller addressed has completed (or never existed). */
export class CaseWorkflowGone extends Error {
  constructor(workflowId: string, options?: { cause?: unknown }) {
    super(`workflow ${workflowId} has completed`, options);
    this.name = 'CaseWorkflowGone';
  }
}

export interface CaseClientOptions {
  temporal: Client;
  taskQueue?: string;
  /** Runs one Temporal call under the caller's deadline (the API answers 503 past it). */
  call?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** The official calendar (runtime/calendar-source.ts); without it working-day clocks count Monday–Friday, provisionally. */
  calendar?: WorkingCalendar | (() => WorkingCalendar);
}

/** A closed case as the read model stored it: enough to restart its workflow for a reopen. */
export interface ClosedCaseSnapshot {
  caseId: string;
  workflowId: string;
  state: CaseState;
  policy: CasePolicy;
}

export type CaseClient = ReturnType<typeof createCaseClient>;

export function createCaseClient(opts: CaseClientOptions) {
  const { temporal } = opts;
  const taskQueue = opts.taskQueue ?? CASE_TASK_QUEUE;
  const call = opts.call ?? (<T>(fn: () => Promise<T>) => fn());
  const source = opts.calendar ?? EMPTY_CALENDAR;
  const currentCalendar = typeof source === 'function' ? source : () => source;

  /** The calendar years a case starting now may need, as its workflow input (the workflow never reads the calendar itself). */
  function calendarForNewRun(): WorkingCalendar {
    const year = shanghaiYearOf(Date.now());
    return calendarForYears(currentCalendar(), year, year + CALENDAR_YEARS_AHEAD);
  }

  /** Rethrows a workflow refusal as a CaseRejection; anything else unchanged. */
  function asRejection(err: unknown): never {
    throw caseRejectionOf(err) ?? err;
  }

  /** Opens a case for the household, or attaches the report to its open case (the workflow id is the household's). */
  async function report(householdKey: string, input: ReportInput, policy: CasePolicy): Promise<ReportResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        // A WithStartWorkflowOperation can be used once, so each attempt builds its own.
        const workflowId = caseWorkflowId(householdKey);
        // A new case starts with the search attributes its opening gives it (not yet escalated), so
        // its workflow need not upsert them; a running case ignores them.
        const startWorkflowOperation = new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
          workflowId,
          taskQueue,
          args: [{ caseId: `c-${randomUUID()}`, policy, calendar: calendarForNewRun(), searchAttributesFromStart: true }],
          typedSearchAttributes: openingSearchAttributes(input.report),
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
        return await call(() =>
          temporal.workflow.executeUpdateWithStart(reportUpdate, {
            args: [{ ...input, issued: issuedFor(workflowId) }],
            updateId: input.report.reportId,
            startWorkflowOperation,
          }),
        );
      } catch (err) {
        const rejection = caseRejectionOf(err);
        if (rejection?.code === CaseErrorCode.CASE_CLOSED && attempt < FINISHING_RETRIES) {
          await sleep(FINISHING_BACKOFF_MS);
          continue;
        }
        throw rejection ?? err;
      }
    }
  }

  /** One action on an open case; throws CaseWorkflowGone when the workflow has completed meanwhile. */
  async function act(workflowId: string, request: ActionRequest, updateId: string): Promise<CaseView> {
    const handle = temporal.workflow.getHandle(workflowId);
    for (let attempt = 0; ; attempt++) {
      try {
        return await call(() => handle.executeUpdate(actionUpdate, { args: [{ ...request, issued: issuedFor(workflowId) }], updateId }));
      } catch (err) {
        if (isUpdateLostToContinueAsNew(err) && attempt < CONTINUED_AS_NEW_RETRIES) {
          await sleep(50 * (attempt + 1));
          continue;
        }
        if (isWorkflowGone(err)) throw new CaseWorkflowGone(workflowId, { cause: err });
        asRejection(err);
      }
    }
  }

  /**
   * Restarts a closed case's workflow from its snapshot with the reopen as the first Update. The
   * domain has already accepted the reopen. If something runs under the person's workflow id, it is
   * either this case still finishing (wait, or give it the reopen directly) or a newer case of the
   * person (refused: at most one open case per person).
   */
  async function reopen(closed: ClosedCaseSnapshot, request: ActionRequest, updateId: string): Promise<CaseView> {
    for (let attempt = 0; attempt <= FINISHING_RETRIES; attempt++) {
      if (attempt > 0) await sleep(FINISHING_BACKOFF_MS);
      try {
        const startWorkflowOperation = new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
          workflowId: closed.workflowId,
          taskQueue,
          args: [
            {
              caseId: closed.caseId,
              policy: closed.policy,
              calendar: calendarForNewRun(),
              resume: { state: closed.state, recentEvents: [] },
            },
          ],
          // FAIL: never attach the reopen to whatever happens to be running under the person's id.
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        });
        return await call(() =>
          temporal.workflow.executeUpdateWithStart(actionUpdate, {
            args: [{ ...request, issued: issuedFor(closed.workflowId) }],
            updateId,
            startWorkflowOperation,
          }),
        );
      } catch (err) {
        if (!isAlreadyStarted(err)) asRejection(err);
      }
      let running: CaseView | null;
      try {
        running = await view(closed.workflowId);
      } catch (err) {
        if (isWorkflowGone(err)) continue;
        throw err;
      }
      if (running && running.caseId !== closed.caseId) {
        throw new CaseRejection(
          CaseErrorCode.PERSON_HAS_OPEN_CASE,
          `this household already has an open case (${running.caseId}); continue there instead of reopening ${closed.caseId}`,
        );
      }
      try {
        return await act(closed.workflowId, request, updateId);
      } catch (err) {
        if (!(err instanceof CaseWorkflowGone)) throw err;
      }
    }
    throw new CaseRejection(CaseErrorCode.CASE_CLOSED, 'the case is just closing; retry in a moment');
  }

  /** The case view the workflow answers (null before its opening report). */
  function view(workflowId: string): Promise<CaseView | null> {
    return call(() => temporal.workflow.getHandle(workflowId).query(caseViewQuery));
  }

  /**
   * Sends newly published calendar years to a running case (§9): its provisional deadlines are recomputed
   * and recorded as deadline-rescheduled. A case that has completed meanwhile needs nothing: returns false.
   */
  async function updateCalendar(workflowId: string, added: WorkingCalendar): Promise<boolean> {
    try {
      await call(() => temporal.workflow.getHandle(workflowId).signal(calendarUpdatedSignal, { calendar: added }));
      return true;
    } catch (err) {
      if (isWorkflowGone(err)) return false;
      throw err;
    }
  }

  return { report, act, reopen, view, updateCalendar };
}
