// Reading warnings (GET /warnings/{warningId}) and shaping rows as the API shows them. One warning shows
// its reasons' amounts and its person's name, decrypted for readers in scope as a case file shows its
// subject, and is recorded in the access log (§14) before it is answered.
import type { Actor } from '../../domain/case-types';
import type { MonitoringSource, RecordKind, VerifyOutcome, WarningLevel, WarningStatus } from '../../domain/monitoring';
import { recordAccess } from '../http/access-log';
import type { ApiContext } from '../http/deps';
import { AppError } from '../http/errors';
import { caseInScope, requireCaseReader } from '../http/scope';
import { maskIdNumber } from '../cases/case-file';
import { findPersonSecrets } from '../persons/repository';
import { findWarning, listWarningReasons, type WarningRow } from './repository';
import type { WarningOut, WarningSubject, WarningSummary } from './schemas';

/** Like an unknown case: "no such warning" and "not yours" answer the same, so ids cannot be probed. */
export function warningNotFound(warningId: string, outOfScope: boolean): AppError {
  return new AppError(
    'WARNING_NOT_FOUND',
    `warning ${warningId} was not found`,
    outOfScope ? { audit: "warning outside the caller's jurisdiction" } : {},
  );
}

/** The warning if it exists and the caller may see it; otherwise the one 404 answer. */
export async function loadWarningForActor(ctx: ApiContext, actor: Actor, warningId: string): Promise<WarningRow> {
  // Report-only roles (the department that sent the data among them) never see warnings: they are case data.
  requireCaseReader(actor);
  const row = await findWarning(ctx.prisma, warningId);
  if (!row) throw warningNotFound(warningId, false);
  if (!caseInScope(actor, row)) throw warningNotFound(warningId, true);
  return row;
}

/** The Asia/Shanghai calendar date of an instant (reasons are dated, not timed). */
function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function toWarningSummary(row: WarningRow & { reasonCount: number }): WarningSummary {
  return { ...warningFieldsOf(row), reasonCount: row.reasonCount };
}

function warningFieldsOf(row: WarningRow): Omit<WarningSummary, 'reasonCount'> {
  return {
    warningId: row.warningId,
    personId: row.personId,
    ...(row.householdId !== null ? { householdId: row.householdId } : {}),
    streetCode: row.streetCode,
    districtCode: row.districtCode,
    level: row.level as WarningLevel,
    ruleId: row.ruleId,
    status: row.status as WarningStatus,
    raisedAt: row.raisedAt.toISOString(),
    verifyDueAt: row.verifyDueAt.toISOString(),
    verifyDueProvisional: row.verifyDueProvisional,
    escalationLevel: Math.min(2, Math.max(0, row.escalationLevel)),
    ...(row.outcome !== null ? { outcome: row.outcome as VerifyOutcome } : {}),
    ...(row.caseId !== null ? { caseId: row.caseId } : {}),
    ...(row.verifiedAt !== null ? { verifiedAt: row.verifiedAt.toISOString() } : {}),
    ...(row.verifiedBy !== null ? { verifiedBy: row.verifiedBy } : {}),
  };
}

async function warningOutOf(ctx: ApiContext, row: WarningRow): Promise<WarningOut> {
  const [reasons, subject] = await Promise.all([listWarningReasons(ctx.prisma, row.warningId), loadSubject(ctx, row.personId)]);
  return {
    ...warningFieldsOf(row),
    reasons: reasons.map((r) => ({
      kind: r.kind as RecordKind,
      source: r.source as MonitoringSource,
      occurredAt: shanghaiDate(r.occurredAt),
      ...(r.amountEnc !== null ? { amount: Number(ctx.pii.decrypt(r.amountEnc)) } : {}),
    })),
    ...(row.noteEnc !== null ? { note: ctx.pii.decrypt(row.noteEnc) } : {}),
    subject,
  };
}

/** One warning as the caller may see it, recorded in the access log with whose data it is and its district. */
export async function readWarning(ctx: ApiContext, actor: Actor, warningId: string, route: string): Promise<WarningOut> {
  const row = await loadWarningForActor(ctx, actor, warningId);
  await recordAccess(ctx.prisma, {
    userId: actor.userId,
    role: actor.role,
    kind: 'warning',
    subjectRef: warningId,
    personId: row.personId,
    districtCode: row.districtCode,
    route,
  });
  return warningOutOf(ctx, row);
}

async function loadSubject(ctx: ApiContext, personId: string): Promise<WarningSubject | null> {
  const secrets = await findPersonSecrets(ctx.prisma, personId);
  if (!secrets) return null;
  try {
    return {
      name: ctx.pii.decrypt(secrets.nameEnc),
      idNumberMasked: secrets.idNumberEnc ? maskIdNumber(ctx.pii.decrypt(secrets.idNumberEnc)) : null,
    };
  } catch (err) {
    // A key missing from PII_KEY must not hide the warning; say so in the log only.
    ctx.log.warn({ personId, err: { message: (err as Error).message } }, 'cannot decrypt the person of a warning');
    return null;
  }
}
