import { caseStoreFromEnv, financeStoreFromEnv, notifierFromEnv, paymentProviderFromEnv, policiesFromEnv, systemClock } from '../adapters/wiring';
import { runFinanceTimers } from '../core/use-cases/finance/finance-timers';
import { eventHandler } from '../adapters/event-handler';

/**
 * Scheduled (every 5 minutes): the finance clocks. Overdue finance decisions escalate to the finance lead (and the
 * customer is told), chargeback reminders and deadlines fire, approved refunds the provider did not take are asked
 * again. Reads only the pending finance queue.
 */

const deps = {
  finance: financeStoreFromEnv(),
  cases: caseStoreFromEnv(),
  policies: policiesFromEnv(),
  notifier: notifierFromEnv(),
  provider: paymentProviderFromEnv(),
  now: systemClock,
};

export const handler = eventHandler(async () => runFinanceTimers(deps));
