import { callbacksFromEnv, caseStoreFromEnv, notifierFromEnv, systemClock, workflowExecutionsFromEnv } from '../adapters/wiring';
import { reconcile } from '../core/use-cases/reconcile';
import { eventHandler } from '../adapters/event-handler';
import { metrics } from '../adapters/metrics';
import { emitOperationalMetrics } from '../analytics/operational-metrics';
import { reconcileMetricsOf } from '../domain/kpi/operational-metrics';

/**
 * Scheduled (every 5 minutes): compares every open case with its workflow and repairs what does not match
 * (no execution, an execution that ended while the case is open, a wait on a step the case has left), and counts
 * each mismatch as the EMF metric `WorkflowMismatches` by action.
 */

const deps = { store: caseStoreFromEnv(), executions: workflowExecutionsFromEnv(), callbacks: callbacksFromEnv(), notifier: notifierFromEnv(), now: systemClock };

export const handler = eventHandler(async () => {
  const done = await reconcile(deps);
  emitOperationalMetrics(metrics, reconcileMetricsOf(done));
  return done;
});
