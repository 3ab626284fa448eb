import { describe, expect, it } from 'vitest';
import { parseComplaintRequest } from '../../../functions/domain/complaint';
import { loadPolicy } from '../../../functions/domain/policy';
import { decide, type LifecycleState } from '../../../functions/domain/lifecycle';
import { actors, at, newCase, ok, plus } from './helpers';

/**
 * ecomstore 3: live chat (24/7, immediate response), phone (business hours), email, social. Intake accepts chat and
 * phone only where the policy lists them; the channel's response targets apply; staff log calls and chats.
 */

const ecomstore = loadPolicy('ecomstore');
const SATURDAY = at('2026-11-28T15:00:00Z'); // Saturday 10:00 in New York: the business desk is closed, chat is open
const m = (n: number) => n * 60_000;
const request = (channel: string) => ({
  customer: { name: 'Ann Buyer', email: 'ann@example.com' },
  category: 'order_issue',
  subject: 'Late order',
  description: 'It did not arrive.',
  channel,
  details: { orderNumber: 'A-1' },
});

describe('intake through chat and phone', () => {
  it('accepts chat and phone where the policy lists them, and refuses them where it does not', () => {
    expect(parseComplaintRequest(ecomstore, request('chat'))).toMatchObject({ ok: true, value: { channel: 'chat' } });
    expect(parseComplaintRequest(ecomstore, request('phone'))).toMatchObject({ ok: true, value: { channel: 'phone' } });
    const promptearn = loadPolicy('promptearn');
    const refused = parseComplaintRequest(promptearn, { ...request('phone'), category: 'general_inquiry', details: {} });
    expect(refused).toMatchObject({ ok: false, errors: [{ field: 'channel' }] });
    for (const open of ['api', 'web', 'email', 'social']) expect(parseComplaintRequest(promptearn, { ...request(open), category: 'general_inquiry', details: {} })).toMatchObject({ ok: true });
  });

  it('a chat case gets the chat targets on the 24/7 calendar: acknowledged within a minute, answered within 5 minutes, on a Saturday', () => {
    const s = newCase(ecomstore, SATURDAY, { category: 'order_issue', channel: 'chat' });
    expect(s.clocks.acknowledgment).toMatchObject({ due: '2026-11-28T15:01:00Z', calendar: 'chat_24_7' });
    expect(s.clocks.firstResponse).toMatchObject({ due: '2026-11-28T15:05:00Z', calendar: 'chat_24_7' });
  });

  it('a phone case gets the phone target in business hours: the Saturday call is answered by Monday 11:00', () => {
    const s = newCase(ecomstore, SATURDAY, { category: 'order_issue', channel: 'phone' });
    expect(s.clocks.firstResponse).toMatchObject({ due: '2026-11-30T16:00:00Z', basis: 'business' });
  });
});

describe('staff log a call or a chat', () => {
  const acknowledged = (channel: 'chat' | 'phone' | 'email'): LifecycleState =>
    ok(ecomstore, newCase(ecomstore, SATURDAY, { category: 'order_issue', channel }), { type: 'acknowledge' }, actors.system, plus(SATURDAY, 30_000)).state;

  it('a chat answered at minute 3 and logged at minute 10 keeps the 5-minute promise, as of the chat', () => {
    // Act
    const d = ok(ecomstore, acknowledged('chat'), { type: 'logContact', channel: 'chat', direction: 'inbound', summary: 'Explained the delay; new date Monday.', at: plus(SATURDAY, m(3)).toISOString() }, actors.agent, plus(SATURDAY, m(10)));
    // Assess
    expect(d.state.clocks.firstResponse).toMatchObject({ status: 'stopped', met: true, stoppedAt: '2026-11-28T15:03:00Z' });
    expect(d.state).toMatchObject({ status: 'in_progress', assignee: 'agent-1', firstRespondedAt: '2026-11-28T15:03:00.000Z' });
    expect(d.events).toEqual([expect.objectContaining({ type: 'contact_logged', visibility: 'customer' })]);
    expect(d.events[0]!.summary).toBe('Live chat (24/7) (you contacted us), Sat 28 Nov 2026, 10:03 GMT-5: Explained the delay; new date Monday.');
    expect(d.notifications).toEqual([]);
  });

  it('a call logged as of an earlier time does not answer a message the customer sent after it', () => {
    let s = ok(ecomstore, acknowledged('phone'), { type: 'claim' }, actors.agent, plus(SATURDAY, m(1))).state;
    s = ok(ecomstore, s, { type: 'reply', message: 'And my second order?' }, actors.customer, plus(SATURDAY, m(20))).state;
    const d = ok(ecomstore, s, { type: 'logContact', channel: 'phone', direction: 'outbound', summary: 'Called about the first order.', at: plus(SATURDAY, m(10)).toISOString() }, actors.agent, plus(SATURDAY, m(30)));
    expect(d.state.clocks.nextReply?.status).toBe('running');
    expect(d.state.clocks.firstResponse).toMatchObject({ status: 'stopped', stoppedAt: '2026-11-28T15:10:00Z' });
  });

  it('a logged chat after the 5 minutes records the broken promise', () => {
    const d = ok(ecomstore, acknowledged('chat'), { type: 'logContact', channel: 'chat', direction: 'inbound', summary: 'Answered late.' }, actors.agent, plus(SATURDAY, m(9)));
    expect(d.state.clocks.firstResponse).toMatchObject({ status: 'stopped', met: false });
  });

  it('a call from the customer while we wait for their information is their answer: the clocks resume', () => {
    let s = ok(ecomstore, acknowledged('phone'), { type: 'requestInfo', questions: 'Which address?' }, actors.agent, plus(SATURDAY, m(2))).state;
    s = ok(ecomstore, s, { type: 'logContact', channel: 'phone', direction: 'inbound', summary: 'Gave the address by phone.' }, actors.agent, plus(SATURDAY, m(60))).state;
    expect(s.status).toBe('in_progress');
    expect(s.clocks.resolution?.status).toBe('running');
  });

  it('is refused on a channel the policy does not list, in the future, before the case, or on a closed case', () => {
    const s = acknowledged('email');
    const log = (extra: Record<string, unknown>) => ({ type: 'logContact', channel: 'phone', direction: 'outbound', summary: 'Called back.', ...extra });
    const itc = loadPolicy('itc');
    const itcCase = ok(itc, newCase(itc, SATURDAY, { category: 'quotation' }), { type: 'acknowledge' }, actors.system, plus(SATURDAY, 30_000)).state;
    expect(decide(itcCase, log({}), actors.agent, plus(SATURDAY, m(5)), itc)).toMatchObject({ ok: false, status: 422, problem: { errors: [{ field: 'channel' }] } });
    expect(decide(s, log({ at: plus(SATURDAY, m(20)).toISOString() }), actors.agent, plus(SATURDAY, m(5)), ecomstore)).toMatchObject({ ok: false, status: 422 });
    expect(decide(s, log({ at: plus(SATURDAY, -m(20)).toISOString() }), actors.agent, plus(SATURDAY, m(5)), ecomstore)).toMatchObject({ ok: false, status: 422 });
    expect(decide(s, log({}), actors.customer, plus(SATURDAY, m(5)), ecomstore)).toMatchObject({ ok: false, status: 403 });
    const closed = ok(ecomstore, s, { type: 'close', reason: 'Duplicate.' }, actors.supervisor, plus(SATURDAY, m(5))).state;
    expect(decide(closed, log({}), actors.agent, plus(SATURDAY, m(6)), ecomstore)).toMatchObject({ ok: false, status: 410 });
  });
});
