// The webhook dispatcher: a long-lived workflow per task queue that delivers pending webhook rows of
// the outbox. Each round is one activity (claim the due head of each case, POST it, record the
// outcome); between rounds it sleeps until the earliest retry is due or until woken by a signal.
// It runs beside the case workflows, so a slow or dead receiver never delays a case's Updates.
import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from './activity-options';
import { wakeDispatcherSignal, type DispatchInput } from './notification-definitions';

// One round posts at most a batch with a 10 s timeout per request and bounded parallelism, so two
// minutes covers it; a failed round (database down) is retried with backoff and loses nothing.
const { dispatchWebhooks } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const DEFAULT_IDLE_POLL_MS = 60_000;
/** Rounds per run before continuing as new; keeps history small whatever the traffic. */
const ROUNDS_PER_RUN = 500;

export async function notificationDispatchWorkflow(input: DispatchInput = {}): Promise<void> {
  const idlePollMs = input.idlePollMs ?? DEFAULT_IDLE_POLL_MS;
  let woken = false;
  setHandler(wakeDispatcherSignal, () => {
    woken = true;
  });

  for (let round = 0; round < ROUNDS_PER_RUN; round++) {
    // Cleared before the round: a wake-up that arrives while the round runs triggers the next one.
    woken = false;
    const result = await dispatchWebhooks();
    if (result.more) continue;
    const untilDue = result.nextDueAt === null ? idlePollMs : Date.parse(result.nextDueAt) - Date.now();
    await condition(() => woken, Math.max(1, Math.min(untilDue, idlePollMs)));
    if (workflowInfo().continueAsNewSuggested) break;
  }
  // Signals that arrived since the last round are not lost: the next run starts with a round.
  await continueAsNew<typeof notificationDispatchWorkflow>(input);
}
