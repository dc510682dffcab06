// Free text and incomes in the read model (DESIGN.md §7, "personal data at rest"): before a case's
// view, snapshot or events are written to PostgreSQL, the values of these keys are replaced by a
// sealed marker `{"$sealed": <ciphertext>}`; readers in scope open them again. Everything else (stages,
// codes, amounts of aid, deadlines) stays queryable. Pure: the cipher is passed in.

/**
 * Keys whose values are about a family in their own words, or their income: summaries, visit
 * findings, economic-check details, reasons, notes, charity needs, descriptions, objections.
 * A key holding an object (an event's `details`) is searched inside, not sealed as a whole.
 */
const SEALED_KEYS: ReadonlySet<string> = new Set([
  'summary',
  'findings',
  'details',
  'reason',
  'closeReason',
  // §14: why a case was closed or transferred while escalated (the escalation record's copy of the reason).
  'endReason',
  'note',
  'needs',
  'description',
  'monthlyIncome',
]);

export const SEALED_MARKER = '$sealed';

export interface Sealer {
  encrypt(plain: string): string;
  decrypt(token: string): string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function isSealed(v: unknown): v is { [SEALED_MARKER]: string } {
  return isPlainObject(v) && Object.keys(v).length === 1 && typeof v[SEALED_MARKER] === 'string';
}

/** A deep copy of `value` with every sealed key's value encrypted; a value sealed already stays as it is. */
export function sealFields<T>(value: T, cipher: Pick<Sealer, 'encrypt'>): T {
  return walk(value, (key, v) => {
    if (!SEALED_KEYS.has(key) || v === undefined || v === null || isSealed(v) || isPlainObject(v)) return undefined;
    return { [SEALED_MARKER]: cipher.encrypt(JSON.stringify(v)) };
  }) as T;
}

/** The inverse of sealFields; values that were never sealed (rows written before sealing) pass through. */
export function openFields<T>(value: T, cipher: Pick<Sealer, 'decrypt'>): T {
  return walk(value, (_key, v) => (isSealed(v) ? (JSON.parse(cipher.decrypt(v[SEALED_MARKER])) as unknown) : undefined)) as T;
}

/** Whether any sealed key of `value` still holds a value in clear (a row from before sealing). */
export function hasUnsealedFields(value: unknown): boolean {
  let found = false;
  walk(value, (key, v) => {
    if (SEALED_KEYS.has(key) && v !== undefined && v !== null && !isSealed(v) && !isPlainObject(v)) found = true;
    return undefined;
  });
  return found;
}

/** Copies `value`, letting `replace(key, child)` substitute an object member (undefined keeps walking). */
function walk(value: unknown, replace: (key: string, child: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, replace));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const replaced = replace(key, child);
    out[key] = replaced === undefined ? walk(child, replace) : replaced;
  }
  return out;
}
