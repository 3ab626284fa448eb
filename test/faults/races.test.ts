// A customer and a member of staff acting on the same case at the same instant, 15 trials each: the customer's
// dispute against the agent's resolution (on a case waiting for its first response), and the customer's reply
// against the supervisor's close (on a resolved case waiting for the customer's verdict). Whoever wins, the
// workflow must end up waiting on the step the case is at, and no mail may go out twice. Every answer is the
// winner's 200 or the loser's refusal as problem+json, never a 5xx (a commit DynamoDB cancelled for a transaction
// conflict under load used to escape as a 500: test/api/lost-race.test.ts makes it happen on purpose).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { formatCensus, takeCensus } from './census';
import { complaint, customerAct, endpointsOf, eventually, moveTime, staffAct, staffActAs, staffToken, startLoad, waitingOn, type Created } from './harness';
import { LOCAL_SOURCE_IP_HEADER } from '../../local/gateway';

const TRIALS = 15;
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ ports: 0, inMemory: true, log: () => undefined });
}, 240_000);
afterAll(async () => stack?.stop());

/** `200`, or the status and problem type of a refusal (`409 conflict`), or what else came back (a 5xx, a body that is not problem+json). */
async function answerOf(res: Response): Promise<string> {
  const body = await res.text();
  if (res.ok) return String(res.status);
  if (res.headers.get('content-type') !== 'application/problem+json') return `${res.status} not problem+json`;
  return `${res.status} ${String((JSON.parse(body) as { type?: unknown }).type).replace('urn:redress:problem:', '')}`;
}

const settle = () => eventually(() => (stack.engine.busy() === 0 ? true : undefined), 'the workflows to settle', 60_000);

