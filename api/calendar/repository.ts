// Read-model queries of the calendar feature: which running cases hold a provisional working-day deadline.
import type { PrismaClient } from '../../generated/prisma/client';

/**
 * Workflow ids of the open cases whose projected view lists a provisional deadline (§9): the ones to
 * tell when a year's calendar is loaded. The read model can lag a moment behind a workflow; a case
 * missed that way keeps its weekday count until the next load, and a case signalled needlessly does nothing.
 */
export async function openCasesWithProvisionalDeadlines(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ workflowId: string }[]>`
    SELECT "workflowId" FROM cases
    WHERE stage <> 'closed' AND view->'deadlines' @> '[{"provisional": true}]'::jsonb
    ORDER BY "workflowId"`;
  return [...new Set(rows.map((r) => r.workflowId))];
}
