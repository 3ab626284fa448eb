import type { KpiFact } from '../domain/kpi';

/**
 * Where KPI facts live as files: `<prefix>/dt=YYYY-MM-DD/<batch>.jsonl`, one JSON object per line, partitioned by the
 * UTC date of the fact's instant (Hive style, so Athena's partition projection and DuckDB's hive_partitioning read
 * the same tree). The partition is not a field of the record: both engines add it from the path. The delivery
 * stream on AWS writes the same layout (dynamic partitioning on `.as_of[0:10]`).
 */

export const FACTS_PREFIX = 'kpi-facts';
/** Where the scheduled reports are kept, beside the facts (outside the Glue table's location). */
export const REPORTS_PREFIX = 'reports';

export const partitionOf = (f: Pick<KpiFact, 'as_of'>): string => `dt=${new Date(f.as_of).toISOString().slice(0, 10)}`;

/** Facts grouped by partition, each group as JSON lines. */
export function toPartitionedJsonLines(facts: readonly KpiFact[]): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const f of facts) {
    const p = partitionOf(f);
    const lines = out.get(p) ?? [];
    lines.push(JSON.stringify(f));
    out.set(p, lines);
  }
  return new Map([...out].map(([p, lines]) => [p, `${lines.join('\n')}\n`]));
}
