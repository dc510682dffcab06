// Messages, ids and inputs of the notification workflows (webhook dispatcher, daily digest): the
// contract the API, the activities and the platform share. Imports no activities and no Node built-ins.
import { defineSignal } from '@temporalio/workflow';
import type { DeliverySettings } from '../domain/notification-delivery';

export const NOTIFICATION_DISPATCH_WORKFLOW_TYPE = 'notificationDispatchWorkflow';
export const DAILY_DIGEST_WORKFLOW_TYPE = 'dailyDigestWorkflow';

/**
 * One dispatcher per task queue (so test platforms on their own queues stay apart). Several
 * dispatchers may run against one database: rows are claimed with SKIP LOCKED and a lease.
 */
export function dispatcherWorkflowId(taskQueue: string): string {
  return `notification-dispatcher-${taskQueue}`;
}

export function digestScheduleId(taskQueue: string): string {
  return `daily-digest-${taskQueue}`;
}

/** "New webhook rows are waiting" (sent after projection, a digest run or a retry from the API). */
export const wakeDispatcherSignal = defineSignal('wake');

export interface DispatchInput {
  /** How long the dispatcher sleeps when nothing is due and nobody wakes it (a safety net for lost wake-ups). */
  idlePollMs?: number;
}

export interface DispatchResult {
  claimed: number;
  delivered: number;
  retrying: number;
  dead: number;
  cancelled: number;
  /** Earliest instant at which some case's head notification is due, or null when nothing waits. */
  nextDueAt: string | null;
  /** The batch was full: more may be due right now. */
  more: boolean;
}

export interface DailyDigestInput {
  timezone: string;
  delivery: DeliverySettings;
}

export interface DigestRunInput extends DailyDigestInput {
  /** The instant the run was scheduled for: its local date keys the digest (a late catch-up keeps its day). */
  at: string;
}

export interface DigestRunResult {
  localDate: string;
  recipients: number;
  inApp: number;
  webhooks: number;
}
