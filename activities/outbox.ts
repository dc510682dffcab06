// The outbox rows of one projection, written by one SQL statement (part of the projection's own
// statement, activities/projection.ts). Role targets (the street's caseworkers, the district's
// officers, …) are resolved to the staff active in the same snapshot, and the webhook jurisdiction is
// resolved there too, so a projection costs no look-ups before it. Every new case notifies its street
// (§7), so this runs on the intake path: two queries and two inserts per case were what intake lost
// against the bare baseline.
import type { NotificationIntent } from '../domain/notifications';
import { endpointCandidates } from '../domain/notification-delivery';
import { Prisma, type PrismaClient } from '../generated/prisma/client';

export interface OutboxInput {
  /** The case the rows are about; null for a warning's escalation (its payload names the warning, §8). */
  caseId: string | null;
  /** The case's (or warning's) street: its webhook goes to the most specific configured jurisdiction of it. */
  streetCode: string;
  intents: NotificationIntent[];
  delivery: { maxAttempts: number; backoffMs: number; maxBackoffMs: number };
  writtenAt: Date;
}

/**
 * One in-app row per intent and recipient (delivered at once), and as many webhook rows (pending)
 * when a jurisdiction of the case has an endpoint. Rows that exist (same event, recipient and
 * channel: a retried or replayed projection) are skipped. Rows are inserted in intent order, recipients
 * by id, so a webhook row's `id` is the case's order.
 *
 * The common table expressions of that insert, ending in `outbox` (the channel of each row inserted),
 * so a caller can make it part of a larger statement (the case projection is one statement).
 */
export function outboxCtes(input: OutboxInput): Prisma.Sql {
  const intents = input.intents.map((i, ord) => ({
    ord,
    eventId: i.eventId,
    kind: i.kind,
    payload: i.summary,
    userId: i.target.kind === 'user' ? i.target.userId : null,
    role: i.target.kind === 'role' ? i.target.role : null,
    jurisdictionCode: i.target.kind === 'role' ? i.target.jurisdictionCode : null,
  }));
  const candidates = endpointCandidates(input.streetCode);
  const { maxAttempts, backoffMs, maxBackoffMs } = input.delivery;
  const at = input.writtenAt;
  return Prisma.sql`
    intent AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(intents)}::jsonb)
        AS i(ord int, "eventId" text, kind text, payload jsonb, "userId" text, role text, "jurisdictionCode" text)
    ), recipient AS (
      SELECT i.ord, i."eventId", i.kind, i.payload, i."userId" AS "recipientId" FROM intent i WHERE i."userId" IS NOT NULL
      UNION ALL
      SELECT i.ord, i."eventId", i.kind, i.payload, s.id FROM intent i
        JOIN staff_users s ON s.role = i.role AND s."jurisdictionCode" = i."jurisdictionCode" AND s.active
    ), endpoint AS (
      SELECT w."jurisdictionCode" FROM webhook_endpoints w WHERE w."jurisdictionCode" = ANY(${candidates}::text[])
      ORDER BY array_position(${candidates}::text[], w."jurisdictionCode") LIMIT 1
    ), channel AS (
      SELECT 'in_app'::text AS channel, NULL::text AS "endpointCode"
      UNION ALL SELECT 'webhook', e."jurisdictionCode" FROM endpoint e
    ), outbox AS (
      INSERT INTO notifications ("dedupKey","caseId","recipientId",channel,kind,payload,state,"nextAttemptAt","deliveredAt",
        "endpointCode","maxAttempts","backoffMs","maxBackoffMs")
      -- eventDedupKey's form (domain/notifications.ts): event, recipient and channel joined by ':'.
      SELECT r."eventId" || ':' || r."recipientId" || ':' || c.channel, ${input.caseId}::text, r."recipientId", c.channel, r.kind,
        r.payload, CASE c.channel WHEN 'in_app' THEN 'delivered' ELSE 'pending' END, ${at}::timestamp,
        CASE c.channel WHEN 'in_app' THEN ${at}::timestamp END, c."endpointCode", ${maxAttempts}::int, ${backoffMs}::int,
        ${maxBackoffMs}::int
      FROM recipient r CROSS JOIN channel c
      ORDER BY c.channel = 'webhook', r.ord, r."recipientId"
      ON CONFLICT ("dedupKey") DO NOTHING
      RETURNING channel
    )`;
}

/** The outbox rows of `input` on their own (see outboxCtes); answers the channel of each row inserted. */
export function insertOutboxRows(prisma: Pick<PrismaClient, '$queryRaw'>, input: OutboxInput) {
  return prisma.$queryRaw<{ channel: string }[]>(Prisma.sql`WITH ${outboxCtes(input)} SELECT channel FROM outbox`);
}
