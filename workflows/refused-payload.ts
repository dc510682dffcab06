// What a case worker's payload codec hands the workflow in place of a payload that was not
// encrypted with the platform's keys (runtime/codec.ts, plaintext policy `mark`). Only the API and
// the workers hold PII_KEY, and the cipher is authenticated (AES-GCM), so a payload that decrypts was
// written by them; anything else came from someone who reached the Temporal frontend directly (§14).
// The codec cannot throw instead: a decoding error fails the workflow task, which Temporal retries
// with the same payload for ever, wedging the case. The workflow rejects the marker (an Update, a
// start) or ignores it (a signal). No imports: the codec and the workflow bundle both load this.

const REFUSED_PAYLOAD_KEY = '__refusedPayload';

export interface RefusedPayload {
  [REFUSED_PAYLOAD_KEY]: 'unencrypted';
}

export const REFUSED_PAYLOAD: RefusedPayload = { [REFUSED_PAYLOAD_KEY]: 'unencrypted' };

export function isRefusedPayload(value: unknown): value is RefusedPayload {
  return typeof value === 'object' && value !== null && REFUSED_PAYLOAD_KEY in value;
}
