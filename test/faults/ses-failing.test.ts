// SES failing under load: the mail catcher answers 500 to every SendEmail for a while (as an SES outage would),
// then recovers. Every accepted complaint must still be driven by its workflow or flagged to a person, and each
// customer must get each mail exactly once: none lost to the outage, none sent twice by a retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectSesFault } from '../../local/ses';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { formatCensus, takeCensus } from './census';
import { endpointsOf, eventually, moveTime, sleepReal, startLoad } from './harness';

const N = 40;
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ ports: 0, inMemory: true, log: () => undefined });
}, 240_000);
afterAll(async () => {
  injectSesFault(undefined);
  await stack?.stop();
});

describe('fault: SES failing', () => {
  it('loses no complaint and no mail, and sends none twice', { timeout: 400_000 }, async () => {
    // Prepare: SES refuses every message while the complaints arrive.
    let refusedSends = 0;
    injectSesFault(() => (refusedSends++, true));

    // Act: the load, a few seconds more of outage (the workflow's retries hit it too), then SES is back.
    const load = startLoad(() => stack.urls.api, 'ses', N);
    await load.done;
    await sleepReal(4_000);
    injectSesFault(undefined);
    await eventually(() => (stack.engine.busy() === 0 ? true : undefined), 'the workflows to settle', 30_000);
    await moveTime(stack.urls.api);

    // Assess
    const census = await takeCensus('SES failing', endpointsOf(stack), load.accepted);
    console.log(`[faults] SES refused ${refusedSends} sends\n${formatCensus([census])}\n${census.problems.join('\n')}`);
    expect(refusedSends).toBeGreaterThan(0);
    expect(census.accepted).toBeGreaterThanOrEqual(N - load.refused);
    expect(census.problems).toEqual([]);
    expect({ lost: census.lost, staleWait: census.staleWait, duplicateMails: census.duplicateMails, missingMails: census.missingMails }).toEqual({ lost: 0, staleWait: 0, duplicateMails: 0, missingMails: 0 });
    expect(census.live + census.flagged).toBe(census.accepted);
  });
});
