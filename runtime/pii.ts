// Personal data at rest: AES-256-GCM encryption with a key id (so keys can rotate) and a keyed hash
// (HMAC-SHA256) for look-ups and workflow ids. PII_KEY is "kid:base64key[,kid:base64key...]"; the
// first key encrypts, every listed key decrypts. A bare base64 key gets the id "k0".
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { StartupError } from './errors';

export interface PiiKey {
  id: string;
  key: Buffer;
}

export function parsePiiKeys(spec: string): PiiKey[] {
  const parts = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new StartupError('PII_KEY is empty', 'set it to kid:base64-of-32-bytes');
  return parts.map((part, i) => {
    const [id, b64] = part.includes(':') ? (part.split(':', 2) as [string, string]) : [`k${i}`, part];
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new StartupError(`PII_KEY key id "${id}" is invalid`, 'use letters, digits, - or _');
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32)
      throw new StartupError(`PII_KEY key "${id}" is ${key.length} bytes, not 32`, 'generate one with: openssl rand -base64 32');
    return { id, key };
  });
}

/** The look-up hash key of deployments from before PII_HASH_KEY: derived from the oldest PII key. */
export function derivedHashKey(keys: PiiKey[]): Buffer {
  return createHmac('sha256', keys.at(-1)!.key).update('person-lookup-hash-v1').digest();
}

export class PiiCipher {
  private readonly active: PiiKey;
  private readonly byId: Map<string, PiiKey>;
  /**
   * Look-up hashes must not change when encryption keys rotate: PII_HASH_KEY, required in production
   * (runtime/config.ts). Without it (development), a key derived from the oldest PII key, as it always was.
   */
  private readonly hashKey: Buffer;

  constructor(keys: PiiKey[], hashKey?: Buffer) {
    if (keys.length === 0) throw new StartupError('no PII key configured', 'set PII_KEY');
    this.active = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k]));
    this.hashKey = hashKey ?? derivedHashKey(keys);
  }

  /** `hashKey`: PII_HASH_KEY (base64 of 32 bytes), when set. */
  static fromSpec(spec: string, hashKey?: string): PiiCipher {
    return new PiiCipher(parsePiiKeys(spec), hashKey === undefined ? undefined : Buffer.from(hashKey, 'base64'));
  }

  static fromConfig(config: { piiKey: string; piiHashKey: string | undefined }): PiiCipher {
    return PiiCipher.fromSpec(config.piiKey, config.piiHashKey);
  }

  /** The id of the key new values are encrypted with. */
  get activeKeyId(): string {
    return this.active.id;
  }

  /** Whether values under key `kid` can be decrypted here. */
  hasKey(kid: string): boolean {
    return this.byId.has(kid);
  }

  /** The key id a ciphertext names (null for anything else). */
  static keyIdOf(value: string): string | null {
    return PiiCipher.isCiphertext(value) ? value.split('.')[1] : null;
  }

  /** Whether `value` has the form encrypt() writes (it may still be under a key not configured here). */
  static isCiphertext(value: string): boolean {
    const parts = value.split('.');
    return parts.length === 5 && parts[0] === 'v1' && parts.slice(1).every((p) => /^[\w-]+$/.test(p));
  }

  /** `v1.<kid>.<iv>.<tag>.<ciphertext>` (base64url parts). */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.active.key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['v1', this.active.id, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
  }

  decrypt(token: string): string {
    const [v, kid, iv, tag, ct] = token.split('.');
    if (v !== 'v1' || !kid || iv === undefined || tag === undefined || ct === undefined) throw new Error('not an encrypted PII value');
    const key = this.byId.get(kid);
    if (!key) throw new Error(`PII key "${kid}" is not configured; add it to PII_KEY to read older data`);
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Keyed hash of a normalised ID number: stable, not reversible without the key. 32 hex chars. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('hex').slice(0, 32);
  }
}
