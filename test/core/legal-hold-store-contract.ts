import { describe, expect, it } from 'vitest';
import type { LegalHoldStore } from '../../functions/core/ports';
import type { ManualHold } from '../../functions/domain/privacy/legal-hold';

/**
 * What every LegalHoldStore must do, run against each implementation (DynamoDB Local, in memory): one manual hold per
 * case, the first one standing; release hands back the hold it ended, once.
 */
export function legalHoldStoreContract(name: string, store: () => LegalHoldStore) {
  const hold = (caseId: string, reason = 'Litigation notice from the customer’s lawyer'): ManualHold => ({
    caseId,
    reason,
    placedBy: 'admin-1',
    placedAt: '2026-12-03T09:00:00.000Z',
  });

  describe(`LegalHoldStore contract: ${name}`, () => {
    it('places a hold once; a second hold on the same case leaves the first standing', async () => {
      const caseId = crypto.randomUUID();
      expect(await store().get(caseId)).toBeUndefined();
      expect(await store().place(hold(caseId))).toBe('placed');
      expect(await store().place(hold(caseId, 'Another reason'))).toBe('held');
      expect(await store().get(caseId)).toEqual(hold(caseId));
    });

    it('release returns the hold it ended, and nothing the second time', async () => {
      const caseId = crypto.randomUUID();
      await store().place(hold(caseId));
      expect(await store().release(caseId)).toEqual(hold(caseId));
      expect(await store().get(caseId)).toBeUndefined();
      expect(await store().release(caseId)).toBeUndefined();
      // Released, the case may be held again.
      expect(await store().place(hold(caseId, 'A regulator asked'))).toBe('placed');
    });

    it('holds are per case', async () => {
      const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
      await store().place(hold(a));
      expect(await store().get(b)).toBeUndefined();
    });
  });
}
