// Possible duplicates reach the street supervisors at once (§7): one in-app notification per pair and
// supervisor of either street, written to the outbox with a deterministic key so a retry adds nothing.
import type { ApiContext } from '../http/deps';
import type { CaseRecord, OpenCaseRef } from './repository';

export async function notifyStreetSupervisors(ctx: ApiContext, row: CaseRecord, other: OpenCaseRef): Promise<void> {
  const streets = [...new Set([row.streetCode, other.streetCode])];
  const supervisors = await ctx.prisma.staffUser.findMany({
    where: { role: 'street_supervisor', active: true, jurisdictionCode: { in: streets } },
    select: { id: true },
  });
  const [a, b] = row.caseId < other.caseId ? [row.caseId, other.caseId] : [other.caseId, row.caseId];
  const at = ctx.now();
  await ctx.prisma.notification.createMany({
    data: supervisors.map((s) => ({
      dedupKey: `possible-duplicate:${a}:${b}:${s.id}:in_app`,
      caseId: row.caseId,
      recipientId: s.id,
      channel: 'in_app',
      kind: 'possible-duplicate',
      state: 'delivered',
      deliveredAt: at,
      payload: {
        caseId: row.caseId,
        otherCaseId: other.caseId,
        title: '疑似重复：同一家庭另有在办案件，请核实后合并',
        streetCode: row.streetCode,
        at: at.toISOString(),
      },
    })),
    skipDuplicates: true,
  });
}
