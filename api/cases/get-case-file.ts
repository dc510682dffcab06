// Reading one case (GET /cases/{caseId}) and shaping any case view as a case file: the read model's
// row, full audit trail and escalations, plus the subject decrypted and masked for case readers.
import type { Actor, CaseView } from '../../domain/case-types';
import { buildCaseFile, maskIdNumber, maskPhone, type CaseFile } from './case-file';
import { recordAccess } from '../http/access-log';
import type { ApiContext } from '../http/deps';
import { findCase, listCaseEscalations, listCaseEvents, type CaseRecord } from './repository';
import { findPersonSecrets } from '../persons/repository';
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
  return caseFileFromView(ctx, row.view);
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
  return caseFileFromView(ctx, row.view);
}

export async function caseFileFromView(ctx: ApiContext, view: CaseView): Promise<CaseFile> {
  const [events, escalations, subject] = await Promise.all([
    listCaseEvents(ctx.prisma, view.caseId, ctx.pii),
    listCaseEscalations(ctx.prisma, view.caseId, ctx.pii),
    loadSubject(ctx, view.personId),
  ]);
  return buildCaseFile(view, events, escalations, subject);
}

async function loadSubject(ctx: ApiContext, personId: string): Promise<CaseSubject | null> {
  const secrets = await findPersonSecrets(ctx.prisma, personId);
  if (!secrets) return null;
  try {
    const subject: CaseSubject = {
      name: ctx.pii.decrypt(secrets.nameEnc),
      idNumberMasked: maskIdNumber(ctx.pii.decrypt(secrets.idNumberEnc)),
      birthYear: secrets.birthYear,
      sex: secrets.sex,
    };
    if (secrets.phoneEnc) subject.phoneMasked = maskPhone(ctx.pii.decrypt(secrets.phoneEnc));
    if (secrets.addressEnc) subject.address = ctx.pii.decrypt(secrets.addressEnc);
    return subject;
  } catch (err) {
    // A key missing from PII_KEY must not hide the rest of the case file; say so in the log only.
    ctx.log.warn({ personId, err: { message: (err as Error).message } }, 'cannot decrypt subject of case');
    return null;
  }
}
