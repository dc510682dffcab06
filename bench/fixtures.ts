// Benchmark data: distinct valid ID numbers, streets with staff, report bodies, and the two ways the
// benchmark opens product cases without HTTP (update-with-start through the product's client, or a
// workflow started from a state built by the pure domain and projected by the product's own
// projection activity).
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { createProjectionActivities } from '../activities/projection';
import { decideAction, openCase } from '../domain/case-machine';
import { toCaseView } from '../domain/case-view';
import type { Actor, CaseAction, CaseEvent, CaseReport, CaseState } from '../domain/case-types';
import { makeIdNumber } from '../domain/ids';
import { allJurisdictions, isStreetCode } from '../domain/jurisdictions';
import type { CasePolicy } from '../domain/policy';
import { findSeedUser, STREET_WITHOUT_CASEWORKER } from '../domain/seed-staff';
import { createPersonIfNew } from '../api/persons/repository';
import { issuedFor } from '../clients/case-client';
import { actionUpdate, CASE_WORKFLOW_TYPE, caseWorkflowId, reportUpdate, type ReportResult } from '../workflows/definitions';
import { BARE_WORKFLOW_TYPE, bareUpdate, type bareWorkflow, type BareInput } from './bare-workflow';
import type { BenchStack } from './stack';

/** Streets that have a seeded caseworker (all but one), in code order. */
export const STREETS: readonly string[] = allJurisdictions()
  .filter((j) => j.level === 'street' && j.code !== STREET_WITHOUT_CASEWORKER)
  .map((j) => j.code);

export const streetAt = (i: number) => STREETS[i % STREETS.length];

let idCounter = 0;
const BASE_BIRTH = Date.UTC(1940, 0, 1);

/**
 * A distinct valid resident ID number per call in this process (region = the street's district,
 * birth dates from 1940 on, sequence 000–999), with the GB 11643 check digit.
 */
