import type { SeenMessages } from '../../core/ports';

/** Idempotency records in memory, with expiry (tests, and the local stack's webhook until the store has them). */
export function inMemorySeenMessages(now: () => number): SeenMessages {
  const claims = new Map<string, number>();
  return {
    async claim(key, expiresAt) {
      const existing = claims.get(key);
      if (existing !== undefined && existing > now()) return false;
      claims.set(key, expiresAt);
      return true;
    },
    async release(key) {
      claims.delete(key);
    },
  };
}
