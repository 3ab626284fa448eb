import * as z from '../zod';
import { SLA_CLOCKS, slaVerdictAt, slaVerdictOf, type KpiFact } from './fact';
import type { Period } from './periods';

/**
 * KPI aggregation, pure. The SQL in functions/analytics/queries computes exactly the same rows over the fact files
 * (a test compares both on the hand-computed set), so these functions are the reference the queries are held to.
 *
 * Rules shared with the SQL:
 * - Only facts as of an instant before the end of the last period count, and of each case only its latest fact
 *   (highest as_of_seq): a report is what was known at the end of its range, and re-running it later gives the same
 *   numbers.
 * - Each measure lands in the period of its own event: FRT in the period of the first response, resolution time in
 *   that of the resolution, an SLA verdict in that of the verdict (delivery or due instant), FCR in that of the
 *   closure, CSAT in that of the rating, escalation in that of the receipt (the share of cases received in the
 *   period that have climbed a rung), backlog at the period's end (received before it, not closed before it).
 * - Percentiles are nearest-rank: the smallest value whose rank r (1-based, ascending) has r/n ≥ p. Always an
 *   observed value, exact, and the same in every SQL engine (Athena has only approximate percentile functions).
 * - Every row exists per dimension value: all, category, channel, department, agent ("unassigned" when none).
 */

export const DIMENSIONS = ['all', 'category', 'channel', 'department', 'agent'] as const;
export const DimensionSchema = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof DimensionSchema>;

export const MeasureSchema = z.enum(['frt_calendar', 'frt_business', 'resolution_calendar', 'resolution_business', 'backlog_age']);
export type Measure = z.infer<typeof MeasureSchema>;

const key = { period: z.iso.date(), dimension: DimensionSchema, dim_value: z.string() };
const count = z.number().check(z.int(), z.nonnegative());

export const DurationRowSchema = z.strictObject({ ...key, measure: MeasureSchema, n: count, median_ms: z.number().check(z.int()), p90_ms: z.number().check(z.int()) });
export type DurationRow = z.infer<typeof DurationRowSchema>;

export const CountRowSchema = z.strictObject({
    ...key,
    received: count,
    escalated: count,
    /** Final cases that were resolved at some point (the FCR denominator) and how many of them were FCR. */
    closed_resolved: count,
    fcr: count,
    rated: count,
    /** Ratings of 4 or 5 out of 5 (CSAT as the share of satisfied customers). */
    satisfied: count,
    csat_sum: count,
  });
export type CountRow = z.infer<typeof CountRowSchema>;

export const SlaRowSchema = z.strictObject({ ...key, clock: z.enum(SLA_CLOCKS), met: count, breached: count });
export type SlaRow = z.infer<typeof SlaRowSchema>;

export const KpiRowsSchema = z.strictObject({ durations: z.array(DurationRowSchema), counts: z.array(CountRowSchema), sla: z.array(SlaRowSchema) });
export type KpiRows = z.infer<typeof KpiRowsSchema>;

/** The latest fact of each case known before `cutoffMs`. */
export function latestFacts(facts: readonly KpiFact[], cutoffMs: number): KpiFact[] {
  const latest = new Map<string, KpiFact>();
  for (const f of facts) {
    if (f.as_of_ms >= cutoffMs) continue;
    const seen = latest.get(f.case_id);
    if (!seen || f.as_of_seq > seen.as_of_seq) latest.set(f.case_id, f);
  }
  return [...latest.values()];
}

export function dimensionValues(f: KpiFact): [Dimension, string][] {
  return [
    ['all', 'all'],
    ['category', f.category],
    ['channel', f.channel],
    ['department', f.department],
    ['agent', f.agent ?? 'unassigned'],
  ];
}

/** Nearest-rank percentile of ascending values: the smallest v_r with r·100 ≥ p·n (p in whole percent). */
export function nearestRank(ascending: readonly number[], percent: number): number {
  const n = ascending.length;
  if (n === 0) throw new RangeError('no values');
  const r = ascending.findIndex((_, i) => (i + 1) * 100 >= percent * n);
  return ascending[r]!;
}

