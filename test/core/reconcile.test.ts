import { describe, expect, it, vi } from 'vitest';
import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { decideAndCommit } from '../../functions/core/commit-loop';
import type { ExecutionStatus, Notifier, TaskCallbacks, WorkflowExecutions } from '../../functions/core/ports';
import { executionName, MAX_RESTARTS, reconcile } from '../../functions/core/use-cases/reconcile';
import { actOnCase } from '../../functions/core/use-cases/act-on-case';
import { policyBook } from '../../functions/core/policy-book';
import { decide } from '../../functions/domain/lifecycle/decide';
import { lifecycleOf } from '../../functions/domain/case';
import { reconcileMetricsOf } from '../../functions/domain/kpi/operational-metrics';
import { agent } from '../api/action-fixtures';
import { openedCase } from '../api/fixtures';

/** Step Functions as far as the reconciler sees it: executions by name with a status. */
class FakeExecutions implements WorkflowExecutions {
  readonly executions = new Map<string, ExecutionStatus>();
  readonly started: string[] = [];
  async start(id: string) {
    return this.startNamed(id, id);
  }
  async startNamed(_id: string, name: string) {
    if (!this.executions.has(name)) this.executions.set(name, 'RUNNING');
    this.started.push(name);
  }
  async status(name: string) {
    return this.executions.get(name);
  }
}

function setup() {
  const now = new Date('2026-11-23T12:00:00Z');
  const store = new InMemoryCaseStore(() => now);
  const executions = new FakeExecutions();
  const completed: string[] = [];
  const callbacks: TaskCallbacks = { complete: async (token) => (completed.push(token), 'delivered') };
  const alerts: string[] = [];
  const notifier: Notifier = { deliver: async () => ({}), alertSupervisors: async (subject) => void alerts.push(subject) };
  const deps = { store, executions, callbacks, notifier, now: () => now };
  const at = (msAgo: number) => new Date(now.getTime() - msAgo);
  const open = async (msAgo: number) => {
    const o = openedCase(undefined, at(msAgo));
    await store.create(o.theCase, o.firstEvent);
    return o;
  };
  const acknowledged = async (msAgo: number) => {
    const o = await open(msAgo);
    await decideAndCommit(store, o.theCase.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'acknowledge' }, { role: 'system' }, at(msAgo - 1000), o.policy) }));
    return o;
  };
  return { deps, store, executions, completed, alerts, open, acknowledged, at };
}

describe('reconcile: every open case has a live workflow or a person who knows', () => {
  it('starts a complaint that has no execution (but leaves one still inside its grace minute alone)', async () => {
    const s = setup();
    const lost = await s.open(5 * 60_000);
    const fresh = await s.open(10_000);
    const r = await reconcile(s.deps);
    expect(s.executions.started).toEqual([lost.theCase.id]);
    expect(r).toMatchObject({ checked: 1, started: 1 });
    expect(s.executions.started).not.toContain(fresh.theCase.id);
  });

  it('restarts an open case whose execution failed, aborted or ended, under the next name; a closed case is left alone', async () => {
    const s = setup();
    const failed = await s.acknowledged(3600_000);
    s.executions.executions.set(failed.theCase.id, 'FAILED');
    const aborted = await s.acknowledged(3600_000);
    s.executions.executions.set(aborted.theCase.id, 'ABORTED');
    const closed = await s.acknowledged(3600_000);
    await decideAndCommit(s.store, closed.theCase.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'close', reason: 'Duplicate.' }, { role: 'supervisor', staffId: 'sup' }, s.at(60_000), closed.policy) }));
    s.executions.executions.set(closed.theCase.id, 'SUCCEEDED');
    const r = await reconcile(s.deps);
    expect(s.executions.started.sort()).toEqual([executionName(failed.theCase.id, 1), executionName(aborted.theCase.id, 1)].sort());
    expect(r).toMatchObject({ restarted: 2, started: 0 });
    // Each mismatch is counted as a metric, by what was done about it (functions/workflow/reconcile.ts emits them).
    expect(reconcileMetricsOf(r)).toEqual([{ name: 'WorkflowMismatches', dimensions: { action: 'restarted' }, value: 2 }]);
    // Idempotent: the restarted executions run, a second pass has nothing to do, and counts nothing.
    const again = await reconcile(s.deps);
    expect(again).toMatchObject({ started: 0, restarted: 0, repaired: 0, flagged: 0 });
    expect(reconcileMetricsOf(again)).toEqual([]);
  });

  it('after its last restart fails too, tells the supervisors and flags the case, once', async () => {
    const s = setup();
    const c = await s.acknowledged(3600_000);
    for (let a = 0; a <= MAX_RESTARTS; a++) s.executions.executions.set(executionName(c.theCase.id, a), 'FAILED');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await reconcile(s.deps)).toMatchObject({ flagged: 1 });
    expect(s.alerts).toEqual([`Case ${c.theCase.caseNumber} needs attention`]);
    expect((await s.store.get(c.theCase.id))?.needsAttention?.error).toBe('WorkflowRestartsExhausted');
    expect(await reconcile(s.deps)).toMatchObject({ flagged: 0 });
    expect(s.alerts).toHaveLength(1);
  });

  it('wakes a running execution that waits on a step the case has left', async () => {
    const s = setup();
    const c = await s.acknowledged(3600_000);
    s.executions.executions.set(c.theCase.id, 'RUNNING');
    const read = (await s.store.get(c.theCase.id))!;
    await s.store.registerTaskToken(read, 'firstResponse', { taskToken: 'stale', registeredAt: s.at(30_000).toISOString() });
    // The case moves on without taking the token (as a raced commit once could).
    const moved = (await s.store.get(c.theCase.id))!;
    const d = decide(lifecycleOf(moved), { type: 'resolve', summary: 'Fixed.' }, agent, s.at(20_000), c.policy);
    if (!d.ok) throw new Error('refused');
    await s.store.commit(moved, { state: d.state, events: d.events });
    expect((await s.store.get(c.theCase.id))!.tasks.firstResponse).toBeDefined();
    expect(await reconcile(s.deps)).toMatchObject({ repaired: 1 });
    expect(s.completed).toEqual(['stale']);
  });

  it('an action committed while Step Functions does not answer stands; its token goes back and the reconciler wakes the wait', async () => {
    const s = setup();
    const c = await s.acknowledged(3600_000);
    s.executions.executions.set(c.theCase.id, 'RUNNING');
    const read = (await s.store.get(c.theCase.id))!;
    await s.store.registerTaskToken(read, 'firstResponse', { taskToken: 'waiting', registeredAt: s.at(30_000).toISOString() });
    const down: TaskCallbacks = {
      complete: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' });
      },
    };

    const acted = await actOnCase({ ...s.deps, callbacks: down, policies: policyBook(c.policy) }, c.theCase.id, agent, { type: 'resolve', summary: 'Fixed.' });

    // Answered as done: the resolution is committed; the wait it left keeps its token under the step it left.
    expect(acted.ok).toBe(true);
    const after = (await s.store.get(c.theCase.id))!;
    expect(after.status).toBe('resolved');
    expect(after.tasks.firstResponse?.taskToken).toBe('waiting');
    // The reconciler's next run wakes that wait.
    expect(await reconcile(s.deps)).toMatchObject({ repaired: 1 });
    expect(s.completed).toEqual(['waiting']);
  });
});
