// Staff administration: supervisors list the staff of their jurisdiction; only city officers add staff,
// change their role, jurisdiction, full-time status or activity, and designate committee workers.
// These are the inputs of the 2000:1:1 coverage figures in GET /stats.
import { randomUUID } from 'node:crypto';
import { decodeKeyset, encodeKeyset, invalidCursor } from '../http/cursor';
import type { Actor, Role } from '../../domain/case-types';
import { findJurisdiction } from '../../domain/jurisdictions';
import { ROLE_JURISDICTION_LEVEL, type StaffRole } from '../../domain/seed-staff';
import { scopeLevel } from '../../domain/roles';
import type { ApiContext } from '../http/deps';
import { AppError, validationError, type FieldError } from '../http/errors';
import { requireRoleOf } from '../http/scope';
import { createStaff, findCommittee, findStaff, listStaff, setDesignatedWorker, updateStaff } from './repository';
import type { CommitteeOut, CreateStaffBody, ListStaffQuery, StaffUserOut, UpdateStaffBody } from './schemas';

const STAFF_READERS: readonly Role[] = ['street_supervisor', 'district_officer', 'city_officer'];
const DEFAULT_STAFF_PAGE_SIZE = 200;

/** Only city officers change staff and committee assignments (403, audited, for anyone else). */
export function requireStaffAdmin(actor: Actor): void {
  requireRoleOf(actor, ['city_officer'], 'change staff or committee assignments');
}

/** The jurisdiction-code prefix of everything in an actor's scope. */
function scopePrefix(actor: Actor): string {
  return scopeLevel(actor.jurisdictionCode) === 'city' ? actor.jurisdictionCode.slice(0, 4) : actor.jurisdictionCode;
}

/** Field errors when a role cannot hold this jurisdiction or full-time status. */
function assignmentErrors(role: StaffRole, jurisdictionCode: string, fullTimeAssistance: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const node = findJurisdiction(jurisdictionCode);
  const expected = ROLE_JURISDICTION_LEVEL[role];
  if (!node) errors.push({ path: 'jurisdictionCode', message: 'is not a known jurisdiction; see GET /api/v1/jurisdictions' });
  else if (node.level !== expected)
    errors.push({ path: 'jurisdictionCode', message: `must be a ${expected} code for role ${role} (got a ${node.level})` });
  if (fullTimeAssistance && role !== 'caseworker') {
    errors.push({ path: 'fullTimeAssistance', message: 'only caseworkers count as full-time assistance workers' });
  }
  return errors;
}

export async function listStaffForActor(
  ctx: ApiContext,
  actor: Actor,
  query: ListStaffQuery,
): Promise<{ items: StaffUserOut[]; nextCursor?: string }> {
  requireRoleOf(actor, STAFF_READERS, 'list staff');
  let afterId: string | undefined;
  if (query.cursor !== undefined) {
    const [id] = decodeKeyset(query.cursor, 1);
    if (typeof id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id)) throw invalidCursor();
    afterId = id;
  }
  const { items, hasMore } = await listStaff(ctx.prisma, {
    prefix: scopePrefix(actor),
    jurisdictionCode: query.jurisdictionCode,
    role: query.role,
    active: query.active,
    afterId,
    limit: query.limit ?? DEFAULT_STAFF_PAGE_SIZE,
  });
  const last = items.at(-1);
  return hasMore && last ? { items, nextCursor: encodeKeyset([last.id]) } : { items };
}

