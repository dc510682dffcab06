// Listing cases (GET /cases): the caller's filters ANDed with their jurisdiction in SQL, sorted by the
// next due date, paginated with an opaque keyset cursor.
import type { Actor } from '../../domain/case-types';
import { decodeCursor, encodeCursor } from '../http/cursor';
import type { ApiContext } from '../http/deps';
import { listCases, type CaseRow } from './repository';
import type { CaseSummary, ListCasesQuery } from './schemas';
import { requireCaseReader, scopeFilterOf } from '../http/scope';

const DEFAULT_PAGE_SIZE = 50;

function toCaseSummary(row: CaseRow, now: Date): CaseSummary {
  return {
    caseId: row.caseId,
    stage: row.stage,
    urgency: row.urgency,
    districtCode: row.districtCode,
    streetCode: row.streetCode,
    assigneeId: row.assigneeId,
    escalationLevel: row.escalationLevel,
    nextDueAt: row.nextDueAt,
    nextDueClock: row.nextDueClock,
    clockPaused: row.clockPaused,
    overdue: row.nextDueAt !== null && Date.parse(row.nextDueAt) < now.getTime(),
    policyVersion: row.policyVersion,
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    updatedAt: row.updatedAt,
  };
}

export async function listCasesForActor(
  ctx: ApiContext,
  actor: Actor,
  query: ListCasesQuery,
): Promise<{ items: CaseSummary[]; nextCursor?: string }> {
  requireCaseReader(actor);
  const now = ctx.now();
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const { rows, hasMore } = await listCases(ctx.prisma, {
    scope: scopeFilterOf(actor),
    filters: {
      stage: query.stage,
      districtCode: query.districtCode,
      streetCode: query.streetCode,
      urgency: query.urgency,
      escalationLevel: query.escalationLevel,
      assigneeId: query.assigneeId,
      overdue: query.overdue === undefined ? undefined : { value: query.overdue, now },
    },
    after,
    limit,
  });
  const items = rows.map((r) => toCaseSummary(r, now));
  const last = rows.at(-1);
  return hasMore && last ? { items, nextCursor: encodeCursor({ nextDueAt: last.nextDueAt, caseId: last.caseId }) } : { items };
}
