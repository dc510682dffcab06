// Request and response schemas of the escalation endpoints (GET /escalations and its server-sent-event
// stream). The item, `escalationSchema`, is also the shape the case file carries.
import { z } from 'zod';
import { limitQuery } from '../http/schemas';
import { CLOCKS, ESCALATION_STATUSES, STAGES } from '../../domain/case-types';

export const escalationSchema = z
  .strictObject({
    escalationId: z.string(),
    caseId: z.string(),
    level: z.enum(['district', 'city']),
    status: z.enum(ESCALATION_STATUSES).meta({
      description:
        'open; resolved (the stage was completed); closed or transferred (the case was closed or handed to another street while escalated: endedBy and endReason say who and why)',
    }),
    clock: z.enum(CLOCKS),
    dueAt: z.string(),
    escalatedAt: z.string(),
    raisedToCityAt: z.string().optional(),
    resolvedAt: z.string().optional(),
    timeToResolveMs: z.number().optional(),
    endedBy: z.string().optional().meta({ description: 'closed / transferred: the user who closed or transferred the case' }),
    endReason: z.string().optional().meta({ description: 'closed / transferred: the reason they gave' }),
    districtCode: z.string(),
    streetCode: z.string(),
    stage: z.enum(STAGES),
  })
  .meta({ id: 'Escalation' });
export type EscalationOut = z.infer<typeof escalationSchema>;

/**
 * An ISO 8601 instant with an offset. A `+` that arrived unencoded in a query string was decoded to a
 * space (`…T09:00:00 08:00`); put it back rather than reject what the caller plainly meant.
 */
export const isoInstantQuery = z
  .string()
  .max(40)
  .transform((s) => s.replace(/ (\d{2}(?::?\d{2})?)$/, '+$1'))
  .pipe(z.iso.datetime({ offset: true }));

const pageLimit = limitQuery(200, 50);

export const listEscalationsQuerySchema = z.strictObject({
  level: z.enum(['district', 'city']).optional().meta({ description: 'current level: district (level 1) or city (level 2)' }),
  status: z.enum(ESCALATION_STATUSES).optional(),
  districtCode: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit district code')
    .optional(),
  streetCode: z
    .string()
    .regex(/^\d{9}$/, 'must be a 9-digit street code')
    .optional(),
  clock: z.enum(CLOCKS).optional().meta({ description: 'the stage clock that ran out' }),
  from: isoInstantQuery.optional().meta({ description: 'escalated at or after this instant (ISO 8601 with offset)' }),
  to: isoInstantQuery.optional().meta({ description: 'escalated before this instant (ISO 8601 with offset)' }),
  cursor: z.string().max(512).optional().meta({ description: 'nextCursor of the previous page' }),
  limit: pageLimit,
});
export type ListEscalationsQuery = z.output<typeof listEscalationsQuerySchema>;

export const escalationListSchema = z
  .strictObject({ items: z.array(escalationSchema), nextCursor: z.string().optional() })
  .meta({ id: 'EscalationList', description: 'Newest escalation first (by escalatedAt, then id).' });

/** A feed row id: a positive decimal integer that fits PostgreSQL's bigint. */
export const feedIdSchema = z.string().regex(/^\d{1,18}$/, 'must be an event id received from this stream');

export const escalationStreamQuerySchema = z.strictObject({
  lastEventId: feedIdSchema.optional().meta({
    description: 'Replay every event after this id (same as the Last-Event-ID header, which wins when both are sent).',
  }),
  since: feedIdSchema.optional().meta({
    description:
      '`0` replays the whole feed; another id replays after it. Without this, lastEventId or Last-Event-ID the stream starts now.',
  }),
  districtCode: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit district code')
    .optional()
    .meta({ description: 'narrow the stream within your scope' }),
  streetCode: z
    .string()
    .regex(/^\d{9}$/, 'must be a 9-digit street code')
    .optional()
    .meta({ description: 'narrow the stream within your scope' }),
  access_token: z.string().max(4096).optional().meta({
    description:
      'The bearer token, for EventSource clients that cannot set headers. Prefer the Authorization header (a URL can end up in proxy logs); the header wins when both are sent.',
  }),
});
export type EscalationStreamQuery = z.output<typeof escalationStreamQuerySchema>;

export type StreamEventType = 'escalation.new' | 'escalation.raised' | 'escalation.resolved';
