// GET /stats: case load, overdue clocks, escalations, time-to-resolve, reminders and 2000:1:1 staffing
// coverage per district and street of the caller's scope.
import { Router, type Request, type Response } from 'express';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { tagRoute } from '../http/metrics';
import { requireCaseReader } from '../http/scope';
import { statsQuerySchema } from './schemas';
import { getStats } from './get-stats';
import { parseQuery } from '../http/parse';

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
