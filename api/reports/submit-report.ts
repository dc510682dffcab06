// A discovery report (POST /reports, and each item of a department-signal batch): store the person
// encrypted, then Update-with-Start the person's case workflow, which opens a new case or attaches the
// report to the open one (clients/case-client.ts). Personal data stops here: the workflow gets only
// the person's opaque id.
import { randomUUID } from 'node:crypto';
import type { CaseReport } from '../../domain/case-types';
import { isMinorAt } from '../../domain/ids';
import type { ApiContext } from '../http/deps';
import type { ValidReport } from './report-validation';
import { upsertPerson } from '../persons/repository';
import type { ReportResponse } from './schemas';
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

export interface ReportOutcome {
  status: 200 | 201;
  body: ReportResponse;
}

export async function submitReport(ctx: ApiContext, input: ValidReport, reportId: string): Promise<ReportOutcome> {
  const now = ctx.now();
  const { body } = input;
  const personHash = ctx.pii.lookupHash(input.idNumber);
  const personId = `p-${personHash}`;

  await upsertPerson(ctx.prisma, {
    id: personId,
    idHash: personHash,
    idNumberEnc: ctx.pii.encrypt(input.idNumber),
    nameEnc: ctx.pii.encrypt(body.subject.name),
    phoneEnc: input.phone !== undefined ? ctx.pii.encrypt(input.phone) : undefined,
    addressEnc: body.subject.address !== undefined ? ctx.pii.encrypt(body.subject.address) : undefined,
    birthYear: Number(input.birthDate.slice(0, 4)),
    sex: input.sex,
    streetCode: body.subject.streetCode,
  });

  const report: CaseReport = {
    reportId,
    channel: body.channel,
    personId,
    streetCode: body.subject.streetCode,
    districtCode: body.subject.streetCode.slice(0, 6),
    summary: body.situation.summary,
    categories: body.situation.categories ?? [],
    urgentFlags: body.situation.urgentFlags ?? [],
    subjectIsMinor: isMinorAt(input.birthDate, now),
    receivedAt: now.toISOString(),
    ...(body.reporter?.organisation ? { reporterOrganisation: body.reporter.organisation } : {}),
  };

  const result = await ctx.cases.report(personHash, { report }, ctx.policy);
  return {
    status: result.created ? 201 : 200,
    body: { caseId: result.caseId, created: result.created, urgency: result.urgency, stage: result.stage },
  };
}
