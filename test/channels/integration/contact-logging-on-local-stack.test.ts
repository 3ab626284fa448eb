import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../../local/stack';
import { eventually } from '../../integration/local-helpers';

/**
 * Contact logging through the staff action route, on the local stack (DynamoDB Local, in memory) under a policy with
 * phone and chat channels: the call goes on the customer's timeline with its channel and time, and counts as the
 * first response at the time of the call.
 */
describe('logContact through POST /staff/complaints/{id}/actions', () => {
  let stack: LocalStack;
  let caseId: string;
  let staffToken: string;

  beforeAll(async () => {
    stack = await startLocalStack({ ports: 0, inMemory: true, policy: 'ecomstore', log: () => undefined });
    const created = await fetch(`${stack.urls.api}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Ada Obi', email: 'ada.obi@example.com' }, category: 'general_question', subject: 'Delivery', description: 'Where is my order?' }),
    });
    caseId = ((await created.json()) as { id: string }).id;
    ({ token: staffToken } = (await (await fetch(stack.urls.devToken, { method: 'POST', body: JSON.stringify({ sub: 'agent-7', groups: ['agent'] }) })).json()) as { token: string });
    await eventually(async () => ((await staffView()).status === 'acknowledged' ? true : undefined), 'the acknowledgment');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const staffView = async () => (await (await fetch(`${stack.urls.api}/staff/complaints/${caseId}`, { headers: { authorization: `Bearer ${staffToken}` } })).json()) as { status: string; timeline: { type: string; summary: string; at: string }[]; clocks: { clock: string; status: string; at?: string }[] };
  const act = (body: unknown) => fetch(`${stack.urls.api}/staff/complaints/${caseId}/actions`, { method: 'POST', headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('a contact in the future is refused naming the field; a phone call since the complaint is logged with its channel and time and answers the first response', async () => {
    // Prepare
    const now = stack.clock.now();
    const future = new Date(now + 3600_000).toISOString();
    const receivedAt = Date.parse((await staffView()).timeline[0]!.at);
    const duringTheCase = new Date(Math.floor((receivedAt + now) / 2)).toISOString();

    // Act
    const refused = await act({ type: 'logContact', channel: 'phone', direction: 'inbound', summary: 'Called about the delivery.', at: future });
    const logged = await act({ type: 'logContact', channel: 'phone', direction: 'inbound', summary: 'Called about the delivery; told her it ships tomorrow.', at: duringTheCase });

    // Assess
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { errors: { field: string }[] }).errors).toEqual([expect.objectContaining({ field: 'at' })]);
    expect(logged.status).toBe(200);
    const view = await staffView();
    const contact = view.timeline.find((e) => e.type === 'contact_logged')!;
    expect(contact.summary).toMatch(/^Phone support \(business hours\) \(you contacted us\), .+: Called about the delivery; told her it ships tomorrow\.$/);
    expect(view.status).toBe('in_progress');
    expect(view.clocks.find((c) => c.clock === 'firstResponse')).toMatchObject({ status: 'met' });
  }, 60_000);
});
