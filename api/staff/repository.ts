// Staff users and committee worker assignments (tables staff_users, jurisdictions) as plain objects.
import type { Role } from '../../domain/case-types';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { CommitteeOut, StaffUserOut } from './schemas';
import { isUniqueViolation } from '../http/prisma-errors';

type StaffRow = Prisma.StaffUserGetPayload<object>;

function toOut(r: StaffRow): StaffUserOut {
  return {
    id: r.id,
    role: r.role as Role,
    jurisdictionCode: r.jurisdictionCode,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    fullTimeAssistance: r.fullTimeAssistance,
    active: r.active,
    createdAt: r.createdAt.toISOString(),
  };
}

/** One page of staff whose jurisdiction starts with `prefix`, by id. */
export async function listStaff(
  prisma: PrismaClient,
  args: { prefix: string; jurisdictionCode?: string; role?: Role; active?: boolean; afterId?: string; limit: number },
): Promise<{ items: StaffUserOut[]; hasMore: boolean }> {
  const and: Prisma.StaffUserWhereInput[] = [{ jurisdictionCode: { startsWith: args.prefix } }];
  if (args.jurisdictionCode) and.push({ jurisdictionCode: args.jurisdictionCode });
  if (args.role) and.push({ role: args.role });
  if (args.active !== undefined) and.push({ active: args.active });
  if (args.afterId) and.push({ id: { gt: args.afterId } });
  const rows = await prisma.staffUser.findMany({ where: { AND: and }, orderBy: { id: 'asc' }, take: args.limit + 1 });
  return { items: rows.slice(0, args.limit).map(toOut), hasMore: rows.length > args.limit };
}

export async function findStaff(prisma: PrismaClient, id: string): Promise<StaffUserOut | null> {
  const row = await prisma.staffUser.findUnique({ where: { id } });
  return row ? toOut(row) : null;
}

/** Creates a staff user; null when the id is taken. */
export async function createStaff(prisma: PrismaClient, data: Omit<StaffUserOut, 'createdAt'>): Promise<StaffUserOut | null> {
  try {
    return toOut(await prisma.staffUser.create({ data }));
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

export async function updateStaff(
  prisma: PrismaClient,
  id: string,
  data: Partial<Pick<StaffUserOut, 'role' | 'jurisdictionCode' | 'fullTimeAssistance' | 'active' | 'nameZh' | 'nameEn'>>,
): Promise<StaffUserOut> {
  return toOut(await prisma.staffUser.update({ where: { id }, data }));
}

export async function findCommittee(prisma: PrismaClient, code: string): Promise<CommitteeOut | null> {
  const row = await prisma.jurisdiction.findFirst({ where: { code, level: 'committee' } });
  if (!row) return null;
  return {
    code: row.code,
    streetCode: row.parentCode ?? row.code.slice(0, 9),
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    designatedWorkerId: row.designatedWorkerId,
  };
}

export async function setDesignatedWorker(prisma: PrismaClient, committeeCode: string, userId: string | null): Promise<CommitteeOut> {
  const row = await prisma.jurisdiction.update({ where: { code: committeeCode }, data: { designatedWorkerId: userId } });
  return {
    code: row.code,
    streetCode: row.parentCode ?? row.code.slice(0, 9),
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    designatedWorkerId: row.designatedWorkerId,
  };
}
