// Routes of the family file and the person look-up (§7).
import { Router, type Request, type Response } from 'express';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { tagRoute } from '../http/metrics';
import { parseBody } from '../http/parse';
import { validationError, formatZodIssues } from '../http/errors';
import { getFamilyFile, lookupPerson } from './family-file';
import { householdIdSchema, personLookupBodySchema } from './schemas';

export function householdsRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/households/:householdId', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const id = householdIdSchema.safeParse(req.params.householdId);
    if (!id.success) throw validationError(formatZodIssues(id.error.issues).map((e) => ({ ...e, path: 'householdId' })));
    res.setHeader('Cache-Control', 'no-store');
    res.json(await getFamilyFile(ctx, actor, id.data, 'GET /api/v1/households/{householdId}'));
  });

  router.post('/persons/lookup', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const body = parseBody(personLookupBodySchema, req.body, 'the look-up must be {"idNumber": "…"}');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await lookupPerson(ctx, actor, body.idNumber, 'POST /api/v1/persons/lookup'));
  });

  return router;
}
