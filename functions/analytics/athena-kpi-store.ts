import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type ColumnInfo } from '@aws-sdk/client-athena';
import type * as z from '../domain/zod';
import { CountRowSchema, DurationRowSchema, SlaRowSchema, type KpiRows, type Period } from '../domain/kpi';
import { renderQuery } from './render-query';

/**
 * The KPI queries on AWS: the same SQL as the DuckDB store, run by Athena in the analytics workgroup over the Glue
 * table (infra/constructs/analytics.ts). Athena answers asynchronously: start, poll with backoff, then page through
 * the results, whose values all arrive as strings and are typed here from the result's column metadata.
 */

export interface AthenaKpiConfig {
  workGroup: string;
  database: string;
  /** Gives up on a query after this many polls (with backoff from 200 ms to 2 s, about two minutes). */
  maxPolls?: number;
}

const NUMERIC = new Set(['tinyint', 'smallint', 'integer', 'bigint', 'double', 'float', 'real', 'decimal']);
const defaultWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AthenaKpiStore {
  constructor(
    private readonly client: AthenaClient,
    private readonly config: AthenaKpiConfig,
    private readonly wait: (ms: number) => Promise<void> = defaultWait,
  ) {}

  async kpiRows(periods: readonly Period[]): Promise<KpiRows> {
    const [counts, durations, sla] = await Promise.all([
      this.rows(renderQuery('counts', periods), CountRowSchema),
      this.rows(renderQuery('durations', periods), DurationRowSchema),
      this.rows(renderQuery('sla', periods), SlaRowSchema),
    ]);
    return { counts, durations, sla };
  }

  private async rows<T>(sql: string, schema: z.ZodMiniType<T>): Promise<T[]> {
    const started = await this.client.send(
      new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: this.config.workGroup, QueryExecutionContext: { Database: this.config.database } }),
    );
    const id = started.QueryExecutionId!;
    await this.completion(id);
    const out: T[] = [];
    let columns: ColumnInfo[] | undefined;
    let token: string | undefined;
    do {
      const page = await this.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }));
      const rows = page.ResultSet?.Rows ?? [];
      // The first row of the first page repeats the column names.
      const data = columns ? rows : rows.slice(1);
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      for (const row of data) {
        const record: Record<string, unknown> = {};
        row.Data?.forEach((cell, i) => {
          const column = columns![i]!;
          const text = cell.VarCharValue;
          record[column.Name!] = text === undefined ? null : NUMERIC.has(column.Type ?? '') ? Number(text) : text;
        });
        out.push(schema.parse(record));
      }
      token = page.NextToken;
    } while (token);
    return out;
  }

  private async completion(id: string): Promise<void> {
    const maxPolls = this.config.maxPolls ?? 80;
    for (let poll = 0; poll < maxPolls; poll++) {
      const { QueryExecution } = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') return;
      if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`Athena query ${id} ${state.toLowerCase()}: ${QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`);
      await this.wait(Math.min(2_000, 200 * 2 ** Math.min(poll, 4)));
    }
    throw new Error(`Athena query ${id} did not finish after ${maxPolls} polls`);
  }
}
