// Listing escalations (GET /escalations): the caller's filters ANDed with their jurisdiction in SQL,
// newest first, paginated with an opaque keyset cursor over (escalatedAt, escalationId).
import type { Actor } from '../../domain/case-types';
import type { ApiContext } from '../deps';
import { AppError, validationError } from '../errors';
import type { ListEscalationsQuery } from '../escalation-schemas';
import { listEscalations, type EscalationCursor } from '../repositories/escalations';
import type { EscalationOut } from '../schemas';
import { requireCaseReader, scopeFilterOf } from '../scope';

export const DEFAULT_ESCALATION_PAGE_SIZE = 50;
const CURSOR_VERSION = 1;

export function encodeEscalationCursor(c: EscalationCursor): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, c.escalatedAt, c.escalationId]), 'utf8').toString('base64url');
}

/** Throws a 422 naming the `cursor` parameter when it was not produced by encodeEscalationCursor. */
export function decodeEscalationCursor(text: string): EscalationCursor {
  const invalid = () =>
    new AppError(422, 'VALIDATION_FAILED', 'the cursor is invalid', {
      errors: [{ path: 'cursor', message: 'is not a cursor returned by this API; start again without it' }],
    });
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== CURSOR_VERSION) throw invalid();
  const [, at, id] = value as [number, unknown, unknown];
  if (typeof id !== 'string' || id.length === 0 || id.length > 300) throw invalid();
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) throw invalid();
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
  });
  const last = items.at(-1);
  return hasMore && last ? { items, nextCursor: encodeEscalationCursor({ escalatedAt: last.escalatedAt, escalationId: last.escalationId }) } : { items };
}
