import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../functions/core/ports';

/**
 * What every RateLimiter must do, run against each implementation (DynamoDB Local, in memory) on a clock the test
 * sets: fixed windows counting every hit, a refusal past the limit with the seconds until the window ends, the
 * window named in each answer, and a refund that takes back one hit of that window (never below zero).
 */
export function rateLimiterContract(name: string, limiter: (clock: () => Date) => RateLimiter) {
  describe(`RateLimiter contract: ${name}`, () => {
    const at = (iso: string) => () => new Date(iso);
    const unique = () => `contract:${crypto.randomUUID()}`;

    it('allows up to the limit in a window, then refuses until the window ends', async () => {
      const limits = limiter(at('2031-09-01T09:15:00Z'));
      const key = unique();
      expect(await limits.hit(key, 2, 3600)).toEqual({ allowed: true, window: Date.parse('2031-09-01T09:00:00Z') / 1000 });
      expect((await limits.hit(key, 2, 3600)).allowed).toBe(true);
      expect(await limits.hit(key, 2, 3600)).toEqual({ allowed: false, retryAfterSeconds: 45 * 60, window: Date.parse('2031-09-01T09:00:00Z') / 1000 });
      expect((await limiter(at('2031-09-01T10:00:00Z')).hit(key, 2, 3600)).allowed).toBe(true);
    });

    it('a refund takes back one hit of its window, never going below zero', async () => {
      const limits = limiter(at('2031-09-01T09:15:00Z'));
      const key = unique();
      const first = await limits.hit(key, 1, 3600);
      expect((await limits.hit(key, 1, 3600)).allowed).toBe(false);
      await limits.refund(key, first.window);
      await limits.refund(key, first.window);
      await limits.refund(key, first.window);
      await limits.refund(unique(), first.window); // a key never hit: nothing to take back
      expect((await limits.hit(key, 1, 3600)).allowed).toBe(true);
      expect((await limits.hit(key, 1, 3600)).allowed).toBe(false);
    });
  });
}
