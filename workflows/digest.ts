// The daily digest run, started by a Temporal Schedule at the policy's time of day (08:00
// Asia/Shanghai by default). One activity writes every person's digest; its rows are keyed by person
// and local date, so a retried activity, a manual trigger or a catch-up run never sends a day twice.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from './activity-options';
import type { DailyDigestInput, DigestRunResult } from './notification-definitions';

const { sendDailyDigests } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 20 },
});

/** Set by the Schedule on every workflow it starts: the time the action was due, not when it ran. */
const ScheduledStartTimeKey = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export async function dailyDigestWorkflow(input: DailyDigestInput): Promise<DigestRunResult> {
  const info = workflowInfo();
  const scheduledFor = info.typedSearchAttributes.get(ScheduledStartTimeKey) ?? info.startTime;
  return await sendDailyDigests({ ...input, at: scheduledFor.toISOString() });
}
