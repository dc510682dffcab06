// GET /stats: case load, overdue clocks, escalations, time-to-resolve, reminders and 2000:1:1 staffing
// coverage per district and street of the caller's scope.
import { Router, type Request, type Response } from 'express';
import { actorOf } from '../auth';
import type { ApiContext } from '../deps';
import { tagRoute } from '../metrics';
import { requireCaseReader } from '../scope';
import { statsQuerySchema } from '../stats-schemas';
import { getStats } from '../use-cases/get-stats';
import { parseQuery } from './escalations';

export function statsRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/stats', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireCaseReader(actor);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await getStats(ctx, actor, parseQuery(statsQuerySchema, req.query)));
  });
  return router;
}
