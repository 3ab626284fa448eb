import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import * as z from './zod';

/**
 * Idempotent intake (`Idempotency-Key` header, as in the IETF httpapi draft and Stripe's API).
 *
 * Design, and why:
 * - The same key with the same request returns the original 201 response, *including the access token*: a client
 *   retries precisely because it lost the first response, and without the token the customer could not follow
 *   the case. The token itself is stored on the case only as a hash, so the original response is kept sealed
 *   (AES-256-GCM) in the idempotency record for 24 hours, under a key derived from the raw Idempotency-Key.
 * - The record's partition holds a SHA-256 of the Idempotency-Key, never the key itself, so someone who can read
 *   the table (or a backup) cannot unseal the stored response: only the client that chose the key can.
 * - "Same request" is a SHA-256 over the *validated* request in canonical form (sorted keys, defaults applied), so
 *   key order, whitespace and an omitted default do not count as a different body; anything else does (409).
 */

/** The header's value: 1–255 visible ASCII characters (a UUID is the usual choice). */
export const IdempotencyKeySchema = z.string().check(
  z.minLength(1),
  z.maxLength(255),
  z.regex(/^[\x21-\x7E]+$/, 'use 1–255 visible ASCII characters, e.g. a UUID'),
  // A gateway joins repeated headers with commas: two keys must not pass for one.
  z.refine((k) => !k.includes(','), 'send exactly one Idempotency-Key header, without commas'),
);

/** Records live for 24 hours (DynamoDB TTL); a retry after that creates a new complaint. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * A client that sends no Idempotency-Key still has its retries answered as replays for a short while: the same
 * complaint (same validated request) from the same client address within 15 minutes gets the case it already
 * opened, not a second one. Scoped to the client so that someone else sending the same words is never handed this
 * customer's access token; short, because without a key the only retries we can recognise are the quick ones a lost
 * response causes, and a customer may deliberately file the same words again later.
 */
export const KEYLESS_REPLAY_SECONDS = 15 * 60;

/** The key a keyless request is remembered under: its client and its request fingerprint. */
export const keylessIdempotencyKey = (client: string, fingerprint: string): string => `keyless/${client}/${fingerprint}`;

const sha256 = (data: string): Buffer => createHash('sha256').update(data, 'utf8').digest();

/** The record's partition key. */
export const idempotencyRecordPk = (key: string): string => `IDEMPOTENCY#${sha256(key).toString('base64url')}`;

/** JSON with object keys sorted at every level, so equal values always serialize identically. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Fingerprint of a validated request, stored in the record to tell a retry from a different request. */
export const requestFingerprint = (validatedRequest: unknown): string =>
  sha256(canonicalJson(validatedRequest)).toString('base64url');

export const SealedSchema = z.strictObject({ iv: z.string(), tag: z.string(), data: z.string() });
export type Sealed = z.infer<typeof SealedSchema>;

const sealingKey = (idempotencyKey: string, fingerprint: string): Buffer =>
  Buffer.from(hkdfSync('sha256', idempotencyKey, fingerprint, 'redress/idempotent-response/v1', 32));

/** Encrypts a response body so only the holder of the raw Idempotency-Key can read it back. */
export function sealResponse(idempotencyKey: string, fingerprint: string, body: unknown): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(idempotencyKey, fingerprint), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), data: data.toString('base64url') };
}

/**
 * Decrypts a sealed response and validates it with `schema`. Throws if the key is wrong or the data was altered
 * (GCM authentication), which the caller treats as "not the same request".
 */
export function openResponse<T extends z.ZodMiniType>(
  idempotencyKey: string,
  fingerprint: string,
  sealed: Sealed,
  schema: T,
): z.infer<T> {
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(idempotencyKey, fingerprint), Buffer.from(sealed.iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64url')), decipher.final()]).toString('utf8');
  return schema.parse(JSON.parse(plain));
}
