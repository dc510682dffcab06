// Subject persons in the read model. Personal fields arrive and leave encrypted; this module never
// sees plain text, only the ciphertexts and the keyed look-up hash.
import type { PrismaClient } from '../../generated/prisma/client';
import { isUniqueViolation } from '../http/prisma-errors';

export interface PersonWrite {
  id: string;
  idHash: string;
  idNumberEnc: string;
  nameEnc: string;
  phoneEnc?: string;
  addressEnc?: string;
  birthYear: number;
  sex: string;
  streetCode: string;
}

export interface PersonSecrets {
  idNumberEnc: string;
  nameEnc: string;
  phoneEnc: string | null;
  addressEnc: string | null;
  birthYear: number;
  sex: string;
}

/**
 * Creates the person or refreshes what the latest report says (name spelling, street; phone and
 * address only when given, so a report without them does not erase known contact details).
 */
export async function upsertPerson(prisma: PrismaClient, p: PersonWrite): Promise<void> {
  const update = {
    nameEnc: p.nameEnc,
    streetCode: p.streetCode,
    ...(p.phoneEnc !== undefined ? { phoneEnc: p.phoneEnc } : {}),
    ...(p.addressEnc !== undefined ? { addressEnc: p.addressEnc } : {}),
  };
  const create = { ...p, phoneEnc: p.phoneEnc ?? null, addressEnc: p.addressEnc ?? null };
  try {
    await prisma.person.upsert({ where: { idHash: p.idHash }, create, update, select: { id: true } });
  } catch (err) {
    // Two first reports about the same person at once: both try to create; the loser updates.
    if (!isUniqueViolation(err)) throw err;
    await prisma.person.update({ where: { idHash: p.idHash }, data: update, select: { id: true } });
  }
}

export async function findPersonSecrets(prisma: PrismaClient, personId: string): Promise<PersonSecrets | null> {
  return prisma.person.findUnique({
    where: { id: personId },
    select: { idNumberEnc: true, nameEnc: true, phoneEnc: true, addressEnc: true, birthYear: true, sex: true },
  });
}
