// Delivery side of the notification outbox: the webhook dispatcher's round (claim each case's due head
// row, POST it signed, record the outcome with backoff or mark it dead) and the daily digest writer.
// Rows are claimed with FOR UPDATE SKIP LOCKED plus a lease, so several dispatchers never send one row
// twice at once, and a row is only claimable while no earlier row of its case is undelivered.
import { Context } from '@temporalio/activity';
import { buildDigest, digestDedupKey, digestWindow, dueItemsOf, type DueItem } from '../domain/digest';
import { outcomeOf, resolveEndpoint, webhookBody, type DeliverySettings } from '../domain/notification-delivery';
import { responsibleFor } from '../domain/responsibility';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { wakeNotificationDispatcher } from '../clients/notification-client';
import { caseTaskQueueOf } from '../workflows/definitions';
import type { DigestRunInput, DigestRunResult, DispatchResult } from '../workflows/notification-definitions';
import { NOTIFICATION_ID_HEADER, signWebhook } from './webhook-signature';
import { parseWebhookAllowList, webhookTargetProblem, type Lookup, type WebhookAllowList } from '../runtime/webhook-address';

/** Encrypts and decrypts webhook secrets at rest (the platform's PiiCipher). */
export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(token: string): string;
}

export interface NotificationDeps {
  prisma: PrismaClient;
  secrets: () => SecretBox;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Internal hosts and networks webhooks may reach (WEBHOOK_ALLOWED_HOSTS); none when omitted. */
  webhookAllowList?: WebhookAllowList;
  /** Tests replace the DNS look-up done before each delivery. */
  lookup?: Lookup;
}

/** Rows per round; a full batch makes the dispatcher go again at once. */
const DISPATCH_BATCH = 50;
/** Requests in flight per round (each case has at most one). */
const DISPATCH_PARALLELISM = 8;
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * How long a claimed row stays reserved. It must outlast a whole round (a batch at the request
 * timeout over the parallelism, well under the activity's two minutes), so a row in flight is never
 * claimed a second time; a dispatcher that died mid-round frees its rows when the lease runs out.
 */
const LEASE_MS = 3 * 60_000;

type Endpoint = { url: string; secret: string } | { error: string };

interface ClaimedRow {
  id: bigint;
  dedupKey: string;
  caseId: string | null;
  recipientId: string;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  endpointCode: string | null;
  createdAt: Date;
}

/** Pending webhook rows with no earlier undelivered (pending or dead) row of the same case. */
const IS_HEAD = Prisma.sql`NOT EXISTS (
  SELECT 1 FROM notifications e
  WHERE e."caseId" = n."caseId" AND e.channel = 'webhook' AND e.id < n.id AND e.state IN ('pending', 'dead'))`;

/** Wakes the case queue's dispatcher after rows were written (from the discovery queue too); best effort (it also polls). */
export function wakeDispatcherSoon(): void {
  let ctx: Context;
  try {
    ctx = Context.current();
    const { client } = ctx;
    // Not awaited: the caller (a projection on the case's critical path) must not wait for it.
    void wakeNotificationDispatcher(client, caseTaskQueueOf(ctx.info.taskQueue)).catch((err: Error) => {
      ctx.log.warn('could not wake the notification dispatcher; it will find the rows on its next poll', { error: err.message });
    });
  } catch {
    // Outside an activity (direct calls in tests) or without a client: the dispatcher's poll covers it.
  }
}

async function configuredEndpointCodes(prisma: PrismaClient): Promise<Set<string>> {
  const rows = await prisma.webhookEndpoint.findMany({ select: { jurisdictionCode: true } });
  return new Set(rows.map((r) => r.jurisdictionCode));
}

export function deliveryColumns(settings: DeliverySettings) {
  return { maxAttempts: settings.maxAttempts, backoffMs: settings.backoffMs, maxBackoffMs: settings.maxBackoffMs };
}

async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

function describeError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return (cause ? `${e.message}: ${cause}` : (e?.message ?? String(err))).slice(0, 500);
}

