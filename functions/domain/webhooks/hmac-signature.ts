import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, modelled on the major card processors: header `t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC-SHA256(secret, `${t}.${raw body}`). Several v1 entries may be present (while a secret is rotated) and
 * several secrets may be configured; one match of any is enough. The timestamp is signed, so a captured request
 * cannot be replayed later than the tolerance with a fresh time. One scheme both ways: the payment provider's webhooks
 * to Redress are checked with it, and Redress signs its case-event webhooks to integrators with it (`Redress-Signature`).
 */

export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureFailure = 'malformed_signature_header' | 'bad_signature' | 'stale_timestamp';
export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure; detail: string };

const hmac = (secret: string, timestamp: number, rawBody: string): Buffer =>
  createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest();

/** The header sent with `rawBody` at `timestamp` (unix seconds): by the fake provider, and by Redress's webhook delivery. */
export const signatureHeader = (rawBody: string, secret: string, timestamp: number): string => `t=${timestamp},v1=${hmac(secret, timestamp, rawBody).toString('hex')}`;

function parseHeader(header: string): { timestamp: number; signatures: Buffer[] } | undefined {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Other schemes (v0, future versions) are ignored, as the processors document.
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/**
 * Checks a signature header against the raw body (exactly the bytes received, before any JSON parsing), the
 * configured secrets and the current time. The tolerance applies both ways: a timestamp too far in the future is as
 * suspicious as an old one. Comparison is constant-time.
 */
export function verifySignature(
  header: string | undefined,
  rawBody: string,
  secrets: readonly string[],
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  const parsed = header ? parseHeader(header) : undefined;
  if (!parsed) return { ok: false, reason: 'malformed_signature_header', detail: 'expected a header like t=<unix seconds>,v1=<hex HMAC-SHA256>' };
  const matches = secrets.some((secret) => {
    const expected = hmac(secret, parsed.timestamp, rawBody);
    return parsed.signatures.some((s) => s.length === expected.length && timingSafeEqual(s, expected));
  });
  if (!matches) return { ok: false, reason: 'bad_signature', detail: 'no signature matches the body with any configured secret' };
  const age = Math.floor(now.getTime() / 1000) - parsed.timestamp;
  if (Math.abs(age) > toleranceSeconds) {
    return { ok: false, reason: 'stale_timestamp', detail: `signed ${age} s ${age >= 0 ? 'ago' : 'ahead'}; the tolerance is ${toleranceSeconds} s` };
  }
  return { ok: true, timestamp: parsed.timestamp };
}
