// The notification outbox as the API sees it: a user's in-app notifications (list, unread count, mark
// read), dead webhooks (list, retry), and webhook endpoint configuration. Plain objects out; ids of
// outbox rows travel as decimal strings (they are 64-bit).
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import type { ScopeFilter } from '../http/scope';

export interface InAppRow {
  id: string;
  kind: string;
  caseId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

const inAppSelect = { id: true, kind: true, caseId: true, payload: true, createdAt: true, readAt: true } as const;

function toInApp(r: Prisma.NotificationGetPayload<{ select: typeof inAppSelect }>): InAppRow {
  return {
    id: r.id.toString(),
    kind: r.kind,
    caseId: r.caseId,
    payload: (r.payload ?? {}) as Record<string, unknown>,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

/** Newest first; `before` is the id of the last item of the previous page. */
export async function listInApp(
  prisma: PrismaClient,
  args: { recipientId: string; unreadOnly: boolean; before?: bigint; limit: number },
): Promise<{ rows: InAppRow[]; hasMore: boolean }> {
  const rows = await prisma.notification.findMany({
    where: {
      recipientId: args.recipientId,
      channel: 'in_app',
      ...(args.unreadOnly ? { readAt: null } : {}),
      ...(args.before !== undefined ? { id: { lt: args.before } } : {}),
    },
    orderBy: { id: 'desc' },
    take: args.limit + 1,
    select: inAppSelect,
  });
  return { rows: rows.slice(0, args.limit).map(toInApp), hasMore: rows.length > args.limit };
}

export async function countUnread(prisma: PrismaClient, recipientId: string): Promise<number> {
  return prisma.notification.count({ where: { recipientId, channel: 'in_app', readAt: null } });
}

/** Marks one of the recipient's notifications read (the first read time stays); null if not theirs. */
export async function markRead(
  prisma: PrismaClient,
  recipientId: string,
  id: bigint,
  at: Date,
): Promise<{ id: string; readAt: string } | null> {
  await prisma.notification.updateMany({ where: { id, recipientId, channel: 'in_app', readAt: null }, data: { readAt: at } });
  const row = await prisma.notification.findFirst({ where: { id, recipientId, channel: 'in_app' }, select: { id: true, readAt: true } });
  return row?.readAt ? { id: row.id.toString(), readAt: row.readAt.toISOString() } : null;
}

export async function markAllRead(prisma: PrismaClient, recipientId: string, at: Date, upToId?: bigint): Promise<number> {
  const { count } = await prisma.notification.updateMany({
    where: { recipientId, channel: 'in_app', readAt: null, ...(upToId !== undefined ? { id: { lte: upToId } } : {}) },
    data: { readAt: at },
  });
  return count;
}

// ---------------------------------------------------------------------------------------------
// Dead webhooks
// ---------------------------------------------------------------------------------------------

export interface DeadRow {
  id: string;
  dedupKey: string;
  kind: string;
  caseId: string | null;
  recipientId: string;
  jurisdictionCode: string | null;
  attempts: number;
  maxAttempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deadAt: string | null;
  blockedCount: number;
}

/** Oldest first; `after` is the id of the last item of the previous page. */
export async function listDead(
  prisma: PrismaClient,
  args: { after?: bigint; limit: number },
): Promise<{ rows: DeadRow[]; hasMore: boolean }> {
  const after = args.after ?? BigInt(0);
  const rows = await prisma.$queryRaw<
    (Omit<DeadRow, 'id' | 'createdAt' | 'deadAt' | 'blockedCount'> & {
      id: bigint;
      createdAt: Date;
      deadAt: Date | null;
      blockedCount: number;
    })[]
  >`
    SELECT n.id, n."dedupKey", n.kind, n."caseId", n."recipientId", n."endpointCode" AS "jurisdictionCode", n.attempts,
      n."maxAttempts", n."lastStatus", n."lastError", n."createdAt", n."deadAt",
      (SELECT count(*) FROM notifications l
        WHERE l."caseId" = n."caseId" AND l.channel = 'webhook' AND l.state = 'pending' AND l.id > n.id)::int AS "blockedCount"
    FROM notifications n
    WHERE n.channel = 'webhook' AND n.state = 'dead' AND n.id > ${after}
    ORDER BY n.id
    LIMIT ${args.limit + 1}`;
  return {
    rows: rows.slice(0, args.limit).map((r) => ({
      ...r,
      id: r.id.toString(),
      createdAt: new Date(r.createdAt).toISOString(),
      deadAt: r.deadAt ? new Date(r.deadAt).toISOString() : null,
      blockedCount: Number(r.blockedCount),
    })),
    hasMore: rows.length > args.limit,
  };
}

/**
 * Puts a dead webhook back in line with a fresh attempt budget. Answers what the row was when it
 * could not be retried: 'missing' (no such webhook row) or its state.
 */
export async function retryDead(prisma: PrismaClient, id: bigint, at: Date): Promise<string> {
  const { count } = await prisma.notification.updateMany({
    where: { id, channel: 'webhook', state: 'dead' },
    data: { state: 'pending', attempts: 0, nextAttemptAt: at, deadAt: null, leaseUntil: null },
  });
  if (count === 1) return 'retried';
  const row = await prisma.notification.findFirst({ where: { id, channel: 'webhook' }, select: { state: true } });
  return row ? row.state : 'missing';
}

// ---------------------------------------------------------------------------------------------
// Webhook endpoints
// ---------------------------------------------------------------------------------------------

export interface WebhookEndpointRow {
  jurisdictionCode: string;
  url: string;
  secretEnc: string;
  secretHint: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

function toEndpoint(r: Prisma.WebhookEndpointGetPayload<object>): WebhookEndpointRow {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

export async function listWebhookEndpoints(prisma: PrismaClient): Promise<WebhookEndpointRow[]> {
  const rows = await prisma.webhookEndpoint.findMany({ orderBy: { jurisdictionCode: 'asc' } });
  return rows.map(toEndpoint);
}

export async function findWebhookEndpoint(prisma: PrismaClient, jurisdictionCode: string): Promise<WebhookEndpointRow | null> {
  const row = await prisma.webhookEndpoint.findUnique({ where: { jurisdictionCode } });
  return row ? toEndpoint(row) : null;
}

/** Creates or replaces; `secret` undefined keeps the stored one (the caller checked it exists). */
export async function upsertWebhookEndpoint(
  prisma: PrismaClient,
  args: { jurisdictionCode: string; url: string; secret?: { enc: string; hint: string }; updatedBy: string },
): Promise<{ row: WebhookEndpointRow; created: boolean }> {
  const existed = (await prisma.webhookEndpoint.count({ where: { jurisdictionCode: args.jurisdictionCode } })) > 0;
  const secretFields = args.secret ? { secretEnc: args.secret.enc, secretHint: args.secret.hint } : {};
  const row = await prisma.webhookEndpoint.upsert({
    where: { jurisdictionCode: args.jurisdictionCode },
    create: {
      jurisdictionCode: args.jurisdictionCode,
      url: args.url,
      secretEnc: args.secret?.enc ?? '',
      secretHint: args.secret?.hint ?? '',
      updatedBy: args.updatedBy,
    },
    update: { url: args.url, updatedBy: args.updatedBy, ...secretFields },
  });
  return { row: toEndpoint(row), created: !existed };
}

export async function deleteWebhookEndpoint(prisma: PrismaClient, jurisdictionCode: string): Promise<boolean> {
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { jurisdictionCode } });
  return count > 0;
}

// ---------------------------------------------------------------------------------------------
// Due items (my revisits)
// ---------------------------------------------------------------------------------------------

export interface DueCaseRow {
  caseId: string;
  stage: string;
  urgency: string;
  streetCode: string;
  assigneeId: string | null;
  escalationLevel: number;
  deadlines: unknown;
}

/** A caller's jurisdiction as a condition on the `cases` table; fails closed when empty. */
function caseScopeSql(scope: ScopeFilter): Prisma.Sql {
  if (scope.streetCode) return Prisma.sql`"streetCode" = ${scope.streetCode}`;
  if (scope.districtCode) return Prisma.sql`"districtCode" = ${scope.districtCode}`;
  if (scope.cityPrefix) return Prisma.sql`"districtCode" LIKE ${`${scope.cityPrefix}%`}`;
  return Prisma.sql`false`;
}

/**
 * Open cases in `scope` the user is responsible for (assigned to them; `includeUnassigned` adds the
 * scope's unassigned cases) with an unpaused deadline in [from, to), earliest next deadline first.
 * The condition repeats domain/responsibility.ts in SQL; test/component/responsibility.test.ts holds
 * the two together.
 */
export async function listDueCases(
  prisma: PrismaClient,
  args: { userId: string; includeUnassigned: boolean; scope: ScopeFilter; from: Date | null; to: Date; limit: number },
): Promise<{ rows: DueCaseRow[]; hasMore: boolean }> {
  const responsible = args.includeUnassigned
    ? Prisma.sql`("assigneeId" = ${args.userId} OR "assigneeId" IS NULL)`
    : Prisma.sql`"assigneeId" = ${args.userId}`;
  const from = args.from ? Prisma.sql`AND (d->>'dueAt')::timestamptz >= ${args.from.toISOString()}::timestamptz` : Prisma.empty;
  const rows = await prisma.$queryRaw<DueCaseRow[]>`
    SELECT "caseId", stage, urgency, "streetCode", "assigneeId", "escalationLevel", view->'deadlines' AS deadlines
    FROM cases
    WHERE stage <> 'closed' AND "nextDueAt" IS NOT NULL AND "nextDueAt" < ${args.to}::timestamp
      AND ${caseScopeSql(args.scope)} AND ${responsible}
      AND EXISTS (
        SELECT 1 FROM jsonb_array_elements(view->'deadlines') d
        WHERE COALESCE((d->>'paused')::boolean, false) = false
          AND (d->>'dueAt')::timestamptz < ${args.to.toISOString()}::timestamptz ${from})
    ORDER BY "nextDueAt", "caseId"
    LIMIT ${args.limit + 1}`;
  return { rows: rows.slice(0, args.limit), hasMore: rows.length > args.limit };
}
