import { createHash, createHmac } from 'node:crypto';

/** The address as the index sees it: case and surrounding spaces do not make another customer. */
export const normalizedAddress = (email: string): string => email.trim().toLowerCase();

/** Whether two addresses are one customer's (the same normalized address), without computing any key. */
export const sameCustomer = (a: string, b: string): boolean => normalizedAddress(a) === normalizedAddress(b);

/**
 * A customer's key in the store: a keyed blind index of the normalized address, HMAC-SHA-256 under the deployment's
 * customer index secret (functions/adapters/customer-index.ts), so per-customer facts (their cases, the last
 * resolution, their data key) are found without a readable address in any key, and someone holding a copy of the
 * tables but not the secret cannot confirm that an address is a customer by computing its key.
 */
export const customerKey = (secret: string | Uint8Array, email: string): string =>
  `CUSTOMER#${createHmac('sha256', secret).update(normalizedAddress(email), 'utf8').digest('base64url')}`;

/**
 * The key of earlier versions: an unkeyed SHA-256 of the normalized address, which anyone can compute from a guessed
 * address. Still read (after {@link customerKey}) until tools/rekey-customers.ts has moved the items stored under it;
 * never written.
 */
export const legacyCustomerKey = (email: string): string => `CUSTOMER#${createHash('sha256').update(normalizedAddress(email), 'utf8').digest('base64url')}`;
