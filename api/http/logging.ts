// Request logging: a request id per request (X-Request-Id honoured when well-formed, else generated;
// echoed back), one JSON line per answered request, and redaction of personal data. Request bodies and
// headers are never logged; the redaction below is a second line of defence for anything a handler
// might log by mistake.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type pino from 'pino';
import './request-types';
import { routeTemplate } from './metrics';

/** Field names that hold personal data wherever they appear (up to three levels deep). */
const PERSONAL_FIELDS = ['idNumber', 'name', 'phone', 'address', 'subject', 'reporter', 'contact', 'body', 'authorization', 'cookie'];

const API_REDACT_PATHS = [
  ...PERSONAL_FIELDS,
  ...PERSONAL_FIELDS.map((f) => `*.${f}`),
  ...PERSONAL_FIELDS.map((f) => `*.*.${f}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/** The API's logger: the process logger, with the API's redaction added. */
export function apiLogger(base: pino.Logger): pino.Logger {
  return base.child({ component: 'api' }, { redact: { paths: API_REDACT_PATHS, censor: '[redacted]' } });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Only a well-formed id is echoed and logged: a free-form header could inject into logs or responses. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

/** Path without the query string (queries hold filters only, but keep the log line predictable). */
export function pathOf(req: Request): string {
  return (req.originalUrl ?? req.url).split('?')[0];
}

export function requestContext(log: pino.Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    req.requestId = requestId;
    req.log = log.child({ requestId });
    res.setHeader('X-Request-Id', requestId);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const status = res.statusCode;
      const entry = {
        method: req.method,
        route: routeTemplate(req, res),
        path: pathOf(req),
        status,
        ms: Math.round(Number(process.hrtime.bigint() - start) / 1e5) / 10,
        userId: req.actor?.userId,
        role: req.actor?.role,
      };
      if (status >= 500) req.log.error(entry, 'request failed');
      else req.log.info(entry, 'request');
    });
    next();
  };
}
