// Filing a monitoring import (DESIGN.md §8): the records are stored encrypted and the import workflow
// started; the answer comes before any record is processed. The same content again (by its keyed hash)
// is the same import: nothing new is stored or started.
import { randomUUID } from 'node:crypto';
import { startImportWorkflow } from '../../clients/import-client';
import type { Actor } from '../../domain/case-types';
import type { MonitoringSource } from '../../domain/monitoring';
import { deliverySettingsOf } from '../../domain/notification-delivery';
import { calendarForYears, shanghaiYearOf } from '../../domain/working-days';
import type { ApiContext } from '../http/deps';
import { findImportByHash, storeImport } from './repository';

/** The calendar years an import's warning deadlines may reach: this year and the next (the longest default is 10 working days). */
const CALENDAR_YEARS_AHEAD = 1;

/**
 * The content's identity: a keyed hash (the platform's look-up key, as for ID numbers) over the source
 * and the records, so that the stored value reveals nothing of the records even to someone who can guess them.
 */
function contentHashOf(ctx: ApiContext, digest: string): string {
  return ctx.pii.lookupHash(`monitoring-import:${digest}`);
}

export async function submitImport(
  ctx: ApiContext,
  actor: Actor,
  source: MonitoringSource,
  records: unknown[],
  /** requestHash({ source, records }), computed once by the route for the idempotency key too. */
  digest: string,
): Promise<{ importId: string; status: string }> {
  const contentHash = contentHashOf(ctx, digest);
  const existing = await findImportByHash(ctx.prisma, contentHash);
  const stored =
    existing ??
    (await storeImport(
      ctx.prisma,
      { importId: `imp-${randomUUID()}`, source, contentHash, filedBy: actor.userId },
      records.map((r) => ctx.pii.encrypt(JSON.stringify(r))),
    ));
  // Also for a stored import still queued: its first start may have failed (Temporal unreachable).
  if (stored.status === 'queued') {
    const year = shanghaiYearOf(ctx.now().getTime());
    const { policy } = ctx;
    await ctx.temporalCall(() =>
      startImportWorkflow(
        ctx.temporal,
        {
          importId: stored.importId,
          warnings: policy.warnings,
          policyVersion: policy.version,
          escalationWindow: policy.deadlines.normal.escalationWindow,
          calendar: calendarForYears(ctx.calendar, year, year + CALENDAR_YEARS_AHEAD),
          delivery: deliverySettingsOf(policy),
        },
        ctx.config.taskQueue,
      ),
    );
  }
  return { importId: stored.importId, status: stored.status };
}
