import type { KpiStore, Mailer, ReportArchive } from '../core/ports';
import { kpiReport, kpiReportChart, kpiReportEmail, kpiTargetsFor, previousPeriod, type Grain, type Period } from '../domain/kpi';
import { calendarZone, escapeHtml, type Policy } from '../domain/policy';
import { chartPng } from './chart-png';

/** The inline chart's Content-ID: the mail's HTML shows it with `<img src="cid:kpi-chart">`. */
export const CHART_CONTENT_ID = 'kpi-chart';

/** The console page that opens a kept report (web/console/report.html), for the mail. */
export const reportPageUrl = (publicBaseUrl: string, grain: string, period: string): string =>
  `${publicBaseUrl.replace(/\/$/, '')}/console/report.html?${new URLSearchParams({ grain, period })}`;

/** The reports run at this hour in the policy's time zone (EventBridge Scheduler, and the local schedules). */
export const REPORT_LOCAL_HOUR = 7;

/**
 * The scheduled KPI report: the previous whole local period (day, week or month in the policy's time zone) queried
 * by SQL, judged against the policy's targets, kept in the report archive (the page with its chart, the CSV, the
 * chart) and mailed to the supervisors with the KPI table, the chart and every line as a CSV attached, and the link
 * to the kept page. A run at 07:00 in Ho Chi Minh City covers yesterday 00:00–24:00 there, whatever the UTC date.
 */
export async function sendKpiReport(
  deps: { store: KpiStore; policy: Policy; mailer: Mailer; archive: ReportArchive; to: string; clock: () => Date; publicBaseUrl: string },
  grain: Grain,
): Promise<{ period: Period; lines: number; messageId: string; kept: string[] }> {
  const timeZone = calendarZone(deps.policy);
  const period = previousPeriod(grain, deps.clock(), timeZone);
  const lines = kpiReport(await deps.store.kpiRows([period]), kpiTargetsFor(deps.policy));
  const input = { policy: { name: deps.policy.name, version: deps.policy.version }, grain, period, timeZone, lines };
  const page = kpiReportEmail(input);
  const chart = kpiReportChart(page.subject, lines);
  const chartFile = chart === undefined ? [] : [{ name: 'chart.svg', contentType: 'image/svg+xml', content: chart }];
  // The kept page shows the chart inline (a browser renders SVG; mail clients get it attached instead).
  const pageHtml = `<!doctype html><meta charset="utf-8"><title>${page.subject.replace(/[<&]/g, '')}</title>\n${page.html}\n${chart ?? ''}`;
  const { keys } = await deps.archive.keep(
    `${grain}/${period.period}`,
    [{ name: 'index.html', contentType: 'text/html; charset=utf-8', content: pageHtml }, { name: page.csv.filename, contentType: 'text/csv', content: page.csv.content }, ...chartFile],
  );
  // The mail links the console's report page, which asks GET /staff/reports/… for a fresh link behind the staff
  // sign-in: the archive's presigned link would die with the role session that signed it (hours on Lambda).
  const mail = kpiReportEmail({ ...input, link: reportPageUrl(deps.publicBaseUrl, grain, period.period) });
  // Mail clients block SVG: the chart goes inline as a PNG shown in the body, the SVG stays attached beside it.
  const png = chart === undefined ? undefined : await chartPng(chart);
  const { messageId } = await deps.mailer.send({
    to: deps.to,
    subject: mail.subject,
    text: mail.text,
    html: png === undefined ? mail.html : `${mail.html}\n<p><img src="cid:${CHART_CONTENT_ID}" alt="${escapeHtml(page.subject)}" width="640"></p>`,
    attachments: [
      { filename: mail.csv.filename, contentType: 'text/csv', content: mail.csv.content },
      ...(png === undefined ? [] : [{ filename: `kpis-${grain}-${period.period}.png`, contentType: 'image/png', content: png, contentId: CHART_CONTENT_ID }]),
      ...(chart === undefined ? [] : [{ filename: `kpis-${grain}-${period.period}.svg`, contentType: 'image/svg+xml', content: chart }]),
    ],
  });
  return { period, lines: lines.length, messageId, kept: keys };
}
