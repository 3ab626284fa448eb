import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaKpiStore } from '../../functions/analytics/athena-kpi-store';
import { renderQuery } from '../../functions/analytics/render-query';
import { periodsOf } from '../../functions/domain/kpi';

/** The Athena store with a mocked client: the same SQL text, polling, paging and typing of string results. */

const athena = mockClient(AthenaClient);
const periods = periodsOf({ grain: 'week', from: '2026-11-30', to: '2026-12-07', timeZone: 'Asia/Ho_Chi_Minh' });
const cell = (v: string | undefined) => (v === undefined ? {} : { VarCharValue: v });
const columns = (names: [string, string][]) => names.map(([Name, Type]) => ({ Name, Type }));

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString: string }) => ({ QueryExecutionId: input.QueryString.includes('measures AS') ? 'q-durations' : input.QueryString.includes('verdicts AS') ? 'q-sla' : 'q-counts' }));
  athena.on(GetQueryExecutionCommand).resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } }).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
  athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q-counts' }).resolves({
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: columns([['period', 'varchar'], ['dimension', 'varchar'], ['dim_value', 'varchar'], ['received', 'bigint'], ['escalated', 'bigint'], ['closed_resolved', 'bigint'], ['fcr', 'bigint'], ['rated', 'bigint'], ['satisfied', 'bigint'], ['csat_sum', 'bigint']]) },
      Rows: [{ Data: ['period', 'dimension', 'dim_value', 'received', 'escalated', 'closed_resolved', 'fcr', 'rated', 'satisfied', 'csat_sum'].map(cell) }, { Data: ['2026-11-30', 'all', 'all', '3', '0', '4', '1', '3', '2', '12'].map(cell) }],
    },
  });
  const durationColumns = columns([['period', 'varchar'], ['dimension', 'varchar'], ['dim_value', 'varchar'], ['measure', 'varchar'], ['n', 'bigint'], ['median_ms', 'bigint'], ['p90_ms', 'bigint']]);
  athena
    .on(GetQueryResultsCommand, { QueryExecutionId: 'q-durations' })
    .resolvesOnce({ NextToken: 'page-2', ResultSet: { ResultSetMetadata: { ColumnInfo: durationColumns }, Rows: [{ Data: durationColumns.map((c) => cell(c.Name)) }, { Data: ['2026-11-30', 'all', 'all', 'frt_calendar', '4', '10800000', '514800000'].map(cell) }] } })
    .resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: durationColumns }, Rows: [{ Data: ['2026-11-30', 'agent', 'agent-1', 'frt_calendar', '2', '3600000', '235800000'].map(cell) }] } });
  athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q-sla' }).resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [{ Data: [] }] } });
});

describe('AthenaKpiStore', () => {
  it('runs the rendered queries in the workgroup and database, and types the string results by column', async () => {
    // Act
    const rows = await new AthenaKpiStore(new AthenaClient({ region: 'us-east-1' }), { workGroup: 'redress-kpi', database: 'redress_db' }, async () => {}).kpiRows(periods);
    // Assess
    const starts = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(starts.map((s) => s.QueryString).sort()).toEqual(['counts', 'durations', 'sla'].map((q) => renderQuery(q as 'counts', periods)).sort());
    expect(starts.every((s) => s.WorkGroup === 'redress-kpi' && s.QueryExecutionContext?.Database === 'redress_db')).toBe(true);
    expect(rows.counts).toEqual([{ period: '2026-11-30', dimension: 'all', dim_value: 'all', received: 3, escalated: 0, closed_resolved: 4, fcr: 1, rated: 3, satisfied: 2, csat_sum: 12 }]);
    expect(rows.durations.map((d) => [d.dim_value, d.n, d.median_ms])).toEqual([
      ['all', 4, 10_800_000],
      ['agent-1', 2, 3_600_000],
    ]);
    expect(rows.sla).toEqual([]);
  });

  it('reports a failed query with Athena’s reason', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'COLUMN_NOT_FOUND: line 9' } } });
    const store = new AthenaKpiStore(new AthenaClient({ region: 'us-east-1' }), { workGroup: 'w', database: 'd' }, async () => {});
    await expect(store.kpiRows(periods)).rejects.toThrow(/failed: COLUMN_NOT_FOUND/);
  });

  it('gives up after the configured number of polls', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    const waits: number[] = [];
    const store = new AthenaKpiStore(new AthenaClient({ region: 'us-east-1' }), { workGroup: 'w', database: 'd', maxPolls: 6 }, async (ms) => void waits.push(ms));
    await expect(store.kpiRows(periods)).rejects.toThrow(/did not finish after 6 polls/);
    // The three queries poll side by side, each backing off 200 ms → 2 s.
    const each = [200, 400, 800, 1600, 2000, 2000];
    expect(waits.toSorted((a, b) => a - b)).toEqual([...each, ...each, ...each].toSorted((a, b) => a - b));
  });
});
