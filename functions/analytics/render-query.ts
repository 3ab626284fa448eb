import * as z from '../domain/zod';
import { PeriodSchema, type Period } from '../domain/kpi';
import { SQL } from './queries/sql.generated';

/**
 * The KPI queries as text, filled with one range's periods. The same text runs on Athena and on DuckDB, so the
 * parameters are written as literals (Athena's execution parameters are positional and DuckDB's differ): each value
 * is validated first (ISO dates, safe integers), so nothing but digits, dashes and the fixed SQL reaches the engine.
 */

export const KPI_QUERIES = ['counts', 'durations', 'sla'] as const;
export type KpiQuery = (typeof KPI_QUERIES)[number];

/** The query as written (functions/analytics/queries/<name>.sql), with the shared latest-facts fragment spliced in. */
export function queryText(name: KpiQuery): string {
  return SQL[name].replaceAll('{{latest_facts}}', SQL.latestFacts.replace(/^(--[^\n]*\n)+/, '').trimEnd());
}

const PeriodsSchema = z.array(PeriodSchema.check(z.refine((p) => Number.isSafeInteger(p.start_ms) && Number.isSafeInteger(p.end_ms) && p.start_ms < p.end_ms, 'a period ends after it starts'))).check(z.minLength(1));

/** The query for these periods; the cut-off is the end of the last period (what was known when the range ended). */
export function renderQuery(name: KpiQuery, periods: readonly Period[]): string {
  const valid = PeriodsSchema.parse(periods);
  const rows = valid.map((p) => `('${p.period}', ${p.start_ms}, ${p.end_ms})`).join(',\n    ');
  const periodsSql = `SELECT * FROM (VALUES\n    ${rows}\n  ) AS t (period, start_ms, end_ms)`;
  const cutoff = Math.max(...valid.map((p) => p.end_ms));
  return queryText(name).replaceAll('{{periods}}', periodsSql).replaceAll('{{cutoff_ms}}', String(cutoff));
}
