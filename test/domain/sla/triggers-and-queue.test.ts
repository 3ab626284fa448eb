import { describe, expect, it } from 'vitest';
import { loadPolicy, matchEscalationTriggers, queueComparator } from '../../../functions/domain/policy';

const ecomstore = loadPolicy('ecomstore');
const usd = (amountMinor: number, currency = 'USD') => ({ disputedAmount: { amountMinor, currency } });
const slugs = (input: Parameters<typeof matchEscalationTriggers>[1]) => matchEscalationTriggers(ecomstore, input).map((t) => t.slug);

describe('escalation triggers (seed 004)', () => {
  it.each([
    ['$100.01 billing dispute', { category: 'billing_payment', details: usd(10001) }, ['billing_dispute_over_100']],
    ['exactly $100: not over', { category: 'billing_payment', details: usd(10000) }, []],
    ['€500: another currency is not compared', { category: 'billing_payment', details: usd(50000, 'EUR') }, []],
    ['a big amount in another category', { category: 'order_issue', details: usd(99999) }, []],
    ['a legal category', { category: 'legal_compliance' }, ['legal_compliance']],
    ['a lawyer mentioned', { category: 'order_issue', description: 'My LAWYER will hear about this.' }, ['legal_keywords']],
    ['"issue" does not contain the word "sue"', { category: 'order_issue', subject: 'Issue with my tissue order' }, []],
    ['a threat', { category: 'general_question', description: 'I will hurt you if this is not fixed' }, ['threats_abuse']],
    ['a security incident goes to management', { category: 'security_incident' }, ['security_incident']],
  ])('%s', (_, input, expected) => {
    expect(slugs(input)).toEqual(expected);
  });
});

describe('queue order', () => {
  const a = { due: '2026-11-23T10:00:00Z', priority: 'low', receivedAt: '2026-11-23T08:00:00Z' };
  const b = { due: '2026-11-23T12:00:00Z', priority: 'urgent', receivedAt: '2026-11-23T09:00:00Z' };
  const c = { due: '2026-11-23T10:00:00Z', priority: 'low', receivedAt: '2026-11-23T07:00:00Z' };

  it('ecomstore: priority first, then due, then arrival', () => {
    expect([a, b, c].sort(queueComparator(ecomstore))).toEqual([b, c, a]);
  });

  it('itc (seed 002, queue order): due, then arrival', () => {
    expect([a, b, c].sort(queueComparator(loadPolicy('itc')))).toEqual([c, a, b]);
  });
});
