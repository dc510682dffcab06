// Webhook endpoints per jurisdiction (city, district or street), configured by city officers. The
// signing secret is write-only: answers show its last four characters (and a generated one, once).
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { formatZodIssues, validationError } from '../http/errors';
import { tagRoute } from '../http/metrics';
import { webhookBodySchema } from './schemas';
import { getWebhookConfig, listWebhookConfigs, putWebhookConfig, removeWebhookConfig, webhookJurisdictionOf } from './use-cases';

export function webhooksRouter(ctx: ApiContext): Router {
  const router = Router();
  const cityOfficer = (req: Request, what: string) => requireRole(req, ['city_officer'], what);

  router.get('/webhooks', tagRoute, async (req: Request, res: Response) => {
    cityOfficer(req, 'read webhook configuration');
    res.json(await listWebhookConfigs(ctx));
  });

  router.get('/webhooks/:jurisdictionCode', tagRoute, async (req: Request, res: Response) => {
    cityOfficer(req, 'read webhook configuration');
    res.json(await getWebhookConfig(ctx, webhookJurisdictionOf(req.params.jurisdictionCode)));
  });

  router.put('/webhooks/:jurisdictionCode', tagRoute, async (req: Request, res: Response) => {
    const actor = cityOfficer(req, 'configure webhooks');
    const code = webhookJurisdictionOf(req.params.jurisdictionCode);
    const body = webhookBodySchema.safeParse(req.body);
    if (!body.success) throw validationError(formatZodIssues(body.error.issues), 'the webhook configuration has invalid fields');
    const { created, config } = await putWebhookConfig(ctx, actor, code, body.data);
    res.status(created ? 201 : 200).json(config);
  });

  router.delete('/webhooks/:jurisdictionCode', tagRoute, async (req: Request, res: Response) => {
    const actor = cityOfficer(req, 'configure webhooks');
    await removeWebhookConfig(ctx, actor, webhookJurisdictionOf(req.params.jurisdictionCode));
    res.status(204).end();
  });

  return router;
}
