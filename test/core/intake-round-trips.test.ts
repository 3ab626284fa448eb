import { describe, expect, it } from 'vitest';
import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { policyBook } from '../../functions/core/policy-book';
import { fileComplaint, INTAKE_LIMITS } from '../../functions/core/use-cases/file-complaint';
import { loadPolicy } from '../../functions/domain/policy';

/**
 * Sequential round trips of intake (docs/contracts.md "Case numbers"): a round starts when the use case calls the
 * store while none of its calls is in flight; calls that go out together share one round. The intake limits are
 * counted in the store's create.
 */
function counted<T extends object>(target: T, tally: { inFlight: number; rounds: number; calls: string[] }): T {
  return new Proxy(target, {
    get(t, name, receiver) {
      const value = Reflect.get(t, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      // Computing a customer's keys is an HMAC in the function (the index secret is fetched once per container).
      if (name === 'customerKeysOf') return value.bind(t);
      return async (...args: unknown[]) => {
        if (tally.inFlight === 0) tally.rounds += 1;
        tally.inFlight += 1;
        tally.calls.push(`${tally.rounds}:${String(name)}`);
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(t, args);
        } finally {
          tally.inFlight -= 1;
        }
      };
    },
  });
}

describe('intake round trips', () => {
  const now = new Date('2031-09-01T09:00:00Z');
  const complaint = (email: string) => ({ customer: { name: 'Ada', email }, category: 'general_inquiry', subject: 'Access', description: 'No access.' });
  const setup = () => {
    const tally = { inFlight: 0, rounds: 0, calls: [] as string[] };
    const store = new InMemoryCaseStore(() => now);
    const deps = {
      policies: policyBook(loadPolicy('promptearn'), []),
      store: counted(store, tally),
      limits: INTAKE_LIMITS,
      publicBaseUrl: 'https://redress.example',
      now: () => now,
      newId: () => crypto.randomUUID(),
    };
    return { tally, deps, reset: () => Object.assign(tally, { rounds: 0, calls: [] }) };
  };

  it('files a new complaint in two: the reads with the case number, then the create with the limits', async () => {
    const { tally, deps } = setup();
    const filed = await fileComplaint(deps, complaint('ada@example.com'), 'key-1', '198.51.100.1');
    expect(filed.ok).toBe(true);
    expect(tally.rounds).toBe(2);
    // prepareCreate: the store's read of what its create needs (a sealing store's key read) goes out in the same round.
    expect(tally.calls.filter((c) => c.startsWith('1:')).sort()).toEqual(['1:findIdempotencyRecord', '1:nextCaseSequence', '1:prepareCreate']);
    expect(tally.calls.filter((c) => c.startsWith('2:'))).toEqual(['2:create']);
  });

  it('answers a replay after the first round, counting and creating nothing; a complaint over a limit is refused by the create', async () => {
    const { tally, deps, reset } = setup();
    await fileComplaint(deps, complaint('ada@example.com'), 'key-1', '198.51.100.1');
    reset();
    const again = await fileComplaint(deps, complaint('ada@example.com'), 'key-1', '198.51.100.1');
    expect(again).toMatchObject({ ok: true, replayed: true });
    expect(tally.rounds).toBe(1);
    expect(tally.calls.some((c) => c.endsWith(':create'))).toBe(false);

    // The replay did not count: the address still files its full allowance.
    for (let i = 1; i < INTAKE_LIMITS.perAddress; i++) expect((await fileComplaint(deps, complaint('ada@example.com'), `key-${i + 1}`, `198.51.100.${i + 1}`)).ok).toBe(true);
    reset();
    const limited = await fileComplaint(deps, complaint('ada@example.com'), 'key-over', '198.51.100.99');
    expect(limited).toMatchObject({ ok: false, reason: 'rate_limited', retryAfterSeconds: INTAKE_LIMITS.windowSeconds });
    expect(tally.rounds).toBe(2);
    expect(tally.calls.filter((c) => c.startsWith('2:'))).toEqual(['2:create']);
    expect(await deps.store.casesOf('ada@example.com')).toHaveLength(INTAKE_LIMITS.perAddress);
  });

  it('answers a replay even when the counter fails in its round; a fresh complaint then fails', async () => {
    const { deps } = setup();
    const first = await fileComplaint(deps, complaint('ada@example.com'), 'key-1', '198.51.100.1');
    const down = () => Promise.reject(new Error('throttled'));
    const failing = { ...deps, store: Object.assign(Object.create(deps.store) as typeof deps.store, { nextCaseSequence: down }) };
    const again = await fileComplaint(failing, complaint('ada@example.com'), 'key-1', '198.51.100.1');
    expect(first.ok && again.ok && again.replayed && again.body.id === first.body.id).toBe(true);
    await expect(fileComplaint(failing, complaint('ada@example.com'), 'key-2', '198.51.100.1')).rejects.toThrow('throttled');
  });
});
