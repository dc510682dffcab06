// Temporal's remote codec protocol (what the Temporal Web UI and CLI send to a codec server): payloads
// as JSON, metadata values and data in base64.
import { z } from 'zod';

const base64 = z
  .string()
  .max(4_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const codecPayloadSchema = z
  .strictObject({
    metadata: z.record(z.string().max(200), base64).optional(),
    data: base64.optional(),
  })
  .meta({ id: 'CodecPayload' });

export const codecBodySchema = z.strictObject({ payloads: z.array(codecPayloadSchema).max(1000) }).meta({ id: 'CodecPayloads' });
export type CodecBody = z.infer<typeof codecBodySchema>;
