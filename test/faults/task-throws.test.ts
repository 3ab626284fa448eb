// A task handler throwing: Acknowledge fails for every invocation on a few chosen cases (a bug that retries cannot
// cure), and the step-token registration fails transiently on the first invocations (retries must absorb it).
// The chosen cases must reach a person (flagged + supervisor mail); all others a live workflow; no mail twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectInvokeFault } from '../../local/lambda-runtime';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { formatCensus, takeCensus } from './census';
import { endpointsOf, eventually, moveTime, startLoad } from './harness';

const N = 40;
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ ports: 0, inMemory: true, log: () => undefined });
}, 120_000);
afterAll(async () => {
  injectInvokeFault(undefined);
  await stack?.stop();
});

describe('fault: a task throwing', () => {
  it('sends each broken case to a person and every other one on its way', { timeout: 150_000 }, async () => {
    // Prepare: Acknowledge always throws for the cases whose id starts with 0 to 3 (one in four, chosen before
    // anything runs); the first 12 registrations of a step token throw once.
    const broken = (id: string) => /^[0-3]/.test(id);
    let registrationsFailed = 0;
    injectInvokeFault((f, event) => {
      const caseId = (event as { caseId?: string } | null)?.caseId;
      if (f.entry.endsWith('workflow/acknowledge.ts') && caseId && broken(caseId)) return new Error('injected: acknowledge is broken for this case');
      if (f.entry.endsWith('workflow/register-task-token.ts') && registrationsFailed < 12) {
        registrationsFailed++;
        return new Error('injected: registration failed once');
      }
      return undefined;
    });

    // Act
    const load = startLoad(() => stack.urls.api, 'task', N);
    await load.done;
    await eventually(() => (stack.engine.busy() === 0 ? true : undefined), 'the workflows to settle', 60_000);
    await moveTime(stack.urls.api);

    // Assess
    const census = await takeCensus('task throws', endpointsOf(stack), load.accepted);
    const brokenCases = load.accepted.filter((c) => broken(c.id)).length;
    console.log(`[faults] ${brokenCases} cases with a broken Acknowledge, ${registrationsFailed} registrations failed\n${formatCensus([census])}\n${census.problems.join('\n')}`);
    expect(registrationsFailed).toBe(12);
    expect(census.problems).toEqual([]);
    expect({ lost: census.lost, staleWait: census.staleWait, duplicateMails: census.duplicateMails, missingMails: census.missingMails }).toEqual({ lost: 0, staleWait: 0, duplicateMails: 0, missingMails: 0 });
    expect(census.live + census.flagged).toBe(census.accepted);
    // The broken ones cannot be driven: each must be with a person (none broken has odds of 0.75^40).
    expect(brokenCases).toBeGreaterThan(0);
    expect(census.flagged).toBe(brokenCases);
  });
});
