// A batch of shared-data signals from another department (POST /department-signals): each signal is
// validated and submitted like a report on its own, a few at a time, so a bad or failing item never
// blocks the others; the answer lists every item's outcome in input order.
import type { Actor } from '../../domain/case-types';
import type { ApiContext } from '../http/deps';
import { AppError, unavailableDependency, type FieldError } from '../http/errors';
import { validateReport } from './report-validation';
import type { SignalResult } from './schemas';
import { reportIdFor, submitReport } from './submit-report';

/** Enough to overlap Temporal round trips without one batch monopolising the worker or the pool. */
const SIGNAL_CONCURRENCY = 8;

export interface SignalBatchOutcome {
  results: SignalResult[];
  /** Items that failed only because a dependency was down (the caller should resend those). */
  unavailable: number;
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function submitSignals(
  ctx: ApiContext,
  actor: Actor,
  signals: readonly unknown[],
  requestId: string,
  idempotencyKey?: string,
): Promise<SignalBatchOutcome> {
  let unavailable = 0;
  const now = ctx.now();
  const results = await mapBounded(signals, SIGNAL_CONCURRENCY, async (signal, index): Promise<SignalResult> => {
    const checked = validateReport(signal, actor, now);
    if (!checked.ok) return { index, status: 'rejected', errors: checked.errors };
    try {
      const outcome = await submitReport(ctx, actor, checked.report, reportIdFor(actor.userId, idempotencyKey, index));
      // §14: an open case outside the feed's scope is not named to it.
      if (outcome.status === 202) return { index, status: 'attached' };
      return { index, status: outcome.status === 201 ? 'created' : 'attached', caseId: outcome.caseId };
    } catch (err) {
      return { index, status: 'rejected', errors: [itemError(err)] };
    }
  });
  return { results, unavailable };

  function itemError(err: unknown): FieldError {
    if (err instanceof AppError) return { path: '', message: `${err.code}: ${err.detail}` };
    const outage = unavailableDependency(err);
    if (outage) {
      unavailable++;
      return { path: '', message: `SERVICE_UNAVAILABLE: ${outage.detail}; resend this signal` };
    }
    ctx.log.error({ err, requestId }, 'department signal failed unexpectedly');
    return { path: '', message: `INTERNAL_ERROR: unexpected error; quote request id ${requestId}` };
  }
}