export async function createStaffMember(ctx: ApiContext, actor: Actor, body: CreateStaffBody): Promise<StaffUserOut> {
  requireStaffAdmin(actor);
  const fullTimeAssistance = body.fullTimeAssistance ?? body.role === 'caseworker';
  const errors = assignmentErrors(body.role, body.jurisdictionCode, fullTimeAssistance);
  if (errors.length) throw validationError(errors, 'the staff member cannot hold this assignment');
  const created = await createStaff(ctx.prisma, {
    id: body.id ?? `st-${randomUUID().slice(0, 12)}`,
    role: body.role,
    jurisdictionCode: body.jurisdictionCode,
    nameZh: body.nameZh,
    nameEn: body.nameEn,
    fullTimeAssistance,
    active: body.active ?? true,
  });
  if (!created) throw new AppError('STAFF_ID_TAKEN', `a staff member with id ${body.id} already exists`);
  ctx.log.info(
    { by: actor.userId, staffId: created.id, role: created.role, jurisdictionCode: created.jurisdictionCode },
    'staff member added',
  );
  return created;
}

export async function updateStaffMember(ctx: ApiContext, actor: Actor, id: string, body: UpdateStaffBody): Promise<StaffUserOut> {
  requireStaffAdmin(actor);
  if (Object.keys(body).length === 0)
    throw validationError([{ path: '', message: 'send at least one field to change' }], 'nothing to change');
  const current = await findStaff(ctx.prisma, id);
  if (!current) throw new AppError('STAFF_NOT_FOUND', `staff member ${id} was not found`);
  if (current.role === 'organisation') return updateOrganisationUser(ctx, actor, id, body);
  const role = body.role ?? current.role;
  // Leaving the caseworker role ends full-time assistance work unless the caller says otherwise (and
  // then the check below refuses it).
  const fullTimeAssistance = body.fullTimeAssistance ?? (role === 'caseworker' ? current.fullTimeAssistance : false);
  const errors = assignmentErrors(role, body.jurisdictionCode ?? current.jurisdictionCode, fullTimeAssistance);
  if (errors.length) throw validationError(errors, 'the staff member cannot hold this assignment');
  const changes = { ...body, ...(fullTimeAssistance !== current.fullTimeAssistance ? { fullTimeAssistance } : {}) };
  const updated = await updateStaff(ctx.prisma, id, changes);
  // Tokens follow the change here at once; other API processes within their cache's 30 s.
  ctx.staff.forget(id);
  ctx.log.info({ by: actor.userId, staffId: id, changed: Object.keys(changes) }, 'staff member changed');
  return updated;
}

/** An organisation's user (§10) belongs to its organisation: it may be deactivated or reactivated, nothing else. */
async function updateOrganisationUser(ctx: ApiContext, actor: Actor, id: string, body: UpdateStaffBody): Promise<StaffUserOut> {
  const others = Object.keys(body).filter((k) => k !== 'active');
  if (others.length > 0) {
    throw validationError(
      others.map((path) => ({ path, message: "an organisation's user follows its organisation; only active may change" })),
      'the staff member is an organisation’s user',
    );
  }
  const updated = await updateStaff(ctx.prisma, id, body);
  ctx.staff.forget(id);
  ctx.log.info({ by: actor.userId, staffId: id, changed: ['active'] }, 'organisation user changed');
  return updated;
}

export async function assignDesignatedWorker(
  ctx: ApiContext,
  actor: Actor,
  committeeCode: string,
  userId: string | null,
): Promise<CommitteeOut> {
  requireStaffAdmin(actor);
  const committee = await findCommittee(ctx.prisma, committeeCode);
  if (!committee) throw new AppError('COMMITTEE_NOT_FOUND', `committee ${committeeCode} was not found`);
  if (userId !== null) {
    const worker = await findStaff(ctx.prisma, userId);
    if (!worker || !worker.active)
      throw validationError([{ path: 'userId', message: 'is not an active staff member' }], 'cannot designate this worker');
    if (worker.jurisdictionCode !== committee.streetCode) {
      throw validationError(
        [
          {
            path: 'userId',
            message: `must be a staff member of the committee's street ${committee.streetCode} (is in ${worker.jurisdictionCode})`,
          },
        ],
        'cannot designate this worker',
      );
    }
  }
  const updated = await setDesignatedWorker(ctx.prisma, committeeCode, userId);
  ctx.log.info({ by: actor.userId, committeeCode, designatedWorkerId: userId }, 'committee worker designated');
  return updated;
}
