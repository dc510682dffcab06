// Writes a case's events and current snapshot to the PostgreSQL read model. Idempotent and
// order-safe: events and feed rows have deterministic keys (duplicates skipped), the case row only
// moves forward in `version`, escalations only move forward (open → resolved / closed / transferred,
// district → city).
// Notifications are written to the outbox by the same statement (activities/outbox.ts): in-app rows
// delivered at once, webhook rows pending for the dispatcher (activities/notifications.ts), which is
// woken afterwards.
import type { CaseEvent, CaseState, CaseView, EscalationRecord, Referral } from '../domain/case-types';
import { toFen } from '../domain/emergency-fund';
import { deliverySettingsOf } from '../domain/notification-delivery';
import { notificationsFor } from '../domain/notifications';
import { sealFields, type Sealer } from '../domain/sealing';
import type { CasePolicy } from '../domain/policy';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { rejectingDeterministicErrors } from './failures';
import { deliveryColumns, wakeDispatcherSoon } from './notifications';
import { outboxCtes } from './outbox';

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

/**
 * An instant as the read model's `timestamp` columns hold it (UTC, no zone): PostgreSQL ignores a zone
 * suffix when it casts text to `timestamp`, so every instant is normalised to Z first.
 */
function timestamp(iso: string): string {
  return new Date(iso).toISOString();
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
    const feed = events
      .filter((e) => FEED_KIND_BY_EVENT[e.type] && typeof e.details.escalationId === 'string')
      .map((e) => {
        const rec = state.escalations.find((x) => x.escalationId === e.details.escalationId);
        return {
          escalationId: e.details.escalationId as string,
          kind: FEED_KIND_BY_EVENT[e.type],
          at: timestamp(e.at),
          districtCode: rec?.districtCode ?? state.districtCode,
          streetCode: rec?.streetCode ?? state.streetCode,
          // The reason a case was closed or transferred is free text: sealed like the rest (§7).
          payload: rec ? sealFields({ ...escalationRow(rec), caseId: state.caseId }, secrets) : { caseId: state.caseId },
        };
      });
    const eventRows = events.map((e) => ({
      eventId: e.eventId,
      seq: e.seq,
      type: e.type,
      at: timestamp(e.at),
      actorId: e.actorId,
      fromStage: e.fromStage,
      toStage: e.toStage,
      details: sealFields(e.details, secrets),
    }));
    const escalationRows = escalations.map((e) => {
      const r = escalationRow(e);
      return {
        ...r,
        level: e.level,
        dueAt: timestamp(r.dueAt),
        escalatedAt: timestamp(r.escalatedAt),
        raisedToCityAt: r.raisedToCityAt === null ? null : timestamp(r.raisedToCityAt),
        resolvedAt: r.resolvedAt === null ? null : timestamp(r.resolvedAt),
        timeToResolveMs: e.timeToResolveMs ?? null,
        endReason: r.endReason === null ? null : secrets.encrypt(r.endReason),
      };
    });
    const referralRows = state.referrals.map((r) => {
      const c = referralColumns(state, r);
      return {
        referralId: r.referralId,
        organisationId: r.organisationId,
        projectId: r.projectId ?? null,
        needs: r.needs.map((need) => secrets.encrypt(need)),
        referredAt: timestamp(r.referredAt),
        status: c.status,
        respondedAt: c.respondedAt?.toISOString() ?? null,
        completedAt: c.completedAt?.toISOString() ?? null,
        districtCode: c.districtCode,
        streetCode: c.streetCode,
        respondBy: c.respondBy?.toISOString() ?? null,
        followUpBy: c.followUpBy?.toISOString() ?? null,
        deliveredAmountFen: c.deliveredAmountFen === null ? null : c.deliveredAmountFen.toString(),
        deliveredServices: c.deliveredServices,
      };
    });
    const deliveries = deliveriesOf(state, events).map((d) => ({ ...d, amountFen: String(d.amountFen), at: timestamp(d.at) }));

    // Free text and incomes are sealed before they reach PostgreSQL (domain/sealing.ts, §7).
    const snapshot = sealFields({ state, policy }, secrets);
    const viewJson = sealFields(view, secrets);

    // One statement, so one round trip and atomic without a transaction: every part is a data-modifying
    // common table expression (each runs once, all on one snapshot, so no two may touch one row; the
    // deliveries are summed per project for that reason). Rows come in as JSON arrays.
    const [{ webhooks }] = await prisma.$queryRaw<{ webhooks: number }[]>(Prisma.sql`
      WITH upserted_case AS (
        INSERT INTO cases ("caseId","workflowId","personId",stage,urgency,"districtCode","streetCode","assigneeId",
          "escalationLevel","nextDueAt","nextDueClock","clockPaused","policyVersion","openedAt","closedAt",version,view,snapshot,"mergedInto","updatedAt")
        VALUES (${state.caseId}, ${workflowId}, ${state.personId}, ${state.stage}, ${state.urgency}, ${state.districtCode},
          ${state.streetCode}, ${state.assigneeId}, ${view.escalationLevel}, ${next ? timestamp(next) : null}::timestamp, ${nextClock},
          ${state.pause !== undefined}, ${state.policyVersion}, ${timestamp(state.openedAt)}::timestamp,
          ${state.closedAt ? timestamp(state.closedAt) : null}::timestamp, ${state.seq}, ${JSON.stringify(viewJson)}::jsonb,
          ${JSON.stringify(snapshot)}::jsonb, ${state.mergedInto ?? null}, now())
        ON CONFLICT ("caseId") DO UPDATE SET
          "workflowId" = EXCLUDED."workflowId", stage = EXCLUDED.stage, urgency = EXCLUDED.urgency,
          "districtCode" = EXCLUDED."districtCode", "streetCode" = EXCLUDED."streetCode", "assigneeId" = EXCLUDED."assigneeId",
          "escalationLevel" = EXCLUDED."escalationLevel", "nextDueAt" = EXCLUDED."nextDueAt", "nextDueClock" = EXCLUDED."nextDueClock",
          "clockPaused" = EXCLUDED."clockPaused", "closedAt" = EXCLUDED."closedAt", version = EXCLUDED.version,
          view = EXCLUDED.view, snapshot = EXCLUDED.snapshot, "mergedInto" = EXCLUDED."mergedInto", "updatedAt" = now()
        WHERE cases.version < EXCLUDED.version
      ), inserted_events AS (
        INSERT INTO case_events ("eventId","caseId",seq,type,at,"actorId","fromStage","toStage",details)
        SELECT e."eventId", ${state.caseId}, e.seq, e.type, e.at, e."actorId", e."fromStage", e."toStage", e.details
        FROM jsonb_to_recordset(${JSON.stringify(eventRows)}::jsonb)
          AS e("eventId" text, seq int, type text, at timestamp, "actorId" text, "fromStage" text, "toStage" text, details jsonb)
        ON CONFLICT DO NOTHING
      ), upserted_escalations AS (
        INSERT INTO escalations ("escalationId","caseId",clock,level,status,"dueAt","escalatedAt","raisedToCityAt","resolvedAt",
          "timeToResolveMs","endedBy","endReason","districtCode","streetCode",stage,"updatedAt")
        SELECT r."escalationId", ${state.caseId}, r.clock, r.level, r.status, r."dueAt", r."escalatedAt", r."raisedToCityAt",
          r."resolvedAt", r."timeToResolveMs", r."endedBy", r."endReason", r."districtCode", r."streetCode", r.stage, now()
        FROM jsonb_to_recordset(${JSON.stringify(escalationRows)}::jsonb)
          AS r("escalationId" text, clock text, level int, status text, "dueAt" timestamp, "escalatedAt" timestamp,
            "raisedToCityAt" timestamp, "resolvedAt" timestamp, "timeToResolveMs" bigint, "endedBy" text, "endReason" text,
            "districtCode" text, "streetCode" text, stage text)
        ON CONFLICT ("escalationId") DO UPDATE SET
          level = GREATEST(escalations.level, EXCLUDED.level),
          status = CASE WHEN escalations.status <> 'open' THEN escalations.status ELSE EXCLUDED.status END,
          "raisedToCityAt" = COALESCE(escalations."raisedToCityAt", EXCLUDED."raisedToCityAt"),
          "resolvedAt" = COALESCE(escalations."resolvedAt", EXCLUDED."resolvedAt"),
          "timeToResolveMs" = COALESCE(escalations."timeToResolveMs", EXCLUDED."timeToResolveMs"),
          "endedBy" = COALESCE(escalations."endedBy", EXCLUDED."endedBy"),
          "endReason" = COALESCE(escalations."endReason", EXCLUDED."endReason"),
          "districtCode" = EXCLUDED."districtCode", "streetCode" = EXCLUDED."streetCode", stage = EXCLUDED.stage,
          "updatedAt" = now()
      ), inserted_feed AS (
        INSERT INTO escalation_feed ("escalationId",kind,at,"districtCode","streetCode",payload)
        SELECT f."escalationId", f.kind, f.at, f."districtCode", f."streetCode", f.payload
        FROM jsonb_to_recordset(${JSON.stringify(feed)}::jsonb)
          AS f("escalationId" text, kind text, at timestamp, "districtCode" text, "streetCode" text, payload jsonb)
        ON CONFLICT DO NOTHING
      ), upserted_referrals AS (
        INSERT INTO referrals ("referralId","caseId","organisationId","projectId",needs,"referredAt",status,"respondedAt",
          "completedAt","districtCode","streetCode","respondBy","followUpBy","deliveredAmountFen","deliveredServices")
        SELECT r."referralId", ${state.caseId}, r."organisationId", r."projectId", r.needs, r."referredAt", r.status,
          r."respondedAt", r."completedAt", r."districtCode", r."streetCode", r."respondBy", r."followUpBy",
          r."deliveredAmountFen", r."deliveredServices"
        FROM jsonb_to_recordset(${JSON.stringify(referralRows)}::jsonb)
          AS r("referralId" text, "organisationId" text, "projectId" text, needs text[], "referredAt" timestamp, status text,
            "respondedAt" timestamp, "completedAt" timestamp, "districtCode" text, "streetCode" text, "respondBy" timestamp,
            "followUpBy" timestamp, "deliveredAmountFen" bigint, "deliveredServices" text[])
        ON CONFLICT ("referralId") DO UPDATE SET
          status = EXCLUDED.status, "respondedAt" = EXCLUDED."respondedAt", "completedAt" = EXCLUDED."completedAt",
          "districtCode" = EXCLUDED."districtCode", "streetCode" = EXCLUDED."streetCode",
          -- An answered referral keeps the due times it had (referralColumns leaves them out).
          "respondBy" = COALESCE(EXCLUDED."respondBy", referrals."respondBy"),
          "followUpBy" = COALESCE(EXCLUDED."followUpBy", referrals."followUpBy"),
          "deliveredAmountFen" = EXCLUDED."deliveredAmountFen", "deliveredServices" = EXCLUDED."deliveredServices"
      ), applied_deliveries AS (
        -- One row per event (its id the key): a retried or repeated projection finds it and leaves the project as it is.
        INSERT INTO referral_deliveries ("eventId","referralId","projectId","amountFen","deliveredAt")
        SELECT d."eventId", d."referralId", d."projectId", d."amountFen", d.at
        FROM jsonb_to_recordset(${JSON.stringify(deliveries)}::jsonb)
          AS d("eventId" text, "referralId" text, "projectId" text, "amountFen" bigint, at timestamp)
        ON CONFLICT ("eventId") DO NOTHING
        RETURNING "projectId", "amountFen"
      ), reduced_projects AS (
        UPDATE organisation_projects p SET "remainingFen" = GREATEST(0, p."remainingFen" - a.total)
        FROM (SELECT "projectId", sum("amountFen") AS total FROM applied_deliveries GROUP BY "projectId") a
        WHERE p.id = a."projectId"
      ), ${outboxCtes({
        caseId: state.caseId,
        streetCode: state.streetCode,
        intents,
        delivery: deliveryColumns(deliverySettingsOf(policy)),
        writtenAt: new Date(),
      })}
      SELECT (SELECT count(*) FROM outbox WHERE channel = 'webhook')::int AS webhooks`);
    if (webhooks > 0) wakeDispatcherSoon();
  }

  /** Retries only what can succeed later: a refusal of the data itself fails the call for good. */
  function projectCase(input: ProjectCaseInput): Promise<void> {
    return rejectingDeterministicErrors(`the projection of case ${input.state.caseId}`, () => writeProjection(input));
  }

  return { projectCase };
}
