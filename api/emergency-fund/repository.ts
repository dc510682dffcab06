// The street emergency fund's ledger in PostgreSQL (DESIGN.md §9): the committed amount per street and
// year, and one row per grant. Charging and releasing are single statements, so a concurrent grant, or
// a crash between two writes, can never leave the counter and the rows disagreeing.
import type { PrismaClient } from '../../generated/prisma/client';

export interface FundGrantRow {
  id: string;
  status: 'reserved' | 'granted' | 'released';
}

export interface ChargeRequest {
  id: string;
  streetCode: string;
  year: number;
  caseId: string;
  amountFen: number;
  grantedBy: string;
  role: string;
  beyondLimit: string | null;
  /** The most the street may have committed after this grant, or null for a grant allowed beyond it. */
  capFen: number | null;
}

export async function findGrant(prisma: PrismaClient, id: string): Promise<FundGrantRow | null> {
  const row = await prisma.emergencyFundGrant.findUnique({ where: { id }, select: { id: true, status: true } });
  return row ? { id: row.id, status: row.status as FundGrantRow['status'] } : null;
}

export async function committedFen(prisma: PrismaClient, streetCode: string, year: number): Promise<number> {
  const row = await prisma.emergencyFundYear.findUnique({ where: { streetCode_year: { streetCode, year } } });
  return row ? Number(row.committedFen) : 0;
}

/**
 * Charges the grant to the street's year and records it as reserved, in one statement; false when the
 * cap no longer holds (another grant got there first). A released grant retried with the same id is
 * charged again; any other existing grant is left as it is (the caller checked for it).
 */
export async function chargeGrant(prisma: PrismaClient, r: ChargeRequest): Promise<boolean> {
  await prisma.$executeRaw`
    INSERT INTO emergency_fund_years ("streetCode", year, "committedFen", "updatedAt")
    VALUES (${r.streetCode}, ${r.year}, 0, now()) ON CONFLICT DO NOTHING`;
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH charged AS (
      UPDATE emergency_fund_years SET "committedFen" = "committedFen" + ${r.amountFen}::bigint, "updatedAt" = now()
      WHERE "streetCode" = ${r.streetCode} AND year = ${r.year}
        AND (${r.capFen}::bigint IS NULL OR "committedFen" + ${r.amountFen}::bigint <= ${r.capFen}::bigint)
      RETURNING 1
    )
    INSERT INTO emergency_fund_grants (id, "streetCode", year, "caseId", "amountFen", "grantedBy", role, "beyondLimit", status, "createdAt")
    SELECT ${r.id}, ${r.streetCode}, ${r.year}, ${r.caseId}, ${r.amountFen}::bigint, ${r.grantedBy}, ${r.role}, ${r.beyondLimit}, 'reserved', now()
    FROM charged
    ON CONFLICT (id) DO UPDATE SET status = 'reserved', "amountFen" = EXCLUDED."amountFen", "beyondLimit" = EXCLUDED."beyondLimit",
      "settledAt" = NULL
      WHERE emergency_fund_grants.status = 'released'
    RETURNING id`;
  return rows.length === 1;
}

/** The workflow accepted the grant. */
export async function confirmGrant(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.$executeRaw`UPDATE emergency_fund_grants SET status = 'granted', "settledAt" = now() WHERE id = ${id} AND status = 'reserved'`;
}

/** The workflow refused the grant: it is released and its amount given back to the street's year, in one statement. */
export async function releaseGrant(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.$executeRaw`
    WITH released AS (
      UPDATE emergency_fund_grants SET status = 'released', "settledAt" = now()
      WHERE id = ${id} AND status = 'reserved'
      RETURNING "streetCode", year, "amountFen"
    )
    UPDATE emergency_fund_years y SET "committedFen" = y."committedFen" - released."amountFen", "updatedAt" = now()
    FROM released WHERE y."streetCode" = released."streetCode" AND y.year = released.year`;
}

export interface StreetFundUse {
  grantedFen: number;
  reservedFen: number;
  grants: number;
  beyondLimit: number;
}

/** Each street's use of its fund in `year`, from the grant rows (released ones are not counted). */
export async function fundUseByStreet(
  prisma: PrismaClient,
  year: number,
  streetCodes: readonly string[],
): Promise<Map<string, StreetFundUse>> {
  const rows = await prisma.$queryRaw<{ streetCode: string; status: string; fen: bigint; grants: bigint; beyond: bigint }[]>`
    SELECT "streetCode", status, SUM("amountFen")::bigint AS fen, COUNT(*)::bigint AS grants, COUNT("beyondLimit")::bigint AS beyond
    FROM emergency_fund_grants
    WHERE year = ${year} AND status <> 'released' AND "streetCode" = ANY(${[...streetCodes]}::text[])
    GROUP BY "streetCode", status`;
  const out = new Map<string, StreetFundUse>();
  for (const r of rows) {
    const use = out.get(r.streetCode) ?? { grantedFen: 0, reservedFen: 0, grants: 0, beyondLimit: 0 };
    if (r.status === 'granted') {
      use.grantedFen += Number(r.fen);
      use.grants += Number(r.grants);
      use.beyondLimit += Number(r.beyond);
    } else {
      use.reservedFen += Number(r.fen);
    }
    out.set(r.streetCode, use);
  }
  return out;
}
