// The actions that carry personal data or name other cases (§7): record-visit with the household found
// at the visit, identify-subject and merge-into. Their personal fields never reach the workflow: the
// request is checked here, the workflow gets its form without them, and once it has accepted, the
// household, the identity and possible duplicates are written to PostgreSQL. Writing after the workflow
// means a refused action changes nothing; every write is idempotent, so a retried request (same
// Idempotency-Key, which the workflow deduplicates) completes what a crash interrupted.
import type { CaseActionRequest } from '../../domain/action-schemas';
import type { Actor, CaseAction } from '../../domain/case-types';
import { compositionChange, householdIdOfWorkflow } from '../../domain/household';
import { validateIdNumber } from '../../domain/ids';
import { isInScope } from '../../domain/roles';
import type { ApiContext } from '../http/deps';
import { AppError, validationError, type FieldError } from '../http/errors';
import { checkMembers, type ValidMember } from '../reports/report-validation';
import { currentMembersOf, replaceComposition } from '../households/repository';
import { resolveMembers } from '../households/resolve-members';
import { findPersonIdByHash } from '../persons/repository';
import { findStaff } from '../staff/repository';
import { findCase, openCasesOfPeople, recordPossibleDuplicate, type CaseRecord, type OpenCaseRef } from './repository';
import { notifyStreetSupervisors } from './duplicate-notice';

/** The workflow's form of the action, and what to write once the workflow has accepted it. */
export interface PreparedAction {
  action: CaseAction;
  afterAccepted?: () => Promise<void>;
}

export async function prepareAction(ctx: ApiContext, actor: Actor, row: CaseRecord, request: CaseActionRequest): Promise<PreparedAction> {
  switch (request.type) {
    case 'record-visit':
      return prepareVisit(ctx, row, request);
    case 'identify-subject':
      return prepareIdentification(ctx, actor, row, request);
    case 'merge-into':
      await checkMergeTarget(ctx, actor, row, request.targetCaseId);
      return { action: request };
    default:
      return { action: request };
  }
}

async function prepareVisit(
  ctx: ApiContext,
  row: CaseRecord,
  request: Extract<CaseActionRequest, { type: 'record-visit' }>,
): Promise<PreparedAction> {
  const { householdMembers, ...visit } = request;
  const errors: FieldError[] = [];
  const members = checkMembers(householdMembers ?? [], 'householdMembers', ctx.now(), errors);
  for (const [i, userId] of (visit.investigators ?? []).entries()) {
    const staff = await findStaff(ctx.prisma, userId);
    if (!staff || !staff.active) errors.push({ path: `investigators.${i}`, message: `${userId} is not an active staff user` });
    else if (!isInScope(staff.jurisdictionCode, row.streetCode) && !isInScope(row.streetCode, staff.jurisdictionCode)) {
      errors.push({
        path: `investigators.${i}`,
        message: `${userId} works in ${staff.jurisdictionCode}, not for street ${row.streetCode}`,
      });
    }
  }
  if (errors.length > 0) throw validationError(errors, 'the record-visit action has invalid fields');
  if (members.length === 0) return { action: visit };
  const action: CaseAction = { ...visit, householdSize: visit.householdSize ?? members.length, householdMemberCount: members.length };
  return { action, afterAccepted: () => recordComposition(ctx, row, members) };
}

/** The visit's composition replaces the household's (§7); a member with another open case makes both possible duplicates. */
async function recordComposition(ctx: ApiContext, row: CaseRecord, members: ValidMember[]): Promise<void> {
  const householdId = householdIdOfWorkflow(row.workflowId);
  if (!householdId) return;
  const resolved = await resolveMembers(ctx, householdId, row.streetCode, members);
  const subject = row.view.personId;
  const change = compositionChange(await currentMembersOf(ctx.prisma, householdId), resolved, subject);
  // Their open cases are found before they move: a joining member's case may be their old household's.
  const others = await openCasesOfPeople(
    ctx.prisma,
    change.join.map((m) => m.personId),
  );
  await replaceComposition(ctx.prisma, householdId, change, row.caseId);
  await flagPossibleDuplicates(ctx, row, others, 'a member found at the home visit has another open case');
}

