// Recognising Prisma's known error codes without importing the generated error classes everywhere.

/** P2002: a unique constraint (or primary key) already holds this value. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } };
  if (e.code === 'P2002') return true;
  // A raw query (P2010) reports the driver's own error: PostgreSQL's unique_violation.
  const cause = e.meta?.driverAdapterError?.cause;
  return e.code === 'P2010' && (cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation');
}
