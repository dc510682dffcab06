// Unit tests for bearer tokens (api/auth.ts): only HS256 tokens signed with our secret, issued by us,
// unexpired and with well-formed claims become an Actor; everything else is refused with a reason.
import { SignJWT, UnsecuredJWT } from 'jose';
import { unverifiedSubject } from '../../api/http/auth';
import { signToken, verifyToken, TokenError } from '../../runtime/tokens';

const SECRET = 'unit-test-secret-unit-test-secret-0123456789';
const key = new TextEncoder().encode(SECRET);
const caseworker = { userId: 'cw-440104001', role: 'caseworker' as const, jurisdictionCode: '440104001' };

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TokenError) return err.reason;
    throw err;
  }
  throw new Error('expected the token to be refused');
}

describe('signToken / verifyToken', () => {
  it('round-trips the user id, role and jurisdiction', async () => {
    const token = await signToken(caseworker, SECRET);
    await expect(verifyToken(token, SECRET)).resolves.toEqual({ actor: caseworker, expiresAt: expect.any(Date) });
  });

  it('an organisation’s user (§10) is scoped to its organisation id, and only its own user id names it', async () => {
    const organisation = { userId: 'ou-org-gz-charity', role: 'organisation' as const, jurisdictionCode: 'org-gz-charity' };
    await expect(verifyToken(await signToken(organisation, SECRET), SECRET)).resolves.toEqual({
      actor: organisation,
      expiresAt: expect.any(Date),
    });
    // Another user id for the organisation, an organisation id for a staff role, or a code for the organisation role.
    for (const claims of [
      { ...organisation, userId: 'cw-440104001' },
      { ...caseworker, jurisdictionCode: 'org-gz-charity' },
      { ...organisation, userId: 'ou-440104001', jurisdictionCode: '440104001 ' },
    ]) {
      expect(await reasonOf(verifyToken(await signToken(claims, SECRET), SECRET))).toBe('bad_claims');
    }
  });

  it('refuses a token that lives longer than the maximum lifetime, from now or from its issue time', async () => {
    const hundredYears = await signToken(caseworker, SECRET, 100 * 365 * 86_400);
    expect(await reasonOf(verifyToken(hundredYears, SECRET, { maxTtlSec: 12 * 3600 }))).toBe('too_long');
    const issuedLongAgo = await new SignJWT({ role: 'caseworker', jur: '440104001' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(caseworker.userId)
      .setIssuer('proactive-assistance')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 30 * 86_400)
      .setExpirationTime('1h')
      .sign(key);
    expect(await reasonOf(verifyToken(issuedLongAgo, SECRET, { maxTtlSec: 12 * 3600 }))).toBe('too_long');
    const twelveHours = await signToken(caseworker, SECRET);
    await expect(verifyToken(twelveHours, SECRET, { maxTtlSec: 12 * 3600 })).resolves.toMatchObject({ actor: caseworker });
  });

  it('accepts a seed-user shape with `id` and expires in 12 hours by default', async () => {
    const token = await signToken({ id: 'do-440104', role: 'district_officer', jurisdictionCode: '440104' }, SECRET);
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ sub: 'do-440104', role: 'district_officer', jur: '440104', iss: 'proactive-assistance' });
    expect(payload.exp - payload.iat).toBe(12 * 3600);
  });

  it('refuses an expired token', async () => {
    const token = await signToken(caseworker, SECRET, -10);
    expect(await reasonOf(verifyToken(token, SECRET))).toBe('expired');
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signToken(caseworker, 'another-secret-another-secret-0123456789');
    expect(await reasonOf(verifyToken(token, SECRET))).toBe('bad_signature');
  });

  it('refuses a forged payload (role raised to city officer) under the original signature', async () => {
    const token = await signToken(caseworker, SECRET);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'city_officer', jur: '440100' })).toString('base64url');
    expect(await reasonOf(verifyToken(`${header}.${forged}.${signature}`, SECRET))).toBe('bad_signature');
  });

  it('refuses HS512 even with the right secret (the algorithm is pinned)', async () => {
    const token = await new SignJWT({ role: 'caseworker', jur: '440104001' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('cw-440104001')
      .setIssuer('proactive-assistance')
      .setExpirationTime('1h')
      .sign(key);
    expect(await reasonOf(verifyToken(token, SECRET))).toBe('wrong_algorithm');
  });

  it('refuses an unsigned alg=none token', async () => {
    const token = new UnsecuredJWT({ role: 'city_officer', jur: '440100' })
      .setSubject('x')
      .setIssuer('proactive-assistance')
      .setExpirationTime('1h')
      .encode();
    expect(['wrong_algorithm', 'malformed']).toContain(await reasonOf(verifyToken(token, SECRET)));
  });

  it('refuses a token from another issuer, without exp, or with an unknown role or jurisdiction', async () => {
    const base = () => new SignJWT({ role: 'caseworker', jur: '440104001' }).setProtectedHeader({ alg: 'HS256' }).setSubject('cw');
    const otherIssuer = await base().setIssuer('someone-else').setExpirationTime('1h').sign(key);
    const noExp = await base().setIssuer('proactive-assistance').sign(key);
    const badRole = await new SignJWT({ role: 'admin', jur: '440104001' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('proactive-assistance')
      .setExpirationTime('1h')
      .sign(key);
    const badJur = await new SignJWT({ role: 'caseworker', jur: '999999999' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('proactive-assistance')
      .setExpirationTime('1h')
      .sign(key);
    for (const token of [otherIssuer, noExp, badRole, badJur]) {
      expect(await reasonOf(verifyToken(token, SECRET))).toBe('bad_claims');
    }
  });

  it('refuses garbage', async () => {
    expect(await reasonOf(verifyToken('not-a-token', SECRET))).toBe('malformed');
  });

  it('reads the unverified subject of a bad token for the audit, marked as unverified', async () => {
    const token = await signToken(caseworker, 'another-secret-another-secret-0123456789');
    expect(unverifiedSubject(token)).toBe('unverified:cw-440104001');
    expect(unverifiedSubject('garbage')).toBe('unverified:?');
  });
});
