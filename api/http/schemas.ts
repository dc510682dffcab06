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
