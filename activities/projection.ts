// Writes a case's events and current snapshot to the PostgreSQL read model. Idempotent and
// order-safe: events and feed rows have deterministic keys (duplicates skipped), the case row only
// moves forward in `version`, escalations only move forward (open → resolved / closed / transferred,
// district → city).
// Notifications are written to the outbox in the same transaction: in-app rows delivered at once,
// webhook rows pending for the dispatcher (activities/notifications.ts), which is woken afterwards.
import type { CaseEvent, CaseState, CaseView, EscalationRecord } from '../domain/case-types';
import { deliverySettingsOf, endpointCandidates, resolveEndpoint } from '../domain/notification-delivery';
import { eventDedupKey, notificationsFor } from '../domain/notifications';
import { sealFields, type Sealer } from '../domain/sealing';
import type { RecipientTarget } from '../domain/responsibility';
import type { CasePolicy } from '../domain/policy';
import { type Prisma, type PrismaClient } from '../generated/prisma/client';
import { rejectingDeterministicErrors } from './failures';
import { deliveryColumns, wakeDispatcherSoon } from './notifications';

export interface ProjectCaseInput {
  workflowId: string;
  state: CaseState;
  view: CaseView;
  policy: CasePolicy;
  /** Events since the last projection, in sequence order. */
  events: CaseEvent[];
}

const FEED_KIND_BY_EVENT: Record<string, 'new' | 'raised' | 'resolved'> = {
  escalated: 'new',
  'escalation-raised': 'raised',
  'escalation-resolved': 'resolved',
  // §14: an escalation ended by closing or transferring the case leaves the open list like a resolved
  // one; its record (status closed / transferred, endedBy, endReason) says how it ended.
  'escalation-closed': 'resolved',
  'escalation-transferred': 'resolved',
};

function escalationRow(e: EscalationRecord) {
  return {
    escalationId: e.escalationId,
    level: e.level === 2 ? 'city' : 'district',
    status: e.status,
    clock: e.clock,
    caseId: e.caseId,
    dueAt: e.dueAt,
    escalatedAt: e.escalatedAt,
    raisedToCityAt: e.raisedToCityAt ?? null,
    resolvedAt: e.resolvedAt ?? null,
    endedBy: e.endedBy ?? null,
    endReason: e.endReason ?? null,
    districtCode: e.districtCode,
    streetCode: e.streetCode,
    stage: e.stage,
  };
}

