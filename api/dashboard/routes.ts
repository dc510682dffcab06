// The supervisors' dashboard: static HTML/CSS/JS from api/dashboard/public (no build step, no CDN), a
// development-only sign-in that lists seeded users and issues their tokens (404 unless the server runs
// in embedded development mode, `ApiDeps.devSignIn`).
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Role } from '../../domain/case-types';
import { signToken } from '../../runtime/tokens';
import { devTokenBodySchema, type DevUser } from './schemas';
import type { ApiContext } from '../http/deps';
import { AppError, formatZodIssues, validationError } from '../http/errors';
import { tagRoute } from '../http/metrics';

const DASHBOARD_DIR = path.join(__dirname, 'public');

/**
 * Helmet's default policy plus nothing inline: every script and style is a file of this origin. No
 * upgrade-insecure-requests, so the page also works on an intranet address over plain HTTP.
 */
const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Roles offered by the development sign-in: the supervisors of the three scopes, caseworkers, and the
 * users of registered organisations (§10), so the 转介 screen can be tried without `npm run token`.
 */
const DEV_SIGN_IN_ROLES: readonly Role[] = ['city_officer', 'district_officer', 'street_supervisor', 'caseworker', 'organisation'];
const ROLE_ORDER = new Map(DEV_SIGN_IN_ROLES.map((r, i) => [r, i]));

/** Which of the organisation users' organisations are registered: a user row alone signs nobody in. */
async function registeredOrganisations(ctx: ApiContext, users: { role: string; jurisdictionCode: string }[]): Promise<Set<string>> {
  const ids = users.filter((u) => u.role === 'organisation').map((u) => u.jurisdictionCode);
  if (ids.length === 0) return new Set();
  const rows = await ctx.prisma.organisation.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

function dashboardHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}

export function dashboardRouter(ctx: ApiContext): Router {
  const router = Router();
  const devOnly = (_req: Request, _res: Response, next: NextFunction) => {
    // Exactly what an unknown route answers: production servers do not reveal that this exists.
    if (ctx.devSignIn !== true) return next(new AppError('ROUTE_NOT_FOUND', `no route ${_req.method} ${_req.path}; see /openapi.json`));
    next();
  };

  router.use('/dashboard', dashboardHeaders);
  const index = path.join(DASHBOARD_DIR, 'index.html');
  router.get(['/dashboard', '/dashboard/'], tagRoute, (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  router.use('/dashboard/assets', express.static(DASHBOARD_DIR, { index: false, maxAge: 0, fallthrough: true }));

  // What the page needs before sign-in; whether to offer the development sign-in is all of it.
  router.get('/dashboard/config.json', tagRoute, (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ devSignIn: ctx.devSignIn === true });
  });

  router.get('/dashboard/dev-users', devOnly, tagRoute, async (_req: Request, res: Response) => {
    const rows = await ctx.prisma.staffUser.findMany({
      where: { active: true, role: { in: [...DEV_SIGN_IN_ROLES] } },
      select: { id: true, role: true, jurisdictionCode: true, nameZh: true, nameEn: true },
    });
    const registered = await registeredOrganisations(ctx, rows);
    const users = (rows as DevUser[])
      .filter((u) => u.role !== 'organisation' || registered.has(u.jurisdictionCode))
      .sort(
        (a, b) =>
          (ROLE_ORDER.get(a.role) ?? 9) - (ROLE_ORDER.get(b.role) ?? 9) ||
          a.jurisdictionCode.localeCompare(b.jurisdictionCode) ||
          a.id.localeCompare(b.id),
      );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ items: users });
  });

  router.post('/dashboard/dev-token', devOnly, tagRoute, express.json({ limit: '2kb' }), async (req: Request, res: Response) => {
    const parsed = devTokenBodySchema.safeParse(req.body);
    if (!parsed.success) throw validationError(formatZodIssues(parsed.error.issues));
    const user = await ctx.prisma.staffUser.findUnique({ where: { id: parsed.data.userId } });
    const offered =
      user !== null &&
      user.active &&
      DEV_SIGN_IN_ROLES.includes(user.role as Role) &&
      (user.role !== 'organisation' || (await registeredOrganisations(ctx, [user])).has(user.jurisdictionCode));
    if (!offered) {
      throw validationError([
        { path: 'userId', message: 'is not an active seeded supervisor or caseworker, nor a registered organisation' },
      ]);
    }
    const token = await signToken({ id: user.id, role: user.role as Role, jurisdictionCode: user.jurisdictionCode }, ctx.config.authSecret);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token });
  });

  return router;
}
