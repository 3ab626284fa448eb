import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import * as z from '../domain/zod';
import { CountRowSchema, DurationRowSchema, SlaRowSchema, type KpiRows, type Period } from '../domain/kpi';
import { FACTS_TABLE, KPI_FACT_COLUMNS, type ColumnType } from './columns';
import { FACTS_PREFIX } from './layout';
import { renderQuery } from './render-query';

/**
 * The KPI queries run by DuckDB over the local fact files: the local stand-in for Athena over S3, reading the same
 * layout with the same SQL. One in-memory database per store; the files are read again for every report, so facts
 * written after opening are in the next one.
 */

const DUCKDB_TYPES: Record<ColumnType, string> = { string: 'VARCHAR', bigint: 'BIGINT', int: 'INTEGER', boolean: 'BOOLEAN' };

const columnsSql = () =>
  Object.entries(KPI_FACT_COLUMNS)
    .map(([name, type]) => `${name}: '${DUCKDB_TYPES[type]}'`)
    .join(', ');

async function hasFiles(dir: string): Promise<boolean> {
  try {
    const entries = await readdir(dir, { recursive: true });
    return entries.some((e) => e.endsWith('.jsonl'));
  } catch {
    return false;
  }
}

/** DuckDB returns BIGINT and HUGEINT sums as bigint: numbers here are counts and ms, far below 2^53. */
const toNumbers = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));

export class DuckDbKpiStore {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly root: string,
  ) {}

  /** A store over the facts under `root` (`<root>/kpi-facts/dt=…/*.jsonl`). */
  static async open(root: string): Promise<DuckDbKpiStore> {
    const instance = await DuckDBInstance.create(':memory:');
    return new DuckDbKpiStore(instance, await instance.connect(), root);
  }

  /** Loads the files once per report into a temporary table: the three queries then parse no JSON again. */
  private async loadFacts(): Promise<void> {
    const dir = join(this.root, FACTS_PREFIX);
    const source = (await hasFiles(dir))
      ? `SELECT * FROM read_json('${dir.replaceAll("'", "''")}/*/*.jsonl', format = 'newline_delimited', hive_partitioning = true, hive_types = {'dt': 'DATE'}, columns = {${columnsSql()}})`
      : // No file yet: the same columns, no rows (read_json refuses an empty glob).
        `SELECT ${Object.entries(KPI_FACT_COLUMNS)
          .map(([name, type]) => `CAST(NULL AS ${DUCKDB_TYPES[type]}) AS ${name}`)
          .join(', ')}, CAST(NULL AS DATE) AS dt WHERE false`;
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE ${FACTS_TABLE} AS ${source}`);
  }

  private async rows<T>(sql: string, schema: z.ZodMiniType<T>): Promise<T[]> {
    const result = await this.connection.runAndReadAll(sql);
    return result.getRowObjects().map((r) => schema.parse(toNumbers(r)));
  }

  /** Reports run one after the other: each replaces the temporary table the other's queries read. */
  private queue: Promise<unknown> = Promise.resolve();

  /** The KPI rows of the periods, as `aggregateKpis` computes them from the same facts. */
  kpiRows(periods: readonly Period[]): Promise<KpiRows> {
    const run = async () => {
      await this.loadFacts();
      return {
        counts: await this.rows(renderQuery('counts', periods), CountRowSchema),
        durations: await this.rows(renderQuery('durations', periods), DurationRowSchema),
        sla: await this.rows(renderQuery('sla', periods), SlaRowSchema),
      };
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
