// Persons of the monitored register in the read model. Personal fields are stored encrypted and
// looked up by the keyed hash of the ID number; what is recorded about a person is never overwritten
// by a later report (§7, §14): the report keeps what it said, and only missing fields are filled in.
import type { PrismaClient } from '../../generated/prisma/client';
import type { PiiCipher } from '../../runtime/pii';
import { compareIdentity, type Identity, type IdentityComparison } from '../../domain/household';
import { isUniqueViolation } from '../http/prisma-errors';
import { selectColumns } from '../http/select-columns';

export interface PersonWrite {
  id: string;
  idHash: string | null;
  idNumberEnc: string | null;
  nameEnc: string;
  phoneEnc?: string;
  addressEnc?: string;
  birthYear: number | null;
  sex: string | null;
  streetCode: string;
  unidentified?: boolean;
  descriptionEnc?: string;
}

export interface PersonSecrets {
  idNumberEnc: string | null;
  nameEnc: string;
  phoneEnc: string | null;
  addressEnc: string | null;
  birthYear: number | null;
  sex: string | null;
  unidentified: boolean;
  descriptionEnc: string | null;
  identifiedAs: string | null;
}

const SECRET_FIELDS = {
  idNumberEnc: true,
  nameEnc: true,
  phoneEnc: true,
  addressEnc: true,
  birthYear: true,
  sex: true,
  unidentified: true,
  descriptionEnc: true,
  identifiedAs: true,
} as const;

/** The same fields as a column list, for a statement that reads a person's sealed fields in SQL. */
export const PERSON_SECRET_COLUMNS = selectColumns(SECRET_FIELDS);

/**
 * Creates the person unless the id is taken (a concurrent first report, or a retry): then nothing
 * changes. True when this call created it.
 */
export async function createPersonIfNew(prisma: PrismaClient, p: PersonWrite): Promise<boolean> {
  const data = { ...p, phoneEnc: p.phoneEnc ?? null, addressEnc: p.addressEnc ?? null, descriptionEnc: p.descriptionEnc ?? null };
  try {
    return (await prisma.person.createMany({ data: [data], skipDuplicates: true })).count === 1;
  } catch (err) {
    // The same ID hash under another person id (an identified unknown): the existing record stands.
    if (!isUniqueViolation(err)) throw err;
    return false;
  }
}

export async function findPersonIdByHash(prisma: PrismaClient, idHash: string): Promise<string | null> {
  const row = await prisma.person.findUnique({ where: { idHash }, select: { id: true, identifiedAs: true } });
  return row ? (row.identifiedAs ?? row.id) : null;
}

export interface RecordedSubject {
  personId: string;
  identity: IdentityComparison;
  /** Recorded by this report (so nothing was compared, and the person has no household yet). */
  isNew: boolean;
}

/**
 * The subject of a report: created on first sight, otherwise compared with what is recorded. Fields
 * the record lacks are filled in (a phone first given by a later report); differing ones are left as
 * recorded and returned, for the report to keep (case_reports.claimedEnc) and the file to flag.
 */
export async function recordSubject(prisma: PrismaClient, pii: PiiCipher, p: PersonWrite, reported: Identity): Promise<RecordedSubject> {
  const idHash = p.idHash!;
  if (await createPersonIfNew(prisma, p)) return { personId: p.id, identity: { differs: [], claimed: {}, fills: {} }, isNew: true };
  const row = await prisma.person.findUnique({
    where: { idHash },
    select: { id: true, nameEnc: true, phoneEnc: true, addressEnc: true, streetCode: true, identifiedAs: true },
  });
  if (!row) throw new Error('the person just recorded is missing');
  const recorded: Identity = {
    name: pii.decrypt(row.nameEnc),
    streetCode: row.streetCode,
    ...(row.phoneEnc ? { phone: pii.decrypt(row.phoneEnc) } : {}),
    ...(row.addressEnc ? { address: pii.decrypt(row.addressEnc) } : {}),
  };
  const identity = compareIdentity(recorded, reported);
  const fills = {
    ...(identity.fills.phone !== undefined ? { phoneEnc: pii.encrypt(identity.fills.phone) } : {}),
    ...(identity.fills.address !== undefined ? { addressEnc: pii.encrypt(identity.fills.address) } : {}),
  };
  if (Object.keys(fills).length > 0) {
    // Only while still missing: a concurrent report's fill is not replaced by this one.
    if (fills.phoneEnc) await prisma.person.updateMany({ where: { id: row.id, phoneEnc: null }, data: { phoneEnc: fills.phoneEnc } });
    if (fills.addressEnc)
      await prisma.person.updateMany({ where: { id: row.id, addressEnc: null }, data: { addressEnc: fills.addressEnc } });
  }
  return { personId: row.identifiedAs ?? row.id, identity, isNew: false };
}

export async function findPersonSecrets(prisma: PrismaClient, personId: string): Promise<PersonSecrets | null> {
  return prisma.person.findUnique({ where: { id: personId }, select: SECRET_FIELDS });
}

export async function findPeopleSecrets(prisma: PrismaClient, personIds: string[]): Promise<Map<string, PersonSecrets>> {
  const rows = await prisma.person.findMany({ where: { id: { in: personIds } }, select: { id: true, ...SECRET_FIELDS } });
  return new Map(rows.map(({ id, ...secrets }) => [id, secrets]));
}
