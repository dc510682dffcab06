// Listing escalations (GET /escalations): the caller's filters ANDed with their jurisdiction in SQL,
// newest first, paginated with an opaque keyset cursor over (escalatedAt, escalationId).
import type { Actor } from '../../domain/case-types';
import { decodeKeyset, encodeKeyset, invalidCursor } from '../http/cursor';
import type { ApiContext } from '../http/deps';
import { validationError } from '../http/errors';
import type { ListEscalationsQuery } from './schemas';
import { listEscalations, type EscalationCursor } from './repository';
import type { EscalationOut } from './schemas';
import { requireCaseReader, scopeFilterOf } from '../http/scope';

const DEFAULT_ESCALATION_PAGE_SIZE = 50;
export function encodeEscalationCursor(c: EscalationCursor): string {
  return encodeKeyset([c.escalatedAt, c.escalationId]);
}

/** Throws a 422 naming the `cursor` parameter when it was not produced by encodeEscalationCursor. */
export function decodeEscalationCursor(text: string): EscalationCursor {
  const [at, id] = decodeKeyset(text, 2);
  if (typeof id !== 'string' || id.length === 0 || id.length > 300) throw invalidCursor();
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) throw invalidCursor();
  return { escalatedAt: at, escalationId: id };
}

export async function listEscalationsForActor(
  ctx: ApiContext,
  actor: Actor,
  query: ListEscalationsQuery,
): Promise<{ items: EscalationOut[]; nextCursor?: string }> {
  // Report-only roles (hotline, department, reporter) never see case data, escalations included.
  requireCaseReader(actor);
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from >= to) throw validationError([{ path: 'to', message: 'must be later than from' }], 'invalid query parameters');
  const limit = query.limit ?? DEFAULT_ESCALATION_PAGE_SIZE;
  const { items, hasMore } = await listEscalations(ctx.prisma, {
    scope: scopeFilterOf(actor),
    filters: {
      level: query.level,
      status: query.status,
      districtCode: query.districtCode,
      streetCode: query.streetCode,
      clock: query.clock,
      from,
      to,
    },
    after: query.cursor ? decodeEscalationCursor(query.cursor) : undefined,
    limit,
    cipher: ctx.pii,
  });
  const last = items.at(-1);
  return hasMore && last
    ? { items, nextCursor: encodeEscalationCursor({ escalatedAt: last.escalatedAt, escalationId: last.escalationId }) }
    : { items };
}
