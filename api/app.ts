// The HTTP API as an Express app built over injected dependencies and never listening itself, so the
// process entry point and the tests mount the same thing. Middleware order matters and is explained
// inline; every error ends in the one problem-details handler at the bottom.
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { createCaseClient } from '../clients/case-client';
import { createWarningClient } from '../clients/warning-client';
import { loadWorkingCalendar } from '../runtime/calendar-source';
import { noStore } from './http/no-store';
import { authenticate } from './http/auth';
import { jsonBody, requireJsonBody } from './http/body';
import type { ApiContext, ApiDeps } from './http/deps';
import { AppError, toProblem } from './http/errors';
import './http/request-types';
import { apiLogger, pathOf, requestContext } from './http/logging';
import { createMetrics } from './http/metrics';
import { DEFAULT_AUTH_FAILURE_LIMIT, DEFAULT_RATE_LIMIT, rateLimitWrites, TokenBuckets } from './http/rate-limit';
import { StaffDirectory } from './http/staff-directory';
import { recordDeniedAccess } from './http/access-audit';
import { accessLogRouter } from './access-log/routes';
import { casesRouter } from './cases/routes';
import { codecRouter } from './codec/routes';
import { workbenchRouter } from './workbench/router';
import { dashboardRouter } from './dashboard/routes';
import { escalationsRouter, streamTokenFromQuery } from './escalations/routes';
import { exportsRouter } from './exports/routes';
import { monthlyReportRouter } from './monthly-report/routes';
import { openApiDocument } from './openapi';
import { householdsRouter } from './households/routes';
import { jurisdictionsRouter } from './jurisdictions/routes';
import { LiveCalendar } from './calendar/live-calendar';
import { calendarRouter } from './calendar/routes';
import { meRouter } from './notifications/me-routes';
import { monitoringRouter } from './monitoring/routes';
import { notificationsRouter } from './notifications/routes';
import { operationsRouter } from './operations/routes';
import { organisationsRouter } from './organisations/routes';
import { referralsRouter } from './referrals/routes';
import { reportsRouter } from './reports/routes';
import { webhooksRouter } from './notifications/webhook-routes';
import { staffRouter } from './staff/routes';
import { statsRouter } from './stats/routes';
import { warningsRouter } from './warnings/routes';

export type { ApiDeps } from './http/deps';

export function createApp(deps: ApiDeps): express.Express {
  const log = apiLogger(deps.logger);
  const temporalTimeoutMs = deps.temporalTimeoutMs ?? 30_000;
  const temporalCall: ApiContext['temporalCall'] = (fn, timeoutMs = temporalTimeoutMs) =>
    // Test doubles of the client may not implement withDeadline; the real one always does.
    typeof deps.temporal.withDeadline === 'function' ? deps.temporal.withDeadline(Date.now() + timeoutMs, fn) : fn();
  const live = deps.liveCalendar ?? new LiveCalendar(deps.calendar ?? loadWorkingCalendar());
  const staff = new StaffDirectory(deps.prisma, deps.staffCacheMs);
  const ctx: ApiContext = {
    ...deps,
    liveCalendar: live,
    get calendar() {
      return live.current;
    },
    now: deps.now ?? (() => new Date()),
    log,
    temporalCall,
    cases: createCaseClient({
      temporal: deps.temporal,
      taskQueue: deps.config.taskQueue,
      call: (fn) => temporalCall(fn),
      // Read per case started, so a year loaded at run time reaches new cases at once.
      calendar: () => live.current,
    }),
    warnings: createWarningClient({ temporal: deps.temporal, call: (fn) => temporalCall(fn) }),
    staff,
    // One authenticator for /api/v1 and /codec: the same staff checks and one failure budget per
    // address, so bad tokens sent to both paths do not get twice the allowance.
    authenticate: authenticate({
      secret: deps.config.authSecret,
      maxTtlSec: deps.config.tokenMaxTtlSec,
      staff,
      failures: new TokenBuckets(deps.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT),
    }),
  };
  const metrics = createMetrics(deps.prisma, log);

  const app = express();
  app.disable('x-powered-by');
  // ETags on per-user JSON only cost hashing; clients do not revalidate these answers.
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestContext(log));
  app.use(metrics.middleware);
  // Security headers; no CORS middleware at all, so browsers on other origins get no access.
  app.use(helmet());

  app.use(operationsRouter(ctx, metrics, openApiDocument));
  // The supervisors' page (static files; it calls /api/v1 with the signed-in user's token).
  app.use(dashboardRouter(ctx));
  // The Temporal Web UI's codec server (authenticated, city officers only; CORS for the UI's origin).
  app.use(codecRouter(ctx));
  // The workbench (/app), built from web/ into web/dist.
  app.use(workbenchRouter());

  const methodsOf = documentedMethods(openApiDocument());
  const api = express.Router();
  api.use(noStore());
  // EventSource clients cannot set headers: the escalation stream also takes ?access_token=.
  api.use(streamTokenFromQuery());
  // Authenticate before reading a body: anonymous callers cannot make us parse a megabyte.
  api.use(ctx.authenticate);
  // OPTIONS answers the methods the document lists for the path. Express's own answer collects every
  // route that matches, so /calendar/deadline also advertised PUT from /calendar/:year (ST205).
  // A method the document does not list for the path is 405 here, before a template route that also
  // matches could take it (PUT /calendar/deadline reached PUT /calendar/:year and answered 422, ST204).
  api.use((req: Request, res: Response, next: NextFunction) => {
    const allowed = methodsOf(pathOf(req));
    if (!allowed) return next();
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allowed.join(', '));
      return res.status(200).type('text/plain').send(allowed.join(', '));
    }
    if (allowed.includes(req.method)) return next();
    next(
      new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${pathOf(req)}; allowed: ${allowed.join(', ')}`, {
        headers: { Allow: allowed.join(', ') },
      }),
    );
  });
  api.use(rateLimitWrites(deps.rateLimit ?? DEFAULT_RATE_LIMIT));
  // Before the 1 MB JSON parser: imports read their own bodies (JSON or CSV, up to 64 MB).
  api.use(monitoringRouter(ctx));
  api.use(requireJsonBody());
  api.use(jsonBody());
  api.use(reportsRouter(ctx));
  api.use(casesRouter(ctx));
  api.use(householdsRouter(ctx));
  api.use(jurisdictionsRouter());
  api.use(calendarRouter(ctx));
  api.use(meRouter(ctx));
  api.use(notificationsRouter(ctx));
  api.use(webhooksRouter(ctx));
  api.use(escalationsRouter(ctx));
  api.use(exportsRouter(ctx));
  api.use(monthlyReportRouter(ctx));
  api.use(warningsRouter(ctx));
  api.use(statsRouter(ctx));
  api.use(staffRouter(ctx));
  api.use(organisationsRouter(ctx));
  api.use(referralsRouter(ctx));
  api.use(accessLogRouter(ctx));
  app.use('/api/v1', api);

  // A documented path with a method it does not have is 405 with Allow (not 404: the path exists).
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const allowed = methodsOf(pathOf(req));
    if (allowed && !allowed.includes(req.method)) {
      return next(
        new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${pathOf(req)}; allowed: ${allowed.join(', ')}`, {
          headers: { Allow: allowed.join(', ') },
        }),
      );
    }
    next(new AppError('ROUTE_NOT_FOUND', `no route ${req.method} ${pathOf(req)}; see /openapi.json`));
  });
  app.use(errorHandler(ctx));
  return app;
}

