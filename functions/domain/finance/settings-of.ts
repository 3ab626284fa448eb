import type { Policy } from '../policy/schema';
import type { FinanceSettings } from '../policy/finance-schema';

/** The finance settings a policy enforces: its `finance` block, or undefined when it sets no money rules at all. */
export const financeSettingsOf = (policy: Policy): FinanceSettings | undefined => policy.finance;
