// The caller's own inbox and agenda: in-app notifications (list, unread count, mark read) and the
// revisits and deadlines they are responsible for. Every authenticated user has an inbox.
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { formatZodIssues, validationError } from '../http/errors';
import { tagRoute } from '../http/metrics';
import { listNotificationsQuerySchema, markAllReadBodySchema, myRevisitsQuerySchema } from './schemas';
import {
  listMyNotifications,
  listMyRevisits,
  markAllMyNotificationsRead,
  markMyNotificationRead,
  myUnreadCount,
  notificationIdOf,
} from './use-cases';

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(formatZodIssues(parsed.error.issues), what);
  return parsed.data;
}

export function meRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/me/notifications', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    res.json(await listMyNotifications(ctx, actor, parse(listNotificationsQuerySchema, req.query, 'invalid query parameters')));
  });

  router.get('/me/notifications/unread-count', tagRoute, async (req: Request, res: Response) => {
    res.json(await myUnreadCount(ctx, actorOf(req)));
  });

  router.post('/me/notifications/read-all', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const body = parse(markAllReadBodySchema, req.body ?? {}, 'invalid body');
    res.json(await markAllMyNotificationsRead(ctx, actor, body.upToId));
  });

  router.post('/me/notifications/:id/read', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    res.json(await markMyNotificationRead(ctx, actor, notificationIdOf(req.params.id)));
  });

  router.get('/me/revisits', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    res.json(await listMyRevisits(ctx, actor, parse(myRevisitsQuerySchema, req.query, 'invalid query parameters')));
  });

  return router;
}
