// Organisations and their projects (DESIGN.md §10, 资源对接). Street staff and district officers see the
// organisations serving their district, city officers every one. District officers register and change
// organisations that serve their own district alone (an organisation serving other districts too is the
// city's to change); city officers any. Projects (慈善项目, 公益基金) are added by whoever may change
// their organisation and listed to whoever may see it. The contact person is stored encrypted and
// never logged.
import { randomUUID } from 'node:crypto';
import type { Actor, Role } from '../../domain/case-types';
import { findJurisdiction } from '../../domain/jurisdictions';
import { scopeLevel } from '../../domain/roles';
import type { ApiContext } from '../http/deps';
import { AppError, validationError, type FieldError } from '../http/errors';
import { requireRoleOf } from '../http/scope';
import {
  createOrganisation,
  createProject,
  findOrganisation,
  listOrganisations,
  listProjects,
  updateOrganisation,
  type OrganisationRow,
  type ProjectRow,
} from './repository';
import type {
  CreateOrganisationBody,
  CreateProjectBody,
  ListOrganisationsQuery,
  OrganisationOut,
  ProjectOut,
  UpdateOrganisationBody,
} from './schemas';

const READERS: readonly Role[] = ['caseworker', 'street_supervisor', 'district_officer', 'city_officer'];
const MANAGERS: readonly Role[] = ['district_officer', 'city_officer'];

export function requireOrganisationReader(actor: Actor): void {
  requireRoleOf(actor, READERS, 'read organisations');
}

export function requireOrganisationManager(actor: Actor): void {
  requireRoleOf(actor, MANAGERS, 'register or change organisations');
}

/** The district whose organisations the caller sees; undefined for the city (all of them). */
function districtOf(actor: Actor): string | undefined {
  const level = scopeLevel(actor.jurisdictionCode);
  if (level === 'city') return undefined;
  return actor.jurisdictionCode.slice(0, 6);
}

function mayRead(actor: Actor, org: Pick<OrganisationRow, 'districts'>): boolean {
  const district = districtOf(actor);
  return district === undefined || org.districts.includes(district);
}

/** City officers change any organisation; district officers those serving their own district alone. */
function mayChange(actor: Actor, districts: readonly string[]): boolean {
  if (scopeLevel(actor.jurisdictionCode) === 'city') return true;
  return actor.role === 'district_officer' && districts.every((d) => d === actor.jurisdictionCode);
}

/** Like an unknown case: "no such organisation" and "not one you see" answer the same. */
export function organisationNotFound(organisationId: string, outOfScope: boolean): AppError {
  return new AppError(
    'ORGANISATION_NOT_FOUND',
    `organisation ${organisationId} was not found`,
    outOfScope ? { audit: "organisation not serving the caller's district" } : {},
  );
}

function notYours(actor: Actor, organisationId: string): AppError {
  return new AppError(
    'ROLE_NOT_ALLOWED',
    `organisation ${organisationId} serves districts beyond ${actor.jurisdictionCode}; only a city officer may change it`,
    { audit: 'district officer changing an organisation beyond their district' },
  );
}

/** Field errors for districts that are not districts of the tree, or beyond what the caller may assign. */
function districtErrors(actor: Actor, districts: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  districts.forEach((code, i) => {
    if (findJurisdiction(code)?.level !== 'district')
      errors.push({ path: `districts.${i}`, message: `${code} is not a district of the jurisdiction tree; see GET /api/v1/jurisdictions` });
    else if (!mayChange(actor, [code]))
      errors.push({
        path: `districts.${i}`,
        message: `a district officer of ${actor.jurisdictionCode} registers organisations of that district only`,
      });
  });
  return errors;
}

function contactOf(ctx: ApiContext, row: OrganisationRow): OrganisationOut['contact'] {
  if (row.contactEnc === null) return null;
  try {
    return JSON.parse(ctx.pii.decrypt(row.contactEnc)) as OrganisationOut['contact'];
  } catch (err) {
    // A key missing from PII_KEY must not hide the organisation; say so in the log only.
    ctx.log.warn(
      { organisationId: row.organisationId, err: { message: (err as Error).message } },
      'cannot decrypt an organisation contact',
    );
    return null;
  }
}

function organisationOut(ctx: ApiContext, row: OrganisationRow): OrganisationOut {
  return {
    organisationId: row.organisationId,
    name: row.name,
    kind: row.kind,
    services: row.services,
    districts: row.districts,
    contact: contactOf(ctx, row),
  };
}

