// The family file (GET /households/{id}) and the person look-up (POST /persons/lookup), §7: what a
// household is made of and what was done for it, for readers in scope. Every read is in the access log.
import type { Actor, CaseView } from '../../domain/case-types';
import { caseOutcome, householdKeyOf, type Relation } from '../../domain/household';
import { validateIdNumber } from '../../domain/ids';
import { openFields } from '../../domain/sealing';
import { caseWorkflowId } from '../../workflows/definitions';
import { maskIdNumber } from '../cases/case-file';
import { recordAccess } from '../http/access-log';
import type { ApiContext } from '../http/deps';
import { AppError, validationError } from '../http/errors';
import { caseInScope, requireCaseReader } from '../http/scope';
import { findPeopleSecrets, findPersonIdByHash } from '../persons/repository';
import { currentHouseholdOf, findHousehold, membershipHistory } from './repository';
import type { CaseSummary, FamilyFile, PersonLookupResult } from './schemas';
import { isApprovedItem } from '../../domain/assistance';

const householdNotFound = (householdId: string, outOfScope: boolean) =>
  new AppError(
    'HOUSEHOLD_NOT_FOUND',
    `household ${householdId} was not found`,
    outOfScope ? { audit: "household outside the caller's jurisdiction" } : {},
  );

interface CaseOfHousehold {
  summary: CaseSummary;
  view: CaseView;
  streetCode: string;
}

type CaseRowForSummary = { caseId: string; stage: string; openedAt: Date; closedAt: Date | null; personId: string };

/** One case as the family file and the look-up list it. */
function caseSummaryOf(r: CaseRowForSummary, view: CaseView): CaseSummary {
  const outcome = caseOutcome({ ...view, assisted: (view.assistance ?? []).some(isApprovedItem) });
  return {
    caseId: r.caseId,
    stage: r.stage as CaseSummary['stage'],
    openedAt: r.openedAt.toISOString(),
    ...(r.closedAt ? { closedAt: r.closedAt.toISOString() } : {}),
    ...(outcome ? { outcome } : {}),
    subjectPersonId: r.personId,
  };
}

/** The household's cases: those run under its workflow id (one open at a time) and any case of a current member. */
async function casesOf(ctx: ApiContext, householdId: string, memberIds: string[]): Promise<CaseOfHousehold[]> {
  const rows = await ctx.prisma.case.findMany({
    where: { OR: [{ workflowId: caseWorkflowId(householdKeyOf(householdId)) }, { personId: { in: memberIds } }] },
    orderBy: { openedAt: 'asc' },
    select: { caseId: true, stage: true, openedAt: true, closedAt: true, personId: true, streetCode: true, view: true },
  });
  return rows.map((r) => {
    const view = openFields(r.view as unknown as CaseView, ctx.pii);
    return { view, streetCode: r.streetCode, summary: caseSummaryOf(r, view) };
  });
}

