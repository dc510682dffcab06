// Routes of organisations and their projects (DESIGN.md §10). Ids in the path are checked for shape
// only; existence and who may see it are the use cases' business (both answer the same 404).
import { Router, type Request, type Response } from 'express';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { tagRoute } from '../http/metrics';
import { parseBody, parseQuery } from '../http/parse';
import {
  addProject,
  changeOrganisation,
  listOrganisationsForActor,
  listProjectsForActor,
  organisationNotFound,
  registerOrganisation,
  requireOrganisationManager,
  requireOrganisationReader,
} from './manage-organisations';
import {
  createOrganisationBodySchema,
  createProjectBodySchema,
  idInPathSchema,
  listOrganisationsQuerySchema,
  updateOrganisationBodySchema,
} from './schemas';

function organisationIdOf(req: Request): string {
  const id = String(req.params.organisationId ?? '');
  if (!idInPathSchema.safeParse(id).success) throw organisationNotFound(id.slice(0, 64), false);
  return id;
}

export function organisationsRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/organisations', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireOrganisationReader(actor);
    res.json(await listOrganisationsForActor(ctx, actor, parseQuery(listOrganisationsQuerySchema, req.query)));
  });

  router.post('/organisations', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    // Role before body: only officers learn what a valid organisation looks like.
    requireOrganisationManager(actor);
    const created = await registerOrganisation(ctx, actor, parseBody(createOrganisationBodySchema, req.body));
    res.status(201).location(`/api/v1/organisations/${created.organisationId}`).json(created);
  });

  router.patch('/organisations/:organisationId', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireOrganisationManager(actor);
    const id = organisationIdOf(req);
    res.json(await changeOrganisation(ctx, actor, id, parseBody(updateOrganisationBodySchema, req.body)));
  });

  router.get('/organisations/:organisationId/projects', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireOrganisationReader(actor);
    res.json(await listProjectsForActor(ctx, actor, organisationIdOf(req)));
  });

  router.post('/organisations/:organisationId/projects', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireOrganisationManager(actor);
    const id = organisationIdOf(req);
    const created = await addProject(ctx, actor, id, parseBody(createProjectBodySchema, req.body));
    res.status(201).json(created);
  });

  return router;
}
