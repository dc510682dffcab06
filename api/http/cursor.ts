// Opaque pagination cursors for case lists: the (nextDueAt, caseId) of the last item returned, in the
// list's sort order (next due date ascending, cases without a deadline last, then case id).
import { AppError } from './errors';

export interface CaseCursor {
  /** ISO instant, or null for the cases without a running deadline (sorted last). */
  nextDueAt: string | null;
  caseId: string;
}

const VERSION = 1;

/**
 * Keyset cursors shared by every paginated list: a versioned JSON array of the last item's sort
 * keys, base64url-encoded so clients treat it as opaque.
 */
export function encodeKeyset(keys: readonly unknown[]): string {
  return Buffer.from(JSON.stringify([VERSION, ...keys]), 'utf8').toString('base64url');
}

/** The sort keys of a cursor made by encodeKeyset, or a 422 naming the `cursor` parameter. */
export function decodeKeyset(text: string, arity: number): unknown[] {
  const invalid = invalidCursor;
  const bytes = Buffer.from(text, 'base64url');
  // Node's base64url decoder skips characters outside the alphabet, so a cursor must re-encode to itself.
  if (bytes.toString('base64url') !== text) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== arity + 1 || value[0] !== VERSION) throw invalid();
  return value.slice(1);
}

export function encodeCursor(c: CaseCursor): string {
  return encodeKeyset([c.nextDueAt, c.caseId]);
}

/** Throws a 422 naming the `cursor` parameter when it was not produced by encodeCursor. */
export function decodeCursor(text: string): CaseCursor {
  const [due, caseId] = decodeKeyset(text, 2);
  if (typeof caseId !== 'string' || caseId.length === 0 || caseId.length > 200) throw invalidCursor();
  if (due !== null && (typeof due !== 'string' || Number.isNaN(Date.parse(due)))) throw invalidCursor();
  return { nextDueAt: due, caseId };
}

export function invalidCursor(): AppError {
  return new AppError('VALIDATION_FAILED', 'the cursor is invalid', {
    errors: [{ path: 'cursor', message: 'is not a cursor returned by this API; start again without it' }],
  });
}
