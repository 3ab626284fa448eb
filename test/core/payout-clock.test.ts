/**
 * Seed 001's payout delays, proven through the running system (test/core/running-system.ts: intake, the workflow's
 * steps and people's actions on DynamoDB Local, mail through SES to the local catcher, virtual time): a withdrawal
 * is expected on the policy's business calendar (Lagos, 09:00–17:00, Nigerian public holidays), the customer is told
 * when in the acknowledgment, the case shows it, and the payout clock breaches only after that date.
 * docs/policies.md names these tests as proofs of `finance.payouts.arrivalWithin`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerView, staffView } from '../../functions/domain/case-view';
import { loadPolicy } from '../../functions/domain/policy';
import { caseOf, customerAddress, RunningSystem, type Run } from './running-system';

let sys: RunningSystem;
beforeAll(async () => {
  sys = await RunningSystem.start();
});
afterAll(async () => sys?.stop());

const policy = loadPolicy('promptearn');
const utc = (local: string) => new Date(local).toISOString().replace('.000Z', 'Z');
const at = (local: string) => new Date(local).toISOString();

/** A payout-delay complaint with the details seed 001 asks for (bank, account, amount) and the withdrawal date. */
const payoutDelay = (id: string, receivedAt: string, withdrawalDate: string, resolveAt?: string) => ({
  id,
  category: 'payout_delay',
  channel: 'web' as const,
  receivedAt,
  details: { bankName: 'GTBank', accountLast4: '1234', amount: { amountMinor: 2_500_000, currency: 'NGN' }, withdrawalDate },
  actions: resolveAt ? [{ at: resolveAt, by: 'agent' as const, type: 'resolve', summary: 'The bank confirmed the transfer arrived.' }] : [],
});

/** The case as the API shows it at `now`, read back from DynamoDB Local. */
async function views(run: Run & { caseIds: Map<string, string> }, complaint: string, now: string) {
  const found = await sys.store.getWithTimeline(run.caseIds.get(complaint)!);
  if (!found) throw new Error(`no case for ${complaint}`);
  const when = new Date(now);
  return {
    customer: customerView(found.theCase, found.timeline, policy, when).clocks.find((c) => c.clock === 'payoutArrival'),
    staff: staffView(found.theCase, found.timeline, policy, when).clocks.find((c) => c.clock === 'payoutArrival'),
  };
}

describe('payout delays (seed 001): expected arrival on the business calendar', () => {
  it('promptearn: a withdrawal placed on Saturday is not late on Sunday; it is expected Tuesday 17:00, the customer is told so, and it breaches only then', async () => {
    // Prepare: withdrawal on Saturday 15 November 2031, complaints on Sunday 16 November at 10:00 Lagos.
    const r = await sys.run({
      policy: 'promptearn',
      until: '2031-11-18T18:00:00+01:00',
      complaints: [
        payoutDelay('payout-weekend-late', '2031-11-16T10:00:00+01:00', '2031-11-15'),
        payoutDelay('payout-weekend-met', '2031-11-16T10:00:00+01:00', '2031-11-15', '2031-11-17T12:00:00+01:00'),
      ],
    });

    // Assess: Sunday is closed; Monday and Tuesday count; due at Tuesday's close.
    const late = caseOf(r, 'payout-weekend-late');
    expect(late.clocks.payoutArrival).toMatchObject({ status: 'stopped', met: false, due: utc('2031-11-18T17:00:00+01:00'), clause: 'Withdrawals reach your bank within 2 business days.' });
    expect(late.breaches.payoutArrival).toBe(at('2031-11-18T17:00:00+01:00'));
    const met = caseOf(r, 'payout-weekend-met');
    expect(met.clocks.payoutArrival).toMatchObject({ status: 'stopped', met: true, due: utc('2031-11-18T17:00:00+01:00') });
    expect(met.breaches.payoutArrival).toBeUndefined();

    // The acknowledgment names the date in Lagos time, as the policy's template words it.
    const [ack] = await sys.mailTo(customerAddress('payout-weekend-late'));
    expect(ack?.body.text).toContain('Your withdrawal should reach your bank by Tuesday, 18 November 2031 at 17:00');
    expect(ack?.body.text).toContain('weekends and Nigerian public holidays are not counted');
    // The acknowledgment event carries the payout deadline with its explanation.
    const acknowledged = late.timeline.find((e) => e.type === 'acknowledged');
    expect(acknowledged?.deadlines.map((d) => d.clock)).toContain('payoutArrival');

    // The case view: the breach for staff and customer alike, with when it was due, written for people.
    const { customer, staff } = await views(r, 'payout-weekend-late', '2031-11-18T18:00:00+01:00');
    expect(customer).toMatchObject({ label: 'Withdrawal expected in your bank', status: 'breached', due: utc('2031-11-18T17:00:00+01:00') });
    expect(customer?.dueText).toContain('Tuesday, 18 November 2031 at 17:00');
    expect(staff?.status).toBe('breached');
    expect((await views(r, 'payout-weekend-met', '2031-11-18T18:00:00+01:00')).customer?.status).toBe('met');
  });

  it('promptearn: across Independence Day, a withdrawal placed Tuesday 30 September is expected Friday 3 October at 17:00, not Thursday', async () => {
    // Prepare: Wednesday 1 October 2031 is Independence Day; the complaint comes that morning.
    const r = await sys.run({
      policy: 'promptearn',
      until: '2031-10-03T18:00:00+01:00',
      complaints: [payoutDelay('payout-holiday', '2031-10-01T10:00:00+01:00', '2031-09-30')],
    });

    // Assess: Wednesday is a holiday; Thursday and Friday count.
    const c = caseOf(r, 'payout-holiday');
    expect(c.clocks.payoutArrival?.due).toBe(utc('2031-10-03T17:00:00+01:00'));
    expect(c.breaches.payoutArrival).toBe(at('2031-10-03T17:00:00+01:00'));
    const [ack] = await sys.mailTo(customerAddress('payout-holiday'));
    expect(ack?.body.text).toContain('Your withdrawal should reach your bank by Friday, 3 October 2031 at 17:00');
    // On Thursday evening the customer's page still shows it on its way, not late.
    const thursday = await views(r, 'payout-holiday', '2031-10-02T18:00:00+01:00');
    expect(thursday.customer?.explanation).toContain('NG public holidays');
  });

  it('promptearn: a complaint in another category, or a payout complaint by email without its withdrawal date, runs no payout clock', async () => {
    const r = await sys.run({
      policy: 'promptearn',
      complaints: [
        { id: 'no-payout-other', category: 'general_inquiry', channel: 'web', receivedAt: '2031-11-20T10:00:00+01:00' },
        { id: 'no-payout-email', category: 'payout_delay', channel: 'email', receivedAt: '2031-11-20T10:00:00+01:00' },
      ],
    });
    expect(caseOf(r, 'no-payout-other').clocks.payoutArrival).toBeUndefined();
    expect(caseOf(r, 'no-payout-email').clocks.payoutArrival).toBeUndefined();
    const [ack] = await sys.mailTo(customerAddress('no-payout-email'));
    expect(ack?.body.text).not.toContain('Your withdrawal should reach your bank');
  });
});
