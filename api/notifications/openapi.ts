// The notification part of the OpenAPI document: my notifications and revisits, webhook
// configuration, dead webhooks, and (under `webhooks`) the signed request a receiver gets with how to
// verify it. api/openapi.ts mounts these beside the other features' paths.
import { commonProblems, json, problemResponse, queryParameters, ref, writeProblems, type JsonObject } from '../http/openapi';
import { deadNotificationsQuerySchema, listNotificationsQuerySchema, myRevisitsQuerySchema } from './schemas';

export const NOTIFICATION_TAG = {
  name: 'notifications',
  description: 'The caller’s notifications and agenda; webhook endpoints and dead webhooks (city officers)',
};

const WEBHOOK_VERIFICATION = [
  'Every reminder, escalation notice, resolution notice, new-case and transfer notice (quick response) and daily digest is also POSTed as JSON to the webhook of the case’s most specific configured jurisdiction (street, else district, else city; for a digest, the recipient’s).',
  '',
  'Verify each request: (1) take `X-PA-Timestamp` (Unix seconds) and the raw body bytes exactly as received; (2) compute `hex(HMAC-SHA256(secret, timestamp + "." + body))`; (3) compare it in constant time with the value after `v1=` in `X-PA-Signature`; (4) reject a timestamp more than 5 minutes from your clock, so a captured request cannot be replayed later; (5) drop a request whose body `id` (also `X-PA-Notification-Id`) you have already processed — delivery is at least once. The Node.js helper `verifyWebhookSignature(secret, timestamp, body, signature, toleranceSec)` in activities/webhook-signature.ts does (1)–(4).',
  '',
  'Answer any 2xx within 10 seconds to acknowledge. Anything else (or no answer) is retried with exponential backoff (policy `notifications.backoff`, default 1 min doubling to 1 h) up to `notifications.maxAttempts` (default 8) attempts; then the notification is dead until a city officer retries it. Notices of one case arrive in order: a later one is never sent while an earlier one is undelivered.',
].join('\n');

