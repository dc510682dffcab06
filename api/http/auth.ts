// Bearer-token authentication: HS256 JWTs (algorithm pinned on verify, so `none` or RS/ES tokens
// signed with a public key are refused) carrying the user id, role and jurisdiction; and the
// middleware that turns a verified token into `req.actor`.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { decodeJwt, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ROLES, type Actor, type Role } from '../../domain/case-types';
import { findJurisdiction } from '../../domain/jurisdictions';
import { AppError } from './errors';
import './request-types';

export const TOKEN_ISSUER = 'proactive-assistance';
export const DEFAULT_TOKEN_TTL = '12h';
const ALGORITHM = 'HS256';

/** Anything with an id, a role and a jurisdiction: a seed user, a staff row or an Actor. */
export type TokenSubject = { role: Role; jurisdictionCode: string } & ({ id: string } | { userId: string });

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signs a token for `user`; `ttl` is a jose duration ("12h", "30m") or seconds. */
export async function signToken(user: TokenSubject, secret: string, ttl: string | number = DEFAULT_TOKEN_TTL): Promise<string> {
  const userId = 'userId' in user ? user.userId : user.id;
  const expiry = typeof ttl === 'number' ? Math.floor(Date.now() / 1000) + ttl : ttl;
  return new SignJWT({ role: user.role, jur: user.jurisdictionCode })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(TOKEN_ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiry)
    .sign(keyOf(secret));
}

export type TokenFailure = 'expired' | 'bad_signature' | 'wrong_algorithm' | 'malformed' | 'bad_claims';

export class TokenError extends Error {
  constructor(
    readonly reason: TokenFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Verifies signature, algorithm, issuer and expiry, then the claims' shape; throws TokenError. */
export async function verifyToken(token: string, secret: string): Promise<Actor> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: [ALGORITHM],
      issuer: TOKEN_ISSUER,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new TokenError('expired', 'the token has expired');
    if (err instanceof joseErrors.JOSEAlgNotAllowed) throw new TokenError('wrong_algorithm', 'the token must be signed with HS256');
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw new TokenError('bad_signature', 'the token signature is invalid');
    if (err instanceof joseErrors.JWTClaimValidationFailed) throw new TokenError('bad_claims', `the token is not valid here: ${err.message}`);
    throw new TokenError('malformed', 'the token is malformed');
  }
  const { sub, role, jur } = payload as { sub?: unknown; role?: unknown; jur?: unknown };
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) throw new TokenError('bad_claims', 'the token has no valid subject');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new TokenError('bad_claims', 'the token has no valid role');
  if (typeof jur !== 'string' || !findJurisdiction(jur) || findJurisdiction(jur)?.level === 'committee') {
    throw new TokenError('bad_claims', 'the token has no valid jurisdiction');
  }
  return { userId: sub, role: role as Role, jurisdictionCode: jur };
}

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
      next(new AppError(401, 'UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <token>)', { headers: { 'WWW-Authenticate': CHALLENGE } }));
      return;
    }
    if (!match) {
      next(
        new AppError(401, 'INVALID_TOKEN', 'the Authorization header must be "Bearer <token>"', {
          headers: { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_request"` },
          audit: 'malformed authorization header',
        }),
      );
      return;
    }
    try {
      req.actor = await verifyToken(match[1]!, secret);
      req.log = req.log.child({ userId: req.actor.userId, role: req.actor.role });
      next();
    } catch (err) {
      const reason = err instanceof TokenError ? err.reason : 'malformed';
      const message = err instanceof TokenError ? err.message : 'the token is invalid';
      res.locals.unverifiedUser = unverifiedSubject(match[1]!);
      next(
        new AppError(401, 'INVALID_TOKEN', message, {
          headers: { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_token", error_description="${message.replace(/"/g, "'")}"` },
          audit: `invalid token: ${reason}`,
        }),
      );
    }
  };
}

/** The verified actor; routes behind `authenticate` can rely on it. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new AppError(401, 'UNAUTHENTICATED', 'a bearer token is required', { headers: { 'WWW-Authenticate': CHALLENGE } });
  return req.actor;
}

/** 403 (audited) unless the caller has one of `roles`. */
export function requireRole(req: Request, roles: readonly Role[], what: string): Actor {
  const actor = actorOf(req);
  if (!roles.includes(actor.role)) {
    throw new AppError(403, 'ROLE_NOT_ALLOWED', `role ${actor.role} may not ${what}; allowed: ${roles.join(', ')}`, {
      audit: `role ${actor.role} may not ${what}`,
    });
  }
  return actor;
}
