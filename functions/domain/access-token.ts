import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The customer's access token for one case: 32 random bytes, base64url (43 characters). Only its SHA-256 is
 * stored on the case, so a read of the table (or a backup) does not hand out working links. A fast hash is
 * right here (unlike passwords): the token has 256 bits of entropy, so there is nothing to brute-force.
 */

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A new random access token. */
export const generateAccessToken = (): string => randomBytes(32).toString('base64url');

/** Whether a string has the shape of an access token (checked before hashing so junk is refused early). */
export const isAccessTokenShaped = (value: string): boolean => TOKEN.test(value);

/** The stored form of a token: SHA-256, hex. */
export const hashAccessToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Whether a presented token matches the stored hash, in constant time (the comparison of the two digests never
 * short-circuits, so timing reveals nothing about how much of the hash matched).
 */
export function accessTokenMatches(presented: string | undefined, storedHash: string | undefined): boolean {
  if (!presented || !storedHash || !isAccessTokenShaped(presented)) return false;
  const a = Buffer.from(hashAccessToken(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Extracts the token from an `Authorization: Bearer <token>` header value (scheme case-insensitive, RFC 6750).
 */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}
