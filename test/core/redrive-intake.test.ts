import { describe, expect, it, vi } from 'vitest';
import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { decideAndCommit } from '../../functions/core/commit-loop';
import type { WorkflowStarter } from '../../functions/core/ports';
import { redriveIntake } from '../../functions/core/use-cases/redrive-intake';
import { decide } from '../../functions/domain/lifecycle/decide';
import { lifecycleOf } from '../../functions/domain/ticket';
import { openedTicket } from '../api/fixtures';

const store = new InMemoryCaseStore();

/** Records starts; fails for the ids it is told to (a throttled StartExecution). */
const recordingStarter = (failFor: string[] = []) => {
  const started: string[] = [];
  const starter: WorkflowStarter = {
    start: async (id) => {
      if (failFor.includes(id)) throw new Error('throttled');
      started.push(id);
    },
  };
  return { starter, started };
};

describe('redriveIntake (DynamoDB Local)', () => {
  it('starts the workflow of tickets left in "received" between a minute and a day old, and no others', async () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const at = (msAgo: number) => new Date(now.getTime() - msAgo);
    const fresh = openedTicket(undefined, at(10_000));
    const stuck = openedTicket(undefined, at(5 * 60_000));
    const stuckToo = openedTicket(undefined, at(3 * 3600_000));
    const ancient = openedTicket(undefined, at(2 * 24 * 3600_000));
    const running = openedTicket(undefined, at(5 * 60_000));
    for (const t of [fresh, stuck, stuckToo, ancient, running]) await store.create(t.ticket, t.firstEvent);
    await decideAndCommit(store, running.ticket.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'acknowledge' }, { role: 'system' }, at(4 * 60_000), running.policy) }));

    const { starter, started } = recordingStarter([stuckToo.ticket.id]);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await redriveIntake({ store, workflow: starter }, now);
    expect(started).toEqual([stuck.ticket.id]);
    expect(result).toEqual({ checked: 2, failed: 1 });
    expect(vi.mocked(console.error).mock.calls.flat().join(' ')).toContain(stuckToo.ticket.id);
  });
});
