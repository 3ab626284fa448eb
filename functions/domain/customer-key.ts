import { createHash } from 'node:crypto';

/**
 * A customer's key in the store: a hash of the normalized email address, so that per-customer facts (the last
 * resolution, for sequencing) can be found without a readable address in any key or index.
 */
export const customerKey = (email: string): string => `CUSTOMER#${createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('base64url')}`;
