// The access log: every read of personal data (a case file, a family file, a look-up, an export, a
// payload decoded for the Temporal UI), with who, what kind, what was read (an id, never the data),
// whose data it was and the route. GET /access-log (api/access-log/) reads it back.
import type { PrismaClient } from '../../generated/prisma/client';

// `warning`: one warning with its reasons' amounts and its person's name (§8).
export const ACCESS_KINDS = ['case-file', 'family-file', 'lookup', 'export', 'codec', 'warning'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export interface AccessEntry {
  userId: string;
  role: string;
  kind: AccessKind;
  /** The case, person or workflow id that was read. */
  subjectRef?: string;
  route: string;
  /** What else identifies the read without personal data, e.g. the number of payloads. */
  detail?: string;
  /** The district the data belongs to, whose officers may read this row; none for city-wide reads (codec). */
  districtCode?: string;
  /** Whose data was read (the person id, never the ID number), when it was one person's. */
  personId?: string;
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
      districtCode: entry.districtCode ?? null,
      personId: entry.personId?.slice(0, 200) ?? null,
    },
    select: { id: true },
  });
}
