// Organisations and their projects from PostgreSQL (tables organisations, organisation_projects), as
// rows the use cases shape. Amounts are fen (BigInt columns, numbers here); project dates are calendar
// dates (YYYY-MM-DD). Lists are filtered in SQL by the district served.
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { organisationUser, type OrganisationKind, type ProjectTerms, type Service } from '../../domain/organisations';
import { isUniqueViolation } from '../http/prisma-errors';

export interface OrganisationRow {
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  services: Service[];
  districts: string[];
  contactEnc: string | null;
}

export interface ProjectRow extends ProjectTerms {
  name: string;
}

type OrgRecord = Prisma.OrganisationGetPayload<object>;
type ProjectRecord = Prisma.OrganisationProjectGetPayload<object>;

function orgOf(r: OrgRecord): OrganisationRow {
  return {
    organisationId: r.id,
    name: r.name,
    kind: r.kind as OrganisationKind,
    services: r.services as Service[],
    districts: r.districts,
    contactEnc: r.contactEnc,
  };
}

const dateOf = (d: Date) => d.toISOString().slice(0, 10);

function projectOf(r: ProjectRecord): ProjectRow {
  return {
    projectId: r.id,
    organisationId: r.organisationId,
    name: r.name,
    services: r.services as Service[],
    budgetFen: Number(r.budgetFen),
    remainingFen: Number(r.remainingFen),
    startsAt: dateOf(r.startsAt),
    ...(r.endsAt ? { endsAt: dateOf(r.endsAt) } : {}),
  };
}

/** Organisations serving `districtCode` (every one when absent), optionally offering `service`, by id. */
export async function listOrganisations(
  prisma: PrismaClient,
  filter: { districtCode?: string; service?: Service },
): Promise<OrganisationRow[]> {
  const and: Prisma.OrganisationWhereInput[] = [];
  if (filter.districtCode) and.push({ districts: { has: filter.districtCode } });
  if (filter.service) and.push({ services: { has: filter.service } });
  const rows = await prisma.organisation.findMany({ where: { AND: and }, orderBy: { id: 'asc' } });
  return rows.map(orgOf);
}

export async function findOrganisation(prisma: PrismaClient, organisationId: string): Promise<OrganisationRow | null> {
  const row = await prisma.organisation.findUnique({ where: { id: organisationId } });
  return row ? orgOf(row) : null;
}

/** Creates an organisation; null when the id is taken. */
export async function createOrganisation(
  prisma: PrismaClient,
  data: OrganisationRow & { createdBy: string },
): Promise<OrganisationRow | null> {
  try {
    // The organisation's user (§10) is written with it, so its tokens name an existing user from the start.
    const [row] = await prisma.$transaction([
      prisma.organisation.create({
        data: {
          id: data.organisationId,
          name: data.name,
          kind: data.kind,
          services: data.services,
          districts: data.districts,
          contactEnc: data.contactEnc,
          createdBy: data.createdBy,
        },
      }),
      prisma.staffUser.create({ data: organisationUser(data) }),
    ]);
    return orgOf(row);
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

export async function updateOrganisation(
  prisma: PrismaClient,
  organisationId: string,
  data: Partial<Pick<OrganisationRow, 'name' | 'kind' | 'services' | 'districts' | 'contactEnc'>>,
): Promise<OrganisationRow> {
  return orgOf(await prisma.organisation.update({ where: { id: organisationId }, data }));
}

/** The projects of these organisations, by organisation then project id. */
export async function listProjects(prisma: PrismaClient, organisationIds: string[]): Promise<ProjectRow[]> {
  if (organisationIds.length === 0) return [];
  const rows = await prisma.organisationProject.findMany({
    where: { organisationId: { in: organisationIds } },
    orderBy: [{ organisationId: 'asc' }, { id: 'asc' }],
  });
  return rows.map(projectOf);
}

export async function findProject(prisma: PrismaClient, projectId: string): Promise<ProjectRow | null> {
  const row = await prisma.organisationProject.findUnique({ where: { id: projectId } });
  return row ? projectOf(row) : null;
}

export async function createProject(
  prisma: PrismaClient,
  data: Omit<ProjectRow, 'remainingFen'> & { createdBy: string },
): Promise<ProjectRow> {
  const row = await prisma.organisationProject.create({
    data: {
      id: data.projectId,
      organisationId: data.organisationId,
      name: data.name,
      services: [...data.services],
      budgetFen: BigInt(data.budgetFen),
      // §10: what is left starts at the budget.
      remainingFen: BigInt(data.budgetFen),
      startsAt: new Date(`${data.startsAt}T00:00:00Z`),
      endsAt: data.endsAt ? new Date(`${data.endsAt}T00:00:00Z`) : null,
      createdBy: data.createdBy,
    },
  });
  return projectOf(row);
}