export function notificationPaths(): Record<string, JsonObject> {
  const notificationId = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d+$' } };
  const jurisdictionCode = {
    name: 'jurisdictionCode',
    in: 'path',
    required: true,
    description: 'the city (440100), a district (6 digits) or a street (9 digits)',
    schema: { type: 'string', pattern: '^\\d{6}(\\d{3})?$' },
  };
  const cityOnly = problemResponse('only city officers may do this');
  return {
    '/api/v1/me/notifications': {
      get: {
        tags: ['notifications'],
        operationId: 'listMyNotifications',
        summary: 'My in-app notifications',
        description:
          'Reminders, escalation and resolution notices, new and transferred cases and daily digests addressed to the caller, newest first, with the unread count.',
        parameters: queryParameters(listNotificationsQuerySchema),
        responses: { '200': json('NotificationList', 'one page'), '422': problemResponse('invalid filter or cursor'), ...commonProblems },
      },
    },
    '/api/v1/me/notifications/unread-count': {
      get: {
        tags: ['notifications'],
        operationId: 'countMyUnreadNotifications',
        summary: 'How many of my notifications are unread',
        responses: { '200': json('UnreadCount', 'the count'), ...commonProblems },
      },
    },
    '/api/v1/me/notifications/{id}/read': {
      post: {
        tags: ['notifications'],
        operationId: 'markMyNotificationRead',
        summary: 'Mark one of my notifications read',
        description: 'Idempotent: marking it again keeps the first read time.',
        parameters: [notificationId],
        responses: {
          '200': json('NotificationRead', 'read'),
          '404': problemResponse('no such notification of the caller'),
          ...commonProblems,
        },
      },
    },
    '/api/v1/me/notifications/read-all': {
      post: {
        tags: ['notifications'],
        operationId: 'markAllMyNotificationsRead',
        summary: 'Mark all my notifications read',
        requestBody: { required: false, content: { 'application/json': { schema: ref('MarkAllRead') } } },
        responses: { '200': json('MarkAllReadResult', 'how many were marked'), ...writeProblems, ...commonProblems },
      },
    },
    '/api/v1/me/revisits': {
      get: {
        tags: ['notifications'],
        operationId: 'listMyRevisits',
        summary: 'My revisits and deadlines due in a window',
        description:
          'Running, unpaused deadlines of open cases assigned to the caller (street supervisors: also their street’s unassigned cases), within the caller’s jurisdiction, earliest first, with clock and stage.',
        parameters: queryParameters(myRevisitsQuerySchema),
        responses: {
          '200': json('MyRevisits', 'the items'),
          '403': problemResponse('report-only roles have no cases'),
          '422': problemResponse('invalid window'),
          ...commonProblems,
        },
      },
    },
    '/api/v1/webhooks': {
      get: {
        tags: ['notifications'],
        operationId: 'listWebhooks',
        summary: 'Configured webhook endpoints',
        responses: { '200': json('WebhookConfigList', 'every configured jurisdiction'), '403': cityOnly, ...commonProblems },
      },
    },
    '/api/v1/webhooks/{jurisdictionCode}': {
      get: {
        tags: ['notifications'],
        operationId: 'getWebhook',
        summary: 'The webhook endpoint of a jurisdiction',
        parameters: [jurisdictionCode],
        responses: {
          '200': json('WebhookConfig', 'the endpoint'),
          '403': cityOnly,
          '404': problemResponse('none configured, or no such jurisdiction'),
          ...commonProblems,
        },
      },
      put: {
        tags: ['notifications'],
        operationId: 'putWebhook',
        summary: 'Configure the webhook endpoint of a jurisdiction',
        description: `Creates (201) or replaces (200) the URL and signing secret. Notifications written from now on for cases in this jurisdiction (unless a more specific one has its own) are sent there.\n\n${WEBHOOK_VERIFICATION}`,
        parameters: [jurisdictionCode],
        requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookConfigBody') } } },
        responses: {
          '201': json('WebhookConfig', 'created (with the generated secret when none was given)'),
          '200': json('WebhookConfig', 'replaced'),
          '403': cityOnly,
          '404': problemResponse('no such jurisdiction'),
          ...writeProblems,
          ...commonProblems,
        },
      },
      delete: {
        tags: ['notifications'],
        operationId: 'deleteWebhook',
        summary: 'Remove the webhook endpoint of a jurisdiction',
        description: 'Pending notifications for it are cancelled when their turn comes.',
        parameters: [jurisdictionCode],
        responses: { '204': { description: 'removed' }, '403': cityOnly, '404': problemResponse('none configured'), ...commonProblems },
      },
    },
    '/api/v1/notifications/dead': {
      get: {
        tags: ['notifications'],
        operationId: 'listDeadNotifications',
        summary: 'Webhook notifications given up after the maximum attempts',
        parameters: queryParameters(deadNotificationsQuerySchema),
        responses: {
          '200': json('DeadNotificationList', 'one page, oldest first'),
          '403': cityOnly,
          '422': problemResponse('invalid cursor'),
          ...commonProblems,
        },
      },
    },
    '/api/v1/notifications/{id}/retry': {
      post: {
        tags: ['notifications'],
        operationId: 'retryNotification',
        summary: 'Put a dead webhook notification back in line',
        description: 'With a fresh attempt budget; the notices of its case queued behind it follow once it is delivered.',
        parameters: [notificationId],
        responses: {
          '202': json('NotificationRetry', 'queued for delivery'),
          '403': cityOnly,
          '404': problemResponse('no such webhook notification'),
          '409': problemResponse('the notification is not dead'),
          ...commonProblems,
        },
      },
    },
  };
}

/** OpenAPI 3.1 `webhooks`: what we send to a configured endpoint. */
export function notificationWebhooks(): Record<string, JsonObject> {
  const header = (name: string, description: string) => ({ name, in: 'header', required: true, description, schema: { type: 'string' } });
  return {
    notification: {
      post: {
        operationId: 'notificationWebhook',
        summary: 'A notification, signed',
        description: WEBHOOK_VERIFICATION,
        parameters: [
          header('X-PA-Timestamp', 'Unix seconds when this attempt was signed'),
          header('X-PA-Signature', '`v1=` followed by hex HMAC-SHA256(secret, `${timestamp}.${body}`)'),
          header('X-PA-Notification-Id', 'the body’s `id`: the same on every attempt'),
          header('X-PA-Attempt', '1 for the first attempt'),
        ],
        requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookPayload') } } },
        responses: { '200': { description: 'any 2xx acknowledges the notification' } },
      },
    },
  };
}
