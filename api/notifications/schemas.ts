// Request and response schemas of the notification endpoints (my notifications, my revisits, webhook
// configuration, dead webhooks); api/openapi.ts builds their part of the document from these.
import { z } from 'zod';
import { CLOCKS, STAGES, URGENCIES } from '../../domain/case-types';
import { NOTIFICATION_KINDS } from '../../domain/notifications';
import { cursorQuery, instantQuery, limitQuery } from '../http/schemas';

// ---------------------------------------------------------------------------------------------
// In-app notifications
// ---------------------------------------------------------------------------------------------

const notificationKindSchema = z.enum(NOTIFICATION_KINDS).meta({
  description:
    'reminder; escalation (to the district); escalation-raised (to the city); escalation-resolved; digest (daily); new-case (a case opened in the street, to its caseworkers, and to its supervisors when urgent); case-transferred (a case handed to the street, to its caseworkers and supervisors)',
});

export const listNotificationsQuerySchema = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: only notifications not yet read' }),
  cursor: cursorQuery(200),
  limit: limitQuery(200, 50),
});
export type ListNotificationsQuery = z.output<typeof listNotificationsQuerySchema>;

export const notificationSchema = z
  .strictObject({
    id: z.string(),
    kind: notificationKindSchema,
    caseId: z.string().nullable(),
    title: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()).meta({ description: 'clock, dueAt, escalationId, stage … (a digest: counts and items)' }),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });
export type NotificationOut = z.infer<typeof notificationSchema>;

export const notificationListSchema = z
  .strictObject({
    items: z.array(notificationSchema),
    nextCursor: z.string().optional(),
    unreadCount: z.number().int().min(0),
  })
  .meta({ id: 'NotificationList', description: 'Newest first.' });

export const unreadCountSchema = z.strictObject({ unread: z.number().int().min(0) }).meta({ id: 'UnreadCount' });

export const markReadResultSchema = z.strictObject({ id: z.string(), readAt: z.string() }).meta({ id: 'NotificationRead' });

export const markAllReadBodySchema = z
  .strictObject({
    upToId: z
      .string()
      .regex(/^\d{1,19}$/, 'must be a notification id')
      .optional()
      .meta({
        description: 'mark only notifications up to this id (the newest one the user has seen); default: all',
      }),
  })
  .meta({ id: 'MarkAllRead' });

export const markAllReadResultSchema = z.strictObject({ marked: z.number().int().min(0) }).meta({ id: 'MarkAllReadResult' });

// ---------------------------------------------------------------------------------------------
// My revisits and deadlines
// ---------------------------------------------------------------------------------------------

export const myRevisitsQuerySchema = z.strictObject({
  from: instantQuery
    .optional()
    .meta({ description: 'only items due at or after this instant; default: no lower bound (overdue items included)' }),
  to: instantQuery.optional().meta({ description: 'only items due before this instant; default: 7 days from now' }),
  limit: limitQuery(500, 200),
});
export type MyRevisitsQuery = z.output<typeof myRevisitsQuerySchema>;

export const dueItemSchema = z
  .strictObject({
    caseId: z.string(),
    clock: z.enum(CLOCKS),
    kind: z.enum(['revisit', 'deadline']).meta({ description: 'revisit: watch-list revisit or re-review of an assisted family' }),
    dueAt: z.string(),
    overdue: z.boolean(),
    stage: z.enum(STAGES),
    urgency: z.enum(URGENCIES),
    streetCode: z.string(),
    assigneeId: z.string().nullable(),
    escalationLevel: z.number().int().min(0).max(2),
  })
  .meta({ id: 'DueItem' });
export type DueItemOut = z.infer<typeof dueItemSchema>;

export const myRevisitsSchema = z
  .strictObject({
    items: z.array(dueItemSchema),
    from: z.string().nullable(),
    to: z.string(),
    truncated: z.boolean().meta({ description: 'more items fall in the window than `limit`; narrow it' }),
  })
  .meta({ id: 'MyRevisits', description: 'Sorted by due time, earliest (overdue) first.' });

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

export const webhookBodySchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .meta({ example: 'https://notify.example.gov.cn/pa-webhook' }),
    secret: z
      .string()
      .regex(/^[\x21-\x7e]{24,256}$/, 'must be 24–256 printable ASCII characters without spaces')
      .optional()
      .meta({
        description: 'HMAC-SHA256 signing secret; omitted on creation: one is generated and returned once; omitted on update: kept',
      }),
  })
  .meta({ id: 'WebhookConfigBody' });
export type WebhookBody = z.infer<typeof webhookBodySchema>;

export const webhookConfigSchema = z
  .strictObject({
    jurisdictionCode: z.string(),
    url: z.string(),
    secretHint: z.string().meta({ description: 'the last four characters of the secret' }),
    secret: z.string().optional().meta({ description: 'only when the server generated the secret: store it now, it is never shown again' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'WebhookConfig' });
export type WebhookConfigOut = z.infer<typeof webhookConfigSchema>;

export const webhookConfigListSchema = z.strictObject({ items: z.array(webhookConfigSchema) }).meta({ id: 'WebhookConfigList' });

export const deadNotificationsQuerySchema = z.strictObject({
  cursor: cursorQuery(200),
  limit: limitQuery(200, 50),
});
export type DeadNotificationsQuery = z.output<typeof deadNotificationsQuerySchema>;

export const deadNotificationSchema = z
  .strictObject({
    id: z.string(),
    dedupKey: z.string(),
    kind: notificationKindSchema,
    caseId: z.string().nullable(),
    recipientId: z.string(),
    jurisdictionCode: z.string().nullable().meta({ description: 'whose webhook it was sent to' }),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lastStatus: z.number().int().nullable().meta({ description: 'HTTP status of the last attempt; null when there was no answer' }),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deadAt: z.string().nullable(),
    blockedCount: z
      .number()
      .int()
      .meta({ description: 'later webhooks of the same case held back behind this one (order is kept per case)' }),
  })
  .meta({ id: 'DeadNotification' });
export type DeadNotificationOut = z.infer<typeof deadNotificationSchema>;

export const deadNotificationListSchema = z
  .strictObject({ items: z.array(deadNotificationSchema), nextCursor: z.string().optional() })
  .meta({ id: 'DeadNotificationList', description: 'Oldest first.' });

export const retryResultSchema = z.strictObject({ id: z.string(), state: z.literal('pending') }).meta({ id: 'NotificationRetry' });

/** What a receiver gets (documented under `webhooks` in the OpenAPI document). */
export const webhookPayloadSchema = z
  .strictObject({
    id: z.string().meta({ description: 'stable across attempts: drop a request whose id you have already processed' }),
    notificationId: z.string(),
    kind: notificationKindSchema,
    caseId: z.string().nullable(),
    recipientId: z.string().meta({ description: 'the staff user the notice is for' }),
    jurisdictionCode: z.string().nullable().meta({ description: 'the jurisdiction whose webhook this is' }),
    createdAt: z.string(),
    data: z
      .record(z.string(), z.unknown())
      .meta({ description: 'the notification itself: title, clock, dueAt, stage, … (a digest: counts and items)' }),
  })
  .meta({ id: 'WebhookPayload' });
