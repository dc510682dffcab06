// Use cases of the notification endpoints: the caller's in-app notifications and due items, and the
// city office's webhook configuration and dead-letter handling.
import { isResponsible } from '../../domain/responsibility';
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/case-types';
import { compareDue, dueItemsOf } from '../../domain/digest';
import { findJurisdiction } from '../../domain/jurisdictions';
import { wakeNotificationDispatcher } from '../../clients/notification-client';
import { parseWebhookAllowList, webhookTargetProblem } from '../../runtime/webhook-address';
import type { ApiContext } from '../http/deps';
import { AppError, validationError } from '../http/errors';
import type {
  DeadNotificationOut,
  DeadNotificationsQuery,
  DueItemOut,
  ListNotificationsQuery,
  MyRevisitsQuery,
  NotificationOut,
  WebhookBody,
  WebhookConfigOut,
} from './schemas';
import {
  countUnread,
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  listDead,
  listDueCases,
  listInApp,
  listWebhookEndpoints,
  markAllRead,
  markRead,
  retryDead,
  upsertWebhookEndpoint,
  type InAppRow,
  type WebhookEndpointRow,
} from './repository';
import { requireCaseReader, scopeFilterOf } from '../http/scope';

// ---------------------------------------------------------------------------------------------
// Cursors and ids
// ---------------------------------------------------------------------------------------------

const CURSOR_VERSION = 1;
const MAX_ID = BigInt('9223372036854775807');

/** An outbox id (a positive 64-bit integer) from its decimal text, or null. */
function parseOutboxId(text: unknown): bigint | null {
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text)) return null;
  const id = BigInt(text);
  return id <= MAX_ID ? id : null;
}

function encodeIdCursor(id: string): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, id]), 'utf8').toString('base64url');
}

function decodeIdCursor(text: string): bigint {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    const id = Array.isArray(value) && value.length === 2 && value[0] === CURSOR_VERSION ? parseOutboxId(value[1]) : null;
    if (id !== null) return id;
  } catch {
    // fall through to the one answer below
  }
  throw new AppError('VALIDATION_FAILED', 'the cursor is invalid', {
    errors: [{ path: 'cursor', message: 'is not a cursor returned by this API; start again without it' }],
  });
}

/** Outbox ids are 64-bit; anything else in the path cannot name a notification. */
export function notificationIdOf(raw: unknown): bigint {
  const id = parseOutboxId(typeof raw === 'string' ? raw : '');
  if (id === null) throw new AppError('NOTIFICATION_NOT_FOUND', 'no such notification');
  return id;
}

// ---------------------------------------------------------------------------------------------
// In-app notifications (any authenticated user, their own only)
// ---------------------------------------------------------------------------------------------

