import type { RateLimiter } from '../../core/ports';

/** Fixed-window counters in memory, on the given clock. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, number>();
  constructor(private readonly clock: () => Date = () => new Date()) {}

  async hit(key: string, limit: number, windowSeconds: number) {
    const now = this.clock().getTime() / 1000;
    const windowStart = Math.floor(now / windowSeconds) * windowSeconds;
    const k = `${key}#${windowStart}`;
    const count = (this.counts.get(k) ?? 0) + 1;
    this.counts.set(k, count);
    return count <= limit ? { allowed: true as const, window: windowStart } : { allowed: false as const, retryAfterSeconds: Math.max(1, Math.ceil(windowStart + windowSeconds - now)), window: windowStart };
  }

  async refund(key: string, window: number) {
    const k = `${key}#${window}`;
    const count = this.counts.get(k);
    if (count !== undefined && count > 0) this.counts.set(k, count - 1);
  }
}
