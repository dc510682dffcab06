// Reading one case (GET /cases/{caseId}) and shaping any case view as a case file: the read model's
// row, full audit trail and escalations, the subject decrypted and masked, every report of the case
// and of cases merged into it, and possible duplicates (§7).
import type { Actor, CaseView } from '../../domain/case-types';
import { householdIdOfWorkflow } from '../../domain/household';
import { buildCaseFile, caseReports, maskIdNumber, maskPhone, mergeEvents, type CaseFile, type OpenedReport } from './case-file';
import { recordAccess } from '../http/access-log';
import type { ApiContext } from '../http/deps';
import { findCase, readCaseFileRecords, type CaseRecord } from './repository';
import type { PersonSecrets } from '../persons/repository';
import type { ReportRecordRow } from '../reports/repository';
import type { CaseSubject } from './schemas';
import { caseInScope, caseNotFound, requireCaseReader } from '../http/scope';

/** The case row if it exists and the caller may see it; otherwise the one 404 answer. */
export async function loadCaseForActor(ctx: ApiContext, actor: Actor, caseId: string): Promise<CaseRecord> {
  requireCaseReader(actor);
  const row = await findCase(ctx.prisma, caseId, ctx.pii);
  if (!row) throw caseNotFound(caseId, false);
  if (!caseInScope(actor, row)) throw caseNotFound(caseId, true);
  return row;
}

export async function getCaseFile(ctx: ApiContext, actor: Actor, caseId: string): Promise<CaseFile> {
  const row = await loadCaseForActor(ctx, actor, caseId);
  return caseFileFromView(ctx, row.view, row.workflowId);
}

/**
 * GET /cases/{caseId}: the case file, recorded in the access log (§14) with whose file it is and its
 * district, so that district's officers can see who read it. Written before answering: a read that
 * is not recorded does not happen. A caller out of scope is refused before anything is recorded.
 */
export async function readCaseFile(ctx: ApiContext, actor: Actor, caseId: string): Promise<CaseFile> {
  const row = await loadCaseForActor(ctx, actor, caseId);
  await recordAccess(ctx.prisma, {
    userId: actor.userId,
    role: actor.role,
    kind: 'case-file',
    subjectRef: caseId,
    personId: row.personId,
    districtCode: row.districtCode,
    route: 'GET /api/v1/cases/{caseId}',
  });
  return caseFileFromView(ctx, row.view, row.workflowId);
}

export async function caseFileFromView(ctx: ApiContext, view: CaseView, workflowId: string): Promise<CaseFile> {
  const read = await readCaseFileRecords(ctx.prisma, ctx.pii, { caseId: view.caseId, personId: view.personId, reportIds: view.reportIds });
  const events = mergeEvents(view, read.events);
  const cases = [{ caseId: view.caseId, reportIds: view.reportIds, events }, ...read.merged];
  return buildCaseFile(view, read.events, read.escalations, openSubject(ctx, view.personId, read.subject), {
    householdId: householdIdOfWorkflow(workflowId),
    reports: caseReports(
      cases,
      read.reports.map((r) => openReport(ctx, r)),
    ),
    possibleDuplicates: read.duplicates,
    mergedCases: read.merged.map(({ caseId, closedAt, events: trail }) => ({ caseId, closedAt, events: trail })),
    monitoringReasons: read.reasons.map((r) => ({
      ruleId: r.ruleId,
      level: r.level,
      kind: r.kind,
      source: r.source,
      occurredAt: new Date(r.occurredAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
      ...(r.amountEnc ? { amount: Number(ctx.pii.decrypt(r.amountEnc)) } : {}),
      at: r.createdAt.toISOString(),
    })),
  });
}

function openReport(ctx: ApiContext, r: ReportRecordRow): OpenedReport {
  return {
    reportId: r.reportId,
    channel: r.channel,
    receivedAt: r.receivedAt.toISOString(),
    summary: ctx.pii.decrypt(r.summaryEnc),
    categories: r.categories,
    urgentFlags: r.urgentFlags,
    reporter: r.reporterEnc ? (JSON.parse(ctx.pii.decrypt(r.reporterEnc)) as OpenedReport['reporter']) : null,
    filedBy: r.filedBy,
    identityDiffers: r.identityDiffers,
    claimed: r.claimedEnc ? (JSON.parse(ctx.pii.decrypt(r.claimedEnc)) as OpenedReport['claimed']) : null,
  };
}

function openSubject(ctx: ApiContext, personId: string, secrets: PersonSecrets | null): CaseSubject | null {
  if (!secrets) return null;
  try {
    const subject: CaseSubject = {
      name: ctx.pii.decrypt(secrets.nameEnc),
      idNumberMasked: secrets.idNumberEnc ? maskIdNumber(ctx.pii.decrypt(secrets.idNumberEnc)) : null,
      birthYear: secrets.birthYear,
      sex: secrets.sex,
      unidentified: secrets.unidentified && secrets.idNumberEnc === null,
    };
    if (secrets.descriptionEnc) subject.description = ctx.pii.decrypt(secrets.descriptionEnc);
    if (secrets.phoneEnc) subject.phoneMasked = maskPhone(ctx.pii.decrypt(secrets.phoneEnc));
    if (secrets.addressEnc) subject.address = ctx.pii.decrypt(secrets.addressEnc);
    return subject;
  } catch (err) {
    // A key missing from PII_KEY must not hide the rest of the case file; say so in the log only.
    ctx.log.warn({ personId, err: { message: (err as Error).message } }, 'cannot decrypt subject of case');
    return null;
  }
}
