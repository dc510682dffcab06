// The case view's assistance items (§10) as the ledgers' SQL reads them: one row per item of
// `view->'assistance'`, and the rule of domain/assistance.ts isApprovedItem written for PostgreSQL.
import { Prisma } from '../../generated/prisma/client';

/** `FROM cases <alias>, <this> AS item`: the items of each case's view (none for a view without them). */
export function assistanceItemsSql(alias: string): Prisma.Sql {
  return Prisma.sql`jsonb_array_elements(coalesce(${Prisma.raw(`"${alias}".view`)}->'assistance', '[]'::jsonb))`;
}

/** An item approved and not withdrawn (approved, active or ended), as isApprovedItem says. */
export function approvedItemSql(item: string): Prisma.Sql {
  return Prisma.raw(`(${item} ? 'approvedAt' AND ${item}->>'status' <> 'rejected')`);
}
