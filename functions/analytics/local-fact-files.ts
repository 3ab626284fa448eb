import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KpiFact } from '../domain/kpi';
import { FACTS_PREFIX, toPartitionedJsonLines } from './layout';

/**
 * Writes a batch of facts under `root` in the partitioned layout, one new file per partition and batch (files are
 * never appended to, as on S3). Returns the files written.
 */
export async function writeFactFiles(root: string, facts: readonly KpiFact[], batchId: string): Promise<string[]> {
  if (!/^[A-Za-z0-9_-]+$/.test(batchId)) throw new RangeError(`batch id must be a file-name-safe token, got "${batchId}"`);
  const written: string[] = [];
  for (const [partition, body] of toPartitionedJsonLines(facts)) {
    const dir = join(root, FACTS_PREFIX, partition);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${batchId}.jsonl`);
    await writeFile(file, body, { flag: 'wx' });
    written.push(file);
  }
  return written;
}
