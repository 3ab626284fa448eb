import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { table } from './stats';

/**
 * One line of `npm run bench`: a target of issue 14 for one subject (a function, a scenario), the figure measured,
 * the baseline measured in the same run, and the verdict. `met` is judged by the bench from the figure and the
 * limit; `info` rows carry figures that inform a decision and have no limit of their own.
 */
export interface TargetRow {
  target: string;
  subject: string;
  figure: string;
  baseline: string;
  limit: string;
  verdict: 'met' | 'NOT MET' | 'info';
  /** the raw numbers behind the text, for the JSON */
  values: Record<string, number | string | string[]>;
  /** What the figure is made of (target 4: each scenario's counts and cost by component), for the JSON only. */
  details?: unknown;
}

export const verdict = (ok: boolean): TargetRow['verdict'] => (ok ? 'met' : 'NOT MET');

export function printRows(rows: TargetRow[]): string {
  return table(rows.map((r) => ({ target: r.target, subject: r.subject, figure: r.figure, baseline: r.baseline, limit: r.limit, verdict: r.verdict })));
}

const root = resolve(import.meta.dirname, '..');

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Writes every row with the run's circumstances to bench/results/<time>-<commit>.json; returns the path. */
export function writeResults(rows: TargetRow[], notes: Record<string, unknown> = {}): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const at = new Date().toISOString();
  const commit = gitCommit();
  const file = join(dir, `${at.replace(/[:.]/g, '-')}-${commit}.json`);
  const machine = { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' };
  writeFileSync(file, `${JSON.stringify({ at, commit, machine, notes, rows }, null, 2)}\n`);
  return file;
}
