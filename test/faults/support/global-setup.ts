// Jest global setup of the fault tests: builds the workflow bundle once, and migrates and seeds one
// template PostgreSQL data directory that every test file copies into a server of its own (see
// fault-stack.ts). Runs in Jest's parent process, where Prisma's wasm schema engine works.
import { createPrisma, migrate } from '../../../runtime/database';
import { seed } from '../../../runtime/seed';
import { buildWorkflowBundle } from '../../support/stack';
import { startOwnPostgres } from './own-postgres';

export default async function globalSetup(): Promise<void> {
  const [bundle, template] = await Promise.all([buildWorkflowBundle(), startOwnPostgres()]);
  try {
    await migrate(template.url);
    const prisma = createPrisma(template.url, { poolSize: 1 });
    try {
      await seed(prisma);
    } finally {
      await prisma.$disconnect();
    }
    await template.stop('fast');
  } catch (err) {
    await template.destroy();
    throw err;
  }
  (globalThis as { __PA_FAULT_TEMPLATE__?: unknown }).__PA_FAULT_TEMPLATE__ = template;
  process.env.FAULT_WORKFLOW_BUNDLE = bundle;
  process.env.FAULT_PG_TEMPLATE = template.dataDir;
}
