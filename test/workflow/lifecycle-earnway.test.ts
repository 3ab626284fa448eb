import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, customerOf, LifecycleHarness, SUPERVISOR } from './lifecycle-harness';

/** Earnway (seed 000): a critical issue must be started within 2 hours, with continuous follow-ups until resolved. */

let h: LifecycleHarness;
beforeAll(async () => {
  h = await LifecycleHarness.start('earnway');
});
afterAll(async () => h?.stop());

describe('earnway critical issue on the synthesized state machine', () => {
  it('2 h start: breach to the supervisor when missed; periodic updates to the customer until resolved', async () => {
    const id = await h.open('system_failure', 'critical@example.com', { affectedFeature: 'Payouts' });
    const opened = await h.load(id);
    expect(opened.lifecycle!.critical).toBe(true);
    const firstResponseDue = Date.parse(opened.lifecycle!.clocks.firstResponse!.due!);
    expect(firstResponseDue - Date.parse(opened.createdAt)).toBe(2 * 3600_000);
    expect(h.where(id)).toBe('Await first response');

    await h.advance('2h', id);
    await h.advance('1s', id);
    expect((await h.load(id)).lifecycle!.breaches.firstResponse).toBeDefined();
    expect((await h.mailTo(SUPERVISOR)).map((m) => m.subject).join('\n')).toMatch(/breach/);

    await h.act(id, { type: 'reply', message: 'Engineers are on it.' }, agent());
    expect(h.where(id)).toBe('Await resolution');
    const updatesBefore = (await h.mailTo('critical@example.com')).filter((m) => /progress update/.test(m.subject)).length;
    const period = Date.parse((await h.load(id)).lifecycle!.clocks.periodicUpdate!.due!) - Date.now();
    expect(period).toBeGreaterThan(0);
    // Two update periods pass: the customer gets a progress update each time, the machine keeps waiting.
    await h.advance(period + 1000, id);
    await h.advance(period + 1000, id);
    const updates = (await h.mailTo('critical@example.com')).filter((m) => /progress update/.test(m.subject)).length;
    expect(updates - updatesBefore).toBeGreaterThanOrEqual(2);
    expect(h.where(id)).toBe('Await resolution');
    for (const m of (await h.mailTo('critical@example.com')).filter((x) => /progress update/.test(x.subject))) {
      expect(m.body.text).toMatch(new RegExp(`^${h.policy.messages.greeting?.split('{{')[0] ?? ''}`));
    }

    await h.act(id, { type: 'resolve', summary: 'The service is back.' }, agent());
    await h.act(id, { type: 'acceptResolution' }, customerOf(id));
    expect(h.where(id)).toBe('SUCCEEDED: Case closed');
    const transitions = h.transitions(id);
    expect(transitions).toBeGreaterThan(10);
  });
});
