/**
 * What the Lambda bundles carry of the calendar and the policies, checked on real esbuild output built with the
 * functions' own options (bench/bundles.ts derives them from infra's functionBundling). Why a test: the holiday
 * library is ~1.4 MB minified and loads for hundreds of ms; one import in the wrong place silently puts it back.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../../bench/bundles';
import { loadPolicy, planIntakeDeadlines } from '../../../functions/domain/policy';
import { publicHolidays } from '../../../functions/domain/calendar';
import { libraryHolidays } from '../../../tools/holiday-table';

const root = resolve(import.meta.dirname, '../../..');
const outDir = mkdtempSync(join(tmpdir(), 'redress-bundling-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const HOLIDAY_LIBRARY = /node_modules\/(date-holidays|date-holidays-parser|moment-timezone|moment|astronomia|caldate)\//;
const HEAVY = new RegExp(`${HOLIDAY_LIBRARY.source}|node_modules/luxon/`);

/** Bundles `source` (TypeScript, resolved from the repo root) as a function deployed with `preset` would be. */
async function bundleSource(name: string, source: string, preset = 'itc') {
  const outfile = join(outDir, name, 'index.mjs');
  const result = await build({
    ...lambdaBuildOptions({ preset, bundleAwsSdk: false }),
    sourcemap: false,
    stdin: { contents: source, resolveDir: root, sourcefile: `${name}.ts`, loader: 'ts' },
    outfile,
    metafile: true,
  });
  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([f]) => f));
  return { outfile, inputs, text: readFileSync(outfile, 'utf8') };
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

  it('a handler computing deadlines carries no holiday library, only its preset\'s holiday table, and gets the same holidays and deadlines', async () => {
    // Prepare
    const receivedAt = '2026-12-23T15:00:00Z';
    // Act
    const { outfile, inputs, text } = await bundleSource(
      'deadlines',
      `import { loadPolicy, planIntakeDeadlines } from './functions/domain/policy';
       import { publicHolidays } from './functions/domain/calendar';
       const p = loadPolicy('itc');
       const d = planIntakeDeadlines(p, { category: 'mail_setup', priority: 'normal', channel: 'email', receivedAt: new Date('${receivedAt}') });
       console.log(JSON.stringify({ d, vn: publicHolidays('VN', undefined, 'Asia/Ho_Chi_Minh', 2027) }));`,
    );
    // Assess
    expect(inputs.filter((f) => HOLIDAY_LIBRARY.test(f))).toEqual([]);
    expect(inputs.filter((f) => f.startsWith('policies/'))).toEqual(['policies/itc.json', 'policies/index.ts']);
    // Other presets' regions (US, GB-ENG, NG) are not in the text; itc's own (VN) answers below, as the library does.
    expect(text).not.toMatch(/Thanksgiving Day|Boxing Day|Democracy Day/);
    const out = run(outfile) as { d: unknown; vn: unknown };
    const expected = planIntakeDeadlines(loadPolicy('itc'), { category: 'mail_setup', priority: 'normal', channel: 'email', receivedAt: new Date(receivedAt) });
    expect(out.d).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(out.vn).toEqual(libraryHolidays('VN', undefined, 'Asia/Ho_Chi_Minh', 2027));
    expect(out.vn).toEqual(publicHolidays('VN', undefined, 'Asia/Ho_Chi_Minh', 2027));
  }, 60_000);

  it('a bundle built for one preset refuses another preset and another preset\'s holidays, by name', async () => {
    // Act
    const { outfile } = await bundleSource(
      'other-preset',
      `import { loadPolicy } from './functions/domain/policy';
       import { publicHolidays } from './functions/domain/calendar';
       const attempt = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return (e as Error).message; } };
       console.log(JSON.stringify({ own: loadPolicy('promptearn').name, other: attempt(() => loadPolicy('itc')), vn: attempt(() => publicHolidays('VN', undefined, 'Asia/Ho_Chi_Minh', 2027)), ng: publicHolidays('NG', undefined, 'Africa/Lagos', 2027).length }));`,
      'promptearn',
    );
    // Assess
    expect(run(outfile)).toEqual({
      own: 'promptearn',
      other: expect.stringContaining('unknown policy preset "itc"; known presets: promptearn'),
      vn: expect.stringContaining('no public holidays for VN in this build (the holiday table holds: NG)'),
      ng: libraryHolidays('NG', undefined, 'Africa/Lagos', 2027).length,
    });
  }, 60_000);
});
