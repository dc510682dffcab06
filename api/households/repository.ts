// Households and their membership history in PostgreSQL (DESIGN.md §7). A person has at most one
// current membership (a partial unique index), so two intakes placing one person at the same time
// collide and the loser takes the winner's household. Incomes are stored encrypted.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import { householdIdForKey, type Relation, type ResolvedMember } from '../../domain/household';
import { isUniqueViolation } from '../http/prisma-errors';

export interface MemberRow {
  personId: string;
  relation: string;
  current: boolean;
  disability: boolean | null;
  monthlyIncomeEnc: string | null;
  source: string;
  joinedAt: Date;
  leftAt: Date | null;
}

const PLACEMENT_ATTEMPTS = 4;

export async function currentHouseholdOf(prisma: PrismaClient, personId: string): Promise<string | null> {
  const row = await prisma.householdMember.findFirst({ where: { personId, current: true }, select: { householdId: true } });
  return row?.householdId ?? null;
}

export async function findHousehold(prisma: PrismaClient, householdId: string) {
  return prisma.household.findUnique({ where: { id: householdId }, select: { id: true, streetCode: true, createdAt: true } });
}

/**
 * The person's current household, or a new one with them as its only member. The first household of
 * a person takes `preferredKey` (their ID hash: the workflow id their cases always had); if that id is
 * taken (they left that household) a random key is used. `isNew`: the person was recorded just now,
 * so they cannot have a household yet and the look-up is skipped (a collision still falls back to it).
 */
export async function householdFor(
  prisma: PrismaClient,
  person: { personId: string; isNew: boolean },
  streetCode: string,
  preferredKey: string,
  source: { source: 'report' | 'visit'; sourceRef: string },
): Promise<string> {
  for (let attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
    if (attempt > 0 || !person.isNew) {
      const current = await currentHouseholdOf(prisma, person.personId);
      if (current) return current;
    }
    const key = attempt === 0 ? preferredKey : `n${randomBytes(16).toString('hex')}`;
    const householdId = householdIdForKey(key);
    try {
      // One statement, so the household never exists without its member.
      await prisma.$executeRaw`
        WITH h AS (
          INSERT INTO households (id, "streetCode", "createdAt", "updatedAt") VALUES (${householdId}, ${streetCode}, now(), now())
          RETURNING id)
        INSERT INTO household_members ("householdId", "personId", relation, current, source, "sourceRef", "joinedAt")
        SELECT h.id, ${person.personId}, 'self', true, ${source.source}, ${source.sourceRef}, now() FROM h`;
      return householdId;
    } catch (err) {
      // Someone placed the person meanwhile (membership), or the id is an older household of theirs.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error(`could not place person ${person.personId} in a household`);
}

/** A report's household (§7) only fills gaps: members already in a household stay where they are. */
export async function addMembersIfHomeless(
  prisma: PrismaClient,
  householdId: string,
  members: (ResolvedMember & { monthlyIncomeEnc?: string })[],
  sourceRef: string,
): Promise<void> {
  for (const m of members) {
    if (await currentHouseholdOf(prisma, m.personId)) continue;
    try {
      await prisma.householdMember.create({ data: memberData(householdId, m, 'report', sourceRef), select: { id: true } });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
}

function memberData(householdId: string, m: ResolvedMember & { monthlyIncomeEnc?: string }, source: string, sourceRef: string) {
  return {
    householdId,
    personId: m.personId,
    relation: m.relation,
    disability: m.disability ?? null,
    monthlyIncomeEnc: m.monthlyIncomeEnc ?? null,
    source,
    sourceRef,
  };
}

export async function currentMembersOf(prisma: PrismaClient, householdId: string): Promise<{ personId: string; relation: string }[]> {
  return prisma.householdMember.findMany({ where: { householdId, current: true }, select: { personId: true, relation: true } });
}

/**
 * The visit's composition replaces the current one in one transaction (§7): members who moved in leave
 * their previous household (their row there ends), restated members get a fresh row (the old one stays as
 * history), members not found leave. Repeating the same composition changes nothing.
 */
export async function replaceComposition(
  prisma: PrismaClient,
  householdId: string,
  change: { join: Stored[]; restate: Stored[]; leave: string[] },
  sourceRef: string,
): Promise<void> {
  const now = new Date();
  const existing = await prisma.householdMember.findMany({
    where: { householdId, current: true, personId: { in: change.restate.map((m) => m.personId) } },
    select: { personId: true, relation: true, disability: true, monthlyIncomeEnc: true },
  });
  const unchanged = new Set(
    existing
      .filter((row) => {
        const m = change.restate.find((x) => x.personId === row.personId)!;
        return row.relation === m.relation && row.disability === (m.disability ?? null) && m.monthlyIncomeEnc === undefined;
      })
      .map((row) => row.personId),
  );
  const restated = change.restate.filter((m) => !unchanged.has(m.personId));
  const ending = [...change.leave, ...restated.map((m) => m.personId)];
  await prisma.$transaction([
    prisma.householdMember.updateMany({
      where: { current: true, OR: [{ householdId, personId: { in: ending } }, { personId: { in: change.join.map((m) => m.personId) } }] },
      data: { current: false, leftAt: now },
    }),
    prisma.householdMember.createMany({
      data: [...change.join, ...restated].map((m) => memberData(householdId, m, 'visit', sourceRef)),
    }),
    prisma.household.update({ where: { id: householdId }, data: { updatedAt: now }, select: { id: true } }),
  ]);
}

type Stored = ResolvedMember & { relation: Relation; monthlyIncomeEnc?: string };

export async function membershipHistory(prisma: PrismaClient, householdId: string): Promise<MemberRow[]> {
  return prisma.householdMember.findMany({
    where: { householdId },
    orderBy: { id: 'asc' },
    select: {
      personId: true,
      relation: true,
      current: true,
      disability: true,
      monthlyIncomeEnc: true,
      source: true,
      joinedAt: true,
      leftAt: true,
    },
  });
}
