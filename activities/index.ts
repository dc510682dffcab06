// All activities of the case workflow, built once per worker over their dependencies. Workflows
// import only the type `CaseActivities` and proxy calls through Temporal.
import type { PrismaClient } from '../generated/prisma/client';
import { createProjectionActivities } from './projection';

export interface ActivityDeps {
  prisma: PrismaClient;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createProjectionActivities(deps),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
