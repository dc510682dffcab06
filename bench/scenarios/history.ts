// Figure 5, history growth: the workflow-history events one watch-list case adds per simulated year of
// monthly revisits (12 record-revisit actions; with revisits every month no reminder or revisit timer
// fires, so the actions are the whole year), and the continue-as-new cadence that keeps it bounded at
// the workflow's default maxHistoryEvents (2,000). The cadence is also checked for real on one case
// with a low threshold: every run must end in continue-as-new near the threshold.
import type { Client } from '@temporalio/client';
import { actViaClient, openBare, openCaseViaClient, updateBare, type OpenedCase } from '../fixtures';
import type { BenchStack } from '../stack';
import { round } from '../stats';
import { ratioOf, type Log, type ScenarioResult, type Sizes } from '../types';

const STREET = '440104001';

async function historyOf(client: Client, workflowId: string, runId?: string) {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return history.events ?? [];
}

async function toMonitoring(stack: BenchStack, maxHistoryEvents?: number): Promise<OpenedCase> {
  const c = await openCaseViaClient(stack, STREET, { maxHistoryEvents });
  await actViaClient(stack, c, { type: 'accept' });
  await actViaClient(stack, c, { type: 'complete-verification', outcome: 'watch', note: 'income just above the line' });
  return c;
}

const revisit = (month: number) => ({
  type: 'record-revisit' as const,
  // Dated when sent: a visit cannot be recorded before it happened, and only the count matters here.
  visitedAt: new Date().toISOString(),
  findings: `monthly revisit ${month + 1}: circumstances unchanged`,
  circumstancesChanged: false,
});

interface Run {
  runId: string;
  events: number;
  continuedAsNew: boolean;
  /** Events before the run's first update (a resumed run: started, first workflow task, its timer). */
  eventsBeforeFirstUpdate: number;
}

/** The runs of a workflow id, oldest first, each with its history length and how it ended. */
async function runChain(client: Client, workflowId: string): Promise<Run[]> {
  const chain: Run[] = [];
  let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
  for (let guard = 0; runId && guard < 100; guard++) {
    const events = await historyOf(client, workflowId, runId);
    const last = events.at(-1);
    const firstUpdate = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes != null);
    chain.unshift({
      runId,
      events: events.length,
      continuedAsNew: last?.workflowExecutionContinuedAsNewEventAttributes != null,
      eventsBeforeFirstUpdate: firstUpdate < 0 ? events.length : firstUpdate,
    });
    const previous: string | null | undefined = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    runId = previous || undefined;
  }
  return chain;
}

export async function historyScenario(stack: BenchStack, sizes: Sizes['history'], log: Log): Promise<ScenarioResult> {
  const months = sizes.revisitsPerYear;
  log(`history: one watch-list case and one bare workflow through ${months} monthly revisits`);
  const c = await toMonitoring(stack);
  const productStart = (await historyOf(stack.productClient, c.workflowId)).length;
  for (let m = 0; m < months; m++) await actViaClient(stack, c, revisit(m));
  const productYear = (await historyOf(stack.productClient, c.workflowId)).length - productStart;

  const bareId = await openBare(stack, { idleTimerMs: 90 * 86_400_000 });
  await updateBare(stack, bareId, 'accept');
  await updateBare(stack, bareId, 'complete-verification');
  const bareStart = (await historyOf(stack.bareClient, bareId)).length;
  for (let m = 0; m < months; m++) await updateBare(stack, bareId, `revisit ${m + 1}`);
  const bareYear = (await historyOf(stack.bareClient, bareId)).length - bareStart;

  // Continue-as-new for real, with a low threshold so it happens within a few simulated years.
  const threshold = sizes.canCheckThreshold;
  log(`history: continue-as-new check with maxHistoryEvents=${threshold}`);
  const small = await toMonitoring(stack, threshold);
  const revisitsNeeded = Math.ceil((threshold * 2.5) / Math.max(1, productYear / months));
  for (let m = 0; m < Math.min(revisitsNeeded, 200); m++) await actViaClient(stack, small, revisit(m));
  const chain = await runChain(stack.productClient, small.workflowId);
  const continued = chain.filter((r) => r.continuedAsNew);
  // The first events of a resumed run (started, first workflow task, its timer) before any action.
  const resumedRunStart = chain.length > 1 ? chain[1].eventsBeforeFirstUpdate : 5;
  const yearsPerRun = (sizes.maxHistoryEvents - resumedRunStart) / productYear;
  const bareYearsPerRun = (sizes.maxHistoryEvents - resumedRunStart) / bareYear;

  return {
    figures: [
      {
        id: 'history.eventsPerYear',
        metric: `history events per case-year (${months} revisits)`,
        unit: 'events',
        product: productYear,
        baseline: bareYear,
        ratio: ratioOf(productYear, bareYear),
        target: '',
        met: null,
      },
      {
        id: 'history.yearsPerRun',
        metric: `years per run at maxHistoryEvents ${sizes.maxHistoryEvents}`,
        unit: 'years',
        product: round(yearsPerRun, 1),
        baseline: round(bareYearsPerRun, 1),
        ratio: ratioOf(yearsPerRun, bareYearsPerRun),
        target: 'bounded (continues as new)',
        met: continued.length > 0 && continued.every((r) => r.events <= threshold + 2 * (productYear / months) + 10),
        note: `continue-as-new check (threshold ${threshold}): run lengths ${chain.map((r) => r.events).join(', ')}`,
      },
    ],
    details: {
      revisitsPerYear: months,
      product: { eventsBeforeRevisits: productStart, eventsPerYear: productYear, eventsPerRevisit: round(productYear / months, 2) },
      baseline: { eventsBeforeUpdates: bareStart, eventsPerYear: bareYear, eventsPerUpdate: round(bareYear / months, 2) },
      maxHistoryEvents: sizes.maxHistoryEvents,
      resumedRunStartEvents: resumedRunStart,
      yearsPerRun: round(yearsPerRun, 2),
      runsPerYear: round(1 / yearsPerRun, 3),
      continueAsNewCheck: { threshold, revisits: Math.min(revisitsNeeded, 200), runs: chain },
    },
  };
}
