/**
 * What the Lambda bundles carry of the calendar, checked on real esbuild output built with the functions' options
 * (bench/bundles.ts mirrors infra's NodejsFunction bundling). Why a test: the holiday library is ~1 MB minified and
 * loads for hundreds of ms; one static import in the wrong place silently puts it back into every handler.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../../bench/bundles';
import { loadPolicy, planIntakeDeadlines } from '../../../functions/domain/policy';
import { publicHolidays } from '../../../functions/domain/calendar';

const root = resolve(import.meta.dirname, '../../..');
const outDir = mkdtempSync(join(tmpdir(), 'redress-bundling-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const HEAVY = /node_modules\/(date-holidays|date-holidays-parser|moment-timezone|moment|astronomia|caldate|luxon)\//;

/** Bundles `source` (TypeScript, resolved from the repo root) as a function would be; returns the file and its inputs. */
async function bundleSource(name: string, source: string) {
  const outfile = join(outDir, name, 'index.mjs');
  const result = await build({
    ...lambdaBuildOptions,
    sourcemap: false,
    stdin: { contents: source, resolveDir: root, sourcefile: `${name}.ts`, loader: 'ts' },
    outfile,
    metafile: true,
  });
  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([f]) => f));
  return { outfile, inputs, meta: result.metafile };
}

/** Runs the bundle in a fresh Node process and returns what it printed as JSON. */
function run(outfile: string, env: Record<string, string> = {}): unknown {
  const r = spawnSync(process.execPath, [outfile], { encoding: 'utf8', env: { PATH: process.env.PATH, TZ: 'UTC', ...env } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as unknown;
}

describe('calendar bundling', () => {
  it('a handler that only loads and validates a policy bundles no holiday, time-zone or date library', async () => {
    const { outfile, inputs } = await bundleSource(
      'policy-only',
      `import { loadPolicy, detailsSchemaFor, ChannelSchema, renderMessage } from './functions/domain/policy';
       const p = loadPolicy('itc');
       console.log(JSON.stringify({ categories: p.categories.length, channel: ChannelSchema.parse('email'), details: Object.keys(detailsSchemaFor(p, p.categories[0].slug).shape).length, render: typeof renderMessage }));`,
    );
    expect(inputs.filter((f) => HEAVY.test(f))).toEqual([]);
    // Validation still ran in the bundle (itc names holidays VN): the region table stands in for the library.
    expect(run(outfile)).toMatchObject({ categories: loadPolicy('itc').categories.length, channel: 'email' });
  }, 60_000);

  it('an invalid holiday region is still refused by a bundle without the library', async () => {
    const { outfile, inputs } = await bundleSource(
      'bad-region',
      `import { parsePolicy, loadPolicy } from './functions/domain/policy';
       const doc = structuredClone(loadPolicy('itc')) as any;
       for (const c of Object.values(doc.calendars) as any[]) if (c.holidays) c.holidays.country = 'XX';
       try { parsePolicy(doc); console.log(JSON.stringify({ refused: false })); }
       catch (e) { console.log(JSON.stringify({ refused: true, message: (e as Error).message })); }`,
    );
    expect(inputs.filter((f) => HEAVY.test(f))).toEqual([]);
    expect(run(outfile)).toMatchObject({ refused: true, message: expect.stringContaining('knows no region XX') });
  }, 60_000);

  it('a handler computing deadlines bundles the library, loads it only on first use, and gets the same holidays and deadlines', async () => {
    const receivedAt = '2026-12-23T15:00:00Z';
    const { outfile, inputs, meta } = await bundleSource(
      'deadlines',
      `import { loadPolicy, planIntakeDeadlines } from './functions/domain/policy';
       import { publicHolidays } from './functions/domain/calendar';
       const p = loadPolicy('itc');
       const d = planIntakeDeadlines(p, { category: 'mail_setup', priority: 'normal', channel: 'email', receivedAt: new Date('${receivedAt}') });
       console.log(JSON.stringify({ d, vn: publicHolidays('VN', undefined, 'Asia/Ho_Chi_Minh', 2027), gb: publicHolidays('GB', 'ENG', 'Europe/London', 2026) }));`,
    );
    expect(inputs.some((f) => f.includes('node_modules/date-holidays/'))).toBe(true);
    // The only way in is the require() inside holidays.ts, which esbuild turns into a lazily initialised module.
    const edges = Object.entries(meta.inputs).flatMap(([from, i]) => i.imports.filter((e) => /holiday-library|node_modules\/date-holidays\/src\/index/.test(e.path)).map((e) => `${from} ${e.kind}`));
    expect(edges.sort()).toEqual(['functions/domain/calendar/holiday-library.ts import-statement', 'functions/domain/calendar/holidays.ts require-call']);
    const out = run(outfile) as { d: unknown; vn: unknown; gb: unknown };
    const expected = planIntakeDeadlines(loadPolicy('itc'), { category: 'mail_setup', priority: 'normal', channel: 'email', receivedAt: new Date(receivedAt) });
    expect(out.d).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(out.vn).toEqual(publicHolidays('VN', undefined, 'Asia/Ho_Chi_Minh', 2027));
    expect(out.gb).toEqual(publicHolidays('GB', 'ENG', 'Europe/London', 2026));
    expect((out.gb as unknown[]).length).toBeGreaterThan(5);
  }, 60_000);
});
