// Dead webhook notifications, for the city office: the list (with how many later notices of the same
// case wait behind each) and putting one back in line once its receiver is fixed.
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { formatZodIssues, validationError } from '../http/errors';
import { tagRoute } from '../http/metrics';
import { deadNotificationsQuerySchema } from './schemas';
import { listDeadNotifications, notificationIdOf, retryDeadNotification } from './use-cases';

export function notificationsRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/notifications/dead', tagRoute, async (req: Request, res: Response) => {
    requireRole(req, ['city_officer'], 'list dead notifications');
    const query = deadNotificationsQuerySchema.safeParse(req.query);
    if (!query.success) throw validationError(formatZodIssues(query.error.issues), 'invalid query parameters');
    res.json(await listDeadNotifications(ctx, query.data));
  });

  router.post('/notifications/:id/retry', tagRoute, async (req: Request, res: Response) => {
    const actor = requireRole(req, ['city_officer'], 'retry notifications');
    res.status(202).json(await retryDeadNotification(ctx, actor, notificationIdOf(req.params.id)));
  });

  return router;
}
