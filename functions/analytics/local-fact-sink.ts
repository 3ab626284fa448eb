import { randomUUID } from 'node:crypto';
import type { KpiFact } from '../domain/kpi';
import { writeFactFiles } from './local-fact-files';
import type { KpiFactSink } from '../core/ports';

/** The local runtime's sink: each batch becomes new files under `root` in the layout the DuckDB store reads. */
export class LocalFileFactSink implements KpiFactSink {
  constructor(private readonly root: string) {}

  async put(facts: readonly KpiFact[]): Promise<void> {
    await writeFactFiles(this.root, facts, `${Date.now()}-${randomUUID()}`);
  }
}
