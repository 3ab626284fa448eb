/**
 * Fixed-window rate limits: at most `limit` counted hits of a key per window of `windowSeconds`, windows aligned to
 * the epoch. The one definition of a window, used by the limiters (functions/adapters/dynamodb-rate-limiter.ts, the
 * in-memory one) and by intake, whose limits the case store counts in the create's own write.
 */

/** One hit to count against a limit: the key (a hash, never an address), the limit and the window it falls in. */
export interface WindowHit {
  key: string;
  limit: number;
  /** The window's start, epoch seconds: names the counter. */
  window: number;
  /** When the counter may expire (epoch seconds): a window after the window ends. */
  expiresAt: number;
  /** Seconds from the hit until its window ends: what a refused client is told to wait (at least 1). */
  retryAfterSeconds: number;
}

export function windowHit(key: string, limit: number, windowSeconds: number, at: Date): WindowHit {
  const now = at.getTime() / 1000;
  const window = Math.floor(now / windowSeconds) * windowSeconds;
  return { key, limit, window, expiresAt: window + 2 * windowSeconds, retryAfterSeconds: Math.max(1, Math.ceil(window + windowSeconds - now)) };
}

/** Whether a window already holding `count` hits takes one more (a refused hit is not counted). */
export const admits = (hit: WindowHit, count: number): boolean => count < hit.limit;
