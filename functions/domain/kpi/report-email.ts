import { escapeHtml } from '../policy/render';
import type { KpiLine } from './report';
import type { Grain, Period } from './periods';
import { kpiCsv } from './csv';

/**
 * The scheduled KPI report as an email: the whole-organisation line of the period as a table (each KPI, its value,
 * the policy's target and whether it was reached), and every line (by category, channel, department, agent) as the
 * CSV attachment. Pure: the same lines always give the same message.
 */

export interface KpiReportEmail {
  subject: string;
  text: string;
  html: string;
  csv: { filename: string; content: string };
}

const HOUR = 3_600_000;
const GRAIN_WORD: Record<Grain, string> = { day: 'Daily', week: 'Weekly', month: 'Monthly' };
const hours = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / HOUR).toFixed(1)} h`);
const share = (v: number | null) => (v === null ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)} %`);

/** `link`: where the report is kept (its page, with the chart); the mail names it when given. */
export function kpiReportEmail(input: { policy: { name: string; version: string }; grain: Grain; period: Period; timeZone: string; lines: readonly KpiLine[]; link?: string }): KpiReportEmail {
  const { policy, grain, period, timeZone, lines, link } = input;
  const all = lines.find((l) => l.dimension === 'all');
  const rows: [string, string][] = all
    ? [
        ['Cases received', String(all.received)],
        ['First response, median (p90)', `${hours(all.times.frt_calendar?.median_ms)} (${hours(all.times.frt_calendar?.p90_ms)})`],
        ['First response in business hours, median', hours(all.times.frt_business?.median_ms)],
        ['Resolution, median (p90)', `${hours(all.times.resolution_calendar?.median_ms)} (${hours(all.times.resolution_calendar?.p90_ms)})`],
        ['Resolution in business hours, median', hours(all.times.resolution_business?.median_ms)],
        ['Customer satisfaction (4–5 of 5)', share(all.csat.value)],
        ['First-contact resolution', share(all.firstContactResolution.value)],
        ['Escalated', share(all.escalationRate.value)],
        ...Object.entries(all.slaAttainment).map(([clock, r]): [string, string] => [`Promises kept: ${clock}`, `${share(r.value)} (${r.numerator} of ${r.denominator})`]),
        ['Open at the end, median age', hours(all.times.backlog_age?.median_ms)],
      ]
    : [];
  const checks = (all?.targets ?? []).map((t) => ({ ...t, verdict: t.met === null ? 'no data' : t.met ? 'met' : 'MISSED' }));
  const title = `${GRAIN_WORD[grain]} KPI report, ${grain === 'day' ? '' : `${grain} of `}${period.period} (${timeZone})`;
  const text = [
    `${title} — policy ${policy.name} ${policy.version}`,
    '',
    ...(all ? rows.map(([k, v]) => `${k}: ${v}`) : ['No case activity in this period.']),
    ...(checks.length ? ['', 'Targets:', ...checks.map((c) => `- ${c.kpi}: ${c.target}, ${c.verdict} — ${c.clause}`)] : []),
    '',
    'Every line by category, channel, department and agent is in the attached CSV; the chart is attached too.',
    ...(link ? ['', `The report is kept at ${link}`] : []),
  ].join('\n');
  const tr = (cells: string[], head = false) => `<tr>${cells.map((c) => (head ? `<th>${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`;
  const html = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Policy ${escapeHtml(policy.name)} ${escapeHtml(policy.version)}.</p>`,
    all ? `<table>${tr(['KPI', 'Value'], true)}${rows.map(([k, v]) => tr([k, v])).join('')}</table>` : '<p>No case activity in this period.</p>',
    checks.length ? `<h2>Targets</h2><table>${tr(['KPI', 'Target', 'Verdict', 'Policy clause'], true)}${checks.map((c) => tr([c.kpi, c.target, c.verdict, c.clause])).join('')}</table>` : '',
    '<p>Every line by category, channel, department and agent is in the attached CSV.</p>',
    link ? `<p><a href="${escapeHtml(link)}">The report with its chart, as kept</a></p>` : '',
  ].join('\n');
  return {
    subject: `${GRAIN_WORD[grain]} KPI report ${period.period}${checks.some((c) => c.met === false) ? ` — ${checks.filter((c) => c.met === false).length} target(s) missed` : ''}`,
    text,
    html,
    csv: { filename: `kpis-${grain}-${period.period}.csv`, content: kpiCsv(lines) },
  };
}
