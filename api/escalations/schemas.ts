// Request and response schemas of the escalation endpoints (GET /escalations and its server-sent-event
// stream). The item, `escalationSchema`, is also the shape the case file carries.
import { z } from 'zod';
import { cursorQuery, districtCodeQuery, instantQuery, jurisdictionQuery, limitQuery, streetCodeQuery } from '../http/schemas';
import { ESCALATION_STATUSES, STAGES } from '../../domain/case-types';
import { ESCALATION_CLOCKS } from '../../domain/warnings';

export const escalationSchema = z
  .strictObject({
    escalationId: z.string(),
    caseId: z.string().optional().meta({ description: 'the escalated case; absent for a warning (warningId)' }),
    warningId: z.string().optional().meta({ description: 'the warning whose verification is late (clock warningVerify, §8)' }),
    level: z.enum(['district', 'city']),
    status: z.enum(ESCALATION_STATUSES).meta({
      description:
        'open; resolved (the stage was completed); closed or transferred (the case was closed or handed to another street while escalated: endedBy and endReason say who and why)',
    }),
    clock: z.enum(ESCALATION_CLOCKS).meta({ description: "the clock that ran out: a case's stage clock, or warningVerify for a warning" }),
    dueAt: z.string(),
    escalatedAt: z.string(),
    raisedToCityAt: z.string().optional(),
    resolvedAt: z.string().optional(),
    timeToResolveMs: z.number().optional(),
    endedBy: z.string().optional().meta({ description: 'closed / transferred: the user who closed or transferred the case' }),
    endReason: z.string().optional().meta({ description: 'closed / transferred: the reason they gave' }),
    districtCode: z.string(),
    streetCode: z.string(),
    stage: z.enum(STAGES).optional().meta({
      description: "the case's stage when it escalated; absent for a warning's escalation (a warning has no stage)",
    }),
  })
  .meta({ id: 'Escalation' });
export type EscalationOut = z.infer<typeof escalationSchema>;

const pageLimit = limitQuery(200, 50);

export const listEscalationsQuerySchema = z.strictObject({
  level: z.enum(['district', 'city']).optional().meta({ description: 'current level: district (level 1) or city (level 2)' }),
  status: z.enum(ESCALATION_STATUSES).optional(),
  ...jurisdictionQuery,
  clock: z
    .enum(ESCALATION_CLOCKS)
    .optional()
    .meta({ description: 'the clock that ran out (warningVerify: warnings not verified in time, §8)' }),
  from: instantQuery.optional().meta({ description: 'escalated at or after this instant (ISO 8601 with offset)' }),
  to: instantQuery.optional().meta({ description: 'escalated before this instant (ISO 8601 with offset)' }),
  cursor: cursorQuery(512),
  limit: pageLimit,
});
export type ListEscalationsQuery = z.output<typeof listEscalationsQuerySchema>;

export const escalationListSchema = z
  .strictObject({ items: z.array(escalationSchema), nextCursor: z.string().optional() })
  .meta({ id: 'EscalationList', description: 'Newest escalation first (by escalatedAt, then id).' });

/** A feed row id: a positive decimal integer that fits PostgreSQL's bigint. */
export const FEED_ID_PATTERN = /^[0-9]{1,18}$/;
export const feedIdSchema = z.string().regex(FEED_ID_PATTERN, 'must be an event id received from this stream');

/**
 * A JWT's three base64url parts. Bounded well below Node's 16 KB limit on the request line and headers:
 * at 4096 characters a schema-violating token, percent-encoded, made Node answer 431 before the API
 * could say 422 (schemathesis ST201/ST103). Our tokens are about 300 characters.
 */
const ACCESS_TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const escalationStreamQuerySchema = z.strictObject({
  lastEventId: feedIdSchema.optional().meta({
    description: 'Replay every event after this id (same as the Last-Event-ID header, which wins when both are sent).',
  }),
  since: feedIdSchema.optional().meta({
    description:
      '`0` replays the whole feed; another id replays after it. Without this, lastEventId or Last-Event-ID the stream starts now.',
  }),
  districtCode: districtCodeQuery.optional().meta({ description: 'narrow the stream within your scope' }),
  streetCode: streetCodeQuery.optional().meta({ description: 'narrow the stream within your scope' }),
  access_token: z.string().max(1024).regex(ACCESS_TOKEN_PATTERN, 'must be a bearer token (a JWT)').optional().meta({
    description:
      'The bearer token, for EventSource clients that cannot set headers. Prefer the Authorization header (a URL can end up in proxy logs); the header wins when both are sent.',
  }),
});
export type EscalationStreamQuery = z.output<typeof escalationStreamQuerySchema>;

export type StreamEventType = 'escalation.new' | 'escalation.raised' | 'escalation.resolved';
