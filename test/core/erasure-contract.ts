import { describe, expect, it } from 'vitest';
import { decideAndCommit } from '../../functions/core/commit-loop';
import type { CaseStore, PersonalDataEraser } from '../../functions/core/ports';
import { lifecycleOf } from '../../functions/domain/case';
import { caseEraser, ERASED, ERASED_EMAIL } from '../../functions/domain/erasure';
import { decide } from '../../functions/domain/lifecycle/decide';
import { openedCase } from '../api/fixtures';

/**
 * What every store's erasure must do (DynamoDB Local, in memory): the case, its events and its unsent mail without
 * personal data, the customer's index items gone, the facts kept; `missing` for no case.
 */
export function erasureContract(name: string, store: () => CaseStore & PersonalDataEraser) {
  describe(`${name}: erasure of a case's personal data`, () => {
    it('rewrites the case, its events and its unsent mail, and forgets the customer', async () => {
      // Prepare: a case acknowledged (an unsent acknowledgment with the access token) with a customer reply.
      const o = openedCase(crypto.randomUUID());
      const email = `${crypto.randomUUID()}@example.com`;
      const theCase = { ...o.theCase, customer: { name: 'Ada Obi', email } };
      await store().create(theCase, o.firstEvent);
      const at = new Date('2026-11-23T11:00:00Z');
      for (const [action, actor] of [
        [{ type: 'acknowledge' }, { role: 'system' }],
        [{ type: 'reply', message: 'My phone is 0803 555 0101.' }, { role: 'customer', caseId: theCase.id }],
      ] as const) {
        const r = await decideAndCommit(store(), theCase.id, (c) => ({ decision: decide(lifecycleOf(c), action, actor, at, o.policy) }));
        expect(r.outcome).toBe('committed');
      }
      expect(await store().pendingOutbox(theCase.id)).not.toEqual([]);
      expect(await store().casesOf(email)).toEqual([theCase.id]);

      // Act
      expect(await store().erasePersonalData(theCase.id, caseEraser(o.policy, '2026-11-24T00:00:00.000Z'))).toBe('erased');

      // Assess
      const after = await store().getWithTimeline(theCase.id);
      expect(after!.theCase).toMatchObject({ customer: { name: ERASED, email: ERASED_EMAIL }, subject: ERASED, description: ERASED, erasedAt: '2026-11-24T00:00:00.000Z', category: 'payout_delay', eventSeq: 3 });
      expect(after!.theCase.details).toEqual({ amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2026-11-21' });
      expect(after!.timeline.map((e) => e.message)).toEqual([undefined, undefined, undefined]);
      expect(await store().pendingOutbox(theCase.id)).toEqual([]);
      expect(await store().casesOf(email)).toEqual([]);
      expect(await store().lastResolutionOf(email)).toBeUndefined();
    });

    it("answers 'missing' for no such case", async () => {
      expect(await store().erasePersonalData(crypto.randomUUID(), caseEraser(openedCase().policy, '2026-11-24T00:00:00.000Z'))).toBe('missing');
    });
  });
}
