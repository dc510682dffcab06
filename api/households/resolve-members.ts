// Household members as a report or a visit lists them (§7), resolved to persons of the register: a
// member with an ID number is found by its keyed hash or recorded; one without (a child, an elderly
// parent) is named by a keyed hash of household, name and birth date, so listing them again finds them.
import type { ResolvedMember } from '../../domain/household';
import type { ApiContext } from '../http/deps';
import type { ValidMember } from '../reports/report-validation';
import { personIdForHash } from '../../domain/household';
import { createPersonIfNew, findPersonIdByHash } from '../persons/repository';

export type StoredMember = ResolvedMember & { monthlyIncomeEnc?: string };

export async function resolveMembers(
  ctx: ApiContext,
  householdId: string,
  streetCode: string,
  members: ValidMember[],
): Promise<StoredMember[]> {
  const out: StoredMember[] = [];
  for (const m of members) {
    const personId =
      m.idNumber !== undefined ? await personWithId(ctx, m, streetCode) : await personWithoutId(ctx, householdId, m, streetCode);
    out.push({
      personId,
      relation: m.relation,
      ...(m.disability !== undefined ? { disability: m.disability } : {}),
      ...(m.monthlyIncome !== undefined
        ? { monthlyIncome: m.monthlyIncome, monthlyIncomeEnc: ctx.pii.encrypt(String(m.monthlyIncome)) }
        : {}),
    });
  }
  return out;
}

async function personWithId(ctx: ApiContext, m: ValidMember, streetCode: string): Promise<string> {
  const idHash = ctx.pii.lookupHash(m.idNumber!);
  const known = await findPersonIdByHash(ctx.prisma, idHash);
  if (known) return known;
  const id = personIdForHash(idHash);
  await createPersonIfNew(ctx.prisma, {
    id,
    idHash,
    idNumberEnc: ctx.pii.encrypt(m.idNumber!),
    nameEnc: ctx.pii.encrypt(m.name),
    birthYear: m.birthYear ?? null,
    sex: m.sex ?? null,
    streetCode,
  });
  return (await findPersonIdByHash(ctx.prisma, idHash)) ?? id;
}

async function personWithoutId(ctx: ApiContext, householdId: string, m: ValidMember, streetCode: string): Promise<string> {
  const name = m.name.normalize('NFKC').replace(/\s+/g, '');
  const id = `p-m-${ctx.pii.lookupHash(`${householdId}\n${name}\n${m.birthDate ?? ''}`)}`;
  await createPersonIfNew(ctx.prisma, {
    id,
    idHash: null,
    idNumberEnc: null,
    nameEnc: ctx.pii.encrypt(m.name),
    birthYear: m.birthDate ? Number(m.birthDate.slice(0, 4)) : null,
    sex: null,
    streetCode,
  });
  return id;
}
