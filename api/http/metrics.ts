// Prometheus metrics of one API instance: request counts and latency by route template (never by
// raw path, which would carry case ids and explode cardinality) and case counts by stage, read from
// the database when scraped.
import type { NextFunction, Request, Response } from 'express';
import type pino from 'pino';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { STAGES } from '../../domain/case-types';
import type { PrismaClient } from '../../generated/prisma/client';
import { countCasesByStage } from '../cases/repository';

export interface ApiMetrics {
  registry: Registry;
  middleware: (req: Request, res: Response, next: NextFunction) => void;
}

/**
 * Remembers the matched route's template while the router still knows its mount path (by the time
 * the response finishes, an error may have unwound the router and reset `req.baseUrl`).
 */
export function tagRoute(req: Request, res: Response, next: NextFunction): void {
  const route = (req as { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') res.locals.routeTemplate = `${req.baseUrl}${route.path}`;
  next();
}

/** The matched route as a template (`/api/v1/cases/:caseId`), or `unmatched`. */
export function routeTemplate(req: Request, res?: Response): string {
  const tagged: unknown = res?.locals.routeTemplate;
  if (typeof tagged === 'string') return tagged;
  const route = (req as { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  return 'unmatched';
}

export function createMetrics(prisma: PrismaClient, log: pino.Logger): ApiMetrics {
  // A registry per app: tests build several apps in one process and each must count on its own.
  const registry = new Registry();
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'cases_by_stage',
    help: 'Cases in the read model by stage (computed on scrape)',
    labelNames: ['stage'] as const,
    registers: [registry],
    async collect() {
      try {
        const counts = new Map((await countCasesByStage(prisma)).map((c) => [c.stage, c.count]));
        this.reset();
        for (const stage of STAGES) this.set({ stage }, counts.get(stage) ?? 0);
      } catch (err) {
        // A database outage must not break the scrape of the HTTP metrics; the gauge is just absent.
        this.reset();
        log.warn({ err: { message: (err as Error).message.split('\n')[0] } }, 'cannot count cases for metrics');
      }
    },
  });

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const labels = { method: req.method, route: routeTemplate(req, res), status: String(res.statusCode) };
      requests.inc(labels);
      latency.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
  return { registry, middleware };
}