async function flagPossibleDuplicates(ctx: ApiContext, row: CaseRecord, open: OpenCaseRef[], reason: string): Promise<void> {
  for (const other of open.filter((c) => c.caseId !== row.caseId)) {
    const added = await recordPossibleDuplicate(ctx.prisma, row.caseId, other.caseId, reason);
    if (!added) continue;
    await notifyStreetSupervisors(ctx, row, other);
  }
}

async function prepareIdentification(
  ctx: ApiContext,
  actor: Actor,
  row: CaseRecord,
  request: Extract<CaseActionRequest, { type: 'identify-subject' }>,
): Promise<PreparedAction> {
  const id = validateIdNumber(request.idNumber, ctx.now());
  if (!id.ok)
    throw validationError(
      [{ path: 'idNumber', message: id.reason.replace(/\d{6,}/g, '…') }],
      'the identify-subject action has invalid fields',
    );
  const temporary = await ctx.prisma.person.findUnique({ where: { id: row.view.personId }, select: { unidentified: true, idHash: true } });
  if (!temporary?.unidentified || temporary.idHash !== null || !row.view.subjectUnidentified) {
    throw new AppError('SUBJECT_ALREADY_IDENTIFIED', `the subject of case ${row.caseId} is identified already`);
  }
  const idHash = ctx.pii.lookupHash(id.normalized);
  const known = await findPersonIdByHash(ctx.prisma, idHash);
  if (known) {
    const open = (await openCasesOfPeople(ctx.prisma, [known])).filter((c) => c.caseId !== row.caseId);
    const hidden = open.find((c) => !isInScope(actor.jurisdictionCode, c.streetCode));
    if (hidden) {
      // Someone else's open case (§7 item 9): nothing changes; the street that holds it can merge.
      throw new AppError(
        'IDENTITY_HAS_OPEN_CASE',
        'this ID number belongs to a person with an open case outside your jurisdiction; nothing was changed — ask the district to merge the cases',
      );
    }
  }
  const personId = known ?? row.view.personId;
  return {
    action: { type: 'identify-subject', personId },
    afterAccepted: async () => {
      if (known) {
        await ctx.prisma.person.updateMany({
          where: { id: row.view.personId, identifiedAs: null },
          data: { identifiedAs: known, unidentified: false },
        });
        await flagPossibleDuplicates(
          ctx,
          row,
          await openCasesOfPeople(ctx.prisma, [known]),
          'identify-subject named a person who has another open case',
        );
        return;
      }
      await ctx.prisma.person.updateMany({
        where: { id: row.view.personId, idHash: null },
        data: {
          idHash,
          idNumberEnc: ctx.pii.encrypt(id.normalized),
          nameEnc: ctx.pii.encrypt(request.name),
          birthYear: Number(id.birthDate.slice(0, 4)),
          sex: id.sex,
          unidentified: false,
        },
      });
    },
  };
}

/** The target must be another open case of the same street that the caller may act on (§7). */
async function checkMergeTarget(ctx: ApiContext, actor: Actor, row: CaseRecord, targetCaseId: string): Promise<void> {
  const fail = (message: string) =>
    validationError([{ path: 'targetCaseId', message }], 'the merge-into action names a case it cannot merge into');
  if (targetCaseId === row.caseId) throw fail('is this case; name the other case of the family');
  const target = await findCase(ctx.prisma, targetCaseId, ctx.pii);
  if (!target || !isInScope(actor.jurisdictionCode, target.streetCode)) throw fail(`no case ${targetCaseId} in your jurisdiction`);
  if (target.stage === 'closed') throw fail(`case ${targetCaseId} is closed; merge into the family's open case`);
  if (target.streetCode !== row.streetCode) {
    throw fail(`case ${targetCaseId} is held by street ${target.streetCode}, this case by ${row.streetCode}; transfer one of them first`);
  }
}
