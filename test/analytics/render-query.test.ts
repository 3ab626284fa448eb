import { describe, expect, it } from 'vitest';
import { KPI_FACT_COLUMNS } from '../../functions/analytics/columns';
import { SQL } from '../../functions/analytics/queries/sql.generated';
import { sqlModuleText } from '../../functions/analytics/queries/sql-module';
import { KPI_QUERIES, queryText, renderQuery } from '../../functions/analytics/render-query';
import { KpiFactSchema, type Period } from '../../functions/domain/kpi';

describe('KPI query text', () => {
  const periods: Period[] = [
    { period: '2026-11-30', start_ms: 1_795_971_600_000, end_ms: 1_796_576_400_000 },
    { period: '2026-12-07', start_ms: 1_796_576_400_000, end_ms: 1_797_181_200_000 },
  ];

  it.each(KPI_QUERIES)('%s: periods become a VALUES table and the cut-off is the end of the last period', (name) => {
    // Act
    const sql = renderQuery(name, periods);
    // Assess
    expect(sql).toContain("('2026-11-30', 1795971600000, 1796576400000)");
    expect(sql).toContain('f.as_of_ms < 1797181200000');
    expect(sql).not.toMatch(/\{\{|\}\}/);
  });

  it('refuses a period that is not an ISO date or whose bounds are not whole numbers (no text reaches the SQL unchecked)', () => {
    expect(() => renderQuery('counts', [{ period: "2026-11-30') UNION SELECT 1 --", start_ms: 1, end_ms: 2 }])).toThrow();
    expect(() => renderQuery('counts', [{ period: '2026-11-30', start_ms: 1.5, end_ms: 2 }])).toThrow();
    expect(() => renderQuery('counts', [])).toThrow();
  });

  it('the queries read only declared columns, and every fact field is a declared column', () => {
    expect(Object.keys(KPI_FACT_COLUMNS).sort()).toEqual(Object.keys(KpiFactSchema.shape).sort());
    // Besides the fact columns: the partition and the columns the queries derive themselves.
    const declared = new Set([...Object.keys(KPI_FACT_COLUMNS), 'dt', 'latest_rank', 'dimension', 'dim_value']);
    for (const name of KPI_QUERIES) {
      const used = [...queryText(name).matchAll(/\b[dlf]\.([a-z_]+)\b/g)].map((m) => m[1]!);
      expect(used.filter((c) => !declared.has(c))).toEqual([]);
    }
  });

  it('the latest-facts CTE is written once: each query takes it from the shared fragment', () => {
    for (const name of KPI_QUERIES) {
      expect(SQL[name]).not.toContain('row_number() OVER (PARTITION BY f.case_id');
      expect(SQL[name]).toContain('{{latest_facts}}');
      expect(queryText(name).match(/row_number\(\) OVER \(PARTITION BY f\.case_id/g)).toHaveLength(1);
    }
  });

  it('the bundled query module is the .sql files as they are (run npm run kpi:queries after editing one)', async () => {
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(new URL('../../functions/analytics/queries/sql.generated.ts', import.meta.url), 'utf8')).toBe(sqlModuleText());
  });
});
