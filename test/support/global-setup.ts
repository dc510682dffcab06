// Jest global setup for component tests: starts the shared Temporal server and database once and
// hands their addresses to test files through environment variables.
import { startSharedStack } from './stack';

export default async function globalSetup(): Promise<void> {
  const stack = await startSharedStack();
  (globalThis as { __PA_STACK__?: unknown }).__PA_STACK__ = stack;
  process.env.TEST_TEMPORAL_ADDRESS = stack.temporal.address;
  process.env.TEST_DATABASE_URL = stack.database.url;
  process.env.TEST_MIGRATION_DATABASE_URL = stack.database.ownerUrl;
  process.env.TEST_WORKFLOW_BUNDLE = stack.workflowBundlePath;
  // PGlite serves one connection's query at a time; interleaved pools corrupt its unnamed statements.
  process.env.TEST_DATABASE_POOL = stack.database.embedded ? '1' : '4';
}
