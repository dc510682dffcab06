// Sorts activity errors into "retry" (the database is down or busy: Temporal retries with backoff) and
// "retrying cannot help" (the database refuses the data itself): the latter leave as a non-retryable
// ApplicationFailure of a declared type, so a case's workflow learns of it instead of retrying forever.
import { ApplicationFailure } from '@temporalio/common';
import { ActivityFailureType } from '../workflows/activity-options';

/** Prisma error codes that repeat identically on every attempt: they are about the data. */
const DETERMINISTIC_PRISMA_CODES = new Set([
  'P2000', // value too long for the column
  'P2002', // unique constraint
  'P2003', // foreign key constraint
  'P2004', // constraint failed
  'P2005', // invalid stored value
  'P2006', // invalid value
  'P2007', // data validation error
  'P2011', // null constraint
  'P2012', // missing required value
  'P2019', // input error
  'P2020', // value out of range
  'P2023', // inconsistent column data
]);
/** Driver-adapter error kinds of the same nature (Prisma with @prisma/adapter-pg). */
const DETERMINISTIC_ADAPTER_KINDS = new Set([
  'UniqueConstraintViolation',
  'NullConstraintViolation',
  'ForeignKeyConstraintViolation',
  'LengthMismatch',
  'ValueOutOfRange',
  'InvalidInputValue',
  'InconsistentColumnData',
]);

/** The Prisma or adapter code of a deterministic database refusal, or null for anything else. */
function deterministicDatabaseError(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as {
    code?: unknown;
    name?: unknown;
    constructor?: { name?: string };
    meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
  };
  if (e.constructor?.name === 'PrismaClientValidationError') return 'PrismaClientValidationError';
  if (typeof e.code === 'string' && DETERMINISTIC_PRISMA_CODES.has(e.code)) return e.code;
  const kind = e.meta?.driverAdapterError?.cause?.kind;
  if (typeof kind === 'string' && DETERMINISTIC_ADAPTER_KINDS.has(kind)) return kind;
  return null;
}

/**
 * Runs a projection; a deterministic database refusal becomes a non-retryable PROJECTION_REJECTED.
 * Its message names only the error code: Prisma's own message quotes the failing values, which may
 * be personal data, and failures are recorded in the workflow history.
 */
export async function rejectingDeterministicErrors<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const code = deterministicDatabaseError(err);
    if (code === null) throw err;
    throw ApplicationFailure.create({
      type: ActivityFailureType.PROJECTION_REJECTED,
      message: `the database refused ${what} (${code}); retrying the same data cannot succeed`,
      nonRetryable: true,
    });
  }
}
