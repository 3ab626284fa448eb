import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionName } from '../../functions/core/use-cases/reconcile';
import { LifecycleHarness } from './lifecycle-harness';

/**
 * The reconciler on the local stack: the real handler, the synthesized state machine, DynamoDB Local. An accepted
 * complaint whose execution was lost gets a new one that acknowledges nothing twice and waits on the case's step.
 */

let h: LifecycleHarness;
beforeAll(async () => {
  h = await LifecycleHarness.start('promptearn');
}, 60_000);
afterAll(async () => h?.stop());

describe('reconcile on the local stack', () => {
  it('restarts a case whose execution was aborted: the new execution routes to the wait of the step the case is in', async () => {
    const id = await h.open('general_inquiry', 'lost@example.com');
    await h.act(id, { type: 'reply', message: 'Looking.' }, { role: 'agent', staffId: 'agent-1' });
    expect(h.where(id)).toBe('Await resolution');
    await h.sfn.send(new StopExecutionCommand({ executionArn: h.executionArn(id), error: 'Chaos' }));
    expect(h.execution(id).status).toBe('ABORTED');
    await h.advance('2m');

    const result = (await h.invoke('functions/workflow/reconcile.ts', {})) as { restarted: number };
    expect(result.restarted).toBeGreaterThanOrEqual(1);
    const restarted = executionName(id, 1);
    await h.settle(id, restarted);
    expect(h.where(id, restarted)).toBe('Await resolution');
    expect(await h.mailTo('lost@example.com')).toHaveLength(2); // the acknowledgment and the reply, nothing again

    // The next run finds the case live and does nothing.
    expect(await h.invoke('functions/workflow/reconcile.ts', {})).toMatchObject({ started: 0, restarted: 0, repaired: 0, flagged: 0 });
  });
});
