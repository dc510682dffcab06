// Drives case workflows directly through the Temporal client (no HTTP), for workflow component tests.
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Actor, CaseAction, CaseReport, CaseView, Role, UrgentFlag } from '../../domain/case-types';
import { findSeedUser } from '../../domain/seed-staff';
import { CASE_WORKFLOW_TYPE, caseViewQuery, caseWorkflowId, reportUpdate, type ReportResult } from '../../workflows/definitions';
import type { CasePolicy } from '../../domain/policy';
import type { WorkingCalendar } from '../../domain/working-days';
import { createCaseClient, issuedFor } from '../../clients/case-client';
import { CaseRejection } from '../../clients/temporal-failures';
import type { TestPlatform } from './harness';

/** What driving a case needs: a client (with the platform's codec), its task queue and policy. */
export type CaseDriver = Pick<TestPlatform, 'client' | 'taskQueue' | 'policy'>;

export const STREET = '440104001';
export const OTHER_STREET = '440104002';

export function actor(role: Role, jurisdictionCode: string): Actor {
  const user = findSeedUser(role, jurisdictionCode);
  if (!user) throw new Error(`no seed user ${role}@${jurisdictionCode}`);
  return { userId: user.id, role, jurisdictionCode };
}

export const caseworker = () => actor('caseworker', STREET);
export const supervisor = () => actor('street_supervisor', STREET);
export const districtOfficer = () => actor('district_officer', STREET.slice(0, 6));
export const cityOfficer = () => actor('city_officer', '440100');

export function makeReport(overrides: Partial<CaseReport> = {}): CaseReport {
  return {
    reportId: `r-${randomUUID()}`,
    channel: 'grid',
    personId: `p-${randomUUID()}`,
    streetCode: STREET,
    districtCode: STREET.slice(0, 6),
    summary: 'elderly resident living alone, no income',
    categories: [],
    urgentFlags: [] as UrgentFlag[],
    subjectIsMinor: false,
    receivedAt: new Date().toISOString(),
    ...overrides,
  };
}

export interface CaseRef {
  workflowId: string;
  caseId: string;
  personKey: string;
}

export interface StartOptions {
  /** A policy other than the platform's (the case keeps it for life). */
  policy?: CasePolicy;
  maxHistoryEvents?: number;
  /** The calendar years the case's workflow input carries (§9); none by default. */
  calendar?: WorkingCalendar;
}

export async function fileReport(
  p: CaseDriver,
  report: CaseReport,
  personKey = report.personId,
  options: StartOptions = {},
): Promise<ReportResult & { workflowId: string }> {
  const workflowId = caseWorkflowId(personKey);
  const result = await p.client.workflow.executeUpdateWithStart(reportUpdate, {
    args: [{ report, issued: issuedFor(workflowId) }],
    updateId: report.reportId,
    startWorkflowOperation: new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: p.taskQueue,
      args: [
        {
          caseId: `c-${randomUUID()}`,
          policy: options.policy ?? p.policy,
          maxHistoryEvents: options.maxHistoryEvents,
          ...(options.calendar ? { calendar: options.calendar } : {}),
        },
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  return { ...result, workflowId };
}

export async function openTestCase(p: CaseDriver, overrides: Partial<CaseReport> = {}, options: StartOptions = {}): Promise<CaseRef> {
  const report = makeReport(overrides);
  const r = await fileReport(p, report, report.personId, options);
  return { workflowId: r.workflowId, caseId: r.caseId, personKey: report.personId };
}

export async function act(p: CaseDriver, ref: CaseRef, action: CaseAction, by: Actor = caseworker()): Promise<CaseView> {
  return createCaseClient({ temporal: p.client }).act(ref.workflowId, { caseId: ref.caseId, action, actor: by }, `a-${randomUUID()}`);
}

/** The failure type (domain error code) of a rejected action, or null if it was accepted. */
export async function rejectionOf(
  p: CaseDriver,
  ref: CaseRef,
  action: CaseAction,
  by: Actor = caseworker(),
): Promise<{ type: string; message: string } | null> {
  try {
    await act(p, ref, action, by);
    return null;
  } catch (err) {
    if (err instanceof CaseRejection) return { type: err.code, message: err.reason };
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause as { type?: string; message: string };
      return { type: cause.type ?? 'unknown', message: cause.message };
    }
    throw err;
  }
}

export async function view(p: CaseDriver, ref: CaseRef): Promise<CaseView> {
  const v = await p.client.workflow.getHandle(ref.workflowId).query(caseViewQuery);
  if (!v) throw new Error('case not opened');
  return v;
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Counts the workflow-history events of a run (rejected updates must add none). */
export async function historyLength(p: CaseDriver, workflowId: string): Promise<number> {
  const history = await p.client.workflow.getHandle(workflowId).fetchHistory();
  return history.events?.length ?? 0;
}
