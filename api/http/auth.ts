// Bearer-token authentication: the middleware that turns a verified token (runtime/tokens.ts) into
// `req.actor`, and the role checks routes use.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { decodeJwt } from 'jose';
import type { Actor, Role } from '../../domain/case-types';
import { TOKEN_ISSUER, TokenError, verifyToken, type VerifiedToken } from '../../runtime/tokens';
import { AppError } from './errors';
import type { TokenBuckets } from './rate-limit';
import './request-types';
import type { StaffDirectory } from './staff-directory';

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

export interface AuthenticationOptions {
  secret: string;
  /** TOKEN_MAX_TTL in seconds: longer-lived tokens are refused. */
  maxTtlSec: number;
  /** Whether the token's user exists and is active (cached briefly). */
  staff: StaffDirectory;
  /** Failed authentications per client address; an empty bucket answers 429 before verifying. */
  failures: TokenBuckets;
}

/** The token's user must exist, be active and still hold the role and jurisdiction the token names. */
async function checkStaff(staff: StaffDirectory, verified: VerifiedToken): Promise<void> {
  const { actor } = verified;
  const status = await staff.lookup(actor.userId);
  if (!status) throw new TokenError('unknown_user', 'the token names no staff user');
  if (!status.active) throw new TokenError('inactive_user', 'the staff user of this token has been deactivated');
  if (status.role !== actor.role || status.jurisdictionCode !== actor.jurisdictionCode) {
    throw new TokenError('stale_claims', "the token's role or jurisdiction is no longer the user's; sign in again");
  }
}

/**
 * Requires a valid bearer token. A missing token is a plain 401; a present but bad one is also
 * audited (someone is holding a forged, stale or foreign token) and counts against the caller's
 * address, so a flood of bad tokens is answered 429 (not audited) instead of writing a row each.
 */
export function authenticate(options: AuthenticationOptions): RequestHandler {
  const { secret, failures } = options;
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header) {
      next(
        new AppError('UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <token>)', {
          headers: { 'WWW-Authenticate': CHALLENGE },
        }),
      );
      return;
    }
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const waitMs = failures.waitMs(address);
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      next(
        new AppError('RATE_LIMITED', `too many failed authentications from this address; retry in ${seconds} s`, {
          headers: { 'Retry-After': String(seconds) },
        }),
      );
      return;
    }
    const match = typeof header === 'string' ? /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(header) : null;
    if (!match) {
      failures.take(address);
      next(
        new AppError('INVALID_TOKEN', 'the Authorization header must be "Bearer <token>"', {
          headers: { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_request"` },
          audit: 'malformed authorization header',
        }),
      );
      return;
    }
    const refuse = (err: unknown) => {
      failures.take(address);
      const reason = err instanceof TokenError ? err.reason : 'malformed';
      const message = err instanceof TokenError ? err.message : 'the token is invalid';
      res.locals.unverifiedUser = unverifiedSubject(match[1]);
      next(
        new AppError('INVALID_TOKEN', message, {
          headers: { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_token", error_description="${message.replace(/"/g, "'")}"` },
          audit: `invalid token: ${reason}`,
        }),
      );
    };
    let verified: VerifiedToken;
    try {
      verified = await verifyToken(match[1], secret, { maxTtlSec: options.maxTtlSec });
    } catch (err) {
      return refuse(err);
    }
    try {
      // An organisation's user acts only for a registered organisation (§10): a clear 403, before its user is looked up.
      if (verified.actor.role === 'organisation' && !(await options.staff.organisationExists(verified.actor.jurisdictionCode))) {
        res.locals.unverifiedUser = verified.actor.userId;
        next(
          new AppError('ROLE_NOT_ALLOWED', `organisation ${verified.actor.jurisdictionCode} of this token is not registered`, {
            audit: 'organisation of the token not registered',
          }),
        );
        return;
      }
      await checkStaff(options.staff, verified);
    } catch (err) {
      // A database that cannot answer the staff look-up is an outage (503), not a bad token.
      return err instanceof TokenError ? refuse(err) : next(err);
    }
    req.actor = verified.actor;
    req.tokenExpiresAt = verified.expiresAt;
    req.log = req.log.child({ userId: req.actor.userId, role: req.actor.role });
    next();
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