export function createProjectionActivities(deps: { prisma: PrismaClient; secrets: Sealer }) {
  const { prisma, secrets } = deps;

  /** Staff ids for a role target; cached per activity call (staff rarely change within one). */
  async function resolveTargets(targets: RecipientTarget[]): Promise<Map<RecipientTarget, string[]>> {
    const out = new Map<RecipientTarget, string[]>();
    for (const t of targets) {
      if (t.kind === 'user') {
        out.set(t, [t.userId]);
      } else {
        const staff = await prisma.staffUser.findMany({
          where: { role: t.role, jurisdictionCode: t.jurisdictionCode, active: true },
          select: { id: true },
          orderBy: { id: 'asc' },
        });
        out.set(
          t,
          staff.map((s) => s.id),
        );
      }
    }
    return out;
  }

  async function resolveCaseEndpoint(streetCode: string): Promise<string | null> {
    const candidates = endpointCandidates(streetCode);
    const rows = await prisma.webhookEndpoint.findMany({
      where: { jurisdictionCode: { in: candidates } },
      select: { jurisdictionCode: true },
    });
    return resolveEndpoint(streetCode, new Set(rows.map((r) => r.jurisdictionCode)));
  }

  async function writeProjection(input: ProjectCaseInput): Promise<void> {
    const { state, view, events, workflowId, policy } = input;
    const next = view.deadlines.length ? view.nextDueAt : null;
    const nextClock = view.deadlines.find((d) => d.dueAt === view.nextDueAt)?.clock ?? null;
    const touched = new Set(events.map((e) => e.details.escalationId).filter((id): id is string => typeof id === 'string'));
    // Escalations named by these events, plus every open one: a transfer moves open escalations to
    // the new street without an escalation event, and supervisors must see them where the case is now.
    const escalations = state.escalations.filter((e) => touched.has(e.escalationId) || e.status === 'open');

    const intents = events.flatMap((e) => notificationsFor(e, state));
    const recipients = await resolveTargets(intents.map((i) => i.target));
    // Webhooks go to the most specific jurisdiction of the case that has one configured.
    const endpointCode = intents.length > 0 ? await resolveCaseEndpoint(state.streetCode) : null;
    const delivery = deliveryColumns(deliverySettingsOf(policy));
    const writtenAt = new Date();
    const notifications: Prisma.NotificationCreateManyInput[] = [];
    const webhooks: Prisma.NotificationCreateManyInput[] = [];
    for (const i of intents) {
      for (const recipientId of recipients.get(i.target) ?? []) {
        const row = { caseId: state.caseId, recipientId, kind: i.kind, payload: i.summary as Prisma.InputJsonValue };
        // One row per event, recipient and channel, whatever the number of retries or replays.
        notifications.push({
          ...row,
          dedupKey: eventDedupKey(i.eventId, recipientId, 'in_app'),
          channel: 'in_app',
          state: 'delivered',
          deliveredAt: writtenAt,
        });
        if (endpointCode) {
          // Pending until the dispatcher delivers it; rows are inserted in event order, so `id` is the case's order.
          webhooks.push({
            ...row,
            dedupKey: eventDedupKey(i.eventId, recipientId, 'webhook'),
            channel: 'webhook',
            state: 'pending',
            nextAttemptAt: writtenAt,
            endpointCode,
            ...delivery,
          });
        }
      }
    }

    const feed = events
      .filter((e) => FEED_KIND_BY_EVENT[e.type] && typeof e.details.escalationId === 'string')
      .map((e) => {
        const rec = state.escalations.find((x) => x.escalationId === e.details.escalationId);
        return {
          escalationId: e.details.escalationId as string,
          kind: FEED_KIND_BY_EVENT[e.type],
          at: new Date(e.at),
          districtCode: rec?.districtCode ?? state.districtCode,
          streetCode: rec?.streetCode ?? state.streetCode,
          // The reason a case was closed or transferred is free text: sealed like the rest (§7).
          payload: rec ? sealFields({ ...escalationRow(rec), caseId: state.caseId }, secrets) : { caseId: state.caseId },
        };
      });

    // Free text and incomes are sealed before they reach PostgreSQL (domain/sealing.ts, §7).
    const snapshot = sealFields({ state, policy }, secrets) as unknown as Prisma.InputJsonValue;
    const viewJson = sealFields(view, secrets) as unknown as Prisma.InputJsonValue;

    const results = await prisma.$transaction([
      prisma.$executeRaw`
        INSERT INTO cases ("caseId","workflowId","personId",stage,urgency,"districtCode","streetCode","assigneeId",
          "escalationLevel","nextDueAt","nextDueClock","clockPaused","policyVersion","openedAt","closedAt",version,view,snapshot,"mergedInto","updatedAt")
        VALUES (${state.caseId}, ${workflowId}, ${state.personId}, ${state.stage}, ${state.urgency}, ${state.districtCode},
          ${state.streetCode}, ${state.assigneeId}, ${view.escalationLevel}, ${next ? new Date(next) : null}::timestamp, ${nextClock},
          ${state.pause !== undefined}, ${state.policyVersion}, ${new Date(state.openedAt)}::timestamp,
          ${state.closedAt ? new Date(state.closedAt) : null}::timestamp, ${state.seq}, ${JSON.stringify(viewJson)}::jsonb,
          ${JSON.stringify(snapshot)}::jsonb, ${state.mergedInto ?? null}, now())
        ON CONFLICT ("caseId") DO UPDATE SET
          "workflowId" = EXCLUDED."workflowId", stage = EXCLUDED.stage, urgency = EXCLUDED.urgency,
          "districtCode" = EXCLUDED."districtCode", "streetCode" = EXCLUDED."streetCode", "assigneeId" = EXCLUDED."assigneeId",
          "escalationLevel" = EXCLUDED."escalationLevel", "nextDueAt" = EXCLUDED."nextDueAt", "nextDueClock" = EXCLUDED."nextDueClock",
          "clockPaused" = EXCLUDED."clockPaused", "closedAt" = EXCLUDED."closedAt", version = EXCLUDED.version,
          view = EXCLUDED.view, snapshot = EXCLUDED.snapshot, "mergedInto" = EXCLUDED."mergedInto", "updatedAt" = now()
        WHERE cases.version < EXCLUDED.version`,
      prisma.caseEvent.createMany({
        data: events.map((e) => ({
          eventId: e.eventId,
          caseId: state.caseId,
          seq: e.seq,
          type: e.type,
          at: new Date(e.at),
          actorId: e.actorId,
          fromStage: e.fromStage,
          toStage: e.toStage,
          details: sealFields(e.details, secrets) as Prisma.InputJsonValue,
        })),
        skipDuplicates: true,
      }),
      ...escalations.map((e) => {
        const r = escalationRow(e);
        return prisma.$executeRaw`
          INSERT INTO escalations ("escalationId","caseId",clock,level,status,"dueAt","escalatedAt","raisedToCityAt","resolvedAt",
            "timeToResolveMs","endedBy","endReason","districtCode","streetCode",stage,"updatedAt")
          VALUES (${r.escalationId}, ${r.caseId}, ${r.clock}, ${e.level}, ${r.status}, ${new Date(r.dueAt)}::timestamp,
            ${new Date(r.escalatedAt)}::timestamp, ${r.raisedToCityAt ? new Date(r.raisedToCityAt) : null}::timestamp,
            ${r.resolvedAt ? new Date(r.resolvedAt) : null}::timestamp, ${e.timeToResolveMs ?? null}::bigint,
            ${r.endedBy}, ${r.endReason === null ? null : secrets.encrypt(r.endReason)}, ${r.districtCode}, ${r.streetCode}, ${r.stage}, now())
          ON CONFLICT ("escalationId") DO UPDATE SET
            level = GREATEST(escalations.level, EXCLUDED.level),
            status = CASE WHEN escalations.status <> 'open' THEN escalations.status ELSE EXCLUDED.status END,
            "raisedToCityAt" = COALESCE(escalations."raisedToCityAt", EXCLUDED."raisedToCityAt"),
            "resolvedAt" = COALESCE(escalations."resolvedAt", EXCLUDED."resolvedAt"),
            "timeToResolveMs" = COALESCE(escalations."timeToResolveMs", EXCLUDED."timeToResolveMs"),
            "endedBy" = COALESCE(escalations."endedBy", EXCLUDED."endedBy"),
            "endReason" = COALESCE(escalations."endReason", EXCLUDED."endReason"),
            "districtCode" = EXCLUDED."districtCode", "streetCode" = EXCLUDED."streetCode", stage = EXCLUDED.stage,
            "updatedAt" = now()`;
      }),
      prisma.escalationFeed.createMany({ data: feed, skipDuplicates: true }),
      ...state.referrals.map((r) =>
        prisma.referral.upsert({
          where: { referralId: r.referralId },
          create: {
            referralId: r.referralId,
            caseId: state.caseId,
            organisationId: r.organisationId,
            needs: r.needs.map((need) => secrets.encrypt(need)),
            status: r.status,
            referredAt: new Date(r.referredAt),
            respondedAt: r.respondedAt ? new Date(r.respondedAt) : null,
          },
          update: { status: r.status, respondedAt: r.respondedAt ? new Date(r.respondedAt) : null },
        }),
      ),
      prisma.notification.createMany({ data: notifications, skipDuplicates: true }),
      prisma.notification.createMany({ data: webhooks, skipDuplicates: true }),
    ]);
    const queued = results.at(-1) as { count: number };
    if (queued.count > 0) wakeDispatcherSoon();
  }

  /** Retries only what can succeed later: a refusal of the data itself fails the call for good. */
  function projectCase(input: ProjectCaseInput): Promise<void> {
    return rejectingDeterministicErrors(`the projection of case ${input.state.caseId}`, () => writeProjection(input));
  }

  return { projectCase };
}
