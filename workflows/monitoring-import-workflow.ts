// One monitoring import (DESIGN.md §8): its records go into the monitored register chunk by chunk
// (phase apply), then every person it touched is evaluated against the warning rules (phase evaluate),
// then the import is completed. Each chunk commits its effects together with its chunk row, so an
// activity retried after a crash, or a workflow resumed on another worker, changes nothing twice.
import { ActivityFailure, ApplicationFailure, proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { MonitoringImportActivities } from '../activities/monitoring-import';
import { ACTIVITY_HEARTBEAT_TIMEOUT, NON_RETRYABLE_ACTIVITY_FAILURES } from './activity-options';
import type { MonitoringImportInput, MonitoringImportResult } from './import-definitions';

const retry: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: NON_RETRYABLE_ACTIVITY_FAILURES,
};

// A chunk is a thousand records or a few hundred people: well under a minute even on a loaded machine.
const { markImportRunning, applyImportChunk, evaluateImportChunk, startWarningClocks, completeImport, failImport } =
  proxyActivities<MonitoringImportActivities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
    retry,
  });

export async function monitoringImportWorkflow(input: MonitoringImportInput): Promise<MonitoringImportResult> {
  const { importId } = input;
  try {
    const { chunks } = await markImportRunning(importId);
    for (let chunk = 0; chunk < chunks; chunk++) await applyImportChunk({ importId, chunk });
    // Clocks start after their chunk's commit (a clock only for a warning that exists), while the next
    // chunk is evaluated: the database work and the Temporal round trips overlap.
    const clocksStarted: Promise<unknown>[] = [];
    for (let chunk = 0; ; chunk++) {
      const evaluated = await evaluateImportChunk({ ...input, chunk });
      if (evaluated.clocks.length > 0) clocksStarted.push(startWarningClocks(evaluated.clocks));
      if (evaluated.done) break;
    }
    await Promise.all(clocksStarted);
    return await completeImport(importId);
  } catch (err) {
    // Only a failure retrying cannot fix ends here (the retry policy retries everything else).
    const reason = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? (err.cause.type ?? 'failed') : 'failed';
    await failImport({ importId, reason });
    throw ApplicationFailure.create({ type: 'IMPORT_FAILED', message: `import ${importId} failed: ${reason}`, nonRetryable: true });
  }
}
