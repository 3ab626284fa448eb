/**
 * Runs bench/scale.ts in a child process of its own: one local stack per process, and the peak memory measured is
 * that of the lifecycles alone, not of the sections that ran before. Progress lines go to `log`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TargetRow } from './report';
import { ScaleResult, scaleRows } from './scale';

export function benchScale(lifecycles: number, inMemory: boolean, log: (line: string) => void): Promise<{ result: ScaleResult; rows: TargetRow[] }> {
  const script = fileURLToPath(new URL('./scale.ts', import.meta.url));
  const args = ['tsx', script, '--lifecycles', String(lifecycles), ...(inMemory ? ['--in-memory'] : [])];
  return new Promise((resolve, reject) => {
    // The parent writes the results file with every section's rows.
    const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDRESS_SCALE_CHILD: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const lines = err.split('\n');
      err = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) log(l);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      // The handlers' EMF metric lines share stdout; the result is the one line that starts with {"scale".
      const line = out.split('\n').findLast((l) => l.startsWith('{"scale"'));
      if (code !== 0 || !line) return reject(new Error(`scale bench exited ${code}: ${err.slice(-2000)}`));
      const result = ScaleResult.parse((JSON.parse(line) as { scale: unknown }).scale);
      resolve({ result, rows: scaleRows(result) });
    });
  });
}
