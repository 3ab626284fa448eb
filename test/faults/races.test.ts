// A customer and a member of staff acting on the same case at the same instant, 15 trials each: the customer's
// dispute against the agent's resolution (on a case waiting for its first response), and the customer's reply
// against the supervisor's close (on a resolved case waiting for the customer's verdict). Whoever wins, the
// workflow must end up waiting on the step the case is at, and no mail may go out twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { formatCensus, takeCensus } from './census';
import { customerAct, endpointsOf, eventually, moveTime, staffAct, startLoad, waitingOn, type Created } from './harness';

const TRIALS = 15;
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ ports: 0, inMemory: true, log: () => undefined });
}, 120_000);
afterAll(async () => stack?.stop());

const settle = () => eventually(() => (stack.engine.busy() === 0 ? true : undefined), 'the workflows to settle', 60_000);

describe('fault: racing customer and staff actions', () => {
  it('leaves no workflow waiting on a step its case has left', { timeout: 150_000 }, async () => {
    // Prepare: 2 × TRIALS cases, each parked on its first-response wait.
    const api = stack.urls.api;
    const load = startLoad(() => api, 'race', 2 * TRIALS);
    await load.done;
    expect(load.accepted).toHaveLength(2 * TRIALS);
    const [disputed, replied] = [load.accepted.slice(0, TRIALS), load.accepted.slice(TRIALS)] as [Created[], Created[]];
    for (const c of load.accepted) await waitingOn(api, c.id, 'firstResponse');
    for (const c of replied) expect((await staffAct(api, c.id, 'race-agent', ['agent'], { type: 'resolve', summary: 'The certificate was sent again.' })).status).toBe(200);
    for (const c of replied) await waitingOn(api, c.id, 'customerVerdict');

    // Act: both sides at once, per case.
    const outcomes: Record<string, number> = {};
    const count = (what: string, a: Response, b: Response) => {
      const key = `${what} ${a.status}/${b.status}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    };
    await Promise.all(
      disputed.map(async (c) => {
        const [a, b] = await Promise.all([
          customerAct(api, c, { type: 'dispute', reason: 'Nobody answered me.' }),
          staffAct(api, c.id, 'race-agent', ['agent'], { type: 'resolve', summary: 'The certificate was sent again.' }),
        ]);
        count('dispute/resolve', a, b);
      }),
    );
    await Promise.all(
      replied.map(async (c) => {
        const [a, b] = await Promise.all([
          customerAct(api, c, { type: 'reply', message: 'It still has not arrived.' }),
          staffAct(api, c.id, 'race-supervisor', ['supervisor'], { type: 'close', reason: 'Resolved and confirmed by phone.' }),
        ]);
        count('reply/close', a, b);
      }),
    );
    await settle();
    const atOnce = await takeCensus('races, before the reconciler', endpointsOf(stack), load.accepted);
    await moveTime(api);

    // Assess
    const census = await takeCensus('races (15 + 15)', endpointsOf(stack), load.accepted);
    console.log(`[faults] race answers (customer/staff): ${JSON.stringify(outcomes)}\n${formatCensus([atOnce, census])}\n${census.problems.join('\n')}`);
    expect(census.problems).toEqual([]);
    expect({ lost: census.lost, staleWait: census.staleWait, duplicateMails: census.duplicateMails, missingMails: census.missingMails }).toEqual({ lost: 0, staleWait: 0, duplicateMails: 0, missingMails: 0 });
    expect(census.live + census.flagged).toBe(census.accepted);
  });
});
