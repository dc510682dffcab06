// Jest global teardown: stops the shared Temporal server and drops the test database.
import type { SharedStack } from './stack';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { __PA_STACK__?: SharedStack }).__PA_STACK__;
  if (!stack) return;
  await stack.temporal.stop();
  await stack.database.stop();
}
