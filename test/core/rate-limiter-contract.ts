import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../functions/core/ports';

/**
 * What every RateLimiter must do, run against each implementation (DynamoDB Local, in memory) on a clock the test
 * sets: fixed windows counting the hits they allow, a refusal past the limit with the seconds until the window ends
 * (counting nothing), and the window named in each answer.
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

    it('a refused hit counts nothing: the window holds only the hits it allowed', async () => {
      const limits = limiter(at('2031-09-01T09:15:00Z'));
      const key = unique();
      expect((await limits.hit(key, 1, 3600)).allowed).toBe(true);
      for (let i = 0; i < 3; i++) expect((await limits.hit(key, 1, 3600)).allowed).toBe(false);
      // Counted: 1 (not 4), so a limit of 2 takes one more, then refuses.
      expect((await limits.hit(key, 2, 3600)).allowed).toBe(true);
      expect((await limits.hit(key, 2, 3600)).allowed).toBe(false);
    });
  });
}
