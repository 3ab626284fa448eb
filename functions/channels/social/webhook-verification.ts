import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from '../../domain/zod';

/**
 * The two checks of a Meta-style messaging webhook (Messenger, Instagram, WhatsApp Cloud API use the same ones):
 *   - the subscription handshake: `GET ?hub.mode=subscribe&hub.verify_token=<ours>&hub.challenge=<n>` must echo the
 *     challenge, only when the token is the one we configured;
 *   - every delivery: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`.
 * The HMAC is over the bytes as received: re-serialised JSON would not match. Comparisons are constant-time.
 */

/** Echoed back verbatim into a response body: only the plain characters Meta sends, never markup. */
const CHALLENGE = /^[0-9A-Za-z_-]{1,128}$/;

/** The handshake's query as the platform sends it (what the checks below accept; the token is compared in constant time). */
export const HandshakeQuerySchema = z.object({
  'hub.mode': z.literal('subscribe'),
  'hub.verify_token': z.string().register(z.globalRegistry, { description: 'The verify token typed into the platform\'s webhook settings' }),
  'hub.challenge': z.string().check(z.regex(CHALLENGE)).register(z.globalRegistry, { description: 'Echoed back as the plain-text body' }),
});

export type HandshakeResult = { ok: true; challenge: string } | { ok: false; reason: 'not-a-subscription' | 'wrong-verify-token' | 'missing-challenge' };

export function answerHandshake(query: Readonly<Record<string, string | undefined>>, verifyToken: string): HandshakeResult {
  if (query['hub.mode'] !== 'subscribe') return { ok: false, reason: 'not-a-subscription' };
  if (!equalSecrets(query['hub.verify_token'] ?? '', verifyToken)) return { ok: false, reason: 'wrong-verify-token' };
  const challenge = query['hub.challenge'];
  if (!challenge || !CHALLENGE.test(challenge)) return { ok: false, reason: 'missing-challenge' };
  return { ok: true, challenge };
}

export type SignatureResult = { ok: true } | { ok: false; reason: 'missing-signature' | 'malformed-signature' | 'bad-signature' };

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

export function verifySignature(rawBody: Uint8Array | string, header: string | undefined, appSecret: string): SignatureResult {
  if (!header) return { ok: false, reason: 'missing-signature' };
  const match = SIGNATURE.exec(header.trim());
  if (!match) return { ok: false, reason: 'malformed-signature' };
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(match[1]!, 'hex'), expected) ? { ok: true } : { ok: false, reason: 'bad-signature' };
}

/** The header value a platform would send for a body (tests and the local fake platform sign with it). */
export function signBody(rawBody: Uint8Array | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Equal-length digests compared in constant time, so neither content nor length of the secret leaks by timing. */
function equalSecrets(presented: string, expected: string): boolean {
  const digest = (s: string) => createHmac('sha256', 'redress/compare').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
