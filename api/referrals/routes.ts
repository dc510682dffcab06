// Routes of referrals (DESIGN.md §10): the list, an organisation's answer, and the statistics per
// organisation. Ids in the path are checked for shape only; existence and who may see it are the use
// cases' business.
import { Router, type Request, type Response } from 'express';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { idempotencyKeyOf, idempotent, requestHash } from '../http/idempotency';
import { tagRoute } from '../http/metrics';
import { parseBody, parseQuery } from '../http/parse';
import { requireRoleOf } from '../http/scope';
import { rolesAllowedFor } from '../../domain/roles';
import { organisationNotFound } from '../organisations/manage-organisations';
import { idInPathSchema } from '../organisations/schemas';
import { listReferralsForActor } from './list-referrals';
import { organisationStatsFor } from './organisation-stats';
import { loadReferralForActor, referralNotFound, respondToReferral } from './respond-to-referral';
import { listReferralsQuerySchema, organisationStatsQuerySchema, referralResponseBodySchema } from './schemas';

/** Referral ids are `<caseId>:ref:<n>`. */
const REFERRAL_ID = /^[A-Za-z0-9_-]{1,100}:ref:[0-9]{1,6}$/;

function referralIdOf(req: Request): string {
  const id = String(req.params.referralId ?? '');
  if (!REFERRAL_ID.test(id)) throw referralNotFound(id.slice(0, 120), false);
  return id;
}

export function referralsRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/referrals', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    res.json(await listReferralsForActor(ctx, actor, parseQuery(listReferralsQuerySchema, req.query)));
  });

  router.post('/referrals/:referralId/response', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    // Role before body: who may not answer learns nothing about the rules.
    requireRoleOf(actor, rolesAllowedFor('charity-response'), 'answer referrals');
    const referralId = referralIdOf(req);
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    const body = parseBody(referralResponseBodySchema, req.body, 'the response has invalid fields');
    const scopedKey = key === undefined ? undefined : `referral:${referralId}:${key}`;
    const answer = await idempotent(ctx, actor.userId, scopedKey, requestHash(req.body), async () => ({
      status: 200,
      body: await respondToReferral(ctx, actor, referralId, body, key),
      // The needs are sealed text: a replay reads the referral as it is now instead.
      stored: { referralId },
    }));
    if (answer.replayed) {
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(answer.status).json(await loadReferralForActor(ctx, actor, referralId));
      return;
    }
    res.status(answer.status).json(answer.body);
  });

  router.get('/organisations/:organisationId/stats', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const id = String(req.params.organisationId ?? '');
    if (!idInPathSchema.safeParse(id).success) throw organisationNotFound(id.slice(0, 64), false);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await organisationStatsFor(ctx, actor, id, parseQuery(organisationStatsQuerySchema, req.query)));
  });

  return router;
}
