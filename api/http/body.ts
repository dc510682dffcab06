// Request bodies: JSON only, at most 1 MB. Writes with a body in any other media type get 415 before
// anything is parsed; parse failures and oversize bodies flow to the error middleware as 400 / 413.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from './errors';

const BODY_LIMIT = '1mb';

/** application/json or any application/*+json type, with optional parameters (charset). */
function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function requireJsonBody(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody(req) && !isJsonMediaType(req.headers['content-type'])) {
      next(
        new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          `request bodies must be JSON (Content-Type: application/json), got ${JSON.stringify(req.headers['content-type'] ?? 'none')}`,
          {
            headers: { 'Accept-Post': 'application/json' },
          },
        ),
      );
      return;
    }
    next();
  };
}

export function jsonBody(): RequestHandler {
  return express.json({ limit: BODY_LIMIT, strict: true, type: (req) => isJsonMediaType(req.headers['content-type']) });
}
