// GET /access-log: the record of every read of personal data, for district and city officers only.
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { tagRoute } from '../http/metrics';
import { parseQuery } from '../http/parse';
import { listAccessLogForActor } from './list-access-log';
import { listAccessLogQuerySchema } from './schemas';

/** Who reads the log: supervisors above the street (§7). Street staff and report-only roles get 403. */
const ACCESS_LOG_READERS = ['district_officer', 'city_officer'] as const;

export function accessLogRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/access-log', tagRoute, async (req: Request, res: Response) => {
    // Role before query: a refused caller learns nothing about the filters.
    const actor = requireRole(req, ACCESS_LOG_READERS, 'read the access log');
    const query = parseQuery(listAccessLogQuerySchema, req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await listAccessLogForActor(ctx, actor, query));
  });

  return router;
}
