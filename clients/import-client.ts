// The caller's side of the monitoring import workflow: start it once per import. Starting again (a
// retried request, an import whose first start failed) is harmless: a running or finished import's
// workflow is never started a second time.
import type { Client } from '@temporalio/client';
import { CASE_TASK_QUEUE, discoveryTaskQueue } from '../workflows/definitions';
import { MONITORING_IMPORT_WORKFLOW_TYPE, monitoringImportWorkflowId, type MonitoringImportInput } from '../workflows/import-definitions';
import { isAlreadyStarted } from './temporal-failures';

/** `caseTaskQueue` is the platform's case queue; the import runs on the discovery queue beside it. */
export async function startImportWorkflow(temporal: Client, input: MonitoringImportInput, caseTaskQueue = CASE_TASK_QUEUE): Promise<void> {
  try {
    await temporal.workflow.start(MONITORING_IMPORT_WORKFLOW_TYPE, {
      workflowId: monitoringImportWorkflowId(input.importId),
      taskQueue: discoveryTaskQueue(caseTaskQueue),
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!isAlreadyStarted(err)) throw err;
  }
}
