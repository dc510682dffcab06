// Listing warnings (GET /warnings): the caller's filters ANDed with their jurisdiction in SQL, newest
// first, paginated with an opaque keyset cursor over (raisedAt, warningId).
import type { Actor } from '../../domain/case-types';
import { decodeKeyset, encodeKeyset, invalidCursor } from '../http/cursor';
import type { ApiContext } from '../http/deps';
import { requireCaseReader, scopeFilterOf } from '../http/scope';
import { toWarningSummary } from './get-warning';
import { listWarnings, type WarningCursor } from './repository';
import type { ListWarningsQuery, WarningSummary } from './schemas';

const DEFAULT_PAGE_SIZE = 50;

function encodeWarningCursor(c: WarningCursor): string {
  return encodeKeyset([c.raisedAt, c.warningId]);
}

/** Throws a 422 naming the `cursor` parameter when it was not produced by encodeWarningCursor. */
function decodeWarningCursor(text: string): WarningCursor {
  const [at, id] = decodeKeyset(text, 2);
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw invalidCursor();
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) throw invalidCursor();
  return { raisedAt: at, warningId: id };
}

export async function listWarningsForActor(
  ctx: ApiContext,
  actor: Actor,
  query: ListWarningsQuery,
): Promise<{ items: WarningSummary[]; nextCursor?: string }> {
  requireCaseReader(actor);
  const { rows, hasMore } = await listWarnings(ctx.prisma, {
    scope: scopeFilterOf(actor),
    filters: { level: query.level, status: query.status, districtCode: query.districtCode, streetCode: query.streetCode },
    after: query.cursor ? decodeWarningCursor(query.cursor) : undefined,
    limit: query.limit ?? DEFAULT_PAGE_SIZE,
  });
  const items = rows.map(toWarningSummary);
  const last = items.at(-1);
  return hasMore && last ? { items, nextCursor: encodeWarningCursor({ raisedAt: last.raisedAt, warningId: last.warningId }) } : { items };
}