describe('fault: racing customer and staff actions', () => {
  it('leaves no workflow waiting on a step its case has left', { timeout: 400_000 }, async () => {
    // Prepare: 2 × TRIALS cases, each parked on its first-response wait.
    const api = stack.urls.api;
    const load = startLoad(() => api, 'race', 2 * TRIALS);
    await load.done;
    expect(load.accepted).toHaveLength(2 * TRIALS);
    const [disputed, replied] = [load.accepted.slice(0, TRIALS), load.accepted.slice(TRIALS)] as [Created[], Created[]];
    for (const c of load.accepted) await waitingOn(api, c.id, 'firstResponse');
    for (const c of replied) expect((await staffAct(api, c.id, 'race-agent', ['agent'], { type: 'resolve', summary: 'The certificate was sent again.' })).status).toBe(200);
    for (const c of replied) await waitingOn(api, c.id, 'customerVerdict');

    // Act: both sides at once, per case (the staff tokens minted beforehand, so neither side starts later).
    const agentToken = await staffToken(api, 'race-agent', ['agent']);
    const supervisorToken = await staffToken(api, 'race-supervisor', ['supervisor']);
    const outcomes: Record<string, number> = {};
    const answers: { pair: string; customer: string; staff: string }[] = [];
    const count = async (what: string, a: Response, b: Response) => {
      const [customer, staff] = [await answerOf(a), await answerOf(b)];
      answers.push({ pair: what, customer, staff });
      const key = `${what} ${customer}/${staff}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    };
    await Promise.all(
      disputed.map(async (c) => {
        const [a, b] = await Promise.all([
          customerAct(api, c, { type: 'dispute', reason: 'Nobody answered me.' }),
          staffActAs(api, agentToken, c.id, { type: 'resolve', summary: 'The certificate was sent again.' }),
        ]);
        await count('dispute/resolve', a, b);
      }),
    );
    await Promise.all(
      replied.map(async (c) => {
        const [a, b] = await Promise.all([
          customerAct(api, c, { type: 'reply', message: 'It still has not arrived.' }),
          staffActAs(api, supervisorToken, c.id, { type: 'close', reason: 'Resolved and confirmed by phone.' }),
        ]);
        await count('reply/close', a, b);
      }),
    );
    await settle();
    const atOnce = await takeCensus('races, before the reconciler', endpointsOf(stack), load.accepted);
    await moveTime(api);

    // Assess
    const census = await takeCensus('races (15 + 15)', endpointsOf(stack), load.accepted);
    console.log(`[faults] race answers (customer/staff): ${JSON.stringify(outcomes)}\n${formatCensus([atOnce, census])}\n${census.problems.join('\n')}`);
    // Each side answers 200 or a refusal of what the winner left: 409 `conflict` (the case changed; read it again,
    // also when every commit attempt lost), or what the domain says of the new state: an agent may not resolve a
    // case the dispute took to the senior rung (403 `forbidden`, or 404 `not-found` when the agent may no longer read
    // it: a case staff may not read is answered as a missing one), and a reply does not reopen a closed case (410 `gone`).
    const allowed: Record<string, { customer: string[]; staff: string[] }> = {
      'dispute/resolve': { customer: ['200', '409 conflict'], staff: ['200', '409 conflict', '403 forbidden', '404 not-found'] },
      'reply/close': { customer: ['200', '409 conflict', '410 gone'], staff: ['200', '409 conflict'] },
    };
    expect(answers).toHaveLength(2 * TRIALS);
    expect(answers.filter((a) => !allowed[a.pair]!.customer.includes(a.customer) || !allowed[a.pair]!.staff.includes(a.staff))).toEqual([]);
    // A race has a winner: never both sides refused.
    expect(answers.filter((a) => a.customer !== '200' && a.staff !== '200')).toEqual([]);
    expect(census.problems).toEqual([]);
    expect({ lost: census.lost, staleWait: census.staleWait, duplicateMails: census.duplicateMails, missingMails: census.missingMails }).toEqual({ lost: 0, staleWait: 0, duplicateMails: 0, missingMails: 0 });
    expect(census.live + census.flagged).toBe(census.accepted);
  });
});

describe('case numbers under races', () => {
  it('gives one case to a same-key race and unique numbers to a burst; a lost race may skip numbers', { timeout: 60_000 }, async () => {
    // Prepare
    const api = stack.urls.api;
    // Each request from its own client address (the local gateway's local-only header): the per-client intake limit is
    // not what this test is about.
    let client = 0;
    const post = (key: string, n: number) =>
      fetch(`${api}/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, [LOCAL_SOURCE_IP_HEADER]: `10.9.0.${++client}` }, body: JSON.stringify(complaint('numbers', n)) });
    const numberOf = (caseNumber: string) => Number(/(\d+)$/.exec(caseNumber)![1]);
    const before = (await (await post('numbers-before', 0)).json()) as { caseNumber: string };

    // Act: 10 clients retry the same complaint under one key at the same instant, then 20 different complaints.
    const sameKey = await Promise.all(Array.from({ length: 10 }, () => post('numbers-same-key', 1)));
    const same = (await Promise.all(sameKey.map((r) => r.json()))) as { id: string; caseNumber: string }[];
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => post(`numbers-burst-${i}`, 2 + i)));
    const numbers = ((await Promise.all(burst.map((r) => r.json()))) as { caseNumber: string }[]).map((b) => b.caseNumber);

    // Assess: one case for the key; every number unique; the gap is what the same-key losers burned.
    // The ten carry one customer's address; the intake limits are counted in the create's transaction, which the losers
    // lose on the idempotency record, so none should be refused 429 (a 429, with Retry-After, would leave a retry to
    // replay the case).
    const statuses = sameKey.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(new Set(same.filter((_, i) => statuses[i] === 201).map((s) => s.id)).size).toBe(1);
    const retried = (await (await post('numbers-same-key', 1)).json()) as { id: string };
    expect(retried.id).toBe(same[statuses.indexOf(201)]!.id);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers).not.toContain(same[statuses.indexOf(201)]!.caseNumber);
    // Between the number before and the burst's last, 21 numbers were used (the key's case and the burst).
    const gap = Math.max(...numbers.map(numberOf)) - numberOf(before.caseNumber) - 21;
    console.log(`[faults] case numbers: a 10-way same-key race and a 20-complaint burst skipped ${gap} number(s); all ${numbers.length + 2} unique`);
    // Each losing same-key request takes at most one number (it allocates before its create fails).
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThanOrEqual(9);
  });
});
