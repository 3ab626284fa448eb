import { describe, expect, it } from 'vitest';
import { aheadOf } from '../../../functions/domain/finance/chargeback/ahead-of';
import { decideChargeback, type ChargebackDecision } from '../../../functions/domain/finance/chargeback/decide';
import type { Chargeback } from '../../../functions/domain/finance/chargeback/model';
import { openChargeback } from '../../../functions/domain/finance/chargeback/open';
import { chargebackFromProviderEvent } from '../../../functions/domain/finance/chargeback/from-provider';
import type { ProviderDisputeUpdate } from '../../../functions/domain/finance/chargeback/commands';
import { calendarOf } from '../../../functions/domain/sla/clock';
import { financeSettings, mustBeOk, promptearn, provider, staff, system } from './helpers';

const policy = promptearn();
const preset = financeSettings().chargebacks!;
// The preset's business-day reminders, and one in calendar time to show both bases measured back from the due instant.
const settings = { ...preset, reminders: [...preset.reminders, { amount: 4, unit: 'hours' as const, basis: 'calendar' as const, label: '4 hours left' }] };
const lagos = calendarOf(policy);

// Monday 30 Nov 2026, 11:00 in Lagos; the network wants evidence by Friday 4 Dec, 17:00 Lagos.
const opened = new Date('2026-11-30T10:00:00Z');
const due = '2026-12-04T16:00:00.000Z';
const pack = { key: 'evidence/cb-1.pdf', sha256: 'a'.repeat(64) };

const fromProvider = (extra: Record<string, unknown> = {}) =>
  mustBeOk(
    openChargeback(
      { chargebackId: 'cb-1', caseId: 'case-1', providerDisputeId: 'dp_1', transactionReference: 'ch_9', amount: { amountMinor: 1_500_000, currency: 'NGN' }, reason: 'fraudulent', evidenceDueBy: due, ...extra },
      provider,
      opened,
      settings,
      policy,
    ),
  );

function changed(d: ChargebackDecision) {
  const ok = mustBeOk(d);
  if (!ok.changed) expect.fail(`expected a change, got ${ok.ignored}: ${ok.detail}`);
  return ok;
}

describe('reminders ahead of a deadline on the business calendar', () => {
  it('N business days ahead is the opening of the Nth open day counted back from the due day', () => {
    const { chargeback } = fromProvider();

    expect(chargeback.evidenceDueAt).toBe(due);
    expect(chargeback.evidenceDueSource).toBe('provider');
    expect(chargeback.reminders.map((r) => [r.at, r.label])).toEqual([
      ['2026-12-02T08:00:00.000Z', '3 business days left'], // Wednesday 09:00 Lagos: Wed, Thu, Fri remain
      ['2026-12-04T08:00:00.000Z', 'last business day'], // Friday 09:00 Lagos
      ['2026-12-04T12:00:00.000Z', '4 hours left'], // calendar time
    ]);
  });

  it('skips a public holiday and a weekend going backwards', () => {
    // Friday 2 Oct 2026, 17:00 Lagos; Thursday 1 Oct is Independence Day.
    const friday = new Date('2026-10-02T16:00:00Z');
    // Monday 7 Dec, 10:00 Lagos: one open hour on Monday, eight on Friday, the last hour of Thursday.
    const monday = new Date('2026-12-07T09:00:00Z');

    expect(lagos.closedBecause(new Date('2026-10-01T12:00:00Z'))).toBe('Independence Day');
    expect(aheadOf(lagos, friday, { amount: 2, unit: 'days', basis: 'business' }).toISOString()).toBe('2026-09-30T08:00:00.000Z');
    expect(aheadOf(lagos, monday, { amount: 10, unit: 'hours', basis: 'business' }).toISOString()).toBe('2026-12-03T15:00:00.000Z');
    expect(aheadOf(lagos, monday, { amount: 1, unit: 'days', basis: 'calendar' }).toISOString()).toBe('2026-12-06T09:00:00.000Z');
  });

  it('drops reminders already past when the chargeback is opened late', () => {
    const lateOpen = mustBeOk(
      openChargeback(
        { chargebackId: 'cb-2', transactionReference: 'ch_9', amount: { amountMinor: 100, currency: 'NGN' }, reason: 'fraudulent', evidenceDueBy: due },
        provider,
        new Date('2026-12-03T12:00:00Z'),
        settings,
        policy,
      ),
    );

    expect(lateOpen.chargeback.reminders.map((r) => r.label)).toEqual(['last business day', '4 hours left']);
  });

  it('opened by an agent without a provider date, the policy window applies: 7 business days', () => {
    const byAgent = mustBeOk(
      openChargeback({ chargebackId: 'cb-3', transactionReference: 'ch_9', amount: { amountMinor: 100, currency: 'NGN' }, reason: 'customer called their bank' }, staff.agent, opened, settings, policy),
    );

    // Monday 11:00 is half gone: Tue 1 … Wed 9 Dec are the seven whole days.
    expect(byAgent.chargeback.evidenceDueAt).toBe('2026-12-09T16:00:00.000Z');
    expect(byAgent.chargeback.evidenceDueSource).toBe('policy');
    expect(byAgent.chargeback.evidenceDueExplanation).toContain('7 business days');
  });
});

