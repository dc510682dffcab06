// Signing of webhook requests, and the check a receiver runs. Each request carries
//   X-PA-Timestamp: <unix seconds>            X-PA-Signature: v1=<hex HMAC-SHA256(secret, `${timestamp}.${body}`)>
// over the exact raw body bytes. A receiver recomputes the HMAC, compares in constant time, refuses a
// timestamp outside its tolerance (a captured request cannot be replayed later) and drops repeats of
// the body's `id` (delivery is at least once). Every attempt is signed afresh with its own timestamp.
import { createHmac, timingSafeEqual } from 'node:crypto';

const TIMESTAMP_HEADER = 'X-PA-Timestamp';
const SIGNATURE_HEADER = 'X-PA-Signature';
export const NOTIFICATION_ID_HEADER = 'X-PA-Notification-Id';
const DEFAULT_TOLERANCE_SEC = 300;

function hmacHex(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The headers to send with `body`, signed at `nowSec`. */
export function signWebhook(secret: string, body: string, nowSec = Math.floor(Date.now() / 1000)): Record<string, string> {
  const timestamp = String(nowSec);
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `v1=${hmacHex(secret, timestamp, body)}` };
}

/**
 * True when `signature` (the X-PA-Signature header: one or more comma-separated `v1=<hex>`) is a
 * valid signature of `body` at `timestamp` (the X-PA-Timestamp header) with `secret`, and the
 * timestamp is within `toleranceSec` of now. Pass the raw body exactly as received.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | undefined,
  body: string | Buffer,
  signature: string | undefined,
  toleranceSec = DEFAULT_TOLERANCE_SEC,
  nowSec = Math.floor(Date.now() / 1000),
): boolean {
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp) || typeof signature !== 'string') return false;
  if (Math.abs(nowSec - Number(timestamp)) > toleranceSec) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  return signature.split(',').some((part) => {
    const match = /^\s*v1=([0-9a-f]{64})\s*$/i.exec(part);
    if (!match) return false;
    return timingSafeEqual(Buffer.from(match[1].toLowerCase(), 'hex'), expected);
  });
}
