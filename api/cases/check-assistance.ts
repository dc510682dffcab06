// Temporary assistance again within the cooldown (DESIGN.md §10) counts the household's earlier cases
// too. The case workflow sees only its own items; the household's earlier cases (earlier runs of the
// same workflow, since a household's cases share it) are in the read model, so approve-assistance is
// checked against them here, before the Update, with the same rule (domain/assistance.ts). A refusal
// names the field and changes nothing; with `override` the workflow records the reason in the item.
import type { CaseActionRequest } from '../../domain/action-schemas';
import { temporaryCooldownMs, temporaryWithinCooldown } from '../../domain/assistance';
import type { AssistanceItem } from '../../domain/case-types';
import type { ApiContext } from '../http/deps';
import { AppError } from '../http/errors';
import type { CaseRecord } from './repository';

export async function checkTemporaryCooldown(ctx: ApiContext, action: CaseActionRequest, row: CaseRecord): Promise<void> {
  if (action.type !== 'approve-assistance' || action.override) return;
  const items = row.view.assistance ?? [];
  const proposed = items.filter((i) => i.status === 'proposed');
  const item =
    action.itemId !== undefined ? items.find((i) => i.itemId === action.itemId) : proposed.length === 1 ? proposed[0] : undefined;
  // Anything else (no such item, several proposed) is the workflow's to refuse, with its own answer.
  if (item?.status !== 'proposed' || item.assistanceType !== 'temporary') return;
  const earlier = await ctx.prisma.case.findMany({
    where: { workflowId: row.workflowId, caseId: { not: row.caseId } },
    select: { view: true },
  });
  const approvals = earlier.flatMap((c) => (c.view as { assistance?: AssistanceItem[] }).assistance ?? []);
  const found = temporaryWithinCooldown(approvals, ctx.now().toISOString(), temporaryCooldownMs(row.snapshot.policy));
  if (!found) return;
  const message = `temporary assistance was approved for this household on an earlier case at ${found.approvedAt}; another before ${found.until} needs override {reason}`;
  throw new AppError('TEMPORARY_AID_COOLDOWN', message, { errors: [{ path: 'override', message: `is required: ${message}` }] });
}
