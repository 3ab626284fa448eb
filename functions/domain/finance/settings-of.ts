import type { Policy } from '../policy/schema';
import { FinanceSettingsSchema, type FinanceSettings } from './settings';

/**
 * The finance settings every policy gets until `PolicySchema` carries its own `finance` block (README, "Policy
 * settings"): seed 004's $100 and a ₦50,000 agent limit, finance decides within 2 business days, chargeback evidence
 * within 7 business days with reminders 3 and 1 business days ahead, payouts within 2 business days. Durations are
 * counted on the policy's own business calendar.
 */
export const DEFAULT_FINANCE_SETTINGS: FinanceSettings = FinanceSettingsSchema.parse({
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
    ],
    clause: 'Chargebacks are answered with evidence before the card network deadline.',
  },
  payouts: {
    arrivalWithin: { amount: 2, unit: 'days', basis: 'business', clause: 'Withdrawals reach your bank within 2 business days.' },
  },
});

/** The finance settings a policy enforces (the defaults above until the policy schema has its own). */
export const financeSettingsOf = (policy: Policy): FinanceSettings => (policy as Policy & { finance?: FinanceSettings }).finance ?? DEFAULT_FINANCE_SETTINGS;
