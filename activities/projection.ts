// Writes a case's events and current snapshot to the PostgreSQL read model. Idempotent and
// order-safe: events and feed rows have deterministic keys (duplicates skipped), the case row only
// moves forward in `version`, escalations only move forward (open → resolved / closed / transferred,
// district → city).
// Notifications are written to the outbox in the same transaction (activities/outbox.ts): in-app rows
// delivered at once, webhook rows pending for the dispatcher (activities/notifications.ts), which is
// woken afterwards.
import type { CaseEvent, CaseState, CaseView, EscalationRecord, Referral } from '../domain/case-types';
import { toFen } from '../domain/emergency-fund';
import { deliverySettingsOf } from '../domain/notification-delivery';
import { notificationsFor } from '../domain/notifications';
import { sealFields, type Sealer } from '../domain/sealing';
import type { CasePolicy } from '../domain/policy';
import { type Prisma, type PrismaClient } from '../generated/prisma/client';
import { rejectingDeterministicErrors } from './failures';
import { deliveryColumns, wakeDispatcherSoon } from './notifications';
import { insertOutboxRows } from './outbox';

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

/**
 * The referral's columns as the state has them now. The clocks' due times are those of the case's one
 * open referral (refer-to-charity is not allowed while one is open); an answered referral keeps the
 * due times it had (undefined leaves a column as it is).
 */
function referralColumns(state: CaseState, r: Referral) {
  const open = [...state.referrals].reverse().find((x) => x.status === 'pending' || x.status === 'accepted');
  const respondBy = open === r && r.status === 'pending' ? state.clocks.charityResponse?.dueAt : undefined;
  const followUpBy = open === r && r.status === 'accepted' ? state.clocks.charityFollowUp?.dueAt : undefined;
  return {
    status: r.status,
    respondedAt: r.respondedAt ? new Date(r.respondedAt) : null,
    completedAt: r.completedAt ? new Date(r.completedAt) : null,
    districtCode: state.districtCode,
    streetCode: state.streetCode,
    ...(respondBy ? { respondBy: new Date(respondBy) } : {}),
    ...(followUpBy ? { followUpBy: new Date(followUpBy) } : {}),
    deliveredAmountFen: r.delivered?.amount !== undefined ? BigInt(toFen(r.delivered.amount)) : null,
    deliveredServices: r.delivered?.services ? [...r.delivered.services] : [],
  };
}

/** The amounts delivered by these events' completed referrals (§10), which a named project's remaining gives up. */
function deliveriesOf(state: CaseState, events: CaseEvent[]) {
  return events.flatMap((e) => {
    if (e.type !== 'charity-response' || e.details.response !== 'completed') return [];
    const amount = (e.details.delivered as { amount?: unknown } | undefined)?.amount;
    const referral = state.referrals.find((r) => r.referralId === e.details.referralId);
    if (typeof amount !== 'number' || !referral) return [];
    return [
      { eventId: e.eventId, referralId: referral.referralId, projectId: referral.projectId ?? null, amountFen: toFen(amount), at: e.at },
    ];
  });
}

export function createProjectionActivities(deps: { prisma: PrismaClient; secrets: Sealer }) {
  const { prisma, secrets } = deps;

  async function writeProjection(input: ProjectCaseInput): Promise<void> {
    const { state, view, events, workflowId, policy } = input;
    const next = view.deadlines.length ? view.nextDueAt : null;
    const nextClock = view.deadlines.find((d) => d.dueAt === view.nextDueAt)?.clock ?? null;
    const touched = new Set(events.map((e) => e.details.escalationId).filter((id): id is string => typeof id === 'string'));
    // Escalations named by these events, plus every open one: a transfer moves open escalations to
    // the new street without an escalation event, and supervisors must see them where the case is now.
    const escalations = state.escalations.filter((e) => touched.has(e.escalationId) || e.status === 'open');

    const intents = events.flatMap((e) => notificationsFor(e, state));
    const outbox = insertOutboxRows(prisma, {
      caseId: state.caseId,
      streetCode: state.streetCode,
      intents,
      delivery: deliveryColumns(deliverySettingsOf(policy)),
      writtenAt: new Date(),
    });

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
      ...state.referrals.map((r) => {
        const columns = referralColumns(state, r);
        return prisma.referral.upsert({
          where: { referralId: r.referralId },
          create: {
            referralId: r.referralId,
            caseId: state.caseId,
            organisationId: r.organisationId,
            projectId: r.projectId ?? null,
            needs: r.needs.map((need) => secrets.encrypt(need)),
            referredAt: new Date(r.referredAt),
            ...columns,
          },
          update: columns,
        });
      }),
      ...deliveriesOf(state, events).map(
        // One row per event (its id the key): a retried or repeated projection finds it and leaves the project as it is.
        (d) => prisma.$executeRaw`
          WITH applied AS (
            INSERT INTO referral_deliveries ("eventId","referralId","projectId","amountFen","deliveredAt")
            VALUES (${d.eventId}, ${d.referralId}, ${d.projectId}, ${d.amountFen}::bigint, ${new Date(d.at)}::timestamp)
            ON CONFLICT ("eventId") DO NOTHING
            RETURNING "projectId", "amountFen")
          UPDATE organisation_projects p SET "remainingFen" = GREATEST(0, p."remainingFen" - a."amountFen")
          FROM applied a WHERE p.id = a."projectId"`,
      ),
      ...(intents.length > 0 ? [outbox] : []),
    ]);
    const written = intents.length > 0 ? (results.at(-1) as Awaited<typeof outbox>) : [];
    if (written.some((row) => row.channel === 'webhook')) wakeDispatcherSoon();
  }

  /** Retries only what can succeed later: a refusal of the data itself fails the call for good. */
  function projectCase(input: ProjectCaseInput): Promise<void> {
    return rejectingDeterministicErrors(`the projection of case ${input.state.caseId}`, () => writeProjection(input));
  }

  return { projectCase };
}
