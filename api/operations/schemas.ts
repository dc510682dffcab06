// Liveness and readiness answers.
import { z } from 'zod';

export const healthSchema = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });
export const readinessSchema = z
  .strictObject({
    status: z.enum(['ready', 'unavailable']),
    checks: z.strictObject({
      database: z.strictObject({ ok: z.boolean(), error: z.string().optional(), ms: z.number() }),
      temporal: z.strictObject({ ok: z.boolean(), error: z.string().optional(), ms: z.number() }),
    }),
  })
  .meta({ id: 'Readiness' });
