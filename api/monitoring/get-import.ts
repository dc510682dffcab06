// An import's progress (DESIGN.md §8): readable by the department user who filed it and by city
// officers; anyone else gets the answer of an unknown import, so import ids cannot be probed.
import type { Actor } from '../../domain/case-types';
import type { MonitoringSource, ImportStatus } from '../../domain/monitoring';
import type { ApiContext } from '../http/deps';
import { AppError } from '../http/errors';
import { findImport } from './repository';
import type { ImportStatusView } from './schemas';

/** Import ids are `imp-<uuid>`; anything else names no import (and never reaches the database). */
const IMPORT_ID = /^imp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function getImport(ctx: ApiContext, actor: Actor, importId: string): Promise<ImportStatusView> {
  const row = IMPORT_ID.test(importId) ? await findImport(ctx.prisma, importId) : null;
  const mayRead = row !== null && (actor.role === 'city_officer' || row.filedBy === actor.userId);
  if (!row || !mayRead) {
    throw new AppError('IMPORT_NOT_FOUND', 'the import was not found', row ? { audit: 'import filed by another user' } : {});
  }
  return {
    importId: row.importId,
    source: row.source as MonitoringSource,
    status: row.status as ImportStatus,
    total: row.total,
    processed: row.processed,
    rejected: row.rejected,
    warningsRaised: row.warningsRaised,
    errors: row.errors as ImportStatusView['errors'],
    ...(row.failure ? { failure: row.failure } : {}),
  };
}
