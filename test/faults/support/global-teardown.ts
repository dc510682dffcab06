// Jest global teardown of the fault tests: removes the template PostgreSQL data directory.
import type { OwnPostgres } from './own-postgres';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __PA_FAULT_TEMPLATE__?: OwnPostgres }).__PA_FAULT_TEMPLATE__?.destroy();
}
