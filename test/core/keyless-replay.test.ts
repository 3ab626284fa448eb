import { describe, expect, it } from 'vitest';
import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { policyBook } from '../../functions/core/policy-book';
import { fileComplaint, INTAKE_LIMITS } from '../../functions/core/use-cases/file-complaint';
import { KEYLESS_REPLAY_SECONDS } from '../../functions/domain/idempotency';
import { loadPolicy } from '../../functions/domain/policy';

/**
 * Issue 8: "retries without a key create one ticket each". A client that sends no Idempotency-Key and retries the
 * same complaint (it lost the answer) gets the case it already opened, for a short while and only from the same client.
 */
describe('a retry without an Idempotency-Key', () => {
  const complaint = (description = 'No access since the update.') => ({ customer: { name: 'Ada', email: 'ada@example.com' }, category: 'general_inquiry', subject: 'Access', description });
  const setup = () => {
    let now = new Date('2031-09-01T09:00:00Z');
    const store = new InMemoryCaseStore(() => now);
    const deps = {
      policies: policyBook(loadPolicy('promptearn'), []),
      store,
      limits: INTAKE_LIMITS,
      publicBaseUrl: 'https://redress.example',
      now: () => now,
      newId: () => crypto.randomUUID(),
    };
    return { deps, store, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
  };
  const filed = async (p: ReturnType<typeof fileComplaint>) => {
    const outcome = await p;
    if (!outcome.ok) throw new Error(`refused: ${outcome.detail}`);
    return outcome;
  };

  it('from the same client, with the same complaint, is answered with the case already opened (same token), and opens none', async () => {
    const { deps, store } = setup();
    const first = await filed(fileComplaint(deps, complaint(), undefined, '198.51.100.7'));
    const again = await filed(fileComplaint(deps, complaint(), undefined, '198.51.100.7'));
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ok: true, replayed: true, body: first.body });
    expect(await store.casesOf('ada@example.com')).toHaveLength(1);
  });

  it('is a new complaint when the words differ, when another client sends them, or once the replay window has passed', async () => {
    const { deps, store, advance } = setup();
    const first = await filed(fileComplaint(deps, complaint(), undefined, '198.51.100.7'));
    const otherWords = await filed(fileComplaint(deps, complaint('And the app crashes too.'), undefined, '198.51.100.7'));
    // Someone else sending the same words never gets this customer's case (and its access token).
    const otherClient = await filed(fileComplaint(deps, complaint(), undefined, '203.0.113.9'));
    advance(KEYLESS_REPLAY_SECONDS + 1);
    const later = await filed(fileComplaint(deps, complaint(), undefined, '198.51.100.7'));
    const ids = [first, otherWords, otherClient, later].map((f) => f.body.id);
    expect(new Set(ids).size).toBe(4);
    expect([otherWords, otherClient, later].every((f) => !f.replayed)).toBe(true);
    expect(await store.casesOf('ada@example.com')).toHaveLength(4);
  });

  it('a message without a client (email, social: they have their own message-id dedupe) is never replayed by its words', async () => {
    const { deps } = setup();
    const a = await filed(fileComplaint(deps, complaint()));
    const b = await filed(fileComplaint(deps, complaint()));
    expect(a.body.id).not.toBe(b.body.id);
  });
});