/** The methods the OpenAPI document lists for a concrete path (HEAD with GET), or null for an unknown path. */
function documentedMethods(doc: ReturnType<typeof openApiDocument>): (path: string) => string[] | null {
  const paths = (doc as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  const table = Object.entries(paths).map(([template, operations]) => {
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    const methods = Object.keys(operations)
      .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
      .map((m) => m.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    return { regex: new RegExp(`^${pattern}/?$`), methods, params: (template.match(/\{/g) ?? []).length };
  });
  // A literal path wins over a template that also matches it (/calendar/deadline, not /calendar/{year}).
  table.sort((a, b) => a.params - b.params);
  return (path) => table.find((t) => t.regex.test(path))?.methods ?? null;
}

/** The one error handler: logs by severity, audits denials, answers problem+json. */
function errorHandler(ctx: ApiContext) {
  return async (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const requestId = req.requestId ?? 'unknown';
    const problem = toProblem(err, requestId);
    const logger = req.log ?? ctx.log;
    if (problem.logLevel === 'error') {
      logger.error({ err: safeError(err), status: problem.status }, 'unhandled error');
    } else if (problem.logLevel === 'warn') {
      logger.warn({ err: safeError(err), status: problem.status, code: problem.body.code }, 'dependency unavailable');
    }

    const tokenPresent = typeof req.headers.authorization === 'string';
    if (problem.audit && (problem.status !== 401 || tokenPresent)) {
      try {
        await recordDeniedAccess(ctx.prisma, {
          userId: req.actor?.userId ?? (res.locals.unverifiedUser as string | undefined) ?? 'anonymous',
          role: req.actor?.role ?? 'unknown',
          method: req.method,
          path: pathOf(req),
          status: problem.status,
          reason: problem.audit,
        });
      } catch (auditErr) {
        // The denial still stands; a broken audit write is an operational problem, not the caller's.
        logger.error({ err: safeError(auditErr) }, 'could not write access audit');
      }
    }

    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.body));
  };
}

/**
 * What of an error may be logged. Prisma messages quote the failing call with its arguments, so only
 * their first line goes to the log; stacks are kept for diagnosis.
 */
function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err).slice(0, 200) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.constructor?.name ?? err.name,
    message:
      err.message
        .split('\n')
        .find((l) => l.trim())
        ?.slice(0, 300) ?? '',
    ...(code !== undefined ? { code } : {}),
    stack: err.stack?.split('\n').slice(1, 8).join('\n'),
  };
}
