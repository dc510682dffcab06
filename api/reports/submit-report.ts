// A discovery report (POST /reports, and each item of a department-signal batch), in the order that
// keeps a failure anywhere harmless to repeat: record the subject (never overwriting who they are),
// place them in their household, keep what the report said, then Update-with-Start the household's
// case workflow, which opens the household's case or attaches the report to the open one
// (clients/case-client.ts). Personal data stops here: the workflow gets only opaque ids.
import { randomUUID } from 'node:crypto';
import type { Actor, CaseReport } from '../../domain/case-types';
import { householdIdForKey, householdKeyOf, type IdentityComparison } from '../../domain/household';
import { isMinorAt } from '../../domain/ids';
import { isInScope } from '../../domain/roles';
import type { ApiContext } from '../http/deps';
import type { ValidReport } from './report-validation';
import { personIdForHash } from '../../domain/household';
import { createPersonIfNew, recordSubject, type PersonWrite } from '../persons/repository';
import { addMembersIfHomeless, householdFor } from '../households/repository';
import { resolveMembers } from '../households/resolve-members';
import { recordFirstReport, saveReportRecord, type ReportRecordWrite } from './repository';
import type { ReportReceived, ReportResponse } from './schemas';
import { sha256 } from '../http/idempotency';

/**
 * Report ids double as the workflow update id, so a retried request (same Idempotency-Key) is
 * deduplicated by Temporal itself even if our own idempotency record was never completed.
 */
export function reportIdFor(callerId: string, idempotencyKey?: string, index?: number): string {
  if (idempotencyKey === undefined) return `r-${randomUUID()}`;
  const suffix = index === undefined ? '' : `#${index}`;
  return `r-${sha256(`${callerId}\n${idempotencyKey}${suffix}`).slice(0, 24)}`;
}

export type ReportOutcome =
  | { status: 200 | 201; body: ReportResponse; caseId: string }
  /** §14: attached to an open case outside the caller's scope; the caller learns nothing of it. */
  | { status: 202; body: ReportReceived; caseId: string };

interface Subject {
  personId: string;
  /** The key the person's first household takes (see api/households/repository.ts). */
  householdKey: string;
  identity: IdentityComparison | null;
  isMinor: boolean;
  /** Recorded by this report: it has no household yet. */
  isNew: boolean;
}

export async function submitReport(ctx: ApiContext, actor: Actor, input: ValidReport, reportId: string): Promise<ReportOutcome> {
  const now = ctx.now();
  const { body } = input;
  const streetCode = body.subject.streetCode;
  const reporter = body.reporter
    ? { ...body.reporter, ...(input.reporterPhone !== undefined ? { phone: input.reporterPhone } : {}) }
    : undefined;
  const record = (personId: string, householdId: string, identity: IdentityComparison | null): ReportRecordWrite => {
    const claimed = identity && identity.differs.length > 0 ? identity.claimed : null;
    return {
      reportId,
      personId,
      householdId,
      channel: body.channel,
      receivedAt: now,
      summaryEnc: ctx.pii.encrypt(body.situation.summary),
      categories: body.situation.categories ?? [],
      urgentFlags: body.situation.urgentFlags ?? [],
      reporterEnc: reporter ? ctx.pii.encrypt(JSON.stringify(reporter)) : null,
      filedBy: actor.userId,
      identityDiffers: identity?.differs ?? [],
      claimedEnc: claimed ? ctx.pii.encrypt(JSON.stringify(claimed)) : null,
    };
  };

  // Most reports are about someone not yet recorded: one statement records them, their household and the report.
  let placed = input.subject.unidentified ? null : await recordFirstTime(ctx, input, now, record);
  if (!placed) {
    const subject = await recordReportedSubject(ctx, input, reportId, now);
    const householdId = await householdFor(ctx.prisma, subject, streetCode, subject.householdKey, {
      source: 'report',
      sourceRef: reportId,
    });
    await saveReportRecord(ctx.prisma, record(subject.personId, householdId, subject.identity));
    placed = { personId: subject.personId, householdId, isMinor: subject.isMinor };
  }
  const { personId, householdId } = placed;
  if (input.members.length > 0) {
    const members = await resolveMembers(ctx, householdId, streetCode, input.members);
    await addMembersIfHomeless(
      ctx.prisma,
      householdId,
      members.filter((m) => m.personId !== personId),
      reportId,
    );
  }

  const report: CaseReport = {
    reportId,
    channel: body.channel,
    personId,
    streetCode,
    districtCode: streetCode.slice(0, 6),
    summary: body.situation.summary,
    categories: body.situation.categories ?? [],
    urgentFlags: body.situation.urgentFlags ?? [],
    subjectIsMinor: placed.isMinor,
    receivedAt: now.toISOString(),
    reportedBy: actor.userId,
    ...(body.reporter?.organisation ? { reporterOrganisation: body.reporter.organisation } : {}),
    ...(input.subject.unidentified ? { subjectUnidentified: true } : {}),
  };

  // The projection links the report record to its case in the same transaction (activities/projection.ts).
  const result = await ctx.cases.report(householdKeyOf(householdId), { report }, ctx.policy);
  if (!result.created && !isInScope(actor.jurisdictionCode, result.view.streetCode)) {
    return { status: 202, body: { received: true }, caseId: result.caseId };
  }
  return {
    status: result.created ? 201 : 200,
    caseId: result.caseId,
    body: {
      caseId: result.caseId,
      created: result.created,
      urgency: result.urgency,
      stage: result.stage,
      householdId,
      ...(result.created ? {} : { attachedVia: result.view.personId === personId ? 'person' : 'household' }),
    },
  };
}

