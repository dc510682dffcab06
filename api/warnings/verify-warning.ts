// Verifying a warning on the ground (POST /warnings/{warningId}/actions, type verify, DESIGN.md §8), in
// the order that makes a failure anywhere harmless to repeat:
// 1. open-case / watch: file a department report on the household's case workflow (it opens the case or
//    attaches to the open one), accept it as the caller, and for watch complete the verification as
//    watch. Every step has an id derived from the warning (report id, Update ids), so a retry after a
//    crash is deduplicated by Temporal and opens no second case; the household's workflow id keeps one
//    case per household whatever else happens.
// 2. One conditional UPDATE records status, outcome, note (encrypted), case, who and when, only while
//    the warning is open: a concurrent verification answers 409.
// 3. Signal the clock. If the signal is lost, the clock's activity reads the row at its next deadline
//    and resolves the escalation then (activities/warnings.ts).
import type { Actor, CaseReport, CaseView } from '../../domain/case-types';
import { householdKeyOf } from '../../domain/household';
import { isMinorAt } from '../../domain/ids';
import type { VerifyOutcome } from '../../domain/monitoring';
import { isInScope } from '../../domain/roles';
import { outcomeOpensCase, statusAfterVerify, WARNING_VERIFIER_ROLES } from '../../domain/warnings';
import { caseWorkflowId } from '../../workflows/definitions';
import type { ApiContext } from '../http/deps';
import { AppError } from '../http/errors';
import { sha256 } from '../http/idempotency';
import { requireRoleOf } from '../http/scope';
import { householdFor } from '../households/repository';
import { saveReportRecord } from '../reports/repository';
import { loadWarningForActor } from './get-warning';
import { findPersonForWarning, recordVerification, type WarningRow } from './repository';
import type { WarningAction } from './schemas';

/** The case report a warning files: one per warning, so a retried verification files the same one. */
function warningReportId(warningId: string): string {
  return `r-${sha256(`warning\n${warningId}`).slice(0, 24)}`;
}

/** The Update id of a case action a warning's verification sends: the same on every retry. */
function warningUpdateId(warningId: string, type: string): string {
  return `a-${sha256(`warning\n${warningId}\n${type}`).slice(0, 32)}`;
}

function warningNotOpen(row: Pick<WarningRow, 'warningId' | 'status'>): AppError {
  return new AppError('WARNING_NOT_OPEN', `warning ${row.warningId} is ${row.status}; only an open warning can be verified`);
}

/**
 * `keyed`: the request carries an Idempotency-Key. Its first attempt may have committed the verification
 * and died before the key's answer was stored; the same caller's same outcome is then that attempt's
 * success, not a second verification.
 */
export async function verifyWarning(
  ctx: ApiContext,
  actor: Actor,
  warningId: string,
  action: WarningAction,
  options: { keyed: boolean },
): Promise<void> {
  const row = await loadWarningForActor(ctx, actor, warningId);
  // The street verifies on the ground; district and city officers see warnings and their escalations.
  requireRoleOf(actor, WARNING_VERIFIER_ROLES, 'verify warnings');
  if (row.status !== 'open') {
    if (options.keyed && row.verifiedBy === actor.userId && row.outcome === action.outcome) return;
    throw warningNotOpen(row);
  }
  const caseId = outcomeOpensCase(action.outcome) ? await openCaseFor(ctx, actor, row, action.outcome) : null;
  const recorded = await recordVerification(ctx.prisma, {
    warningId,
    status: statusAfterVerify(action.outcome),
    outcome: action.outcome,
    // The note is about a family in the verifier's words: encrypted like every free text (§7).
    noteEnc: action.note !== undefined ? ctx.pii.encrypt(action.note) : null,
    caseId,
    verifiedBy: actor.userId,
    verifiedAt: ctx.now(),
  });
  if (!recorded) throw warningNotOpen({ warningId, status: 'verified' });
  try {
    await ctx.warnings.verified(warningId);
  } catch (err) {
    // The verification stands; the clock finds it in the row at its next deadline.
    ctx.log.warn({ warningId, err: { message: (err as Error).message } }, 'could not signal the warning clock; it will read the row');
  }
}

/**
 * Opens (or attaches to) the household's case for the warning and brings it where the outcome says:
 * accepted by the caller (stage verifying), and for watch on the watch list (monitoring). A case the
 * household already had further along stays where it is (the warning's reasons join its file); one
 * held by another street outside the caller's scope only receives the report, as any report would (§14).
 */
async function openCaseFor(ctx: ApiContext, actor: Actor, row: WarningRow, outcome: VerifyOutcome): Promise<string> {
  const reportId = warningReportId(row.warningId);
  const person = await findPersonForWarning(ctx.prisma, row.personId);
  if (!person) throw new Error(`warning ${row.warningId} names person ${row.personId}, who is not recorded`);
  const householdId =
    row.householdId ??
    (await householdFor(ctx.prisma, { personId: person.id, isNew: false }, row.streetCode, person.idHash ?? sha256(person.id), {
      source: 'report',
      sourceRef: reportId,
    }));
  const now = ctx.now();
  const summary = `动态监测预警（${row.level}，规则 ${row.ruleId}）经核查转为救助案件`;
  await saveReportRecord(ctx.prisma, {
    reportId,
    personId: person.id,
    householdId,
    channel: 'department',
    receivedAt: now,
    summaryEnc: ctx.pii.encrypt(summary),
    categories: [],
    urgentFlags: [],
    reporterEnc: null,
    filedBy: actor.userId,
    identityDiffers: [],
    claimedEnc: null,
  });
  const report: CaseReport = {
    reportId,
    channel: 'department',
    personId: person.id,
    streetCode: row.streetCode,
    districtCode: row.districtCode,
    summary,
    categories: [],
    urgentFlags: [],
    subjectIsMinor: person.idNumberEnc !== null && isMinorAt(birthDateOf(ctx.pii.decrypt(person.idNumberEnc)), now),
    receivedAt: now.toISOString(),
    reportedBy: actor.userId,
  };
  const householdKey = householdKeyOf(householdId);
  const workflowId = caseWorkflowId(householdKey);
  const filed = await ctx.cases.report(householdKey, { report }, ctx.policy);
  // A retried verification gets the first answer to its report again; the case may have moved on since.
  let view: CaseView = (await ctx.cases.view(workflowId)) ?? filed.view;
  if (!isInScope(actor.jurisdictionCode, view.streetCode)) return filed.caseId;
  const request = (a: Parameters<typeof ctx.cases.act>[1]['action']) => ({ caseId: view.caseId, action: a, actor });
  if (view.stage === 'reported') {
    view = await ctx.cases.act(workflowId, request({ type: 'accept' }), warningUpdateId(row.warningId, 'accept'));
  }
  if (outcome === 'watch' && view.stage === 'verifying') {
    view = await ctx.cases.act(
      workflowId,
      request({ type: 'complete-verification', outcome: 'watch' }),
      warningUpdateId(row.warningId, 'complete-verification'),
    );
  }
  return view.caseId;
}

/** YYYY-MM-DD from a resident ID number (characters 7–14, validated when it was recorded). */
function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}
