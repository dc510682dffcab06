// Routes for staff administration and committee worker assignment (city officers change, supervisors
// read); the figures they feed are in GET /stats.
import { Router, type Request, type Response } from 'express';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { AppError } from '../http/errors';
import { tagRoute } from '../http/metrics';
import { createStaffBodySchema, designatedWorkerBodySchema, listStaffQuerySchema, staffIdSchema, updateStaffBodySchema } from './schemas';
import { assignDesignatedWorker, createStaffMember, listStaffForActor, requireStaffAdmin, updateStaffMember } from './manage-staff';
import { parseBody, parseQuery } from '../http/parse';

export function staffRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/staff', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    res.json(await listStaffForActor(ctx, actor, parseQuery(listStaffQuerySchema, req.query)));
  });

  router.post('/staff', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    // Role before body: only city officers learn what a valid staff record looks like.
    requireStaffAdmin(actor);
    const created = await createStaffMember(ctx, actor, parseBody(createStaffBodySchema, req.body));
    res.status(201).location(`/api/v1/staff/${created.id}`).json(created);
  });

  router.patch('/staff/:id', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireStaffAdmin(actor);
    const id = String(req.params.id ?? '');
    if (!staffIdSchema.safeParse(id).success) throw new AppError('STAFF_NOT_FOUND', 'no such staff member');
    res.json(await updateStaffMember(ctx, actor, id, parseBody(updateStaffBodySchema, req.body)));
  });

  router.put('/jurisdictions/:committeeCode/designated-worker', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireStaffAdmin(actor);
    const code = String(req.params.committeeCode ?? '');
    if (!/^\d{12}$/.test(code))
      throw new AppError('COMMITTEE_NOT_FOUND', `committee ${code.slice(0, 20)} was not found; committee codes have 12 digits`);
    const body = parseBody(designatedWorkerBodySchema, req.body);
    res.json(await assignDesignatedWorker(ctx, actor, code, body.userId));
  });

  return router;
}
