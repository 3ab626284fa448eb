/**
 * The read-only case views (GET /complaints/{id}, GET /staff/complaints/{id}) bundle no date or holiday library:
 * live clocks and human instants are written with Intl and the clock state alone. Checked on real esbuild output
 * built with the functions' options, because one import of the business-calendar arithmetic would silently put
 * ~1.6 MB (date-holidays, moment-timezone, astronomia, luxon) back into both handlers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../bench/bundles';
import { openCase, parseComplaintRequest } from '../../functions/domain/complaint';
import { loadPolicy } from '../../functions/domain/policy';

const root = resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(tmpdir(), 'redress-view-bundling-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const HEAVY = /node_modules\/(date-holidays|date-holidays-parser|moment-timezone|moment|astronomia|caldate|luxon|cldr-[a-z-]+)\//;

describe('case view bundling', () => {
  it('a handler rendering both views with live clocks bundles no date, holiday or CLDR library, and runs', async () => {
    // Prepare: a case opened by intake (here, not in the bundle: intake computes deadlines with the calendar), read
    // back as the store would, and the views called as the GET handlers call them
    const itc = loadPolicy('itc');
    const category = itc.categories.find((c) => !c.details.some((d) => d.required))!.slug;
    const parsed = parseComplaintRequest(itc, { customer: { name: 'An', email: 'an@example.com' }, category, subject: 'Mail', description: 'Down.', details: {} });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const opened = openCase(itc, parsed.value, { id: crypto.randomUUID(), caseSequence: 1, receivedAt: new Date('2026-12-07T02:00:00Z'), accessToken: 't', accessTokenHash: '0'.repeat(64) });
    const source = `
      import { loadPolicy } from './functions/domain/policy';
      import { customerView, staffView } from './functions/domain/case-view';
      const policy = loadPolicy('itc');
      const { theCase, firstEvent } = ${JSON.stringify({ theCase: opened.theCase, firstEvent: opened.firstEvent })};
      const now = new Date('2026-12-07T02:05:00Z');
      console.log(JSON.stringify({ customer: customerView(theCase, [firstEvent], policy, now).clocks, staff: staffView(theCase, [firstEvent], policy, now).clocks.length }));`;
    const outfile = join(outDir, 'views', 'index.mjs');
    // Act
    const result = await build({ ...lambdaBuildOptions({ preset: 'itc', bundleAwsSdk: false }), sourcemap: false, stdin: { contents: source, resolveDir: root, sourcefile: 'views.ts', loader: 'ts' }, outfile, metafile: true });
    // Assess
    const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([f]) => f));
    expect(inputs.filter((f) => HEAVY.test(f))).toEqual([]);
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8', env: { PATH: process.env.PATH, TZ: 'UTC' } });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { customer: { clock: string; dueText?: string }[]; staff: number };
    expect(out.customer.find((c) => c.clock === 'acknowledgment')?.dueText).toBe('Monday, 7 December 2026 at 11:00 (Ho Chi Minh City Time, GMT+7)');
    expect(out.staff).toBeGreaterThanOrEqual(out.customer.length);
  }, 60_000);
});
