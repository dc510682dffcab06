// Routes of the warnings API (DESIGN.md §8): the scoped list, one warning, and its verification. The
// warning id in the path is checked for shape only; existence and jurisdiction are the use case's
// business (both answer the same 404).
import { Router, type Request, type Response } from 'express';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { validationError } from '../http/errors';
import { idempotencyKeyOf, idempotent, requestHash } from '../http/idempotency';
import { tagRoute } from '../http/metrics';
import { parseBody, parseQuery } from '../http/parse';
import { requireCaseReader } from '../http/scope';
import { readWarning, warningNotFound } from './get-warning';
import { listWarningsForActor } from './list-warnings';
import { listWarningsQuerySchema, warningActionSchema } from './schemas';
import { verifyWarning } from './verify-warning';

const WARNING_ID = /^[A-Za-z0-9_-]{1,100}$/;
const READ_ROUTE = 'GET /api/v1/warnings/{warningId}';
const ACTION_ROUTE = 'POST /api/v1/warnings/{warningId}/actions';

function warningIdOf(req: Request): string {
  const warningId = String(req.params.warningId ?? '');
  // A malformed id cannot name a warning; answer like any unknown one.
  if (!WARNING_ID.test(warningId)) throw warningNotFound(warningId.slice(0, 100), false);
  return warningId;
}

/** An unknown or missing `type` gets one clear error before the fields are looked at. */
function parseAction(body: unknown) {
  const type = (body as { type?: unknown } | null | undefined)?.type;
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && type !== 'verify') {
    throw validationError(
      [{ path: 'type', message: `${type === undefined ? 'is required' : `${JSON.stringify(type)} is not an action`}; must be verify` }],
      'unknown action type',
    );
  }
  return parseBody(warningActionSchema, body, 'the verify action has invalid fields');
}

export function warningsRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/warnings', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireCaseReader(actor);
    res.json(await listWarningsForActor(ctx, actor, parseQuery(listWarningsQuerySchema, req.query)));
  });

  router.get('/warnings/:warningId', tagRoute, async (req: Request, res: Response) => {
    res.json(await readWarning(ctx, actorOf(req), warningIdOf(req), READ_ROUTE));
  });

  router.post('/warnings/:warningId/actions', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    // Role before body: a report-only role learns nothing about warnings or their rules.
    requireCaseReader(actor);
    const warningId = warningIdOf(req);
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    const action = parseAction(req.body);
    const scopedKey = key === undefined ? undefined : `warning:${warningId}:${key}`;
    const answer = await idempotent(ctx, actor.userId, scopedKey, requestHash(req.body), async () => {
      await verifyWarning(ctx, actor, warningId, action, { keyed: key !== undefined });
      // The answer carries the person's name and the note: never stored in the idempotency table; a
      // replay reads the warning as it is now.
      return { status: 200, body: null, stored: { warningId } };
    });
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(answer.status).json(await readWarning(ctx, actor, warningId, ACTION_ROUTE));
  });

  return router;
}