export async function getFamilyFile(ctx: ApiContext, actor: Actor, householdId: string, route: string): Promise<FamilyFile> {
  requireCaseReader(actor);
  const household = await findHousehold(ctx.prisma, householdId);
  if (!household) throw householdNotFound(householdId, false);
  if (!caseInScope(actor, household)) throw householdNotFound(householdId, true);
  const history = await membershipHistory(ctx.prisma, householdId);
  const personIds = [...new Set(history.map((m) => m.personId))];
  const [people, cases] = await Promise.all([
    findPeopleSecrets(ctx.prisma, personIds),
    casesOf(
      ctx,
      householdId,
      history.filter((m) => m.current).map((m) => m.personId),
    ),
  ]);
  await recordAccess(ctx.prisma, {
    userId: actor.userId,
    role: actor.role,
    kind: 'family-file',
    subjectRef: householdId,
    route,
    districtCode: household.streetCode.slice(0, 6),
  });

  // Current members first, the subject's own row first among them; then who left, in order of joining.
  const ordered = [...history].sort(
    (a, b) => Number(b.current) - Number(a.current) || Number(b.relation === 'self') - Number(a.relation === 'self'),
  );
  const members: FamilyFile['members'] = ordered.map((m) => {
    const p = people.get(m.personId);
    return {
      personId: m.personId,
      name: p ? ctx.pii.decrypt(p.nameEnc) : '',
      idNumberMasked: p?.idNumberEnc ? maskIdNumber(ctx.pii.decrypt(p.idNumberEnc)) : null,
      birthYear: p?.birthYear ?? null,
      relation: m.relation as Relation,
      current: m.current,
      joinedAt: m.joinedAt.toISOString(),
      ...(m.leftAt ? { leftAt: m.leftAt.toISOString() } : {}),
      ...(m.disability !== null ? { disability: m.disability } : {}),
      ...(m.monthlyIncomeEnc ? { monthlyIncome: Number(ctx.pii.decrypt(m.monthlyIncomeEnc)) } : {}),
      source: m.source as FamilyFile['members'][number]['source'],
    };
  });
  const reports = await ctx.prisma.caseReportRecord.findMany({
    where: { householdId },
    select: { reportId: true, receivedAt: true, personId: true },
  });
  const timeline: FamilyFile['timeline'] = [
    ...history.flatMap((m) => [
      { at: m.joinedAt.toISOString(), kind: 'member-joined' as const, personId: m.personId },
      ...(m.leftAt ? [{ at: m.leftAt.toISOString(), kind: 'member-left' as const, personId: m.personId }] : []),
    ]),
    ...cases.flatMap(({ summary: c }) => [
      { at: c.openedAt, kind: 'case-opened' as const, caseId: c.caseId },
      ...(c.closedAt ? [{ at: c.closedAt, kind: 'case-closed' as const, caseId: c.caseId }] : []),
    ]),
    ...reports.map((r) => ({
      at: r.receivedAt.toISOString(),
      kind: 'report-received' as const,
      reportId: r.reportId,
      personId: r.personId,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));

  return {
    householdId,
    streetCode: household.streetCode,
    members,
    cases: cases.map((c) => c.summary),
    // Every item approved on the household's cases (§10), also those that ended: the family's aid history.
    assistance: cases.flatMap(({ view }) =>
      (view.assistance ?? []).filter(isApprovedItem).map((a) => ({
        caseId: view.caseId,
        itemId: a.itemId,
        assistanceType: a.assistanceType,
        status: a.status as 'approved' | 'active' | 'ended',
        amount: a.amount,
        ...(a.months !== undefined ? { months: a.months } : {}),
        total: a.total,
        approvedAt: a.approvedAt!,
        ...(a.startsAt !== undefined ? { startsAt: a.startsAt } : {}),
        ...(a.endsAt !== undefined ? { endsAt: a.endsAt } : {}),
        disbursed: a.disbursed,
      })),
    ),
    // Warnings from shared data (§8) are not raised yet; the list is part of the contract.
    warnings: [],
    timeline,
  };
}

const personNotFound = (outOfScope: boolean) =>
  new AppError(
    'PERSON_NOT_FOUND',
    'no person with this ID number in your jurisdiction',
    outOfScope ? { audit: "person outside the caller's jurisdiction" } : {},
  );

/** 404 for unknown and for out of scope alike, so a look-up cannot probe the register outside one's jurisdiction. */
export async function lookupPerson(ctx: ApiContext, actor: Actor, idNumber: string, route: string): Promise<PersonLookupResult> {
  requireCaseReader(actor);
  const id = validateIdNumber(idNumber, ctx.now());
  if (!id.ok) throw validationError([{ path: 'idNumber', message: id.reason.replace(/\d{6,}/g, '…') }], 'the ID number is not valid');
  const personId = await findPersonIdByHash(ctx.prisma, ctx.pii.lookupHash(id.normalized));
  if (!personId) throw personNotFound(false);
  const householdId = await currentHouseholdOf(ctx.prisma, personId);
  const household = householdId ? await findHousehold(ctx.prisma, householdId) : null;
  const rows = await ctx.prisma.case.findMany({
    where: {
      OR: [{ personId }, ...(householdId ? [{ workflowId: caseWorkflowId(householdKeyOf(householdId)) }] : [])],
    },
    orderBy: { openedAt: 'asc' },
    select: { caseId: true, stage: true, openedAt: true, closedAt: true, personId: true, streetCode: true, view: true },
  });
  const visible = rows.filter((r) => caseInScope(actor, r));
  if (!(household && caseInScope(actor, household)) && visible.length === 0) throw personNotFound(true);
  await recordAccess(ctx.prisma, {
    userId: actor.userId,
    role: actor.role,
    kind: 'lookup',
    subjectRef: personId,
    personId,
    route,
    districtCode: (household?.streetCode ?? visible[0].streetCode).slice(0, 6),
  });
  const cases = visible.map((r) => caseSummaryOf(r, openFields(r.view as unknown as CaseView, ctx.pii)));
  const open = cases.find((c) => c.stage !== 'closed');
  return { personId, ...(householdId ? { householdId } : {}), ...(open ? { openCaseId: open.caseId } : {}), cases };
}
