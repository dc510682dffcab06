// Recognising Prisma's known error codes without importing the generated error classes everywhere.

/** P2002: a unique constraint (or primary key) already holds this value. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}
