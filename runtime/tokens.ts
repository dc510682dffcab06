// Bearer tokens: HS256 JWTs (algorithm pinned on verify, so `none` or RS/ES tokens signed with a public
// key are refused) carrying the user id, role and jurisdiction. Infrastructure shared by the API's
// authentication and `npm run token`; it takes the secret as an argument and reads no environment.
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ROLES, type Actor, type Role } from '../domain/case-types';
import { findJurisdiction } from '../domain/jurisdictions';
import { ORGANISATION_ID_PATTERN, organisationUser } from '../domain/organisations';

export const TOKEN_ISSUER = 'proactive-assistance';
const DEFAULT_TOKEN_TTL = '12h';
const ALGORITHM = 'HS256';

/** Anything with an id, a role and a jurisdiction: a seed user, a staff row or an Actor. */
export type TokenSubject = { role: Role; jurisdictionCode: string } & ({ id: string } | { userId: string });

function keyOf(secret: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(secret);
}

/**
 * The verification key of each secret, imported once: given the raw bytes, jose imports the key again
 * for every request, which cost the API as much as checking the signature. A process knows one secret
 * (two while AUTH_SECRET rotates), so the map stays that small.
 */
const verificationKeys = new Map<string, Promise<CryptoKey>>();
function verificationKeyOf(secret: string): Promise<CryptoKey> {
  let key = verificationKeys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey('raw', keyOf(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verificationKeys.set(secret, key);
  }
  return key;
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

export type TokenFailure =
  | 'expired'
  | 'bad_signature'
  | 'wrong_algorithm'
  | 'malformed'
  | 'bad_claims'
  /** Lives longer than TOKEN_MAX_TTL (e.g. a 100-year token). */
  | 'too_long'
  /** Names no staff user, or a deactivated one, or one whose role or jurisdiction has changed. */
  | 'unknown_user'
  | 'inactive_user'
  | 'stale_claims';

/** A verified token: who it names and until when it may be used. */
export interface VerifiedToken {
  actor: Actor;
  expiresAt: Date;
}

/** Clock skew tolerated between the signer's clock and ours when checking a token's lifetime. */
const LIFETIME_SKEW_SEC = 60;

export class TokenError extends Error {
  constructor(
    readonly reason: TokenFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/**
 * Verifies signature, algorithm, issuer and expiry, then the claims' shape and, with `maxTtlSec`, that
 * the token does not live longer than that (both from now and from its issue time); throws TokenError.
 */
export async function verifyToken(token: string, secret: string, options: { maxTtlSec?: number } = {}): Promise<VerifiedToken> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, await verificationKeyOf(secret), {
      algorithms: [ALGORITHM],
      issuer: TOKEN_ISSUER,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new TokenError('expired', 'the token has expired');
    if (err instanceof joseErrors.JOSEAlgNotAllowed) throw new TokenError('wrong_algorithm', 'the token must be signed with HS256');
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw new TokenError('bad_signature', 'the token signature is invalid');
    if (err instanceof joseErrors.JWTClaimValidationFailed)
      throw new TokenError('bad_claims', `the token is not valid here: ${err.message}`);
    throw new TokenError('malformed', 'the token is malformed');
  }
  const { sub, role, jur, exp, iat } = payload as { sub?: unknown; role?: unknown; jur?: unknown; exp?: number; iat?: number };
  const expSec = Number(exp);
  if (options.maxTtlSec !== undefined) {
    const nowSec = Math.floor(Date.now() / 1000);
    const limit = options.maxTtlSec + LIFETIME_SKEW_SEC;
    if (expSec - nowSec > limit || (typeof iat === 'number' && expSec - iat > limit)) {
      throw new TokenError('too_long', `the token lives longer than the ${options.maxTtlSec} s this server accepts (TOKEN_MAX_TTL)`);
    }
  }
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) throw new TokenError('bad_claims', 'the token has no valid subject');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
    throw new TokenError('bad_claims', 'the token has no valid role');
  // An organisation's user (§10) is scoped to its organisation's id; whether that organisation is
  // registered is the API's check on every request (api/http/auth.ts), which needs the database.
  const validJurisdiction =
    typeof jur === 'string' &&
    (role === 'organisation'
      ? ORGANISATION_ID_PATTERN.test(jur) && sub === organisationUser({ organisationId: jur, name: '' }).id
      : !!findJurisdiction(jur) && findJurisdiction(jur)?.level !== 'committee');
  if (!validJurisdiction) {
    throw new TokenError('bad_claims', 'the token has no valid jurisdiction');
  }
  return { actor: { userId: sub, role: role as Role, jurisdictionCode: jur }, expiresAt: new Date(expSec * 1000) };
}
