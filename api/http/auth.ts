// Bearer-token authentication: the middleware that turns a verified token (runtime/tokens.ts) into
// `req.actor`, and the role checks routes use.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { decodeJwt } from 'jose';
import type { Actor, Role } from '../../domain/case-types';
import { TOKEN_ISSUER, TokenError, verifyToken } from '../../runtime/tokens';
import { AppError } from './errors';
import './request-types';

const CHALLENGE = `Bearer realm="${TOKEN_ISSUER}"`;

/** The `sub` of a token we could not verify, for the access audit only (never trusted). */
export function unverifiedSubject(token: string): string {
  try {
    const sub = decodeJwt(token).sub;
    return typeof sub === 'string' ? `unverified:${sub.slice(0, 64)}` : 'unverified:?';
  } catch {
    return 'unverified:?';
  }
}

/**
 * Requires a valid bearer token. A missing token is a plain 401; a present but bad one is also
 * audited (someone is holding a forged, stale or foreign token).
 */
export function authenticate(secret: string): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(header) : null;
    if (!header) {
      next(
        new AppError('UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <token>)', {
          headers: { 'WWW-Authenticate': CHALLENGE },
        }),
      );
      return;
    }
    if (!match) {
      next(
        new AppError('INVALID_TOKEN', 'the Authorization header must be "Bearer <token>"', {
          headers: { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_request"` },
          audit: 'malformed authorization header',
        }),
      );
      return;
    }
    try {
      req.actor = await verifyToken(match[1], secret);
      req.log = req.log.child({ userId: req.actor.userId, role: req.actor.role });
      next();
    } catch (err) {
      const reason = err instanceof TokenError ? err.reason : 'malformed';
      const message = err instanceof TokenError ? err.message : 'the token is invalid';
      res.locals.unverifiedUser = unverifiedSubject(match[1]);
      next(
        new AppError('INVALID_TOKEN', message, {
          headers: { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_token", error_description="${message.replace(/"/g, "'")}"` },
          audit: `invalid token: ${reason}`,
        }),
      );
    }
  };
}

/** The verified actor; routes behind `authenticate` can rely on it. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'a bearer token is required', { headers: { 'WWW-Authenticate': CHALLENGE } });
  return req.actor;
}

/** 403 (audited) unless the caller has one of `roles`. */
export function requireRole(req: Request, roles: readonly Role[], what: string): Actor {
  const actor = actorOf(req);
  if (!roles.includes(actor.role)) {
    throw new AppError('ROLE_NOT_ALLOWED', `role ${actor.role} may not ${what}; allowed: ${roles.join(', ')}`, {
      audit: `role ${actor.role} may not ${what}`,
    });
  }
  return actor;
}
