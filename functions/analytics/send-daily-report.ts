import { kpiStoreFromEnv, mailerFromEnv, policiesFromEnv, systemClock } from '../adapters/wiring';
import { EmailAddress, readConfig } from '../adapters/config';
import { sendKpiReport } from './send-kpi-report';
import { eventHandler } from '../adapters/event-handler';

/**
 * The daily KPI report to the supervisors, run by EventBridge Scheduler at 07:00 in the policy's time zone
 * (infra/constructs/analytics.ts; locally local/schedules.ts on the virtual clock). Whatever the event says, the
 * report covers the local day before the run.
 */

const deps = {
  store: kpiStoreFromEnv(),
  policy: policiesFromEnv().current(),
  mailer: mailerFromEnv(),
  to: readConfig({ SUPERVISOR_ADDRESS: EmailAddress }).SUPERVISOR_ADDRESS,
  clock: systemClock,
};

export const handler = eventHandler(async (): Promise<{ period: string; lines: number }> => {
  const { period, lines } = await sendKpiReport(deps, 'day');
  return { period: period.period, lines };
});
