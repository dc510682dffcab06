// All activities of the platform's workflows, built once per worker over their dependencies.
// Workflows import only the types (`CaseActivities`, `NotificationActivities`, `WarningActivities`,
// `ImportActivities`) and proxy calls.
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client';
import type { PiiCipher } from '../runtime/pii';
import { heartbeating } from './heartbeat';
import { createMonitoringImportActivities } from './monitoring-import';
import { createNotificationActivities } from './notifications';
import { createProjectionActivities } from './projection';
import { createWarningActivities } from './warnings';
import type { WebhookAllowList } from '../runtime/webhook-address';

export interface ActivityDeps {
  prisma: PrismaClient;
  /**
   * The platform's PII cipher: decrypts webhook signing secrets (the API encrypts them with it), and
   * monitoring imports' staged records, whose persons it encrypts and hashes as the API does.
   */
  secrets: PiiCipher;
  /** Starts warning clocks from monitoring imports; without it the activity context's client. */
  temporal?: Client;
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
    ...createMonitoringImportActivities({ prisma: deps.prisma, pii: deps.secrets, temporal: deps.temporal }),
  });
}

export type CaseActivities = ReturnType<typeof createActivities>;
export type { NotificationActivities } from './notifications';
export type { WarningActivities } from './warnings';