/** The identified subject's first report, when they are not recorded yet (api/reports/repository.ts). */
async function recordFirstTime(
  ctx: ApiContext,
  input: ValidReport,
  now: Date,
  record: (personId: string, householdId: string, identity: null) => ReportRecordWrite,
): Promise<{ personId: string; householdId: string; isMinor: boolean } | null> {
  const subject = input.subject;
  if (subject.unidentified) return null;
  const idHash = ctx.pii.lookupHash(subject.idNumber);
  const personId = personIdForHash(idHash);
  const householdId = householdIdForKey(idHash);
  const created = await recordFirstReport(ctx.prisma, personWrite(ctx, input, idHash), householdId, record(personId, householdId, null));
  return created ? { personId, householdId, isMinor: isMinorAt(subject.birthDate, now) } : null;
}

function personWrite(ctx: ApiContext, input: ValidReport, idHash: string): PersonWrite & { idHash: string; idNumberEnc: string } {
  const { body, subject } = input;
  if (subject.unidentified) throw new Error('an unidentified subject has no ID number');
  return {
    id: personIdForHash(idHash),
    idHash,
    idNumberEnc: ctx.pii.encrypt(subject.idNumber),
    nameEnc: ctx.pii.encrypt(subject.name),
    ...(input.phone !== undefined ? { phoneEnc: ctx.pii.encrypt(input.phone) } : {}),
    ...(body.subject.address !== undefined ? { addressEnc: ctx.pii.encrypt(body.subject.address) } : {}),
    birthYear: Number(subject.birthDate.slice(0, 4)),
    sex: subject.sex,
    streetCode: body.subject.streetCode,
  };
}

async function recordReportedSubject(ctx: ApiContext, input: ValidReport, reportId: string, now: Date): Promise<Subject> {
  const { body, subject } = input;
  const streetCode = body.subject.streetCode;
  if (subject.unidentified) {
    // A temporary identity named after the report, so a retried request finds the same person and household.
    const key = `u${sha256(reportId).slice(0, 40)}`;
    const personId = `p-${key}`;
    const isNew = await createPersonIfNew(ctx.prisma, {
      id: personId,
      idHash: null,
      idNumberEnc: null,
      nameEnc: ctx.pii.encrypt(subject.name ?? ''),
      birthYear: null,
      sex: null,
      streetCode,
      unidentified: true,
      descriptionEnc: ctx.pii.encrypt(subject.description),
      ...(input.phone !== undefined ? { phoneEnc: ctx.pii.encrypt(input.phone) } : {}),
      ...(body.subject.address !== undefined ? { addressEnc: ctx.pii.encrypt(body.subject.address) } : {}),
    });
    return { personId, householdKey: key, identity: null, isMinor: false, isNew };
  }
  const idHash = ctx.pii.lookupHash(subject.idNumber);
  const recorded = await recordSubject(ctx.prisma, ctx.pii, personWrite(ctx, input, idHash), {
    name: subject.name,
    streetCode,
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(body.subject.address !== undefined ? { address: body.subject.address } : {}),
  });
  return {
    personId: recorded.personId,
    householdKey: idHash,
    identity: recorded.identity,
    isMinor: isMinorAt(subject.birthDate, now),
    isNew: recorded.isNew,
  };
}
