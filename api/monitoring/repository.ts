// Monitoring imports in PostgreSQL: the import row with its records staged one row each, encrypted,
// until the import workflow has applied them; and the import's progress for GET.
import type { PrismaClient } from '../../generated/prisma/client';
import { isUniqueViolation } from '../http/prisma-errors';

export interface ImportRow {
  importId: string;
  source: string;
  status: string;
  filedBy: string;
  total: number;
  processed: number;
  rejected: number;
  warningsRaised: number;
  errors: unknown;
  failure: string | null;
}

/** Rows per INSERT of staged records: a few megabytes of parameters each. */
const STAGE_BATCH = 5_000;

export async function findImportByHash(prisma: PrismaClient, contentHash: string): Promise<{ importId: string; status: string } | null> {
  return prisma.monitoringImport.findUnique({ where: { contentHash }, select: { importId: true, status: true } });
}

export async function findImport(prisma: PrismaClient, importId: string): Promise<ImportRow | null> {
  return prisma.monitoringImport.findUnique({
    where: { importId },
    select: {
      importId: true,
      source: true,
      status: true,
      filedBy: true,
      total: true,
      processed: true,
      rejected: true,
      warningsRaised: true,
      errors: true,
      failure: true,
    },
  });
}

/**
 * The import and all its staged records, or nothing (one transaction). When the same content was stored
 * meanwhile (a concurrent identical request), answers that import instead.
 */
export async function storeImport(
  prisma: PrismaClient,
  row: { importId: string; source: string; contentHash: string; filedBy: string },
  recordsEnc: string[],
): Promise<{ importId: string; status: string; created: boolean }> {
  try {
    await prisma.$transaction(
      async (tx) => {
        await tx.monitoringImport.create({ data: { ...row, status: 'queued', total: recordsEnc.length } });
        for (let from = 0; from < recordsEnc.length; from += STAGE_BATCH) {
          const batch = recordsEnc.slice(from, from + STAGE_BATCH);
          const indexes = batch.map((_, i) => from + i);
          await tx.$executeRaw`
            INSERT INTO monitoring_import_records ("importId", index, "recordEnc")
            SELECT ${row.importId}, i, r FROM unnest(${indexes}::int[], ${batch}::text[]) AS t(i, r)`;
        }
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    return { importId: row.importId, status: 'queued', created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const existing = await findImportByHash(prisma, row.contentHash);
    if (!existing) throw err;
    return { ...existing, created: false };
  }
}
