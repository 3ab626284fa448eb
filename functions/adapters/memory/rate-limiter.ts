import type { RateLimiter } from '../../core/ports';
import { admits, windowHit, type WindowHit } from '../../domain/rate-window';

/** Fixed-window counters in memory, on the given clock (functions/domain/rate-window.ts). */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, number>();
  constructor(private readonly clock: () => Date = () => new Date()) {}

  async hit(key: string, limit: number, windowSeconds: number) {
    const hit = windowHit(key, limit, windowSeconds, this.clock());
    return this.count(hit) ? { allowed: true as const, window: hit.window } : { allowed: false as const, retryAfterSeconds: hit.retryAfterSeconds, window: hit.window };
  }

  /** Counts `hit` if its window admits it; false (nothing counted) if not. */
  count(hit: WindowHit): boolean {
    const k = `${hit.key}#${hit.window}`;
    const count = this.counts.get(k) ?? 0;
    if (!admits(hit, count)) return false;
    this.counts.set(k, count + 1);
    return true;
  }

  /** Whether `hit` would be counted now (for a write that counts several hits all or none). */
  admits(hit: WindowHit): boolean {
    return admits(hit, this.counts.get(`${hit.key}#${hit.window}`) ?? 0);
  }
}
