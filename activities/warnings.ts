// The activities of a warning's verification clock (workflows/warning-workflow.ts, DESIGN.md §8): escalate
// a late warning to the district or the city, and resolve that escalation once the warning is verified.
// Each re-reads the warning under a row lock and acts only while it is still `open`, so a verification
// that committed in PostgreSQL wins even when its signal was lost, and a verification arriving meanwhile
// waits for the escalation's transaction (or the escalation for the verification's). Every write has a
// deterministic key (escalation id, feed kind, notification event), so a retried activity adds nothing.
import { ApplicationFailure } from '@temporalio/common';
import { deliverySettingsOf } from '../domain/notification-delivery';
import { sealFields, type Sealer } from '../domain/sealing';
import { WARNING_VERIFY_CLOCK } from '../domain/monitoring';
import { warningEscalationId, warningEscalationNotices, type WarningEscalationStep } from '../domain/warnings';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { deliveryColumns, wakeDispatcherSoon } from './notifications';
import { insertOutboxRows } from './outbox';

export interface EscalateWarningInput {
  warningId: string;
  /** 1: to the district at verifyDueAt; 2: raised to the city after the escalation window. */
  level: 1 | 2;
}

/** `open`: the warning is still unverified (the clock keeps running); false: it was verified meanwhile. */
export interface EscalateWarningResult {
  open: boolean;
}

/** `settled`: the warning is verified or dismissed (its escalation, if any, is now resolved). */
export interface SettleWarningResult {
  settled: boolean;
}

/** Warning notifications follow the default delivery budget: a warning carries no case policy of its own. */
const DELIVERY = deliveryColumns(deliverySettingsOf({}));

type Tx = Prisma.TransactionClient;

interface LockedWarning {
  warningId: string;
  status: string;
  streetCode: string;
  districtCode: string;
  verifyDueAt: Date;
  verifiedAt: Date | null;
}

async function lockWarning(tx: Tx, warningId: string): Promise<LockedWarning> {
  const rows = await tx.$queryRaw<LockedWarning[]>`
    SELECT "warningId", status, "streetCode", "districtCode", "verifyDueAt", "verifiedAt" FROM warnings
    WHERE "warningId" = ${warningId} FOR UPDATE`;
  const w = rows[0];
  // The importer commits the warning before it starts the clock: a clock without its row is a bug, not a delay.
  if (!w)
    throw ApplicationFailure.create({ type: 'WARNING_NOT_FOUND', message: `warning ${warningId} does not exist`, nonRetryable: true });
  return w;
}

type EscalationRow = Prisma.EscalationGetPayload<object>;

/** The feed payload: the escalation as GET /escalations shows it (api/escalations/repository.ts reads it back). */
function feedPayload(e: EscalationRow) {
  return {
    escalationId: e.escalationId,
    warningId: e.warningId,
    level: e.level >= 2 ? 'city' : 'district',
    status: e.status,
    clock: e.clock,
    dueAt: e.dueAt.toISOString(),
    escalatedAt: e.escalatedAt.toISOString(),
    raisedToCityAt: e.raisedToCityAt?.toISOString() ?? null,
    resolvedAt: e.resolvedAt?.toISOString() ?? null,
    timeToResolveMs: e.timeToResolveMs === null ? null : Number(e.timeToResolveMs),
    districtCode: e.districtCode,
    streetCode: e.streetCode,
  };
}

