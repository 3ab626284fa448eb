import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Case links that open a case without its access token: an HMAC-signed, expiring capability for one case and one
 * purpose, carried in the URL fragment (`case.html?id=<id>#access=<link>`) so that it never reaches a server log or
 * a Referer. The access token itself is mailed once (the acknowledgment) and only its hash is kept, so every later
 * email needs a credential the system can mint again: this one.
 *
 * Form: `<key id>.<purpose>.<expiry, epoch seconds in base 36>.<tag>`, where the tag is the first 128 bits of
 * HMAC-SHA256(key, domain ‖ case id ‖ purpose ‖ expiry) in base64url. The key is derived from one of the signing
 * secrets (the same list as the reply addresses', newest first), so a link never verifies as a reply tag or the
 * reverse. The key id names the secret that signed, so rotation is: put a new secret first, keep the old one until
 * the links it signed have expired; a link whose key id is unknown fails like a forged one.
 */

export const ACCESS_PURPOSES = ['view', 'act'] as const;
/** `view` opens the case; `act` opens it and lets the customer act on it (reply, accept, dispute, rate). */
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

export interface AccessLinkKeys {
  /** At least one; the first signs, all verify. */
  secrets: readonly [string, ...string[]];
}

const DOMAIN = 'redress/access-link/v1';
const TAG_BYTES = 16;
const LINK = /^([A-Za-z0-9_-]{8})\.(view|act)\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})$/;

const keyOf = (secret: string): Buffer => createHmac('sha256', secret).update(`${DOMAIN}/key`).digest();
/** 48 bits of a one-way function of the key: names the key without revealing anything usable about it. */
const keyIdOf = (key: Buffer): string => createHmac('sha256', key).update(`${DOMAIN}/key-id`).digest().subarray(0, 6).toString('base64url');

function tagOf(key: Buffer, caseId: string, purpose: AccessPurpose, expiry: string): Buffer {
  return createHmac('sha256', key).update(`${DOMAIN}\n${caseId.toLowerCase()}\n${purpose}\n${expiry}`).digest().subarray(0, TAG_BYTES);
}

/** Whether a string has the shape of an access link (so a credential can be told from an access token). */
export const isAccessLinkShaped = (value: string): boolean => LINK.test(value);

/** A link to `caseId` for `purpose`, valid until `expiresAt` (rounded down to the second). */
export function signAccessLink(keys: AccessLinkKeys, caseId: string, purpose: AccessPurpose, expiresAt: Date): string {
  const key = keyOf(keys.secrets[0]);
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${keyIdOf(key)}.${purpose}.${expiry}.${tagOf(key, caseId, purpose, expiry).toString('base64url')}`;
}

/**
 * The purpose a link grants on `caseId` at `now`, or undefined when it is malformed, signed by no key we hold,
 * forged, for another case or expired: one answer for all of them, so the caller refuses them alike.
 */
export function verifyAccessLink(keys: AccessLinkKeys, caseId: string, link: string, now: Date): AccessPurpose | undefined {
  const match = LINK.exec(link);
  if (!match) return undefined;
  const [, keyId, purpose, expiry, tag] = match as unknown as [string, string, AccessPurpose, string, string];
  const key = keys.secrets.map(keyOf).find((k) => keyIdOf(k) === keyId);
  if (!key) return undefined;
  // Compared as text: base64url's last character has spare bits, so decoding would let two spellings pass.
  const presented = Buffer.from(tag, 'ascii');
  const expected = Buffer.from(tagOf(key, caseId, purpose, expiry).toString('base64url'), 'ascii');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return undefined;
  return parseInt(expiry, 36) * 1000 > now.getTime() ? purpose : undefined;
}

/** Whether a link granting `granted` allows what `needed` asks: `act` includes `view`. */
export const grants = (granted: AccessPurpose | undefined, needed: AccessPurpose): boolean => granted === 'act' || (granted !== undefined && granted === needed);
