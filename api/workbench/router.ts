// Serves the workbench (/app, DESIGN.md §11) from web/dist, built by `npm run build:web` (run by
// `npm install`): hashed assets cached for a year, the page itself revalidated every time, every deep
// link answered with the page (the app routes in the browser), and the service worker with its scope.
// Only this origin's files may run or style the page; no inline script exists to allow.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';

export const WEB_DIST = path.join(__dirname, '..', '..', 'web', 'dist');

/**
 * The dashboard's policy (api/routes/dashboard.ts) plus the service worker and the web manifest of
 * this origin. Ant Design runs in zero-runtime mode, so no `<style>` is injected and `style-src`
 * stays 'self'.
 */
export const WORKBENCH_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = '工作台尚未构建，请运行 npm run build:web / The workbench (web/dist) has not been built: run npm run build:web\n';
const YEAR_SECONDS = 365 * 24 * 3600;

export interface WorkbenchOptions {
  /** Where the built app is; tests point it elsewhere. */
  distDir?: string;
}

export function workbenchRouter(options: WorkbenchOptions = {}): Router {
  const dist = options.distDir ?? WEB_DIST;
  const index = path.join(dist, 'index.html');
  const router = Router();

  router.use('/app', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', WORKBENCH_CSP);
    res.setHeader('Referrer-Policy', 'no-referrer');
    // Checked on each request, so building while the server runs needs no restart.
    if (!existsSync(index)) {
      res.status(503).setHeader('Cache-Control', 'no-store').type('text/plain; charset=utf-8').send(NOT_BUILT);
      return;
    }
    next();
  });

  // /app → /app/ so the service worker's scope (/app/) covers the page; the #token= fragment survives a redirect.
  router.get('/app', (req: Request, res: Response, next: NextFunction) => {
    // Express matches /app/ here too (non-strict routing); only the bare /app is redirected.
    if (req.path !== '/app') return next();
    const q = req.originalUrl.indexOf('?');
    res.redirect(302, `/app/${q === -1 ? '' : req.originalUrl.slice(q)}`);
  });

  router.get('/app/sw.js', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Service-Worker-Allowed', '/app/');
    res.sendFile(path.join(dist, 'sw.js'));
  });

  // Names carry content hashes: a changed file is a new URL, so browsers may keep these for a year.
  router.use(
    '/app/assets',
    express.static(path.join(dist, 'assets'), { index: false, immutable: true, maxAge: YEAR_SECONDS * 1000, fallthrough: false }),
  );

  router.get('/app/{*path}', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });

  return router;
}
