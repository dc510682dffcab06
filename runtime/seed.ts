// Reference data for an empty database: the Guangzhou jurisdiction tree, one user per role per
// sample jurisdiction (domain/seed-staff.ts) and a few charity organisations for referrals.
// Idempotent: rows that exist are left alone, so running it twice changes nothing.
import { allJurisdictions, districtCodes } from '../domain/jurisdictions';
import { organisationUser } from '../domain/organisations';
import { seedCommitteeWorkers, seedStaff } from '../domain/seed-staff';
import type { PrismaClient } from '../generated/prisma/client';

/**
 * Example organisations (DESIGN.md §10; registered through POST /api/v1/organisations in production).
 * A city-wide organisation serves every district of the city: it lists them all, the same rule the
 * migration that introduced `districts` applied to the rows recorded without a district.
 */
const SEED_ORGANISATIONS = [
  { id: 'org-gz-charity', name: '广州市慈善会', kind: 'charity', districts: null, services: ['temporary', 'medical', 'education'] },
  { id: 'org-gz-redcross', name: '广州市红十字会', kind: 'charity', districts: null, services: ['medical', 'disaster'] },
  {
    id: 'org-yuexiu-fsc',
    name: '越秀区家庭综合服务中心',
    kind: 'social_work_agency',
    districts: ['440104'],
    services: ['extreme_poverty'],
  },
  {
    id: 'org-haizhu-volunteers',
    name: '海珠区志愿者协会',
    kind: 'volunteer_team',
    districts: ['440105'],
    services: ['extreme_poverty'],
  },
  { id: 'org-panyu-food', name: '番禺区食物银行', kind: 'charity', districts: ['440113'], services: ['temporary'] },
];

export async function seedIfEmpty(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.jurisdiction.count()) > 0) return false;
  await seed(prisma);
  return true;
}

export async function seed(prisma: PrismaClient): Promise<void> {
  const designated = new Map(seedCommitteeWorkers().map((w) => [w.committeeCode, w.userId]));
  await prisma.jurisdiction.createMany({
    data: allJurisdictions().map((j) => ({
      code: j.code,
      level: j.level,
      parentCode: j.parentCode,
      nameZh: j.nameZh,
      nameEn: j.nameEn,
      populationInDifficulty: j.populationInDifficulty ?? null,
      designatedWorkerId: designated.get(j.code) ?? null,
    })),
    skipDuplicates: true,
  });
  await prisma.staffUser.createMany({
    data: seedStaff().map((u) => ({
      id: u.id,
      role: u.role,
      jurisdictionCode: u.jurisdictionCode,
      nameZh: u.nameZh,
      nameEn: u.nameEn,
      fullTimeAssistance: u.fullTimeAssistance,
    })),
    skipDuplicates: true,
  });
  await prisma.organisation.createMany({
    data: SEED_ORGANISATIONS.map((o) => ({ ...o, districts: o.districts ?? districtCodes() })),
    skipDuplicates: true,
  });
  // Each organisation's user (§10), so `npm run token -- --role organisation --jurisdiction <id>` works for the examples.
  await prisma.staffUser.createMany({
    data: SEED_ORGANISATIONS.map((o) => organisationUser({ organisationId: o.id, name: o.name })),
    skipDuplicates: true,
  });
}
