// All activities of the platform's workflows, built once per worker over their dependencies.
// Workflows import only the types (`CaseActivities`, `NotificationActivities`, `WarningActivities`) and proxy calls.
import type { PrismaClient } from '../generated/prisma/client';
import { heartbeating } from './heartbeat';
import { createNotificationActivities, type SecretBox } from './notifications';
import { createProjectionActivities } from './projection';
import { createWarningActivities } from './warnings';
import type { WebhookAllowList } from '../runtime/webhook-address';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** Decrypts webhook signing secrets (the API encrypts them with the platform's PII key). */
  secrets: SecretBox;
  /** Tests replace the HTTP client of webhook delivery. */
  fetch?: typeof fetch;
  /** Internal hosts and networks webhooks may reach (WEBHOOK_ALLOWED_HOSTS); none when omitted. */
  webhookAllowList?: WebhookAllowList;
}

export function createActivities(deps: ActivityDeps) {
  return heartbeating({
    ...createProjectionActivities(deps),
    ...createWarningActivities(deps),
    ...createNotificationActivities({
      prisma: deps.prisma,
      fetch: deps.fetch,
      webhookAllowList: deps.webhookAllowList,
      secrets: () => deps.secrets,
    }),
  });
}

export type CaseActivities = ReturnType<typeof createActivities>;
export type { NotificationActivities } from './notifications';
export type { WarningActivities } from './warnings';