export function nextIdNumber(streetCode: string): string {
  const n = idCounter++;
  const birth = new Date(BASE_BIRTH + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  return makeIdNumber(streetCode.slice(0, 6), birth, String(n % 1000).padStart(3, '0'));
}

const SURNAMES = ['陈', '李', '黄', '张', '梁', '刘', '林', '何'];
const GIVEN = ['嘉欣', '志强', '伟明', '丽华', '建华', '晓燕', '俊杰', '美玲'];
export const personName = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;

/** A POST /reports body about a new person in `streetCode`. */
export function reportBody(streetCode: string, i: number) {
  return {
    channel: 'grid',
    subject: { idNumber: nextIdNumber(streetCode), name: personName(i), streetCode },
    situation: { summary: 'elderly resident living alone, no pension, unpaid utility bills', categories: ['elderly'] },
    reporter: { organisation: 'bench grid team' },
  };
}

export function actorOf(role: 'caseworker' | 'street_supervisor', streetCode: string): Actor {
  const user = findSeedUser(role, streetCode);
  if (!user) throw new Error(`no seed ${role} in ${streetCode}`);
  return { userId: user.id, role, jurisdictionCode: streetCode };
}

export function caseReport(streetCode: string, personId: string, now = new Date()): CaseReport {
  return {
    reportId: `r-${randomUUID()}`,
    channel: 'grid',
    personId,
    streetCode,
    districtCode: streetCode.slice(0, 6),
    summary: 'elderly resident living alone, no pension, unpaid utility bills',
    categories: ['elderly'],
    urgentFlags: [],
    subjectIsMinor: false,
    receivedAt: now.toISOString(),
    reportedBy: `rp-${streetCode}`,
  };
}

export interface OpenedCase {
  caseId: string;
  workflowId: string;
  streetCode: string;
  /** The accept deadline the case was opened with. */
  acceptDueAt: string | null;
}

/** Opens a case through the product's client: Update-with-Start of the report (what the API does after storing the person). */
export async function openCaseViaClient(
  stack: BenchStack,
  streetCode: string,
  options: { policy?: CasePolicy; personKey?: string; maxHistoryEvents?: number; taskQueue?: string } = {},
): Promise<OpenedCase> {
  const personKey = options.personKey ?? `bench${randomUUID().replace(/-/g, '')}`;
  const report = caseReport(streetCode, `p-${personKey}`);
  const workflowId = caseWorkflowId(personKey);
  const result: ReportResult = await stack.productClient.workflow.executeUpdateWithStart(reportUpdate, {
    args: [{ report, issued: issuedFor(workflowId) }],
    updateId: report.reportId,
    startWorkflowOperation: new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: options.taskQueue ?? stack.productTaskQueue,
      args: [{ caseId: `c-${randomUUID()}`, policy: options.policy ?? stack.policy, maxHistoryEvents: options.maxHistoryEvents }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  return {
    caseId: result.caseId,
    workflowId,
    streetCode,
    acceptDueAt: result.view.deadlines.find((d) => d.clock === 'accept')?.dueAt ?? null,
  };
}

/** One action through the product's client (no HTTP), as the caseworker of the case's street. */
export async function actViaClient(stack: BenchStack, c: OpenedCase, action: CaseAction): Promise<void> {
  try {
    await stack.productClient.workflow.getHandle(c.workflowId).executeUpdate(actionUpdate, {
      args: [{ caseId: c.caseId, action, actor: actorOf('caseworker', c.streetCode), issued: issuedFor(c.workflowId) }],
    });
  } catch (err) {
    // The Update's own error says only "Workflow Update failed"; the reason is its cause.
    const reason = ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
    throw new Error(`${action.type} on ${c.caseId}: ${reason}`, { cause: err });
  }
}

/** A bare workflow opened by Update-with-Start (start + one update), like a report opening a case. */
export async function openBare(stack: BenchStack, input: BareInput, taskQueue = stack.bareTaskQueue): Promise<string> {
  const workflowId = `bare-${randomUUID()}`;
  await stack.bareClient.workflow.executeUpdateWithStart(bareUpdate, {
    args: [{ note: 'opening report' }],
    startWorkflowOperation: new WithStartWorkflowOperation<typeof bareWorkflow>(BARE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  return workflowId;
}

export async function updateBare(stack: BenchStack, workflowId: string, note = 'visit'): Promise<void> {
  await stack.bareClient.workflow.getHandle(workflowId).executeUpdate(bareUpdate, { args: [{ note }] });
}

export interface BuiltCase {
  workflowId: string;
  personId: string;
  idNumber: string;
  streetCode: string;
  state: CaseState;
  /** Every event from the opening report on, in order. */
  events: CaseEvent[];
}

/**
 * A case state built by the pure domain, as the workflow would have built it from the same report
 * and actions at the same instants: `steps` are applied by the street's caseworker, one ms apart.
 */
export function buildCase(
  stack: BenchStack,
  i: number,
  options: { policy?: CasePolicy; openedAt?: Date; steps?: CaseAction[]; streetCode?: string } = {},
): BuiltCase {
  const streetCode = options.streetCode ?? streetAt(i);
  const idNumber = nextIdNumber(streetCode);
  const personHash = stack.pii.lookupHash(idNumber);
  const personId = `p-${personHash}`;
  const policy = options.policy ?? stack.policy;
  const openedAt = options.openedAt ?? new Date();
  const at = (offsetMs: number) => new Date(openedAt.getTime() + offsetMs).toISOString();
  const caseworker = actorOf('caseworker', streetCode);
  const opened = openCase({ caseId: `c-${randomUUID()}`, report: caseReport(streetCode, personId, openedAt), policy, now: at(0) });
  let state: CaseState = opened.state;
  const events: CaseEvent[] = [...opened.events];
  (options.steps ?? []).forEach((action, k) => {
    const decision = decideAction(state, action, caseworker, policy, at(k + 1), { streetExists: isStreetCode });
    if (!decision.ok) throw new Error(`cannot build the case: ${decision.code} ${decision.reason}`);
    state = decision.state;
    events.push(...decision.events);
  });
  return { workflowId: caseWorkflowId(personHash), personId, idNumber, streetCode, state, events };
}

/** The steps that make a case a watch-list family waiting on its next revisit. */
export const WATCH_LIST_STEPS: CaseAction[] = [
  { type: 'accept' },
  { type: 'complete-verification', outcome: 'watch', note: 'at risk: monthly income just above the line' },
];

/**
 * Starts the case workflow from a built state — the input continue-as-new uses — so it waits on its
 * next timer like any case in that state. Nothing is projected by this start.
 */
export async function startBuiltCase(
  stack: BenchStack,
  built: BuiltCase,
  policy: CasePolicy,
  taskQueue = stack.productTaskQueue,
): Promise<void> {
  await stack.productClient.workflow.start(CASE_WORKFLOW_TYPE, {
    workflowId: built.workflowId,
    taskQueue,
    args: [{ caseId: built.state.caseId, policy, resume: { state: built.state, recentEvents: built.events.slice(-50) } }],
  });
}

/**
 * A watch-list family waiting on its next revisit, created fast for the scale figure: the person row
 * (encrypted, as the API writes it), the case's state built by the pure domain (report → accept →
 * complete-verification "watch"), its events written by the product's own projection activity, and
 * the case workflow started from that state, so it waits on its revisit timer like any monitoring case.
 */
export function watchListSeeder(stack: BenchStack, taskQueue = stack.productTaskQueue, streetOf: (i: number) => string = streetAt) {
  const { projectCase } = createProjectionActivities({ prisma: stack.prisma, secrets: stack.pii });
  return async (i: number): Promise<string> => {
    const built = buildCase(stack, i, { steps: WATCH_LIST_STEPS, streetCode: streetOf(i) });
    await createPersonIfNew(stack.prisma, {
      id: built.personId,
      idHash: built.personId.slice(2),
      idNumberEnc: stack.pii.encrypt(built.idNumber),
      nameEnc: stack.pii.encrypt(personName(i)),
      birthYear: Number(built.idNumber.slice(6, 10)),
      sex: Number(built.idNumber[16]) % 2 === 1 ? 'male' : 'female',
      streetCode: built.streetCode,
    });
    const { state, events } = built;
    await projectCase({ workflowId: built.workflowId, state, view: toCaseView(state, events.slice(-50)), policy: stack.policy, events });
    await startBuiltCase(stack, built, stack.policy, taskQueue);
    return built.workflowId;
  };
}