const periodOf = (periods: readonly Period[], ms: number | null): Period | undefined =>
  ms === null ? undefined : periods.find((p) => ms >= p.start_ms && ms < p.end_ms);

class Groups<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly make: (parts: string[]) => T) {}
  get(...parts: string[]): T {
    const k = JSON.stringify(parts);
    let g = this.map.get(k);
    if (!g) {
      g = this.make(parts);
      this.map.set(k, g);
    }
    return g;
  }
  values(): T[] {
    return [...this.map.values()];
  }
}

/** The KPI rows of every period and dimension value, from the facts (any order, duplicates and older facts included). */
export function aggregateKpis(facts: readonly KpiFact[], periods: readonly Period[]): KpiRows {
  const cutoff = Math.max(...periods.map((p) => p.end_ms));
  const cases = latestFacts(facts, cutoff);

  const durations = new Groups<{ key: [string, Dimension, string, Measure]; values: number[] }>((p) => ({ key: p as [string, Dimension, string, Measure], values: [] }));
  const counts = new Groups<CountRow>(([period, dimension, dim_value]) => ({
    period: period!,
    dimension: dimension as Dimension,
    dim_value: dim_value!,
    received: 0,
    escalated: 0,
    closed_resolved: 0,
    fcr: 0,
    rated: 0,
    satisfied: 0,
    csat_sum: 0,
  }));
  const sla = new Groups<SlaRow>(([period, dimension, dim_value, clock]) => ({
    period: period!,
    dimension: dimension as Dimension,
    dim_value: dim_value!,
    clock: clock as SlaRow['clock'],
    met: 0,
    breached: 0,
  }));

  for (const f of cases) {
    for (const [dimension, value] of dimensionValues(f)) {
      const measure = (m: Measure, at: number | null, v: number | null) => {
        const p = periodOf(periods, at);
        if (p && v !== null) durations.get(p.period, dimension, value, m).values.push(v);
      };
      measure('frt_calendar', f.first_response_ms, f.frt_calendar_ms);
      measure('frt_business', f.first_response_ms, f.frt_business_ms);
      measure('resolution_calendar', f.resolved_ms, f.resolution_calendar_ms);
      measure('resolution_business', f.resolved_ms, f.resolution_business_ms);
      for (const p of periods) {
        if (f.received_ms < p.end_ms && (f.closed_ms === null || f.closed_ms >= p.end_ms)) durations.get(p.period, dimension, value, 'backlog_age').values.push(p.end_ms - f.received_ms);
      }

      const received = periodOf(periods, f.received_ms);
      if (received) {
        const row = counts.get(received.period, dimension, value);
        row.received++;
        if (f.escalation_level > 0) row.escalated++;
      }
      const closed = periodOf(periods, f.fcr === null ? null : f.closed_ms);
      if (closed) {
        const row = counts.get(closed.period, dimension, value);
        row.closed_resolved++;
        if (f.fcr) row.fcr++;
      }
      const rated = periodOf(periods, f.csat_score === null ? null : f.rated_ms);
      if (rated && f.csat_score !== null) {
        const row = counts.get(rated.period, dimension, value);
        row.rated++;
        if (f.csat_score >= 4) row.satisfied++;
        row.csat_sum += f.csat_score;
      }

      for (const clock of SLA_CLOCKS) {
        const verdict = slaVerdictOf(f, clock);
        const p = periodOf(periods, slaVerdictAt(f, clock));
        if (!p || (verdict !== 'met' && verdict !== 'breached')) continue;
        sla.get(p.period, dimension, value, clock)[verdict]++;
      }
    }
  }

  return {
    durations: durations.values().map(({ key: [period, dimension, dim_value, measure], values }) => {
      const sorted = values.toSorted((a, b) => a - b);
      return { period, dimension, dim_value, measure, n: sorted.length, median_ms: nearestRank(sorted, 50), p90_ms: nearestRank(sorted, 90) };
    }),
    counts: counts.values(),
    sla: sla.values(),
  };
}
