import * as z from '../zod';
import { DimensionSchema, MeasureSchema, type CountRow, type DurationRow, type KpiRows, type Measure, type SlaRow } from './aggregate';
import { SLA_CLOCKS, type SlaClock } from './fact';
import type { KpiTargets, TimeTarget } from './targets';

/**
 * The KPI table a dashboard, a report or an API shows: per period and dimension value, every KPI with its rate
 * computed from the rows (the same whether the rows came from SQL or from the pure aggregation) and, where the
 * policy sets one, its target and whether it was reached.
 */

const rate = z.strictObject({ numerator: z.number().check(z.int()), denominator: z.number().check(z.int()), value: z.nullable(z.number()) });
const duration = z.strictObject({ n: z.number().check(z.int()), median_ms: z.number().check(z.int()), p90_ms: z.number().check(z.int()) });

export const TargetCheckSchema = z.strictObject({
    kpi: z.string(),
    clause: z.string(),
    /** "≥ 90%", "median < 2 hours" */
    target: z.string(),
    actual: z.nullable(z.number()),
    /** null when the period has no data for the KPI. */
    met: z.nullable(z.boolean()),
  });
export type TargetCheck = z.infer<typeof TargetCheckSchema>;

export const KpiLineSchema = z.strictObject({
    period: z.iso.date(),
    dimension: DimensionSchema,
    dim_value: z.string(),
    times: z.partialRecord(MeasureSchema, duration),
    received: z.number().check(z.int()),
    escalationRate: rate,
    firstContactResolution: rate,
    csat: rate,
    csatMean: z.nullable(z.number()),
    slaAttainment: z.partialRecord(z.enum(SLA_CLOCKS), rate),
    targets: z.array(TargetCheckSchema),
  });
export type KpiLine = z.infer<typeof KpiLineSchema>;

const ratio = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator === 0 ? null : numerator / denominator });
const UNIT_MS = { minutes: 60_000, hours: 3_600_000 } as const;
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

function timeCheck(kpi: string, t: TimeTarget, measure: Record<'calendar' | 'business', Measure>, times: KpiLine['times']): TargetCheck {
  const row = times[measure[t.below.basis]];
  const limit = t.below.amount * UNIT_MS[t.below.unit];
  const actual = row ? (t.statistic === 'median' ? row.median_ms : row.p90_ms) : null;
  const words = `${t.statistic} < ${t.below.amount} ${t.below.basis === 'business' ? 'business ' : ''}${t.below.unit}`;
  return { kpi, clause: t.clause, target: words, actual, met: actual === null ? null : actual < limit };
}

function shareCheck(kpi: string, clause: string, r: z.infer<typeof rate>, bound: { atLeast?: number; atMost?: number }): TargetCheck {
  const target = bound.atLeast !== undefined ? `≥ ${pct(bound.atLeast)}` : `≤ ${pct(bound.atMost!)}`;
  const met = r.value === null ? null : bound.atLeast !== undefined ? r.value >= bound.atLeast : r.value <= bound.atMost!;
  return { kpi, clause, target, actual: r.value, met };
}

/** One line per period and dimension value that has any row, in period, dimension and value order. */
export function kpiReport(rows: KpiRows, targets: KpiTargets = {}): KpiLine[] {
  const lines = new Map<string, { durations: DurationRow[]; counts?: CountRow; sla: SlaRow[] }>();
  const at = (r: { period: string; dimension: string; dim_value: string }) => {
    const k = JSON.stringify([r.period, r.dimension, r.dim_value]);
    let l = lines.get(k);
    if (!l) lines.set(k, (l = { durations: [], sla: [] }));
    return l;
  };
  for (const r of rows.durations) at(r).durations.push(r);
  for (const r of rows.counts) at(r).counts = r;
  for (const r of rows.sla) at(r).sla.push(r);

  const out: KpiLine[] = [];
  for (const [k, l] of lines) {
    const [period, dimension, dim_value] = JSON.parse(k) as [string, KpiLine['dimension'], string];
    const c = l.counts;
    const times: KpiLine['times'] = {};
    for (const d of l.durations) times[d.measure] = { n: d.n, median_ms: d.median_ms, p90_ms: d.p90_ms };
    const slaAttainment: KpiLine['slaAttainment'] = {};
    for (const s of l.sla) slaAttainment[s.clock] = ratio(s.met, s.met + s.breached);
    const line: Omit<KpiLine, 'targets'> = {
      period,
      dimension,
      dim_value,
      times,
      received: c?.received ?? 0,
      escalationRate: ratio(c?.escalated ?? 0, c?.received ?? 0),
      firstContactResolution: ratio(c?.fcr ?? 0, c?.closed_resolved ?? 0),
      csat: ratio(c?.satisfied ?? 0, c?.rated ?? 0),
      csatMean: c && c.rated > 0 ? c.csat_sum / c.rated : null,
      slaAttainment,
    };
    const checks: TargetCheck[] = [];
    if (targets.csat) checks.push(shareCheck('csat', targets.csat.clause, line.csat, targets.csat));
    if (targets.firstResponseTime) checks.push(timeCheck('firstResponseTime', targets.firstResponseTime, { calendar: 'frt_calendar', business: 'frt_business' }, times));
    if (targets.resolutionTime) checks.push(timeCheck('resolutionTime', targets.resolutionTime, { calendar: 'resolution_calendar', business: 'resolution_business' }, times));
    if (targets.firstContactResolution) checks.push(shareCheck('firstContactResolution', targets.firstContactResolution.clause, line.firstContactResolution, targets.firstContactResolution));
    if (targets.escalationRate) checks.push(shareCheck('escalationRate', targets.escalationRate.clause, line.escalationRate, targets.escalationRate));
    if (targets.slaAttainment) {
      for (const clock of targets.slaAttainment.clocks) {
        checks.push(shareCheck(`slaAttainment.${clock}`, targets.slaAttainment.clause, slaAttainment[clock] ?? ratio(0, 0), targets.slaAttainment));
      }
    }
    out.push({ ...line, targets: checks });
  }
  const order = (x: KpiLine) => [x.period, DimensionSchema.options.indexOf(x.dimension).toString().padStart(2, '0'), x.dim_value].join('\u0000');
  return out.toSorted((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

