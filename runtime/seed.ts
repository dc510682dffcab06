// Reference data for an empty database: the Guangzhou jurisdiction tree, one user per role per
// sample jurisdiction (domain/seed-staff.ts) and a few charity organisations for referrals.
// Idempotent: rows that exist are left alone, so running it twice changes nothing.
import { allJurisdictions } from '../domain/jurisdictions';
import { seedCommitteeWorkers, seedStaff } from '../domain/seed-staff';
import type { PrismaClient } from '../generated/prisma/client';

const SEED_ORGANISATIONS = [
  {
    id: 'org-gz-charity',
    nameZh: '广州市慈善会',
    nameEn: 'Guangzhou Charity Federation',
    kind: 'charity',
    districtCode: null,
    services: ['financial', 'medical', 'education'],
  },
  {
    id: 'org-gz-redcross',
    nameZh: '广州市红十字会',
    nameEn: 'Guangzhou Red Cross',
    kind: 'charity',
    districtCode: null,
    services: ['medical', 'disaster'],
  },
  {
    id: 'org-yuexiu-fsc',
    nameZh: '越秀区家庭综合服务中心',
    nameEn: 'Yuexiu Family Service Centre',
    kind: 'social_work',
    districtCode: '440104',
    services: ['counselling', 'care', 'elderly'],
  },
  {
    id: 'org-haizhu-volunteers',
    nameZh: '海珠区志愿者协会',
    nameEn: 'Haizhu Volunteers Association',
    kind: 'volunteer',
    districtCode: '440105',
    services: ['visits', 'care'],
  },
  {
    id: 'org-panyu-food',
    nameZh: '番禺区食物银行',
    nameEn: 'Panyu Food Bank',
    kind: 'charity',
    districtCode: '440113',
    services: ['food', 'in_kind'],
  },
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
  await prisma.organisation.createMany({ data: SEED_ORGANISATIONS, skipDuplicates: true });
}
