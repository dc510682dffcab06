// Every /api/v1 answer may carry personal data (case files, families, look-ups, reports, the inbox,
// the access log) or be an error about it, so none may be kept by a browser, proxy or shared cache
// (issue #17 item 7). Set before any route runs, errors included; a route whose answer is the same
// public data for everyone (the jurisdiction codes) replaces it with its own Cache-Control.
import type { NextFunction, Request, Response } from 'express';

export function noStore() {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
