// Request and response schemas of GET /access-log (who read whose personal data, §7 and §14);
// api/openapi.ts builds its part of the document from these.
import { z } from 'zod';
import { ACCESS_KINDS } from '../http/access-log';
import { cursorQuery, instantQuery, limitQuery } from '../http/schemas';

export const listAccessLogQuerySchema = z.strictObject({
  personId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a person id as the case file gives it (letters, digits, - and _)')
    .optional()
    .meta({ description: 'only reads of this person’s data' }),
  userId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,200}$/, 'must be a staff user id (letters, digits, ., :, - and _)')
    .optional()
    .meta({ description: 'only reads by this staff user' }),
  kind: z.enum(ACCESS_KINDS).optional().meta({
    description: 'case-file, family-file, lookup (by ID number), export, codec (payloads decoded for the Temporal UI)',
  }),
  from: instantQuery.optional().meta({ description: 'read at or after this instant (ISO 8601 with offset)' }),
  to: instantQuery.optional().meta({ description: 'read before this instant (ISO 8601 with offset); not before from' }),
  cursor: cursorQuery(512),
  limit: limitQuery(200, 50),
});
export type ListAccessLogQuery = z.output<typeof listAccessLogQuerySchema>;

export const accessLogEntrySchema = z
  .strictObject({
    id: z.string(),
    at: z.string(),
    userId: z.string().meta({ description: 'who read' }),
    role: z.string(),
    kind: z.enum(ACCESS_KINDS),
    subjectRef: z.string().nullable().meta({ description: 'what was read: a case, person or workflow id (never the data)' }),
    personId: z.string().nullable().meta({ description: 'whose data it was, when it was one person’s' }),
    districtCode: z.string().nullable().meta({ description: 'the district the data belongs to; null for city-wide reads (codec)' }),
    route: z.string(),
    detail: z.string().nullable(),
  })
  .meta({ id: 'AccessLogEntry' });
export type AccessLogEntryOut = z.infer<typeof accessLogEntrySchema>;

export const accessLogPageSchema = z
  .strictObject({ items: z.array(accessLogEntrySchema), nextCursor: z.string().optional() })
  .meta({ id: 'AccessLogPage', description: 'Newest read first (by time, then id).' });
