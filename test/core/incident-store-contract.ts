import { describe, expect, it } from 'vitest';
import { ConcurrentChangeError, type IncidentStore } from '../../functions/core/ports';
import type { Incident } from '../../functions/domain/incident/incident';
import { FAN_OUT_BATCHES_PER_WRITE, FAN_OUT_BATCH_SIZE, planFanOut } from '../../functions/core/use-cases/incidents/fan-out-plan';

/**
 * What every IncidentStore must do, run against each implementation (DynamoDB Local, in memory): create once, changes
 * guarded by the version read (of two supervisors posting at once exactly one wins), the list newest first, links
 * recorded once and closed with their outcome; an incident's change and the fan-out it queues stored both or neither,
 * a fan-out plan queued whole or not at all, a full write (the incident, 98 batches, a cursor) held in one.
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

    it('queues a fan-out plan whole or not at all: a plan with an item already queued queues nothing; they are not links', async () => {
      const id = unique();
      const batch = { incidentId: id, kind: 'update' as const, batchId: 'update-2-1', updateSeq: 2, caseIds: [crypto.randomUUID(), crypto.randomUUID()], queuedAt: '2026-12-03T10:00:00.000Z' };
      await store().queueFanOut({ batches: [batch, { ...batch, kind: 'link', batchId: 'link-1-1', caseIds: [crypto.randomUUID()] }] });
      await store().queueFanOut({ batches: [{ ...batch, caseIds: [] }, { ...batch, batchId: 'update-2-2' }] });
      expect(await store().fanOutBatch(id, 'update-2-1')).toEqual(batch);
      expect(await store().fanOutBatch(id, 'link-1-1')).toMatchObject({ kind: 'link', caseIds: [expect.any(String)] });
      expect(await store().fanOutBatch(id, 'update-2-2')).toBeUndefined();
      expect(await store().fanOutBatch(id, 'update-3-1')).toBeUndefined();
      expect(await store().links(id)).toEqual([]);
    });

    it('creates an incident and its fan-out together; a second create with the same id stores neither', async () => {
      const id = unique();
      const first = incident(id, '2026-12-03T09:00:00.000Z');
      expect(await store().create(first, planFanOut('link', id, 1, [crypto.randomUUID()], first.declaredAt))).toBe('created');
      expect(await store().create({ ...first, title: 'Again' }, planFanOut('link', id, 2, [crypto.randomUUID()], first.declaredAt))).toBe('exists');
      expect(await store().get(id)).toEqual(first);
      expect(await store().fanOutBatch(id, 'link-1-1')).toMatchObject({ caseIds: [expect.any(String)] });
      expect(await store().fanOutBatch(id, 'link-2-1')).toBeUndefined();
    });

    it('saves a change and its fan-out both or neither: a lost race or a fan-out that cannot be queued stores nothing', async () => {
      const id = unique();
      const first = incident(id, '2026-12-03T09:00:00.000Z');
      await store().create(first);
      const update = (seq: number) => ({ ...first, updates: [...first.updates, { seq, at: '2026-12-03T10:00:00.000Z', message: `Update ${seq}.`, by: 'sup-1' }] });
      const caseIds = [crypto.randomUUID(), crypto.randomUUID()];
      await store().queueFanOut(planFanOut('update', id, 2, caseIds.slice(0, 1), '2026-12-03T09:30:00.000Z')); // `update-2-1` already queued
      await expect(store().save(first, update(2), planFanOut('update', id, 2, caseIds, '2026-12-03T10:00:00.000Z'))).rejects.toThrow();
      expect(await store().get(id)).toEqual(first);
      await store().save(first, update(3), planFanOut('update', id, 3, caseIds, '2026-12-03T10:00:00.000Z'));
      await expect(store().save(first, update(4), planFanOut('update', id, 4, caseIds, '2026-12-03T10:00:00.000Z'))).rejects.toBeInstanceOf(ConcurrentChangeError);
      expect(await store().get(id)).toMatchObject({ version: 1, updates: [{ seq: 1 }, { seq: 3 }] });
      expect(await store().fanOutBatch(id, 'update-3-1')).toMatchObject({ caseIds: [...caseIds].sort() });
      expect(await store().fanOutBatch(id, 'update-4-1')).toBeUndefined();
    });

    it('holds the largest write a plan makes, the incident with 98 batches and a cursor (100 items), and reads the cursor back', async () => {
      const id = unique();
      const first = incident(id, '2026-12-03T09:00:00.000Z');
      const caseIds = Array.from({ length: FAN_OUT_BATCHES_PER_WRITE * FAN_OUT_BATCH_SIZE + 1 }, () => crypto.randomUUID());
      const plan = planFanOut('link', id, 1, caseIds, first.declaredAt);
      expect(plan.batches).toHaveLength(FAN_OUT_BATCHES_PER_WRITE);
      expect(await store().create(first, plan)).toBe('created');
      expect(await store().fanOutBatch(id, `link-1-${FAN_OUT_BATCHES_PER_WRITE}`)).toEqual(plan.batches.at(-1));
      expect(await store().fanOutCursor(id, plan.cursor!.cursorId)).toEqual({ incidentId: id, kind: 'link', cursorId: `link-1-from-${FAN_OUT_BATCHES_PER_WRITE + 1}`, updateSeq: 1, after: plan.batches.at(-1)!.caseIds.at(-1), nextBatch: FAN_OUT_BATCHES_PER_WRITE + 1, queuedAt: first.declaredAt });
      expect(await store().fanOutBatch(id, plan.cursor!.cursorId)).toBeUndefined();
      expect(await store().fanOutCursor(id, 'link-1-1')).toBeUndefined();
    });
  });
}