export function createWarningActivities(deps: { prisma: PrismaClient; secrets: Sealer }) {
  const { prisma, secrets } = deps;

  /** The feed row and the notifications of one step, in the step's transaction; answers whether a webhook row was written. */
  async function recordStep(tx: Tx, step: WarningEscalationStep, e: EscalationRow, at: Date): Promise<boolean> {
    await tx.escalationFeed.createMany({
      data: [
        {
          escalationId: e.escalationId,
          kind: step,
          at,
          districtCode: e.districtCode,
          streetCode: e.streetCode,
          payload: sealFields(feedPayload(e), secrets),
        },
      ],
      skipDuplicates: true,
    });
    const intents = warningEscalationNotices(step, {
      warningId: e.warningId ?? '',
      escalationId: e.escalationId,
      streetCode: e.streetCode,
      districtCode: e.districtCode,
      dueAt: e.dueAt.toISOString(),
      level: e.level >= 2 ? 2 : 1,
      at: at.toISOString(),
    });
    const written = await insertOutboxRows(tx, { caseId: null, streetCode: e.streetCode, intents, delivery: DELIVERY, writtenAt: at });
    return written.some((row) => row.channel === 'webhook');
  }

  async function escalateWarning(input: EscalateWarningInput): Promise<EscalateWarningResult> {
    const { warningId, level } = input;
    const escalationId = warningEscalationId(warningId);
    const outcome = await prisma.$transaction(async (tx) => {
      const w = await lockWarning(tx, warningId);
      if (w.status !== 'open') return { open: false, webhook: false };
      const now = new Date();
      // Level 1 is written once; level 2 only ever raises an open one (GREATEST, first raise time kept).
      await tx.$executeRaw`
        INSERT INTO escalations ("escalationId","caseId","warningId",clock,level,status,"dueAt","escalatedAt","raisedToCityAt",
          "districtCode","streetCode",stage,"updatedAt")
        VALUES (${escalationId}, NULL, ${warningId}, ${WARNING_VERIFY_CLOCK}, ${level}, 'open', ${w.verifyDueAt}::timestamp,
          ${now}::timestamp, ${level === 2 ? now : null}::timestamp, ${w.districtCode}, ${w.streetCode}, NULL, now())
        ON CONFLICT ("escalationId") DO UPDATE SET
          level = GREATEST(escalations.level, EXCLUDED.level),
          "raisedToCityAt" = COALESCE(escalations."raisedToCityAt", EXCLUDED."raisedToCityAt"),
          "updatedAt" = now()
        WHERE escalations.status = 'open' AND escalations.level < EXCLUDED.level`;
      await tx.$executeRaw`
        UPDATE warnings SET "escalationLevel" = GREATEST("escalationLevel", ${level}), "updatedAt" = now() WHERE "warningId" = ${warningId}`;
      const e = await tx.escalation.findUniqueOrThrow({ where: { escalationId } });
      const webhook = await recordStep(tx, level === 1 ? 'new' : 'raised', e, level === 1 ? e.escalatedAt : (e.raisedToCityAt ?? now));
      return { open: true, webhook };
    });
    if (outcome.webhook) wakeDispatcherSoon();
    return { open: outcome.open };
  }

  /**
   * Resolves the warning's open escalation when the warning is no longer open, dated when it was
   * verified (a signal that arrived late, or a recheck, does not stretch the time-to-resolve).
   */
  async function settleWarningClock(input: { warningId: string }): Promise<SettleWarningResult> {
    const { warningId } = input;
    const escalationId = warningEscalationId(warningId);
    const outcome = await prisma.$transaction(async (tx) => {
      const w = await lockWarning(tx, warningId);
      if (w.status === 'open') return { settled: false, webhook: false };
      const at = w.verifiedAt ?? new Date();
      const resolved = await tx.$executeRaw`
        UPDATE escalations SET status = 'resolved', "resolvedAt" = ${at}::timestamp,
          "timeToResolveMs" = GREATEST(0, floor(extract(epoch FROM (${at}::timestamp - "escalatedAt")) * 1000))::bigint, "updatedAt" = now()
        WHERE "escalationId" = ${escalationId} AND status = 'open'`;
      // Nothing open: never escalated, or resolved by an earlier attempt whose transaction wrote the feed too.
      if (resolved === 0) return { settled: true, webhook: false };
      const e = await tx.escalation.findUniqueOrThrow({ where: { escalationId } });
      return { settled: true, webhook: await recordStep(tx, 'resolved', e, at) };
    });
    if (outcome.webhook) wakeDispatcherSoon();
    return { settled: outcome.settled };
  }

  return { escalateWarning, settleWarningClock };
}

export type WarningActivities = ReturnType<typeof createWarningActivities>;
