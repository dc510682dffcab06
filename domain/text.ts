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
