import { describe, expect, it } from 'vitest';
import { FinanceSettingsSchema, financeSettingsIssues } from '../../../functions/domain/policy/finance-schema';
import { PolicySchema } from '../../../functions/domain/policy/schema';
import { presets } from '../../../policies/index';
import { financeSettings, promptearn } from './helpers';

const valid = () => JSON.parse(JSON.stringify(financeSettings())) as Record<string, any>;

describe("the policy's finance settings", () => {
  it('promptearn sets refunds, chargebacks and payouts; generic, without a finance block, validates and sets none', () => {
    // Act
    const without = PolicySchema.safeParse(presets.generic);

    // Assess
    expect(promptearn().finance).toMatchObject({ refunds: { agentApprovalLimits: [{ amountMinor: 5_000_000, currency: 'NGN' }, { amountMinor: 10_000, currency: 'USD' }] }, payouts: { categories: ['payout_delay'], withdrawalDateField: 'withdrawalDate' } });
    expect(without.success).toBe(true);
    expect(without.data?.finance).toBeUndefined();
  });

  it('the policy schema refuses finance settings naming what the policy lacks, under `finance`, and a payout promise set as an sla target', () => {
    const broken = { ...(presets.promptearn as Record<string, any>) };
    broken.finance = { ...valid(), payouts: { ...valid().payouts, withdrawalDateField: 'placedOn' } };
    broken.sla = { ...broken.sla, defaults: { ...broken.sla.defaults, payoutArrival: valid().payouts.arrivalWithin } };

    const issues = PolicySchema.safeParse(broken).error?.issues.map((i) => [i.path.join('.'), i.message]);

    expect(issues).toEqual(
      expect.arrayContaining([
        ['sla.defaults.payoutArrival', 'set the payout promise in finance.payouts.arrivalWithin'],
        ['finance.payouts.categories.0', 'category "payout_delay" has no date detail "placedOn"'],
      ]),
    );
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
