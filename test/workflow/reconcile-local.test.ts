import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionName } from '../../functions/core/use-cases/reconcile';
import { eventually } from '../integration/local-helpers';
import { LifecycleHarness } from './lifecycle-harness';

/**
 * The reconciler on the local stack: the real handler, the synthesized state machine, DynamoDB Local. An accepted
 * complaint whose execution was lost gets a new one that acknowledges nothing twice and waits on the case's step.
 */

let h: LifecycleHarness;
beforeAll(async () => {
  h = await LifecycleHarness.start('promptearn');
});
afterAll(async () => h?.stop());

describe('reconcile on the local stack', () => {
  it('restarts a case whose execution was lost once its deadline passes unapplied: the new execution applies it and waits where the case is', async () => {
    const id = await h.open('general_inquiry', 'lost@example.com');
    await h.act(id, { type: 'reply', message: 'Looking.' }, { role: 'agent', staffId: 'agent-1' });
    expect(h.where(id)).toBe('Await resolution');
    await h.sfn.send(new StopExecutionCommand({ executionArn: h.executionArn(id), error: 'Chaos' }));
    expect(h.execution(id).status).toBe('ABORTED');
    // Healthy-looking until the resolution deadline (48 h) passes with no wait to apply it; the scheduled reconciler
    // (every 5 minutes of virtual time) then restarts the workflow, which applies the breach and the escalation.
    await h.advance('49h');
    const restarted = executionName(id, 1);
    await eventually(() => (h.hasExecution(restarted) ? true : undefined), 'the reconciler to restart the workflow');
    await h.settle(id, restarted);
    // The restart ran on real I/O after the jump's timers; one more virtual minute lets its overdue wait time out.
    await h.advance('1m');
    await h.settle(id, restarted);
    expect(h.where(id, restarted)).toBe('Senior review');
    const c = await h.load(id);
    expect(c.lifecycle.breaches.resolution).toBeDefined();
    expect(c.status).toBe('escalated_senior');
    const subjects = (await h.mailTo('lost@example.com')).map((m) => m.subject);
    expect(subjects.filter((s) => /received your complaint/.test(s))).toHaveLength(1); // acknowledged once, never again

    // The next run finds the case live and does nothing.
    expect(await h.invoke('functions/workflow/reconcile.ts', {})).toMatchObject({ started: 0, restarted: 0, repaired: 0, flagged: 0 });
  });
});
