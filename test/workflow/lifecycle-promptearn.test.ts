import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, customerOf, LifecycleHarness, SUPERVISOR } from './lifecycle-harness';

/**
 * Promptearn (seed 001) through the synthesized state machine on the local stack, with the real task handlers,
 * DynamoDB Local and the SES catcher, under the virtual clock.
 */

let h: LifecycleHarness;
beforeAll(async () => {
  h = await LifecycleHarness.start('promptearn');
}, 60_000);
afterAll(async () => h?.stop());

describe('promptearn lifecycle on the synthesized state machine', () => {
  it('happy path: acknowledge, reply, resolve, accept, rate -> Case closed', async () => {
    const id = await h.open('general_inquiry', 'happy@example.com');
    expect(h.where(id)).toBe('Await first response');
    const ack = await h.mailTo('happy@example.com');
    expect(ack.map((m) => m.subject)).toEqual([expect.stringMatching(/PE-/)]);
    const afterAck = await h.load(id);
    expect(afterAck.status).toBe('acknowledged');
    expect(afterAck.accessTokenForDelivery).toBeUndefined();

    expect((await h.act(id, { type: 'claim' }, agent())).callback).toBe('none');
    expect((await h.act(id, { type: 'reply', message: 'We are checking with the bank.' }, agent())).callback).toBe('sent');
    expect(h.where(id)).toBe('Await resolution');
    expect((await h.act(id, { type: 'resolve', summary: 'The payout was re-sent.' }, agent())).callback).toBe('sent');
    expect(h.where(id)).toBe('Await customer verdict');
    expect((await h.act(id, { type: 'acceptResolution' }, customerOf(id))).callback).toBe('sent');
    expect(h.where(id)).toBe('SUCCEEDED: Case closed');
    await h.act(id, { type: 'rate', score: 5 }, customerOf(id));

    const record = await h.load(id);
    expect(record.status).toBe('closed');
    expect(record.lifecycle!.csat?.score).toBe(5);
    expect(h.statesEntered(id)).toEqual([
      'Acknowledge',
      'Route by step',
      'Await first response',
      'Route by step',
      'Await resolution',
      'Route by step',
      'Await customer verdict',
      'Route by step',
      'Route final status',
      'Case closed',
    ]);
    expect(await h.mailTo(SUPERVISOR)).toEqual([]);
  });
});
