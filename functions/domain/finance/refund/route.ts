import type { Money } from '../../money';
import { formatMoney } from '../money-format';
import type { RefundSettings } from '../../policy/finance-schema';
import type { ApprovalRoute } from './model';

/**
 * Who may approve a refund of `amount`: an agent at or below the policy's limit in the same currency, finance above
 * it. A currency the policy sets no limit for goes to finance: amounts are never converted to compare them.
 */
export function approvalRoute(amount: Money, settings: RefundSettings): { route: ApprovalRoute; explanation: string } {
  const limit = settings.agentApprovalLimits.find((l) => l.currency === amount.currency);
  if (!limit) {
    const known = settings.agentApprovalLimits.map((l) => l.currency).join(', ') || 'none';
    return {
      route: 'finance',
      explanation: `finance decides: the policy sets no agent limit in ${amount.currency} (limits in: ${known}); amounts in other currencies are not converted`,
    };
  }
  if (amount.amountMinor <= limit.amountMinor) {
    return { route: 'agent', explanation: `an agent may approve: ${formatMoney(amount)} is at or below the agent limit of ${formatMoney(limit)} ("${settings.clause}")` };
  }
  return { route: 'finance', explanation: `finance decides: ${formatMoney(amount)} is above the agent limit of ${formatMoney(limit)} ("${settings.clause}")` };
}
