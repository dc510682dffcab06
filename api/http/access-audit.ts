// The access audit: every denied request (bad token, wrong role, case outside the caller's
// jurisdiction), recorded with who, what path and why, and no personal data.
import type { PrismaClient } from '../../generated/prisma/client';

export interface DeniedAccess {
  userId: string;
  role: string;
  method: string;
  path: string;
  status: number;
  reason: string;
}

export async function recordDeniedAccess(prisma: PrismaClient, entry: DeniedAccess): Promise<void> {
  await prisma.accessAudit.create({
    data: {
      userId: entry.userId.slice(0, 200),
      role: entry.role.slice(0, 50),
      method: entry.method.slice(0, 10),
      path: entry.path.slice(0, 500),
      status: entry.status,
      reason: entry.reason.slice(0, 500),
    },
    select: { id: true },
  });
}
