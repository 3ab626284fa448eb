import { describe, expect, it } from 'vitest';
import type { CaseStore, QueueStoreFilter } from '../../functions/core/ports';
import { seedCase } from './queue-fixtures';

/**
 * What every CaseStore's `queueMatches` must do, run against each implementation (DynamoDB Local, in memory): read
 * the asked status partitions whole and keep exactly the cases the store-side filter matches.
 */
export function queueStoreContract(name: string, store: () => CaseStore) {
  describe(`queue reads: ${name}`, () => {
    it('reads the asked partitions whole and filters on assignee, category, priority, channel and updated since; lists the flagged cases apart', async () => {
      // Prepare: five cases that differ in one attribute each, one claimed, one flagged, one changed later.
      const base = new Date('2031-05-05T08:00:00Z');
      const hour = (h: number) => new Date(base.getTime() + h * 3_600_000);
      const agent = { role: 'agent' as const, staffId: `agent-${crypto.randomUUID()}` };
      const plain = await seedCase(store(), { receivedAt: hour(0) });
      const claimed = await seedCase(store(), { receivedAt: hour(1) }, [[{ type: 'claim' }, agent, hour(2)]]);
      const other = await seedCase(store(), { receivedAt: hour(2), category: 'chargeback', priority: 'low', channel: 'email' });
      const flagged = await seedCase(store(), { receivedAt: hour(3) });
      await store().flag(flagged.id, hour(4).toISOString(), 'States.TaskFailed: SES throttled');
      const mine = new Set([plain.id, claimed.id, other.id, flagged.id]);
      const read = async (filter: QueueStoreFilter | undefined, statuses = ['acknowledged', 'in_progress'] as const) =>
        (await store().queueMatches({ statuses, ...(filter ? { filter } : {}) }))
          .map((t) => t.id)
          .filter((id) => mine.has(id))
          .sort();
      const ids = (...cases: { id: string }[]) => cases.map((c) => c.id).sort();

      // Act and Assess
      expect(claimed.status).toBe('in_progress');
      expect(await read(undefined)).toEqual(ids(plain, claimed, other, flagged));
      expect(await read(undefined, ['acknowledged'] as never)).toEqual(ids(plain, other, flagged));
      expect(await read({ assignee: agent.staffId })).toEqual(ids(claimed));
      expect(await read({ assignee: null })).toEqual(ids(plain, other, flagged));
      expect(await read({ category: 'chargeback' })).toEqual(ids(other));
      expect(await read({ priority: 'low', channel: 'email' })).toEqual(ids(other));
      expect(await read({ channel: 'web', category: 'chargeback' })).toEqual([]);
      // Claimed at hour 2: changed at or after then; the others were last changed at their acknowledgment.
      expect(await read({ updatedSince: hour(2).toISOString() })).toEqual(ids(claimed, other, flagged));
      expect(await read({ updatedSince: '2031-05-05T11:00:00+01:00' })).toEqual(ids(claimed, other, flagged));
      const back = (await store().flaggedCases()).filter((t) => mine.has(t.id));
      expect(back.map((t) => t.id)).toEqual([flagged.id]);
      expect(back[0]?.needsAttention).toEqual({ at: hour(4).toISOString(), error: 'States.TaskFailed: SES throttled' });
    });

    it('reads past DynamoDB’s 1 MB page: every case of a large partition comes back once', async () => {
      const subject = `Bulk ${crypto.randomUUID()}`;
      const description = 'The payout has not arrived. '.repeat(1_500);
      const created = new Set<string>();
      // Long descriptions make each item ~40 KB, so 30 cases span two of DynamoDB's 1 MB query pages.
      for (let i = 0; i < 30; i++) {
        const c = await seedCase(store(), { receivedAt: new Date(Date.UTC(2031, 6, 1, 8, i)), subject, description });
        created.add(c.id);
      }
      const found = (await store().queueMatches({ statuses: ['acknowledged'] })).filter((t) => t.subject === subject).map((t) => t.id);
      expect(found.length).toBe(30);
      expect(new Set(found)).toEqual(created);
    });
  });
}
