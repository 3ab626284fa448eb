import { SLA_CLOCKS } from './fact';
import type { KpiLine } from './report';

/**
 * The KPI table as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or
 * line break), for the dashboard's export and the scheduled reports' attachment. Times in hours with two decimals,
 * rates as fractions; an empty cell means no data.
 */

const HOUR = 3_600_000;
const hours = (ms: number | undefined) => (ms === undefined ? '' : (ms / HOUR).toFixed(2));
const num = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(Math.round(x * 10_000) / 10_000));
const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const TIMES = ['frt_calendar', 'frt_business', 'resolution_calendar', 'resolution_business', 'backlog_age'] as const;

export function kpiCsv(lines: readonly KpiLine[]): string {
  const header = [
    'period',
    'dimension',
    'value',
    'received',
    ...TIMES.flatMap((t) => [`${t}_n`, `${t}_median_h`, `${t}_p90_h`]),
    'csat',
    'csat_mean',
    'fcr',
    'escalation_rate',
    ...SLA_CLOCKS.map((c) => `sla_${c}`),
    'targets_missed',
  ];
  const rows = lines.map((l) => [
    l.period,
    l.dimension,
    l.dim_value,
    String(l.received),
    ...TIMES.flatMap((t) => [l.times[t] ? String(l.times[t].n) : '', hours(l.times[t]?.median_ms), hours(l.times[t]?.p90_ms)]),
    num(l.csat.value),
    num(l.csatMean),
    num(l.firstContactResolution.value),
    num(l.escalationRate.value),
    ...SLA_CLOCKS.map((c) => num(l.slaAttainment[c]?.value)),
    l.targets
      .filter((t) => t.met === false)
      .map((t) => t.kpi)
      .join(' '),
  ]);
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
