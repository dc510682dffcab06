// Listing the access log (GET /access-log): who read whose personal data (§7, §14). District officers
// see the reads of their district's data, city officers every read (codec decodes, which belong to no
// district, only they); every other role is refused. Newest first, opaque keyset cursor over (at, id).
import type { Actor } from '../../domain/case-types';
import { scopeLevel } from '../../domain/roles';
import { decodeKeyset, encodeKeyset, invalidCursor } from '../http/cursor';
import type { ApiContext } from '../http/deps';
import { validationError } from '../http/errors';
import { listAccessLog, type AccessLogCursor } from './repository';
import type { AccessLogEntryOut, ListAccessLogQuery } from './schemas';

const DEFAULT_PAGE_SIZE = 50;

function encodeAccessLogCursor(c: AccessLogCursor): string {
  return encodeKeyset([c.at, c.id.toString()]);
}

/** Throws a 422 naming the `cursor` parameter when it was not produced by encodeAccessLogCursor. */
function decodeAccessLogCursor(text: string): AccessLogCursor {
  const [at, id] = decodeKeyset(text, 2);
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) throw invalidCursor();
  if (typeof id !== 'string' || !/^\d{1,18}$/.test(id)) throw invalidCursor();
  return { at, id: BigInt(id) };
}

/** The caller is a district or city officer (the route checked the role). */
export async function listAccessLogForActor(
  ctx: ApiContext,
  actor: Actor,
  query: ListAccessLogQuery,
): Promise<{ items: AccessLogEntryOut[]; nextCursor?: string }> {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from > to) throw validationError([{ path: 'from', message: 'must not be later than to' }], 'invalid query parameters');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  // A district officer's own district, whatever the filters say; a city officer reads the whole log.
  const districtCode = scopeLevel(actor.jurisdictionCode) === 'city' ? undefined : actor.jurisdictionCode;
  const { items, hasMore } = await listAccessLog(ctx.prisma, {
    filters: { districtCode, personId: query.personId, userId: query.userId, kind: query.kind, from, to },
    after: query.cursor ? decodeAccessLogCursor(query.cursor) : undefined,
    limit,
  });
  const last = items.at(-1);
  return hasMore && last ? { items, nextCursor: encodeAccessLogCursor({ at: last.at, id: BigInt(last.id) }) } : { items };
}
