import { createHash } from 'node:crypto';

/** A client (its source address) as a rate-limit key: hashed, so the counters in the table hold no IP address. */
export const clientKey = (client: string): string => createHash('sha256').update(client, 'utf8').digest('base64url');
