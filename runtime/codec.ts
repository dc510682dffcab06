// Encryption of everything the platform sends to Temporal (workflow and activity inputs, results,
// update arguments, query answers, failure messages): a PayloadCodec that seals each payload with
// AES-256-GCM under a key derived from PII_KEY, naming the key id in the payload's metadata so keys
// can rotate (the first PII_KEY key encrypts, every listed key decrypts). The API never puts
// personal data into a workflow; this is defence in depth, and it covers free-text summaries.
// The cipher is authenticated, so a payload that decrypts was written by a holder of PII_KEY (the API
// or a worker): that is what lets the workflow trust the actor in an Update (§14). A payload that is
// not encrypted is therefore refused, in the way each side can afford (PlaintextPolicy).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { REFUSED_PAYLOAD } from '../workflows/refused-payload';
import { parsePiiKeys, type PiiKey } from './pii';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'AES-256-GCM/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The workflow sandbox loads the failure converter by path (see runtime/failure-converter.ts). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Raised when a payload cannot be decrypted; the message names the key and what to do. */
export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

/**
 * Payload keys are derived (HKDF) from the PII keys rather than used directly, so the ciphertexts in
 * Temporal and in PostgreSQL never share a key even though one secret is configured.
 */
function derive(key: PiiKey): Buffer {
  return Buffer.from(hkdfSync('sha256', key.key, Buffer.alloc(0), 'temporal-payload-codec-v1', 32));
}

function additionalData(keyId: string): Buffer {
  return Buffer.from(`temporal-payload:${CIPHER}:${keyId}`);
}

/** The plain payload (its metadata and data) as bytes to seal. */
function serialise(payload: Payload): Buffer {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload.metadata ?? {})) if (v) metadata[k] = Buffer.from(v).toString('base64');
  return Buffer.from(JSON.stringify({ m: metadata, d: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') }));
}

function deserialise(bytes: Buffer): Payload {
  const { m, d } = JSON.parse(fromUtf8.decode(bytes)) as { m: Record<string, string>; d: string };
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(m)) metadata[k] = new Uint8Array(Buffer.from(v, 'base64'));
  return { metadata, data: new Uint8Array(Buffer.from(d, 'base64')) };
}

/**
 * What decoding does with a payload that is not encrypted:
 * - `refuse` (clients: the API, tools): fail with PayloadDecryptionError;
 * - `mark` (workers): hand the workflow the refused-payload marker (workflows/refused-payload.ts), which
 *   it rejects; failing instead would fail the workflow task on every retry and wedge the case;
 * - `pass` (the Temporal UI's codec endpoint): show it as it is, since it is only displayed.
 */
export type PlaintextPolicy = 'refuse' | 'mark' | 'pass';

const markerJson = utf8.encode(JSON.stringify(REFUSED_PAYLOAD));

export class PiiPayloadCodec implements PayloadCodec {
  private readonly active: { id: string; key: Buffer };
  private readonly byId: Map<string, Buffer>;
  private readonly plaintext: PlaintextPolicy;

  constructor(keys: PiiKey[], options: { plaintext?: PlaintextPolicy } = {}) {
    if (keys.length === 0) throw new Error('the payload codec needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, derive(k)]));
    this.active = { id: keys[0].id, key: this.byId.get(keys[0].id)! };
    this.plaintext = options.plaintext ?? 'refuse';
  }

  static fromSpec(piiKeySpec: string, options: { plaintext?: PlaintextPolicy } = {}): PiiPayloadCodec {
    return new PiiPayloadCodec(parsePiiKeys(piiKeySpec), options);
  }

  private unencrypted(payload: Payload): Payload {
    if (this.plaintext === 'pass') return payload;
    if (this.plaintext === 'mark') return { metadata: { encoding: utf8.encode('json/plain') }, data: markerJson };
    throw new PayloadDecryptionError(
      'an unencrypted Temporal payload was refused: only payloads encrypted with PII_KEY are accepted; send it through the platform’s API',
    );
  }

  /** Key ids this codec can decrypt, in PII_KEY order. */
  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.active.key, iv);
      cipher.setAAD(additionalData(this.active.id));
      const sealed = Buffer.concat([iv, cipher.update(serialise(payload)), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: utf8.encode(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: utf8.encode(this.active.id),
          [CIPHER_METADATA]: utf8.encode(CIPHER),
        },
        data: new Uint8Array(sealed),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return this.unencrypted(payload);
      const rawKeyId = payload.metadata?.[KEY_ID_METADATA];
      if (!rawKeyId) throw new PayloadDecryptionError('an encrypted Temporal payload has no key id; it cannot be decrypted');
      const keyId = Buffer.from(rawKeyId).toString();
      const key = this.byId.get(keyId);
      if (!key) {
        throw new PayloadDecryptionError(
          `a Temporal payload is encrypted with PII key "${keyId}", which is not in PII_KEY (configured: ${this.keyIds.join(', ')}); ` +
            'keep retired keys in PII_KEY after the active one until every workflow that used them has finished',
        );
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES)
        throw new PayloadDecryptionError(`an encrypted Temporal payload (key "${keyId}") is truncated`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAAD(additionalData(keyId));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        return deserialise(Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]));
      } catch {
        throw new PayloadDecryptionError(
          `an encrypted Temporal payload (key "${keyId}") failed authentication: it was altered or the key is wrong`,
        );
      }
    });
  }
}

/**
 * The data converter every Temporal client and worker of the platform uses. Failures get their
 * message and stack moved into an (encrypted) payload too: activity errors can quote query arguments.
 * Clients refuse unencrypted payloads.
 */
export function temporalDataConverter(piiKeySpec: string): DataConverter {
  return { payloadCodecs: [PiiPayloadCodec.fromSpec(piiKeySpec)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** A worker's data converter: an unencrypted payload reaches the workflow as the refused-payload marker, which it rejects. */
export function workerDataConverter(piiKeySpec: string): DataConverter {
  return { payloadCodecs: [PiiPayloadCodec.fromSpec(piiKeySpec, { plaintext: 'mark' })], failureConverterPath: FAILURE_CONVERTER_PATH };
}
