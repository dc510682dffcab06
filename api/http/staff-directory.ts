// Whether a token's user still exists and is active, with the role and jurisdiction it names: one
// staff_users read per user per TTL, so deactivating someone stops their tokens within the TTL on
// every API process (at once on the process that deactivated them, which forgets its entry).
import type { PrismaClient } from '../../generated/prisma/client';

export interface StaffStatus {
  active: boolean;
  role: string;
  jurisdictionCode: string;
}

/** 30 s: well inside the "deactivation takes effect within a minute" promise (DESIGN.md §14). */
const DEFAULT_STAFF_CACHE_MS = 30_000;
const MAX_ENTRIES = 10_000;

export class StaffDirectory {
  private readonly entries = new Map<string, { status: StaffStatus | null; until: number }>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlMs: number = DEFAULT_STAFF_CACHE_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The user's current status; null when there is no such user (also cached, so floods stay cheap). */
  async lookup(userId: string): Promise<StaffStatus | null> {
    const now = this.clock();
    const hit = this.entries.get(userId);
    if (hit && hit.until > now) return hit.status;
    const row = await this.prisma.staffUser.findUnique({
      where: { id: userId },
      select: { active: true, role: true, jurisdictionCode: true },
    });
    // Bounded by clearing: entries are cheap to rebuild and an attacker's unknown ids must not grow it.
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(userId, { status: row, until: now + this.ttlMs });
    return row;
  }

  private readonly organisations = new Map<string, { exists: boolean; until: number }>();

  /** Whether an organisation is registered (§10: an organisation's user acts only while it is), cached like users. */
  async organisationExists(organisationId: string): Promise<boolean> {
    const now = this.clock();
    const hit = this.organisations.get(organisationId);
    if (hit && hit.until > now) return hit.exists;
    const row = await this.prisma.organisation.findUnique({ where: { id: organisationId }, select: { id: true } });
    if (this.organisations.size >= MAX_ENTRIES) this.organisations.clear();
    this.organisations.set(organisationId, { exists: row !== null, until: now + this.ttlMs });
    return row !== null;
  }

  /** Drops a cached entry after a change to that user (deactivation, new role or street). */
  forget(userId: string): void {
    this.entries.delete(userId);
  }
}
