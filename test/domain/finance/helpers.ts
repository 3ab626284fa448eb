import { expect } from 'vitest';
import { loadPolicy, type Policy } from '../../../functions/domain/policy';
import { FinanceSettingsSchema, type FinanceSettings } from '../../../functions/domain/finance/settings';
import type { StaffRef } from '../../../functions/domain/finance/refund/model';

export const promptearn = (): Policy => loadPolicy('promptearn');

/** Promptearn's finance settings as the lead would merge them: ₦50,000 and $100 (seed 004) agent limits. */
export const financeSettings = (): FinanceSettings =>
  FinanceSettingsSchema.parse({
    refunds: {
      agentApprovalLimits: [
        { amountMinor: 5_000_000, currency: 'NGN' },
        { amountMinor: 10_000, currency: 'USD' },
      ],
      financeDecisionWithin: { amount: 2, unit: 'days', basis: 'business', clause: 'Finance decides refunds above the agent limit within 2 business days.' },
      clause: 'Process refunds according to policy.',
    },
    chargebacks: {
      evidenceWindow: { amount: 7, unit: 'days', basis: 'business', clause: 'Evidence for a chargeback is submitted within 7 business days.' },
      reminders: [
        { amount: 3, unit: 'days', basis: 'business', label: '3 business days left' },
        { amount: 1, unit: 'days', basis: 'business', label: 'last business day' },
        { amount: 4, unit: 'hours', basis: 'calendar', label: '4 hours left' },
      ],
      clause: 'Chargebacks are answered with evidence before the card network deadline.',
    },
    payouts: {
      arrivalWithin: { amount: 2, unit: 'days', basis: 'business', clause: 'Withdrawals reach your bank within 2 business days.' },
    },
  });

export const staff = {
  agent: { staffId: 'agent-1', role: 'agent', name: 'Ada' },
  agent2: { staffId: 'agent-2', role: 'agent', name: 'Bola' },
  senior: { staffId: 'senior-1', role: 'senior' },
  finance: { staffId: 'fin-1', role: 'finance', name: 'Funmi' },
  finance2: { staffId: 'fin-2', role: 'finance', name: 'Femi' },
} satisfies Record<string, StaffRef>;

export const system = { role: 'system' } as const;
export const provider = { role: 'provider' } as const;

/** Narrows an outcome that must be ok, failing the test with the refusal's words otherwise. */
export function mustBeOk<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) expect.fail(`expected ok, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}