describe('chargeback lifecycle under virtual time', () => {
  it('reminders fire in order, evidence is refused at the due instant, and the deadline expires the chargeback', () => {
    let cb: Chargeback = fromProvider().chargeback;
    const sent: string[] = [];

    // Virtual time: jump from timer to timer as the workflow's waits would.
    expect(mustBeOk(decideChargeback(cb, { type: 'remind' }, system, opened))).toMatchObject({ changed: false, ignored: 'duplicate' });
    for (const reminder of cb.reminders) {
      const d = changed(decideChargeback(cb, { type: 'remind' }, system, new Date(reminder.at)));
      sent.push(d.notifications[0]!.facts.reminder!);
      cb = d.chargeback;
    }
    const oneMsEarly = new Date(Date.parse(due) - 1);
    const earlyTimer = decideChargeback(cb, { type: 'deadlineReached' }, system, oneMsEarly);
    const lateEvidence = decideChargeback(cb, { type: 'submitEvidence', reason: 'Delivery proof', evidencePack: pack }, staff.finance, new Date(due));
    const expired = changed(decideChargeback(cb, { type: 'deadlineReached' }, system, new Date(due)));

    expect(sent).toEqual(['3 business days left', 'last business day', '4 hours left']);
    expect(earlyTimer).toMatchObject({ ok: false, code: 'not_due' });
    expect(lateEvidence).toMatchObject({ ok: false, kind: 'gone', code: 'deadline_passed' });
    expect(expired.chargeback.status).toBe('expired');
    expect(expired.notifications.map((n) => n.to)).toEqual(['finance', 'finance_lead']);
    expect(decideChargeback(expired.chargeback, { type: 'submitEvidence', reason: 'Delivery proof', evidencePack: pack }, staff.finance, new Date(due))).toMatchObject({
      ok: false,
      code: 'wrong_state',
    });
  });

  it('reminders that fell due together are sent once, as the latest', () => {
    const { chargeback } = fromProvider();

    const d = changed(decideChargeback(chargeback, { type: 'remind' }, system, new Date('2026-12-04T09:00:00Z')));
    const again = mustBeOk(decideChargeback(d.chargeback, { type: 'remind' }, system, new Date('2026-12-04T09:00:00Z')));

    expect(d.notifications).toHaveLength(1);
    expect(d.notifications[0]!.facts.reminder).toBe('last business day');
    expect(d.chargeback.reminders.filter((r) => r.sentAt).length).toBe(2);
    expect(again).toMatchObject({ changed: false });
  });

  it('submission is a finance decision that cannot be undone or repeated', () => {
    const { chargeback } = fromProvider();
    const before = new Date('2026-12-03T10:00:00Z');

    const byAgent = decideChargeback(chargeback, { type: 'submitEvidence', reason: 'Delivery proof', evidencePack: pack }, staff.agent, before);
    const submitted = changed(decideChargeback(chargeback, { type: 'submitEvidence', reason: 'Delivery proof attached', evidencePack: pack }, staff.finance, before));
    const again = decideChargeback(submitted.chargeback, { type: 'submitEvidence', reason: 'Second try', evidencePack: pack }, staff.finance2, before);
    const acceptAfter = decideChargeback(submitted.chargeback, { type: 'accept', reason: 'Changed our mind' }, staff.finance, before);
    const timerAfter = mustBeOk(decideChargeback(submitted.chargeback, { type: 'deadlineReached' }, system, new Date(due)));

    expect(byAgent).toMatchObject({ ok: false, code: 'not_permitted' });
    expect(submitted.chargeback).toMatchObject({ status: 'submitted', submission: { by: staff.finance, evidencePack: pack } });
    expect(again).toMatchObject({ ok: false, code: 'wrong_state' });
    expect(acceptAfter).toMatchObject({ ok: false, code: 'wrong_state' });
    expect(timerAfter).toMatchObject({ changed: false, ignored: 'stale' });
  });

  it('the outcome is recorded from the provider and the customer and finance told; late or contrary events change nothing', () => {
    const { chargeback } = fromProvider();
    const submitted = changed(decideChargeback(chargeback, { type: 'submitEvidence', reason: 'Delivery proof', evidencePack: pack }, staff.finance, opened)).chargeback;
    const event = (eventId: string, status: 'needs_response' | 'under_review' | 'won' | 'lost') => ({
      type: 'providerUpdate' as const,
      eventId,
      occurredAt: '2026-12-20T10:00:00Z',
      providerDisputeId: 'dp_1',
      status,
      transactionReference: 'ch_9',
      amount: { amountMinor: 1_500_000, currency: 'NGN' },
      reason: 'fraudulent',
    });

    const won = changed(decideChargeback(submitted, event('evt_3', 'won'), provider, opened));
    const lateReview = mustBeOk(decideChargeback(won.chargeback, event('evt_2', 'under_review'), provider, opened));
    const contrary = changed(decideChargeback(won.chargeback, event('evt_4', 'lost'), provider, opened));

    expect(won.chargeback).toMatchObject({ status: 'won', outcome: { result: 'won', source: 'provider' } });
    expect(won.notifications.map((n) => [n.to, n.facts.outcome])).toEqual([
      ['finance', 'won'],
      ['customer', 'won'],
    ]);
    expect(lateReview).toMatchObject({ changed: false, ignored: 'stale' });
    expect(contrary.chargeback.status).toBe('won');
    expect(contrary.events[0]?.type).toBe('chargeback_provider_anomaly');
  });

  it('finance may accept a chargeback, even after a missed deadline, and the provider closing it lost agrees', () => {
    const { chargeback } = fromProvider();
    const expired = changed(decideChargeback(chargeback, { type: 'deadlineReached' }, system, new Date(due))).chargeback;

    const accepted = changed(decideChargeback(expired, { type: 'accept', reason: 'No proof of delivery exists' }, staff.finance, new Date(due)));
    const closedLost = changed(
      decideChargeback(
        accepted.chargeback,
        { type: 'providerUpdate', eventId: 'evt_9', occurredAt: due, providerDisputeId: 'dp_1', status: 'lost', transactionReference: 'ch_9', amount: chargeback.amount, reason: 'fraudulent' },
        provider,
        new Date(due),
      ),
    );

    expect(accepted.chargeback).toMatchObject({ status: 'accepted', outcome: { result: 'accepted', source: 'finance', reason: 'No proof of delivery exists' } });
    expect(closedLost.chargeback.status).toBe('accepted');
    expect(closedLost.events).toEqual([]);
  });

  it('refuses a staff member an evidence due date already past, and a zero amount', () => {
    const past = openChargeback({ chargebackId: 'cb', transactionReference: 'ch', amount: { amountMinor: 1, currency: 'NGN' }, reason: 'x', evidenceDueBy: '2026-11-29T00:00:00Z' }, staff.finance, opened, settings, policy);
    const zero = openChargeback({ chargebackId: 'cb', transactionReference: 'ch', amount: { amountMinor: 0, currency: 'NGN' }, reason: 'x' }, provider, opened, settings, policy);

    expect(past).toMatchObject({ ok: false, code: 'deadline_passed' });
    expect(zero).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});

describe('a dispute first seen through a late or out-of-order event', () => {
  const update = (eventId: string, status: ProviderDisputeUpdate['status'], evidenceDueBy?: string): ProviderDisputeUpdate => ({
    type: 'providerUpdate',
    eventId,
    occurredAt: '2026-12-10T10:00:00Z',
    providerDisputeId: 'dp_5',
    status,
    transactionReference: 'ch_5',
    amount: { amountMinor: 20_000, currency: 'USD' },
    reason: 'fraudulent',
    ...(evidenceDueBy ? { evidenceDueBy } : {}),
  });

  it('closed as lost before we heard it was opened: recorded as lost, with the opening, even though its window is past', () => {
    const outcome = mustBeOk(chargebackFromProviderEvent(update('evt_3', 'lost', '2026-12-04T16:00:00Z'), { chargebackId: 'cb-5', caseId: 'case-5' }, new Date('2026-12-10T10:00:05Z'), settings, policy));

    expect(outcome.chargeback).toMatchObject({ status: 'lost', caseId: 'case-5', version: 0, outcome: { result: 'lost', source: 'provider' }, provider: { lastEventId: 'evt_3' } });
    expect(outcome.chargeback.reminders).toEqual([]);
    expect(outcome.events.map((e) => e.type)).toEqual(['chargeback_opened', 'chargeback_lost']);
  });

  it('opened by its first event; the same event redelivered is a duplicate', () => {
    const first = mustBeOk(chargebackFromProviderEvent(update('evt_1', 'needs_response', due), { chargebackId: 'cb-6' }, opened, settings, policy));
    const again = mustBeOk(decideChargeback(first.chargeback, update('evt_1', 'needs_response', due), provider, opened));

    expect(first.chargeback).toMatchObject({ status: 'open', evidenceDueAt: due, provider: { lastEventId: 'evt_1' } });
    expect(first.chargeback.reminders).toHaveLength(3);
    expect(again).toMatchObject({ changed: false, ignored: 'duplicate' });
  });
});
