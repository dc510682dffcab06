// Feedback to whoever reported (GET /me/reports, §7): the caller's own reports with the case's current
// stage and, once decided, its outcome. Nothing else about the person, whoever the caller is.
import type { Actor, CaseView } from '../../domain/case-types';
import { caseOutcome, householdKeyOf } from '../../domain/household';
import { caseWorkflowId } from '../../workflows/definitions';
import { decodeKeyset, encodeKeyset, invalidCursor } from '../http/cursor';
import type { ApiContext } from '../http/deps';
import { listOwnReports } from './repository';
import type { MyReports } from './schemas';
import { isApprovedItem } from '../../domain/assistance';

const DEFAULT_LIMIT = 50;

export async function listMyReports(ctx: ApiContext, actor: Actor, query: { cursor?: string; limit?: number }): Promise<MyReports> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  let after: { receivedAt: Date; reportId: string } | undefined;
  if (query.cursor !== undefined) {
    const [receivedAt, reportId] = decodeKeyset(query.cursor, 2);
    if (typeof receivedAt !== 'string' || typeof reportId !== 'string' || Number.isNaN(Date.parse(receivedAt))) {
      throw invalidCursor();
    }
    after = { receivedAt: new Date(receivedAt), reportId };
  }
  const rows = await listOwnReports(ctx.prisma, actor.userId, limit + 1, after);
  const page = rows.slice(0, limit);
  // Each report went to the case workflow of its household (domain/household.ts); of that workflow's
  // cases, the one whose reportIds hold it is the report's. Stage and outcome fields are plain in the view.
  const workflowIds = [...new Set(page.map((r) => caseWorkflowId(householdKeyOf(r.householdId))))];
  const cases = await ctx.prisma.case.findMany({
    where: { workflowId: { in: workflowIds } },
    select: { workflowId: true, stage: true, view: true },
  });
  const caseOf = (r: (typeof page)[number]) => {
    const workflowId = caseWorkflowId(householdKeyOf(r.householdId));
    return cases.find((c) => c.workflowId === workflowId && (c.view as unknown as CaseView).reportIds?.includes(r.reportId));
  };
  const items = page.map((r) => {
    const c = caseOf(r);
    const view = c?.view as unknown as CaseView | undefined;
    const outcome =
      c && view ? caseOutcome({ ...view, stage: c.stage, assisted: (view.assistance ?? []).some(isApprovedItem) }) : undefined;
    return {
      reportId: r.reportId,
      receivedAt: r.receivedAt.toISOString(),
      channel: r.channel as MyReports['items'][number]['channel'],
      stage: (c?.stage ?? null) as MyReports['items'][number]['stage'],
      ...(outcome ? { outcome } : {}),
    };
  });
  const last = page.at(-1);
  return { items, ...(rows.length > limit && last ? { nextCursor: encodeKeyset([last.receivedAt.toISOString(), last.reportId]) } : {}) };
}