function toNotification(row: InAppRow): NotificationOut {
  const title = row.payload.title;
  return {
    id: row.id,
    kind: row.kind as NotificationOut['kind'],
    caseId: row.caseId,
    title: typeof title === 'string' && title.length > 0 ? title : null,
    payload: row.payload,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}

export async function listMyNotifications(
  ctx: ApiContext,
  actor: Actor,
  query: ListNotificationsQuery,
): Promise<{ items: NotificationOut[]; nextCursor?: string; unreadCount: number }> {
  const [{ rows, hasMore }, unreadCount] = await Promise.all([
    listInApp(ctx.prisma, {
      recipientId: actor.userId,
      unreadOnly: query.unread ?? false,
      before: query.cursor ? decodeIdCursor(query.cursor) : undefined,
      limit: query.limit ?? 50,
    }),
    countUnread(ctx.prisma, actor.userId),
  ]);
  const items = rows.map(toNotification);
  const last = rows.at(-1);
  return hasMore && last ? { items, nextCursor: encodeIdCursor(last.id), unreadCount } : { items, unreadCount };
}

export async function myUnreadCount(ctx: ApiContext, actor: Actor): Promise<{ unread: number }> {
  return { unread: await countUnread(ctx.prisma, actor.userId) };
}

export async function markMyNotificationRead(ctx: ApiContext, actor: Actor, id: bigint): Promise<{ id: string; readAt: string }> {
  const result = await markRead(ctx.prisma, actor.userId, id, ctx.now());
  // Someone else's notification gets the same answer as none at all.
  if (!result) throw new AppError('NOTIFICATION_NOT_FOUND', 'no such notification');
  return result;
}

export async function markAllMyNotificationsRead(ctx: ApiContext, actor: Actor, upToId?: string): Promise<{ marked: number }> {
  const bound = upToId === undefined ? undefined : parseOutboxId(upToId);
  if (bound === null) throw validationError([{ path: 'upToId', message: 'must be a notification id' }]);
  return { marked: await markAllRead(ctx.prisma, actor.userId, ctx.now(), bound) };
}

// ---------------------------------------------------------------------------------------------
// My revisits and deadlines
// ---------------------------------------------------------------------------------------------

const DEFAULT_REVISIT_WINDOW_MS = 7 * 86_400_000;

/**
 * The caller's running deadlines due in [from, to): cases assigned to them, plus (street supervisors)
 * their street's unassigned cases, within their jurisdiction; earliest first.
 */
export async function listMyRevisits(
  ctx: ApiContext,
  actor: Actor,
  query: MyRevisitsQuery,
): Promise<{ items: DueItemOut[]; from: string | null; to: string; truncated: boolean }> {
  requireCaseReader(actor);
  const now = ctx.now();
  const from = query.from ? new Date(query.from) : null;
  const to = query.to ? new Date(query.to) : new Date(now.getTime() + DEFAULT_REVISIT_WINDOW_MS);
  if (from && to.getTime() <= from.getTime()) throw validationError([{ path: 'to', message: 'must be later than from' }]);
  const limit = query.limit ?? 200;
  const { rows, hasMore } = await listDueCases(ctx.prisma, {
    userId: actor.userId,
    // Whoever answers for the street's unassigned cases (domain/responsibility.ts) also sees those.
    includeUnassigned: isResponsible(actor, { assigneeId: null, streetCode: actor.jurisdictionCode }),
    scope: scopeFilterOf(actor),
    from,
    to,
    limit,
  });
  const items = rows
    .flatMap((row) => dueItemsOf(row, row.deadlines).map((item) => ({ item, assigneeId: row.assigneeId })))
    .filter(({ item }) => Date.parse(item.dueAt) < to.getTime() && (!from || Date.parse(item.dueAt) >= from.getTime()))
    .sort((a, b) => compareDue(a.item, b.item));
  const out: DueItemOut[] = items.slice(0, limit).map(({ item, assigneeId }) => ({
    caseId: item.caseId,
    clock: item.clock as DueItemOut['clock'],
    kind: item.kind,
    dueAt: item.dueAt,
    overdue: Date.parse(item.dueAt) < now.getTime(),
    stage: item.stage as DueItemOut['stage'],
    urgency: item.urgency as DueItemOut['urgency'],
    streetCode: item.streetCode,
    assigneeId,
    escalationLevel: item.escalationLevel,
  }));
  return { items: out, from: from?.toISOString() ?? null, to: to.toISOString(), truncated: hasMore || items.length > limit };
}

// ---------------------------------------------------------------------------------------------
// Webhook configuration and dead webhooks (city officers)
// ---------------------------------------------------------------------------------------------

/** The city, a district or a street of the tree; anything else cannot have a webhook. */
export function webhookJurisdictionOf(raw: unknown): string {
  const code = typeof raw === 'string' ? raw : '';
  const node = /^\d{6}(\d{3})?$/.test(code) ? findJurisdiction(code) : undefined;
  if (!node || node.level === 'committee') {
    throw new AppError(
      'JURISDICTION_NOT_FOUND',
      `${JSON.stringify(code.slice(0, 20))} is not a city, district or street code; see GET /api/v1/jurisdictions`,
    );
  }
  return code;
}

function toWebhookConfig(row: WebhookEndpointRow, generatedSecret?: string): WebhookConfigOut {
  return {
    jurisdictionCode: row.jurisdictionCode,
    url: row.url,
    secretHint: row.secretHint,
    ...(generatedSecret ? { secret: generatedSecret } : {}),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export async function listWebhookConfigs(ctx: ApiContext): Promise<{ items: WebhookConfigOut[] }> {
  return { items: (await listWebhookEndpoints(ctx.prisma)).map((r) => toWebhookConfig(r)) };
}

export async function getWebhookConfig(ctx: ApiContext, jurisdictionCode: string): Promise<WebhookConfigOut> {
  const row = await findWebhookEndpoint(ctx.prisma, jurisdictionCode);
  if (!row) throw new AppError('WEBHOOK_NOT_CONFIGURED', `no webhook is configured for ${jurisdictionCode}`);
  return toWebhookConfig(row);
}

export async function putWebhookConfig(
  ctx: ApiContext,
  actor: Actor,
  jurisdictionCode: string,
  body: WebhookBody,
): Promise<{ created: boolean; config: WebhookConfigOut }> {
  // Internal addresses (metadata service, loopback, private networks) and credentials are refused
  // here, and again before every delivery (activities/notifications.ts).
  const refused = await webhookTargetProblem(body.url, parseWebhookAllowList(ctx.config.webhookAllowedHosts));
  if (refused) throw validationError([{ path: 'url', message: refused }], 'the webhook URL may not receive notifications');
  const existing = await findWebhookEndpoint(ctx.prisma, jurisdictionCode);
  // A new endpoint without a secret gets a generated one, shown once in this answer.
  const generated = body.secret === undefined && !existing ? `whsec_${randomBytes(32).toString('base64url')}` : undefined;
  const secret = body.secret ?? generated;
  const { row, created } = await upsertWebhookEndpoint(ctx.prisma, {
    jurisdictionCode,
    url: body.url,
    secret: secret === undefined ? undefined : { enc: ctx.pii.encrypt(secret), hint: secret.slice(-4) },
    updatedBy: actor.userId,
  });
  ctx.log.info({ jurisdictionCode, created, userId: actor.userId }, 'webhook endpoint configured');
  return { created, config: toWebhookConfig(row, generated) };
}

export async function removeWebhookConfig(ctx: ApiContext, actor: Actor, jurisdictionCode: string): Promise<void> {
  if (!(await deleteWebhookEndpoint(ctx.prisma, jurisdictionCode))) {
    throw new AppError('WEBHOOK_NOT_CONFIGURED', `no webhook is configured for ${jurisdictionCode}`);
  }
  ctx.log.info({ jurisdictionCode, userId: actor.userId }, 'webhook endpoint removed');
}

export async function listDeadNotifications(
  ctx: ApiContext,
  query: DeadNotificationsQuery,
): Promise<{ items: DeadNotificationOut[]; nextCursor?: string }> {
  const { rows, hasMore } = await listDead(ctx.prisma, {
    after: query.cursor ? decodeIdCursor(query.cursor) : undefined,
    limit: query.limit ?? 50,
  });
  const items = rows.map((r) => ({ ...r, kind: r.kind as DeadNotificationOut['kind'] }));
  const last = rows.at(-1);
  return hasMore && last ? { items, nextCursor: encodeIdCursor(last.id) } : { items };
}

export async function retryDeadNotification(ctx: ApiContext, actor: Actor, id: bigint): Promise<{ id: string; state: 'pending' }> {
  const result = await retryDead(ctx.prisma, id, ctx.now());
  if (result === 'missing') throw new AppError('NOTIFICATION_NOT_FOUND', 'no such webhook notification');
  if (result !== 'retried') {
    throw new AppError('NOTIFICATION_NOT_DEAD', `only dead notifications can be retried; this one is ${result}`);
  }
  ctx.log.info({ notificationId: id.toString(), userId: actor.userId }, 'dead webhook notification put back in line');
  try {
    await ctx.temporalCall(() => wakeNotificationDispatcher(ctx.temporal, ctx.config.taskQueue), 5_000);
  } catch (err) {
    // The row is pending again either way; the dispatcher finds it on its next poll.
    ctx.log.warn({ err: (err as Error).message }, 'could not wake the notification dispatcher');
  }
  return { id: id.toString(), state: 'pending' };
}
