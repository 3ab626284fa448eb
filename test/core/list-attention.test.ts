import { describe, expect, it } from 'vitest';
import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { policyBook } from '../../functions/core/policy-book';
import { listAttention } from '../../functions/core/use-cases/list-attention';
import { loadPolicy } from '../../functions/domain/policy';
import type { StaffActor } from '../../functions/domain/lifecycle/model';
import { openedCase } from '../api/fixtures';
import { seedCase } from './queue-fixtures';

const policies = policyBook(loadPolicy('promptearn'));
const base = new Date('2031-06-01T08:00:00Z');
const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000).toISOString();
const sup: StaffActor = { role: 'supervisor', staffId: 'sup' };

describe('listAttention', () => {
  it('lists the flagged cases to supervisors, oldest flag first, with why and when, a received one included; others are refused', async () => {
    // Prepare: two open cases flagged in the reverse order of their arrival, one still `received` (its workflow
    // never started), and one case nobody flagged.
    const store = new InMemoryCaseStore();
    const first = await seedCase(store, { receivedAt: base });
    const second = await seedCase(store, { receivedAt: new Date(base.getTime() + 3_600_000) });
    await seedCase(store, { receivedAt: base });
    const stuck = openedCase(crypto.randomUUID(), base);
    await store.create(stuck.theCase, stuck.firstEvent);
    await store.flag(second.id, at(100), 'States.TaskFailed: the mailer kept failing');
    await store.flag(first.id, at(200), 'CaseNotFoundError');
    await store.flag(stuck.theCase.id, at(300), 'reconciler: restarts exhausted');
    const deps = { store, policies, now: () => new Date(at(400)), cursorKeys: { secrets: ['attention-cursor-test-secret-of-32-chars'] as const } };

    // Act
    const listed = await listAttention(deps, sup, {});
    const paged = await listAttention(deps, sup, { limit: '2' });
    const rest = paged.ok && paged.cursor ? await listAttention(deps, sup, { limit: '2', cursor: paged.cursor }) : undefined;

    // Assess
    if (!listed.ok) throw new Error(listed.detail);
    expect(listed.items.map((i) => [i.id, i.needsAttention.at, i.needsAttention.error])).toEqual([
      [second.id, at(100), 'States.TaskFailed: the mailer kept failing'],
      [first.id, at(200), 'CaseNotFoundError'],
      [stuck.theCase.id, at(300), 'reconciler: restarts exhausted'],
    ]);
    expect(listed.items[2]!.status).toBe('received');
    expect([listed.total, listed.hasMore]).toEqual([3, false]);
    expect(paged.ok && [paged.items.length, paged.total, paged.hasMore]).toEqual([2, 3, true]);
    expect(rest?.ok && rest.items.map((i) => i.id)).toEqual([stuck.theCase.id]);
    for (const role of ['agent', 'senior', 'dispute_team', 'finance'] as const) {
      const r = await listAttention(deps, { role, staffId: `${role}-1` }, {});
      expect(r.ok ? 'listed' : r.reason).toBe('forbidden');
    }
    const bad = await listAttention(deps, sup, { cursor: 'bm90LWEtY3Vyc29y' });
    expect(bad.ok ? [] : [bad.reason, ...(bad.errors?.map((e) => e.field) ?? [])]).toEqual(['malformed', 'cursor']);
  });
});
