import { describe, expect, it } from 'vitest';
import { ConcurrentChangeError, type IncidentStore } from '../../functions/core/ports';
import type { Incident } from '../../functions/domain/incident/incident';

/**
 * What every IncidentStore must do, run against each implementation (DynamoDB Local, in memory): create once, changes
 * guarded by the version read (of two supervisors posting at once exactly one wins), the list newest first, links
 * recorded once and closed with their outcome.
 */
export function incidentStoreContract(name: string, store: () => IncidentStore) {
  const incident = (id: string, declaredAt: string): Incident => ({
    id,
    title: 'Checkout is down',
    since: '2026-12-03T08:00:00Z',
    scope: { categories: ['payment_issue'], keywords: ['checkout'] },
    alternativeContacts: [{ label: 'Phone', value: '+1 555 0100' }],
    status: 'active',
    declaredAt,
    declaredBy: 'sup-1',
    updates: [{ seq: 1, at: declaredAt, message: 'We are on it.', by: 'sup-1' }],
    version: 0,
  });
  const unique = () => `inc-test-${crypto.randomUUID().slice(0, 8)}`;

  describe(`IncidentStore contract: ${name}`, () => {
    it('creates an incident once and reads it back', async () => {
      const id = unique();
      expect(await store().create(incident(id, '2026-12-03T09:00:00.000Z'))).toBe('created');
      expect(await store().create(incident(id, '2026-12-03T09:00:00.000Z'))).toBe('exists');
      expect(await store().get(id)).toEqual(incident(id, '2026-12-03T09:00:00.000Z'));
      expect(await store().get(unique())).toBeUndefined();
    });

    it('saves on the version read: of two writers on the same read, the second fails as a concurrent change', async () => {
      const id = unique();
      const first = incident(id, '2026-12-03T09:00:00.000Z');
      await store().create(first);
      const update = { seq: 2, at: '2026-12-03T10:00:00.000Z', message: 'Fixed soon.', by: 'sup-1' };
      await store().save(first, { ...first, updates: [...first.updates, update] });
      await expect(store().save(first, { ...first, status: 'resolved' })).rejects.toBeInstanceOf(ConcurrentChangeError);
      const stored = await store().get(id);
      expect(stored).toMatchObject({ version: 1, status: 'active' });
      expect(stored!.updates.map((u) => u.seq)).toEqual([1, 2]);
    });

    it('lists incidents newest declaration first', async () => {
      const [older, newer] = [unique(), unique()];
      await store().create(incident(older, '2026-12-01T09:00:00.000Z'));
      await store().create(incident(newer, '2026-12-02T09:00:00.000Z'));
      const ids = (await store().list()).map((i) => i.id).filter((i) => i === older || i === newer);
      expect(ids).toEqual([newer, older]);
    });

    it('links a case once (the first linkedAt stays) and closes the link with its outcome', async () => {
      const id = unique();
      const [a, b] = [crypto.randomUUID(), crypto.randomUUID()].sort();
      await store().link(id, a!, '2026-12-03T09:00:00.000Z');
      await store().link(id, a!, '2026-12-03T09:05:00.000Z');
      await store().link(id, b!, '2026-12-03T09:01:00.000Z');
      await store().closeLink(id, a!, { at: '2026-12-03T12:00:00.000Z', outcome: 'resolved' });
      await store().closeLink(id, crypto.randomUUID(), { at: '2026-12-03T12:00:00.000Z', outcome: 'resolved' });
      expect(await store().links(id)).toEqual([
        { incidentId: id, caseId: a, linkedAt: '2026-12-03T09:00:00.000Z', closed: { at: '2026-12-03T12:00:00.000Z', outcome: 'resolved' } },
        { incidentId: id, caseId: b, linkedAt: '2026-12-03T09:01:00.000Z' },
      ]);
    });

    it('queues fan-out batches once each and reads them back; they are not links', async () => {
      const id = unique();
      const batch = { incidentId: id, kind: 'update' as const, batchId: 'update-2-1', updateSeq: 2, caseIds: [crypto.randomUUID(), crypto.randomUUID()], queuedAt: '2026-12-03T10:00:00.000Z' };
      await store().queueFanOut([batch, { ...batch, kind: 'link', batchId: 'link-1-1', caseIds: [crypto.randomUUID()] }]);
      await store().queueFanOut([{ ...batch, caseIds: [] }]);
      expect(await store().fanOutBatch(id, 'update-2-1')).toEqual(batch);
      expect(await store().fanOutBatch(id, 'link-1-1')).toMatchObject({ kind: 'link', caseIds: [expect.any(String)] });
      expect(await store().fanOutBatch(id, 'update-3-1')).toBeUndefined();
      expect(await store().links(id)).toEqual([]);
    });
  });
}
