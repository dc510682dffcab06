// The access log: every read of personal data (a case file, a look-up, an export, a payload decoded
// for the Temporal UI), with who, what kind, what was read (an id, never the data) and the route.
import type { PrismaClient } from '../../generated/prisma/client';

export type AccessKind = 'case-file' | 'family-file' | 'lookup' | 'export' | 'codec';

export interface AccessEntry {
  userId: string;
  role: string;
  kind: AccessKind;
  /** The case, person or workflow id that was read. */
  subjectRef?: string;
  route: string;
  /** What else identifies the read without personal data, e.g. the number of payloads. */
  detail?: string;
  /** The person whose data was read, when one person's (a look-up, a case file). */
  personId?: string;
  /** The district whose data was read; district officers see their district's rows (null: city-wide). */
  districtCode?: string;
}

export async function recordAccess(prisma: PrismaClient, entry: AccessEntry): Promise<void> {
  await prisma.accessLog.create({
    data: {
      userId: entry.userId.slice(0, 200),
      role: entry.role.slice(0, 50),
      kind: entry.kind,
      subjectRef: entry.subjectRef?.slice(0, 300) ?? null,
      route: entry.route.slice(0, 300),
      detail: entry.detail?.slice(0, 500) ?? null,
      personId: entry.personId ?? null,
      districtCode: entry.districtCode ?? null,
    },
    select: { id: true },
  });
}
