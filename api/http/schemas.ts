// Schemas every route shares: the field error and the problem-details answer (RFC 9457).
import { z } from 'zod';

export const fieldErrorSchema = z.strictObject({ path: z.string(), message: z.string() }).meta({ id: 'FieldError' });

export const problemSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: 'stable machine-readable code, e.g. STAGE_NOT_ALLOWED' }),
    requestId: z.string(),
    errors: z.array(fieldErrorSchema),
  })
  .meta({ id: 'Problem' });

/**
 * A page size `1..max` (max a multiple of 100, at least 200) as a query string. The pattern itself
 * encodes the range, so the document promises exactly what is accepted: a bare `^\\d+$` let
 * schemathesis send `limit=0` as valid (ST202).
 */
export function limitQuery(max: number, fallback: number) {
  const hundreds = max / 100;
  if (!Number.isInteger(hundreds) || hundreds < 2) throw new Error(`limitQuery: ${max} is not a multiple of 100 from 200`);
  const pattern = new RegExp(`^(?:[1-9]|[1-9][0-9]|[1-${hundreds - 1}][0-9]{2}|${max})$`);
  return z
    .string()
    .regex(pattern, `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .optional()
    .meta({ description: `1–${max}, default ${fallback}` });
}

/**
 * The optional district and street filters of the list, export and report queries; what they may
 * narrow to is decided by the caller's scope (api/http/scope.ts).
 */
export const districtCodeQuery = z.string().regex(/^[0-9]{6}$/, 'must be a 6-digit district code');
export const streetCodeQuery = z.string().regex(/^[0-9]{9}$/, 'must be a 9-digit street code');
export const jurisdictionQuery = { districtCode: districtCodeQuery.optional(), streetCode: streetCodeQuery.optional() };

// `[0-9]`, not `\d`, in every pattern here: a generator reading the document with Python's `re` takes
// `\d` for any Unicode digit, which the API (JavaScript) refuses.
const DATE =
  '(?:(?:19|20)[0-9]{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))' +
  '|(?:19(?:[02468][48]|[13579][26]|[2468]0)|20(?:[02468][048]|[13579][26]))-02-29)';
const TIME = '(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,9})?)?';
// A `+` that arrived unencoded in a query string was decoded to a space: ` 08:00` is accepted too.
const OFFSET = '(?:Z|[+ -](?:[01][0-9]|2[0-3]):[0-5][0-9])';

/**
 * An instant in a query string: an ISO 8601 date-time with an offset, a real calendar date from 1900 to
 * 2099. The pattern is the whole rule, so the document promises exactly what is accepted: a bare
 * `format: date-time` (or zod's pattern, any 4-digit year) let schemathesis send year 0020 (ST202).
 */
export const INSTANT_PATTERN = new RegExp(`^(?:${DATE})T${TIME}${OFFSET}$`);

export const instantQuery = z
  .string()
  .regex(INSTANT_PATTERN, 'is not an ISO-8601 instant with an offset from 1900 to 2099, like 2026-09-30T10:00:00+08:00')
  .transform((s) => s.replace(/ ([0-9]{2}:[0-9]{2})$/, '+$1'));

/** What every list's nextCursor looks like (base64url, api/http/cursor.ts); whether the API issued it is the API's business. */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

export function cursorQuery(maxLength: number) {
  return z
    .string()
    .max(maxLength)
    .regex(CURSOR_PATTERN, 'is not a cursor returned by this API; start again without it')
    .optional()
    .meta({ description: 'nextCursor of the previous page (opaque)' });
}
