/**
 * What a KPI report costs to query on Athena for a month of 1,000,000 cases, from measured sizes: the KPI facts of
 * the hand-computed cases (test/domain/kpi/hand-computed-cases.ts: five cases driven through the real lifecycle, one
 * fact per accepted write, as the change stream writes them), their size as the JSON lines the delivery stream
 * writes today (functions/analytics/layout.ts, uncompressed), and the same facts as Parquet (written by DuckDB with
 * Snappy, as Firehose's record-format conversion would) with the bytes of only the columns the three queries read.
 * A synthetic sample of SAMPLE facts (the measured facts with fresh ids and instants spread over a month) gives the
 * Parquet figures at a size where its per-file overhead no longer counts. Run: `npx tsx bench/kpi-query-cost.ts`.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { FACTS_TABLE, KPI_FACT_COLUMNS } from '../functions/analytics/columns';
import { KPI_QUERIES, queryText } from '../functions/analytics/render-query';
import type { KpiFact } from '../functions/domain/kpi';
import { handComputedCases } from '../test/domain/kpi/hand-computed-cases';

const CASES_PER_MONTH = 1_000_000;
const USD_PER_TB = 5;
const TB = 1024 ** 4;
/** Athena bills at least 10 MB per query. */
const MIN_BILLED = 10 * 1024 ** 2;
const SAMPLE = 200_000;
const MONTH_MS = 30 * 86_400_000;

const runs = Object.values(handComputedCases());
const facts = runs.flatMap((r) => r.facts);
const factsPerCase = facts.length / runs.length;
const jsonBytesPerFact = facts.reduce((n, f) => n + Buffer.byteLength(JSON.stringify(f)) + 1, 0) / facts.length;

// Columns the queries name (with SELECT f.* in the shared fragment, Athena/Trino still reads only the columns used
// further on: it prunes unreferenced columns of a columnar file).
const sql = KPI_QUERIES.map(queryText).join('\n');
const columns = Object.keys(KPI_FACT_COLUMNS) as (keyof KpiFact)[];
const read = columns.filter((c) => new RegExp(`\\b${c}\\b`).test(sql));

// The synthetic sample: each measured fact copied with a fresh case id and its instants moved by a random offset.
// Each instant also gets its own jitter (up to an hour): real instants are all distinct, and Parquet's dictionaries
// would make copies of the same few instants look far smaller than real ones.
const jitter = () => Math.floor(Math.random() * 3_600_000);
const shift = (v: unknown, by: number) => (typeof v === 'number' && v > 1e12 ? v + by + jitter() : typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(Date.parse(v) + by + jitter()).toISOString() : v);
const dir = mkdtempSync(join(tmpdir(), 'redress-kpi-cost-'));
const jsonFile = join(dir, 'facts.jsonl');
const lines: string[] = [];
for (let i = 0; lines.length < SAMPLE; i++) {
  const run = runs[i % runs.length]!;
  const caseId = crypto.randomUUID();
  const by = Math.floor(Math.random() * MONTH_MS);
  for (const f of run.facts) {
    const copy = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, shift(v, by)])) as Record<string, unknown>;
    copy.case_id = caseId;
    copy.fact_id = `${caseId}#${f.as_of_seq}`;
    lines.push(JSON.stringify(copy));
  }
}
writeFileSync(jsonFile, `${lines.join('\n')}\n`);
const parquetFile = join(dir, 'facts.parquet');
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const types: Record<string, string> = { string: 'VARCHAR', bigint: 'BIGINT', int: 'INTEGER', boolean: 'BOOLEAN' };
const cols = Object.entries(KPI_FACT_COLUMNS).map(([n, t]) => `${n}: '${types[t]}'`).join(', ');
await db.run(`CREATE TABLE ${FACTS_TABLE} AS SELECT * FROM read_json('${jsonFile}', format = 'newline_delimited', columns = {${cols}})`);
await db.run(`COPY ${FACTS_TABLE} TO '${parquetFile}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)`);
const meta = (await (await db.runAndReadAll(`SELECT path_in_schema AS col, SUM(total_compressed_size) AS bytes FROM parquet_metadata('${parquetFile}') GROUP BY 1`)).getRowObjects()) as { col: string; bytes: bigint }[];
const sampleFacts = lines.length;
const parquetBytesPerFact = statSync(parquetFile).size / sampleFacts;
const readBytesPerFact = meta.filter((m) => (read as string[]).includes(m.col)).reduce((n, m) => n + Number(m.bytes), 0) / sampleFacts;
const sampleJsonBytesPerFact = statSync(jsonFile).size / sampleFacts;
instance.closeSync();
rmSync(dir, { recursive: true, force: true });

const monthFacts = CASES_PER_MONTH * factsPerCase;
const cost = (bytesPerQuery: number) => KPI_QUERIES.length * Math.max(MIN_BILLED, bytesPerQuery) * (USD_PER_TB / TB);
const gb = (b: number) => `${(b / 1024 ** 3).toFixed(2)} GiB`;
const usd = (d: number) => `$${d.toFixed(4)}`;
console.log(`facts per case (hand-computed set, ${runs.length} cases): ${factsPerCase.toFixed(2)}`);
console.log(`JSON bytes per fact: ${jsonBytesPerFact.toFixed(0)} (synthetic sample: ${sampleJsonBytesPerFact.toFixed(0)})`);
console.log(`Parquet (Snappy) bytes per fact, sample of ${sampleFacts}: ${parquetBytesPerFact.toFixed(1)} whole row, ${readBytesPerFact.toFixed(1)} in the ${read.length} of ${columns.length} columns the queries read`);
console.log(`1,000,000-case month: ${(monthFacts / 1e6).toFixed(2)} M facts; JSON ${gb(monthFacts * jsonBytesPerFact)}, Parquet ${gb(monthFacts * parquetBytesPerFact)} (${gb(monthFacts * readBytesPerFact)} read)`);
console.log(`one report = ${KPI_QUERIES.length} queries, each over every fact before its cut-off (no partition pruning), at $${USD_PER_TB}/TB:`);
for (const months of [1, 12]) {
  console.log(`  ${String(months).padStart(2)} month(s) of history: JSON ${usd(cost(months * monthFacts * jsonBytesPerFact))}, Parquet ${usd(cost(months * monthFacts * readBytesPerFact))}`);
}