export function createNotificationActivities(deps: NotificationDeps) {
  const { prisma } = deps;
  const now = deps.now ?? (() => new Date());
  const doFetch = deps.fetch ?? fetch;
  const allowList = deps.webhookAllowList ?? parseWebhookAllowList(undefined);

  async function claimDueHeads(at: Date): Promise<ClaimedRow[]> {
    const leaseUntil = new Date(at.getTime() + LEASE_MS);
    return prisma.$queryRaw<ClaimedRow[]>`
      UPDATE notifications SET "leaseUntil" = ${leaseUntil}::timestamp, attempts = attempts + 1
      WHERE id IN (
        SELECT n.id FROM notifications n
        WHERE n.channel = 'webhook' AND n.state = 'pending' AND n."nextAttemptAt" <= ${at}::timestamp
          AND (n."leaseUntil" IS NULL OR n."leaseUntil" <= ${at}::timestamp)
          AND ${IS_HEAD}
        ORDER BY n."nextAttemptAt", n.id
        LIMIT ${DISPATCH_BATCH}
        FOR UPDATE OF n SKIP LOCKED)
      RETURNING id, "dedupKey", "caseId", "recipientId", kind, payload, attempts, "maxAttempts", "backoffMs",
        "maxBackoffMs", "endpointCode", "createdAt"`;
  }

  async function nextDueAt(): Promise<string | null> {
    const [row] = await prisma.$queryRaw<{ next: Date | null }[]>`
      SELECT min(GREATEST(n."nextAttemptAt", COALESCE(n."leaseUntil", n."nextAttemptAt"))) AS next
      FROM notifications n
      WHERE n.channel = 'webhook' AND n.state = 'pending' AND ${IS_HEAD}`;
    return row?.next ? new Date(row.next).toISOString() : null;
  }

  type Attempt = 'delivered' | 'retrying' | 'dead' | 'cancelled';

  /** One signed POST; `error` is null when the receiver acknowledged with a 2xx. */
  async function post(
    endpoint: { url: string; secret: string },
    row: ClaimedRow,
  ): Promise<{ status: number | null; error: string | null }> {
    // Checked again at every delivery, on what the host resolves to now: the URL passed this check
    // when it was configured, but its name may point inside since (or the rules changed).
    const refused = await webhookTargetProblem(endpoint.url, allowList, deps.lookup);
    if (refused) return { status: null, error: `refused, not sent: the URL ${refused}`.slice(0, 500) };
    const body = webhookBody(row);
    try {
      const res = await doFetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'proactive-assistance-webhooks/1',
          [NOTIFICATION_ID_HEADER]: row.dedupKey,
          'X-PA-Attempt': String(row.attempts),
          ...signWebhook(endpoint.secret, body),
        },
        body,
        // A redirect is not a delivery: the signed body must reach the configured URL itself.
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status, error: res.status >= 200 && res.status <= 299 ? null : `HTTP ${res.status}` };
    } catch (err) {
      return { status: null, error: describeError(err) };
    }
  }

  async function attempt(row: ClaimedRow, endpoint: Endpoint | undefined): Promise<Attempt> {
    const release = (data: Prisma.NotificationUpdateManyMutationInput) =>
      // Guarded by state: a row an officer changed meanwhile is left as they set it.
      prisma.notification.updateMany({ where: { id: row.id, state: 'pending' }, data: { leaseUntil: null, ...data } });

    if (!endpoint) {
      await release({ state: 'cancelled', lastError: `the webhook of ${row.endpointCode ?? '?'} was removed` });
      return 'cancelled';
    }
    if (row.attempts > row.maxAttempts) {
      // Attempts are counted when claimed, so rounds that died mid-flight (worker crash) use up the
      // budget too; a row that keeps killing its dispatcher ends up here instead of looping forever.
      await release({
        state: 'dead',
        deadAt: now(),
        lastError: row.attempts > 1 ? 'attempts used up by rounds that did not finish' : 'no attempts allowed',
      });
      return 'dead';
    }
    const { status, error } = 'error' in endpoint ? { status: null, error: endpoint.error } : await post(endpoint, row);
    const finished = now();
    const outcome = outcomeOf(error === null, row.attempts, row, finished);
    switch (outcome.state) {
      case 'delivered':
        await release({ state: 'delivered', deliveredAt: finished, lastStatus: status, lastError: null });
        return 'delivered';
      case 'dead':
        await release({ state: 'dead', deadAt: finished, lastStatus: status, lastError: error });
        return 'dead';
      case 'pending':
        await release({ nextAttemptAt: outcome.nextAttemptAt, lastStatus: status, lastError: error });
        return 'retrying';
    }
  }

  /** One dispatcher round. */
  async function dispatchWebhooks(): Promise<DispatchResult> {
    const claimed = await claimDueHeads(now());
    const codes = [...new Set(claimed.map((r) => r.endpointCode).filter((c): c is string => c !== null))];
    const endpoints = new Map<string, Endpoint>();
    if (codes.length > 0) {
      const rows = await prisma.webhookEndpoint.findMany({ where: { jurisdictionCode: { in: codes } } });
      for (const r of rows) {
        try {
          endpoints.set(r.jurisdictionCode, { url: r.url, secret: deps.secrets().decrypt(r.secretEnc) });
        } catch (err) {
          // E.g. the key that encrypted it was removed from PII_KEY: an attempt that fails, not a stuck round.
          endpoints.set(r.jurisdictionCode, { error: `cannot decrypt the signing secret: ${(err as Error).message}`.slice(0, 500) });
        }
      }
    }
    const outcomes = await inParallel(claimed, DISPATCH_PARALLELISM, (row) =>
      attempt(row, row.endpointCode ? endpoints.get(row.endpointCode) : undefined),
    );
    const count = (o: Attempt) => outcomes.filter((x) => x === o).length;
    return {
      claimed: claimed.length,
      delivered: count('delivered'),
      retrying: count('retrying'),
      dead: count('dead'),
      cancelled: count('cancelled'),
      nextDueAt: await nextDueAt(),
      more: claimed.length >= DISPATCH_BATCH,
    };
  }

  /** Writes today's digest for everyone with something overdue or due this week. */
  async function sendDailyDigests(input: DigestRunInput): Promise<DigestRunResult> {
    const window = digestWindow(input.at, input.timezone);
    const cases = await prisma.$queryRaw<
      {
        caseId: string;
        stage: string;
        urgency: string;
        streetCode: string;
        assigneeId: string | null;
        escalationLevel: number;
        deadlines: unknown;
      }[]
    >`
      SELECT "caseId", stage, urgency, "streetCode", "assigneeId", "escalationLevel", view->'deadlines' AS deadlines
      FROM cases
      WHERE stage <> 'closed' AND "nextDueAt" IS NOT NULL AND "nextDueAt" < ${new Date(window.weekEnd)}::timestamp`;

    // Recipients follow the case (domain/responsibility.ts): its caseworker, or the street's
    // supervisors while unassigned.
    const unassignedStreets = [...new Set(cases.map(responsibleFor).flatMap((t) => (t.kind === 'role' ? [t.jurisdictionCode] : [])))];
    const supervisors = unassignedStreets.length
      ? await prisma.staffUser.findMany({
          where: { role: 'street_supervisor', active: true, jurisdictionCode: { in: unassignedStreets } },
          select: { id: true, jurisdictionCode: true },
        })
      : [];
    const itemsByRecipient = new Map<string, DueItem[]>();
    const add = (recipientId: string, items: DueItem[]) =>
      itemsByRecipient.set(recipientId, [...(itemsByRecipient.get(recipientId) ?? []), ...items]);
    const streetOfRecipient = new Map<string, string>();
    for (const c of cases) {
      const items = dueItemsOf(c, c.deadlines);
      const target = responsibleFor(c);
      const recipients =
        target.kind === 'user'
          ? [target.userId]
          : supervisors.filter((s) => s.jurisdictionCode === target.jurisdictionCode).map((s) => s.id);
      for (const r of recipients) {
        add(r, items);
        if (!streetOfRecipient.has(r)) streetOfRecipient.set(r, c.streetCode);
      }
    }

    const recipientIds = [...itemsByRecipient.keys()];
    const staff = recipientIds.length
      ? await prisma.staffUser.findMany({ where: { id: { in: recipientIds } }, select: { id: true, jurisdictionCode: true } })
      : [];
    const jurisdictionOf = new Map(staff.map((s) => [s.id, s.jurisdictionCode]));
    const configured = await configuredEndpointCodes(prisma);
    const generatedAt = now();

    const inApp: Prisma.NotificationCreateManyInput[] = [];
    const webhooks: Prisma.NotificationCreateManyInput[] = [];
    for (const [recipientId, items] of itemsByRecipient) {
      const digest = buildDigest(items, window);
      if (!digest) continue;
      const payload = digest as unknown as Prisma.InputJsonValue;
      inApp.push({
        dedupKey: digestDedupKey(window.localDate, recipientId, 'in_app'),
        recipientId,
        channel: 'in_app',
        kind: 'digest',
        payload,
        state: 'delivered',
        deliveredAt: generatedAt,
      });
      const home = jurisdictionOf.get(recipientId) ?? streetOfRecipient.get(recipientId)!;
      const endpointCode = resolveEndpoint(home, configured);
      if (endpointCode) {
        webhooks.push({
          dedupKey: digestDedupKey(window.localDate, recipientId, 'webhook'),
          recipientId,
          channel: 'webhook',
          kind: 'digest',
          payload,
          state: 'pending',
          nextAttemptAt: generatedAt,
          endpointCode,
          ...deliveryColumns(input.delivery),
        });
      }
    }
    const [written, queued] = await prisma.$transaction([
      prisma.notification.createMany({ data: inApp, skipDuplicates: true }),
      prisma.notification.createMany({ data: webhooks, skipDuplicates: true }),
    ]);
    if (queued.count > 0) wakeDispatcherSoon();
    return { localDate: window.localDate, recipients: inApp.length, inApp: written.count, webhooks: queued.count };
  }

  return { dispatchWebhooks, sendDailyDigests };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
