import * as z from '../domain/zod';
import { eventHandler } from '../adapters/event-handler';
import { kpiStoreFromEnv, mailerFromEnv, policiesFromEnv, reportArchiveFromEnv, systemClock } from '../adapters/wiring';
import { EmailAddress, PublicBaseUrl, readConfig } from '../adapters/config';
import { GrainSchema } from '../domain/kpi';
import { sendKpiReport } from './send-kpi-report';

/**
 * The scheduled KPI reports to the supervisors: daily, weekly (Mondays) and monthly (the 1st), each run by its own
 * EventBridge Scheduler schedule at 07:00 in the policy's time zone, whose Input names the grain
 * (infra/constructs/analytics.ts; locally local/schedules.ts runs the same schedules on the virtual clock). Whatever
 * the time of the run, the report covers the whole local period before it.
 */

const deps = {
  store: kpiStoreFromEnv(),
  policy: policiesFromEnv().current(),
  mailer: mailerFromEnv(),
  archive: reportArchiveFromEnv(),
  to: readConfig({ SUPERVISOR_ADDRESS: EmailAddress }).SUPERVISOR_ADDRESS,
  clock: systemClock,
  publicBaseUrl: readConfig({ PUBLIC_BASE_URL: PublicBaseUrl }).PUBLIC_BASE_URL,
};

/** The schedule's Input: the grain, and the time the run was scheduled for (Scheduler fills it in). */
export const ReportEventSchema = z.strictObject({ grain: GrainSchema, scheduledTime: z.optional(z.iso.datetime()) });

export const handler = eventHandler(async (event: unknown): Promise<{ period: string; lines: number }> => {
  const { grain, scheduledTime } = ReportEventSchema.parse(event);
  // The period before the scheduled time, not before now: a retry (or a slow local jump) reports the same period.
  const clock = scheduledTime === undefined ? deps.clock : () => new Date(scheduledTime);
  const { period, lines } = await sendKpiReport({ ...deps, clock }, grain);
  return { period: period.period, lines };
});
