import { describe, expect, it } from 'vitest';
import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { decideAndCommit } from '../../functions/core/commit-loop';
import { policyBook } from '../../functions/core/policy-book';
import type { Notifier, StaffDirectory, TaskCallbacks } from '../../functions/core/ports';
import { actAsStaff } from '../../functions/core/use-cases/act-on-case';
import { lifecycleOf } from '../../functions/domain/case';
import { decide } from '../../functions/domain/lifecycle/decide';
import { openedCase } from '../api/fixtures';

/** `assign` names a person the staff directory knows; the directory is asked before anything is decided. */

const supervisor = { role: 'supervisor', staffId: 'sup-1' } as const;

async function setup(members: string[]) {
  const now = new Date('2026-11-23T10:10:00Z');
  const store = new InMemoryCaseStore(() => now);
  const opened = openedCase(undefined, new Date('2026-11-23T10:00:00Z'));
  await store.create(opened.theCase, opened.firstEvent);
  await decideAndCommit(store, opened.theCase.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'acknowledge' }, { role: 'system' }, now, opened.policy) }));
  const asked: string[] = [];
  const staff: StaffDirectory = { knows: async (id) => (asked.push(id), members.includes(id)) };
  const callbacks: TaskCallbacks = { complete: async () => 'delivered' };
  const notifier: Notifier = { deliver: async () => ({}), alertSupervisors: async () => undefined };
  const deps = { policies: policyBook(opened.policy), store, callbacks, notifier, now: () => now, staff };
  return { deps, store, id: opened.theCase.id, asked };
}

describe('assign checks the staff directory', () => {
  it('refuses an id nobody on staff has, naming the field, and changes nothing', async () => {
    // Prepare
    const { deps, store, id, asked } = await setup(['agent-7']);
    const before = await store.get(id);

    // Act
    const outcome = await actAsStaff(deps, id, supervisor, { type: 'assign', to: 'agent-404' });

    // Assess
    expect(outcome).toEqual({ ok: false, reason: 'invalid', detail: expect.any(String), errors: [{ field: 'to', message: 'not a member of staff' }] });
    expect(asked).toEqual(['agent-404']);
    expect(await store.get(id)).toEqual(before);
  });

  it('assigns to a member of staff the directory knows', async () => {
    const { deps, id } = await setup(['agent-7']);
    const outcome = await actAsStaff(deps, id, supervisor, { type: 'assign', to: 'agent-7' });
    expect(outcome.ok && outcome.theCase.lifecycle.assignee).toBe('agent-7');
  });

  it('keeps the lifecycle refusals first: an agent may not assign, whoever is named, and the directory is not asked', async () => {
    // Prepare
    const { deps, id, asked } = await setup([]);

    // Act
    const outcome = await actAsStaff(deps, id, { role: 'agent', staffId: 'agent-1' }, { type: 'assign', to: 'agent-404' });

    // Assess
    expect(outcome).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(asked).toEqual([]);
  });

  it('asks the directory about assignments only', async () => {
    const { deps, id, asked } = await setup([]);
    const outcome = await actAsStaff(deps, id, supervisor, { type: 'claim' });
    expect(outcome.ok).toBe(true);
    expect(asked).toEqual([]);
  });
});
