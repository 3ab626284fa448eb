import type { Mailer } from '../core/ports';
import { kpiReport, kpiReportEmail, kpiTargetsFor, previousPeriod, type Grain, type Period } from '../domain/kpi';
import { calendarZone, type Policy } from '../domain/policy';
import type { KpiStore } from './kpi-store';

/** The reports run at this hour in the policy's time zone (EventBridge Scheduler, and the local schedules). */
export const REPORT_LOCAL_HOUR = 7;

/**
 * The scheduled KPI report: the previous whole local period (day, week or month in the policy's time zone) queried
 * by SQL, judged against the policy's targets and mailed to the supervisors with every line as a CSV attachment.
 * A run at 07:00 in Ho Chi Minh City covers yesterday 00:00–24:00 there, whatever the UTC date.
 */
export async function sendKpiReport(
  deps: { store: KpiStore; policy: Policy; mailer: Mailer; to: string; clock: () => Date },
  grain: Grain,
): Promise<{ period: Period; lines: number; messageId: string }> {
  const timeZone = calendarZone(deps.policy);
  const period = previousPeriod(grain, deps.clock(), timeZone);
  const lines = kpiReport(await deps.store.kpiRows([period]), kpiTargetsFor(deps.policy));
  const mail = kpiReportEmail({ policy: { name: deps.policy.name, version: deps.policy.version }, grain, period, timeZone, lines });
  const { messageId } = await deps.mailer.send({
    to: deps.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: [{ filename: mail.csv.filename, contentType: 'text/csv', content: mail.csv.content }],
  });
  return { period, lines: lines.length, messageId };
}
