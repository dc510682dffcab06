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
