// Stored answers to requests sent with an Idempotency-Key, per caller (table idempotency_records).
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { isUniqueViolation } from './prisma-errors';

export interface IdempotencyRecord {
  requestHash: string;
  /** Null while the first request is still running (or if it crashed before answering). */
  status: number | null;
  response: unknown;
}

export async function findIdempotencyRecord(prisma: PrismaClient, callerId: string, key: string): Promise<IdempotencyRecord | null> {
  const row = await prisma.idempotencyRecord.findUnique({
    where: { callerId_key: { callerId, key } },
    select: { requestHash: true, status: true, response: true },
  });
  return row ? { requestHash: row.requestHash, status: row.status, response: row.response } : null;
}

/** Claims the key; false when another request claimed it first. */
export async function claimIdempotencyKey(prisma: PrismaClient, callerId: string, key: string, requestHash: string): Promise<boolean> {
  try {
    await prisma.idempotencyRecord.create({ data: { callerId, key, requestHash }, select: { key: true } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function saveIdempotentResponse(
  prisma: PrismaClient,
  callerId: string,
  key: string,
  status: number,
  response: unknown,
): Promise<void> {
  await prisma.idempotencyRecord.update({
    where: { callerId_key: { callerId, key } },
    data: { status, response: response as Prisma.InputJsonValue },
    select: { key: true },
  });
}
