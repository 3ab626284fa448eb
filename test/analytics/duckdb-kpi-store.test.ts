import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbKpiStore } from '../../functions/analytics/duckdb-kpi-store';
import { writeFactFiles } from '../../functions/analytics/local-fact-files';
import { aggregateKpis, KpiFactSchema, periodsOf, type KpiFact, type KpiRows } from '../../functions/domain/kpi';
import { allFacts, handComputedCases, HOUR } from '../domain/kpi/hand-computed-cases';

/**
 * The same numbers by SQL: the hand-computed facts written as partitioned JSON-lines files and queried by DuckDB
 * with the SQL Athena runs on AWS must give exactly the rows of the pure aggregation.
 */

let root: string;
let facts: KpiFact[];
let store: DuckDbKpiStore;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'redress-kpi-'));
  facts = allFacts(handComputedCases());
  // Two batches, as a delivery stream would flush them; the second repeats a few facts (at-least-once delivery).
  await writeFactFiles(root, facts.slice(0, 20), 'batch-1');
  await writeFactFiles(root, [...facts.slice(20), ...facts.slice(15, 20)], 'batch-2');
  store = await DuckDbKpiStore.open(root);
});
afterAll(async () => {
  store?.close();
  await rm(root, { recursive: true, force: true });
});

const sorted = (r: KpiRows): KpiRows => {
  const by = (x: object) => JSON.stringify(x);
  const sort = <T extends object>(xs: T[]) => xs.toSorted((a, b) => by(a).localeCompare(by(b)));
  return { durations: sort(r.durations), counts: sort(r.counts), sla: sort(r.sla) };
};

describe('DuckDB over the fact files', () => {
  it('writes Hive partitions by the UTC date of each fact, each line a valid fact', async () => {
    // Assess
    const partitions = (await readdir(join(root, 'kpi-facts'))).sort();
    expect(partitions[0]).toBe('dt=2026-11-26');
    expect(partitions.every((p) => /^dt=\d{4}-\d{2}-\d{2}$/.test(p))).toBe(true);
    const [file] = await readdir(join(root, 'kpi-facts', 'dt=2026-11-26'));
    const lines = (await readFile(join(root, 'kpi-facts', 'dt=2026-11-26', file!), 'utf8')).trim().split('\n');
    expect(lines.map((l) => KpiFactSchema.parse(JSON.parse(l)).case_id)).toContain('0d000000-0000-4000-8000-00000000000d');
  });

  it.each([
    ['week', '2026-11-23', '2026-12-07'],
    ['day', '2026-11-26', '2026-12-06'],
    ['month', '2026-11-01', '2026-12-31'],
  ] as const)('per %s from %s: the SQL rows equal the pure aggregation', async (grain, from, to) => {
    // Prepare
    const periods = periodsOf({ grain, from, to, timeZone: 'Asia/Ho_Chi_Minh' });
    // Act
    const bySql = await store.kpiRows(periods);
    // Assess
    expect(sorted(bySql)).toEqual(sorted(aggregateKpis(facts, periods)));
    expect(bySql.durations.length + bySql.counts.length + bySql.sla.length).toBeGreaterThan(20);
  });

  it('and the hand-computed numbers themselves: week of 30 Nov, median FRT 3 h, p90 resolution 192 h, 3 of 4 first responses on time', async () => {
    const rows = await store.kpiRows(periodsOf({ grain: 'week', from: '2026-11-30', to: '2026-12-07', timeZone: 'Asia/Ho_Chi_Minh' }));
    const all = (r: { dimension: string }) => r.dimension === 'all';
    expect(rows.durations.find((r) => all(r) && r.measure === 'frt_calendar')).toMatchObject({ n: 4, median_ms: 3 * HOUR });
    expect(rows.durations.find((r) => all(r) && r.measure === 'resolution_calendar')).toMatchObject({ p90_ms: 192 * HOUR });
    expect(rows.sla.find((r) => all(r) && r.clock === 'firstResponse')).toMatchObject({ met: 3, breached: 1 });
    expect(rows.counts.find(all)).toMatchObject({ closed_resolved: 4, fcr: 1, rated: 3, satisfied: 2 });
  });

  it('an empty fact store answers with no rows instead of failing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'redress-kpi-empty-'));
    const s = await DuckDbKpiStore.open(empty);
    try {
      expect(await s.kpiRows(periodsOf({ grain: 'day', from: '2026-12-01', to: '2026-12-02', timeZone: 'UTC' }))).toEqual({ counts: [], durations: [], sla: [] });
    } finally {
      s.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
