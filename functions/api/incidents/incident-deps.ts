import { callbacksFromEnv, caseStoreFromEnv, incidentStoreFromEnv, notifierFromEnv, outboxObserverFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import type { IncidentDeps } from '../../core/use-cases/incidents/incident-deps';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/** What the staff incident routes build at cold start: the incident store, the case's action path, the outbox's sender. */
export const incidentDepsFromEnv = (route: string): IncidentDeps => ({
  incidents: incidentStoreFromEnv(),
  store: caseStoreFromEnv(),
  policies: policiesFromEnv(),
  notifier: notifierFromEnv(),
  callbacks: callbacksFromEnv(),
  now: systemClock,
  observer: outboxObserverFromEnv(),
  audit: staffAuditTrail(route),
});