function projectOut(row: ProjectRow): ProjectOut {
  return {
    projectId: row.projectId,
    organisationId: row.organisationId,
    name: row.name,
    services: [...row.services],
    budget: row.budgetFen / 100,
    remaining: row.remainingFen / 100,
    startsAt: row.startsAt,
    ...(row.endsAt !== undefined ? { endsAt: row.endsAt } : {}),
  };
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

export async function listOrganisationsForActor(
  ctx: ApiContext,
  actor: Actor,
  query: ListOrganisationsQuery,
): Promise<{ items: OrganisationOut[] }> {
  requireOrganisationReader(actor);
  const own = districtOf(actor);
  // A district filter outside the caller's own district finds nothing they may see.
  if (own !== undefined && query.districtCode !== undefined && query.districtCode !== own) return { items: [] };
  const rows = await listOrganisations(ctx.prisma, { districtCode: own ?? query.districtCode, service: query.service });
  return { items: rows.map((r) => organisationOut(ctx, r)) };
}

/** The organisation if it exists and the caller may see it; otherwise the one 404 answer. */
async function loadOrganisationForActor(ctx: ApiContext, actor: Actor, organisationId: string): Promise<OrganisationRow> {
  requireOrganisationReader(actor);
  const row = await findOrganisation(ctx.prisma, organisationId);
  if (!row) throw organisationNotFound(organisationId, false);
  if (!mayRead(actor, row)) throw organisationNotFound(organisationId, true);
  return row;
}

export async function registerOrganisation(ctx: ApiContext, actor: Actor, body: CreateOrganisationBody): Promise<OrganisationOut> {
  requireOrganisationManager(actor);
  const districts = unique(body.districts);
  const errors = districtErrors(actor, districts);
  if (errors.length) throw validationError(errors, 'the organisation cannot serve these districts');
  const created = await createOrganisation(ctx.prisma, {
    organisationId: body.organisationId ?? `org-${randomUUID().slice(0, 12)}`,
    name: body.name,
    kind: body.kind,
    services: unique(body.services),
    districts,
    contactEnc: ctx.pii.encrypt(JSON.stringify(body.contact)),
    createdBy: actor.userId,
  });
  if (!created) throw new AppError('ORGANISATION_ID_TAKEN', `an organisation with id ${body.organisationId} already exists`);
  ctx.log.info({ by: actor.userId, organisationId: created.organisationId, districts }, 'organisation registered');
  return organisationOut(ctx, created);
}

export async function changeOrganisation(
  ctx: ApiContext,
  actor: Actor,
  organisationId: string,
  body: UpdateOrganisationBody,
): Promise<OrganisationOut> {
  requireOrganisationManager(actor);
  if (Object.keys(body).length === 0)
    throw validationError([{ path: '', message: 'send at least one field to change' }], 'nothing to change');
  const current = await loadOrganisationForActor(ctx, actor, organisationId);
  if (!mayChange(actor, current.districts)) throw notYours(actor, organisationId);
  const districts = body.districts !== undefined ? unique(body.districts) : undefined;
  if (districts) {
    const errors = districtErrors(actor, districts);
    if (errors.length) throw validationError(errors, 'the organisation cannot serve these districts');
  }
  const updated = await updateOrganisation(ctx.prisma, organisationId, {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.kind !== undefined ? { kind: body.kind } : {}),
    ...(body.services !== undefined ? { services: unique(body.services) } : {}),
    ...(districts !== undefined ? { districts } : {}),
    ...(body.contact !== undefined ? { contactEnc: ctx.pii.encrypt(JSON.stringify(body.contact)) } : {}),
  });
  ctx.log.info({ by: actor.userId, organisationId, changed: Object.keys(body) }, 'organisation changed');
  return organisationOut(ctx, updated);
}

export async function listProjectsForActor(ctx: ApiContext, actor: Actor, organisationId: string): Promise<{ items: ProjectOut[] }> {
  await loadOrganisationForActor(ctx, actor, organisationId);
  return { items: (await listProjects(ctx.prisma, [organisationId])).map(projectOut) };
}

export async function addProject(ctx: ApiContext, actor: Actor, organisationId: string, body: CreateProjectBody): Promise<ProjectOut> {
  requireOrganisationManager(actor);
  const org = await loadOrganisationForActor(ctx, actor, organisationId);
  if (!mayChange(actor, org.districts)) throw notYours(actor, organisationId);
  const created = await createProject(ctx.prisma, {
    projectId: `prj-${randomUUID().slice(0, 12)}`,
    organisationId,
    name: body.name,
    services: unique(body.services),
    budgetFen: Math.round(body.budget * 100),
    startsAt: body.startsAt,
    ...(body.endsAt !== undefined ? { endsAt: body.endsAt } : {}),
    createdBy: actor.userId,
  });
  ctx.log.info({ by: actor.userId, organisationId, projectId: created.projectId }, 'project added');
  return projectOut(created);
}
