// Client-side helpers for the notification workflows, used by the platform at start-up, the API and
// activities: create-or-update the daily digest Schedule, make sure the webhook dispatcher runs, and
// wake it.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptionsAction,
  type ScheduleSpec,
} from '@temporalio/client';
import { digestScheduleOf } from '../domain/digest';
import { deliverySettingsOf } from '../domain/notification-delivery';
import type { CasePolicy } from '../domain/policy';
import {
  DAILY_DIGEST_WORKFLOW_TYPE,
  digestScheduleId,
  dispatcherWorkflowId,
  NOTIFICATION_DISPATCH_WORKFLOW_TYPE,
  wakeDispatcherSignal,
  type DailyDigestInput,
  type DispatchInput,
} from '../workflows/notification-definitions';

/**
 * A missed run (server down at 08:00) is taken once when the server is back within a day; SKIP means
 * a catch-up never runs beside another run, and an outage longer than a day skips that day rather than
 * sending stale digests in a burst.
 */
const DIGEST_CATCHUP_WINDOW = '1 day' as const;

/**
 * Creates the daily digest Schedule, or brings an existing one up to date with the policy (time of
 * day, time zone, delivery settings). Safe to call on every start and from several processes at once.
 */
export async function ensureDigestSchedule(
  client: Client,
  policy: CasePolicy,
  taskQueue: string,
): Promise<{ scheduleId: string; created: boolean }> {
  const { hour, minute, timezone } = digestScheduleOf(policy);
  const scheduleId = digestScheduleId(taskQueue);
  const input: DailyDigestInput = { timezone, delivery: deliverySettingsOf(policy) };
  const spec: ScheduleSpec = { calendars: [{ hour, minute, comment: 'daily digest of revisits and deadlines' }], timezone };
  const action: ScheduleOptionsAction = {
    type: 'startWorkflow',
    workflowType: DAILY_DIGEST_WORKFLOW_TYPE,
    // The Schedule appends the scheduled time, so every run has its own id.
    workflowId: `daily-digest-run-${taskQueue}`,
    taskQueue,
    args: [input],
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: DIGEST_CATCHUP_WINDOW };
  const handle = client.schedule.getHandle(scheduleId);
  const update = () => handle.update((previous) => ({ ...previous, spec, action, policies }));

  try {
    await handle.describe();
    await update();
    return { scheduleId, created: false };
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return { scheduleId, created: true };
  } catch (err) {
    // Another process created it between our describe and create.
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await update();
    return { scheduleId, created: false };
  }
}

function dispatcherStart(taskQueue: string, input: DispatchInput) {
  return { workflowId: dispatcherWorkflowId(taskQueue), taskQueue, args: [input] as [DispatchInput] };
}

/** Starts the webhook dispatcher of this task queue unless it already runs. */
export async function ensureNotificationDispatcher(client: Client, taskQueue: string, input: DispatchInput = {}): Promise<void> {
  await client.workflow.start(NOTIFICATION_DISPATCH_WORKFLOW_TYPE, {
    ...dispatcherStart(taskQueue, input),
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/** Tells the dispatcher that rows are waiting, starting it if it is not running. */
export async function wakeNotificationDispatcher(client: Client, taskQueue: string): Promise<void> {
  await client.workflow.signalWithStart(NOTIFICATION_DISPATCH_WORKFLOW_TYPE, {
    ...dispatcherStart(taskQueue, {}),
    signal: wakeDispatcherSignal,
    signalArgs: [],
  });
}
