// Opaque pagination cursors for case lists: the (nextDueAt, caseId) of the last item returned, in the
// list's sort order (next due date ascending, cases without a deadline last, then case id).
import { AppError } from './errors';

export interface CaseCursor {
  /** ISO instant, or null for the cases without a running deadline (sorted last). */
  nextDueAt: string | null;
  caseId: string;
}

const VERSION = 1;

export function encodeCursor(c: CaseCursor): string {
  return Buffer.from(JSON.stringify([VERSION, c.nextDueAt, c.caseId]), 'utf8').toString('base64url');
}

/** Throws a 422 naming the `cursor` parameter when it was not produced by encodeCursor. */
export function decodeCursor(text: string): CaseCursor {
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
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== VERSION) throw invalid();
  const [, due, caseId] = value as [number, unknown, unknown];
  if (typeof caseId !== 'string' || caseId.length === 0 || caseId.length > 200) throw invalid();
  if (due !== null && (typeof due !== 'string' || Number.isNaN(Date.parse(due)))) throw invalid();
  return { nextDueAt: due as string | null, caseId };
}
