// Free text accepted from clients (names, summaries, findings, reasons): trimmed, non-empty, bounded,
// and storable. NUL characters cannot be stored in PostgreSQL text or jsonb, so one in an action's
// findings would make the case's projection fail on every retry and wedge the case; unpaired UTF-16
// surrogates cannot be encoded as UTF-8 and would silently become U+FFFD. Both are refused at the edge.
import { z } from 'zod';

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const UNSTORABLE_TEXT_MESSAGE = 'must be plain text, without NUL characters or unpaired surrogates';

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** A required free-text field of at most `max` characters (after trimming). */
export function text(max: number) {
  return z.string().trim().min(1).max(max).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
}

/**
 * A resident ID number's shape (GB 11643: 17 digits and a digit or X), the part a JSON Schema pattern
 * can say; the check digit and the birth date are domain/ids.ts's validateIdNumber. `[0-9]`, not `\d`:
 * a generator reading the document with Python's `re` takes `\d` for any Unicode digit.
 */
const ID_NUMBER_PATTERN = /^[0-9]{17}[0-9Xx]$/;

/** An 18-character resident ID number as a client sends it (trimmed); the document shows the pattern. */
export function idNumberText() {
  return z.string().trim().regex(ID_NUMBER_PATTERN, 'must be 18 characters: 17 digits and a final digit or X');
}
