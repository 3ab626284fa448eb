import { describe, expect, it } from 'vitest';
import { FinanceSettingsSchema, financeSettingsIssues } from '../../../functions/domain/finance/settings';
import { PolicySchema } from '../../../functions/domain/policy/schema';
import { presets } from '../../../policies/index';
import { financeSettings, promptearn } from './helpers';

const valid = () => JSON.parse(JSON.stringify(financeSettings())) as Record<string, any>;

describe('finance settings (policy schema proposal)', () => {
  it('merges into the policy schema as an optional `finance` block, and promptearn validates with it', () => {
    // Prepare: the merge the lead makes in functions/domain/policy/schema.ts.
    const merged = PolicySchema.safeExtend({ finance: FinanceSettingsSchema.optional() });

    // Act
    const withFinance = merged.safeParse({ ...(presets.promptearn as object), finance: valid() });
    const without = merged.safeParse(presets.promptearn);

    // Assess
    expect(withFinance.success).toBe(true);
    expect(without.success).toBe(true);
  });

  it('refuses two limits in one currency, a float amount, and fractional business days', () => {
    const twoNaira = valid();
    twoNaira.refunds.agentApprovalLimits.push({ amountMinor: 1, currency: 'NGN' });
    const floatLimit = valid();
    floatLimit.refunds.agentApprovalLimits[0].amountMinor = 10.5;
    const halfDay = valid();
    halfDay.payouts.arrivalWithin.amount = 1.5;

    expect(FinanceSettingsSchema.safeParse(twoNaira).error?.issues[0]?.message).toBe('one limit per currency');
    expect(FinanceSettingsSchema.safeParse(floatLimit).success).toBe(false);
    expect(FinanceSettingsSchema.safeParse(halfDay).error?.issues[0]?.path).toEqual(['payouts', 'arrivalWithin', 'amount']);
  });

  it('names a calendar or payout category the policy does not have', () => {
    const settings = FinanceSettingsSchema.parse({ ...valid(), chargebacks: { ...valid().chargebacks, calendar: 'moon_base' }, payouts: { ...valid().payouts, categories: ['payout_delay', 'lunar_payout'] } });

    expect(financeSettingsIssues(promptearn(), settings)).toEqual([
      [['chargebacks', 'calendar'], 'no calendar named "moon_base"; known: lagos_office'],
      [['payouts', 'categories', 1], 'no category "lunar_payout"'],
    ]);
    expect(financeSettingsIssues(promptearn(), financeSettings())).toEqual([]);
  });
});
