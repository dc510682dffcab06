// Entry point the worker bundles (workflowsPath): every workflow type the platform runs.
export { caseWorkflow } from './case-workflow';
export { dailyDigestWorkflow } from './digest';
export { notificationDispatchWorkflow } from './notification-dispatch';
export { warningVerifyWorkflow } from './warning-workflow';
export { monitoringImportWorkflow } from './monitoring-import-workflow';
