/**
 * Target 1 of issue 14 on its own, without a stack: every deployed function's bundle built as `npm run bench` sizes
 * it (bench/bundles.ts `lambdaBuildOptions`, the AWS SDK external), and from esbuild's metafile what the bytes are
 * made of: per package under node_modules, and our own code by folder. Quick (one esbuild run for all functions, no
 * process started, no local endpoints): `npx tsx bench/bundle-sizes.ts [preset] [--top N] [--json file]`.
 * test/infra/heavy-libraries-bundling.test.ts holds every function to the limit (or its recorded ceiling) with it.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { handlers } from '../infra/handlers';
import { lambdaBuildOptions } from './bundles';

const root = resolve(import.meta.dirname, '..');
/** Target 1: every function's minified bundle, without the AWS SDK, at most this. */
export const BUNDLE_LIMIT_BYTES = 150 * 1024;

export interface BundleSize {
  name: string;
  entry: string;
  /** index.mjs without its source-map comment (~30 bytes less than the deployed file). */
  bytes: number;
  /** Bytes in the output per contributor (a package, or our code by folder), largest first. */
  contributors: [string, number][];
  /** The input files that put bytes in the output (paths as esbuild's metafile names them). */
  inputs: string[];
}

/** What a metafile input is counted as: its package (scope included), or our code by its first folders. */
export function contributor(path: string): string {
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = path.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return path.split('/').slice(0, path.startsWith('functions/') ? 3 : 2).join('/');
}

/** Each deployed function once (handlers sharing an entry are one bundle), by its handler name. */
export const deployedEntries = (): Record<string, string> => {
  const byEntry = new Map<string, string>();
  for (const [name, spec] of Object.entries(handlers)) if (!byEntry.has(spec.entry)) byEntry.set(spec.entry, name);
  return Object.fromEntries([...byEntry].map(([entry, name]) => [name, entry]));
};

/** Builds every entry (name → source path) as deployed for `preset`, SDK external, in one esbuild run; nothing is written. */
export async function bundleSizes(entries: Record<string, string>, preset: string): Promise<BundleSize[]> {
  const result = await build({
    ...lambdaBuildOptions({ preset, bundleAwsSdk: false }),
    sourcemap: false,
    entryPoints: Object.entries(entries).map(([name, entry]) => ({ in: join(root, entry), out: join(name, 'index') })),
    outExtension: { '.js': '.mjs' },
    outdir: join(root, '.local', 'bench-sizes'),
    write: false,
    metafile: true,
  });
  return Object.entries(entries).map(([name, entry]) => {
    const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith(`/${name}/index.mjs`))![1];
    const byContributor = new Map<string, number>();
    for (const [path, input] of Object.entries(output.inputs)) byContributor.set(contributor(path), (byContributor.get(contributor(path)) ?? 0) + input.bytesInOutput);
    const inputs = Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path);
    return { name, entry, bytes: output.bytes, contributors: [...byContributor].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]), inputs };
  });
}

if (process.argv[1]?.endsWith('bundle-sizes.ts')) {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const preset = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'promptearn';
  const top = Number(option('--top') ?? 6);
  const kib = (n: number) => (n / 1024).toFixed(1);
  const sizes = (await bundleSizes(deployedEntries(), preset)).sort((a, b) => b.bytes - a.bytes);
  for (const s of sizes) {
    const mark = s.bytes > BUNDLE_LIMIT_BYTES ? 'OVER' : 'ok  ';
    console.log(`${mark} ${s.name.padEnd(26)} ${kib(s.bytes).padStart(7)} KiB  ${s.contributors.slice(0, top).map(([c, b]) => `${c} ${kib(b)}`).join(', ')}`);
  }
  const over = sizes.filter((s) => s.bytes > BUNDLE_LIMIT_BYTES).length;
  console.log(`${sizes.length} bundles (preset ${preset}, SDK external): ${over} over ${kib(BUNDLE_LIMIT_BYTES)} KiB, largest ${kib(sizes[0]!.bytes)} KiB`);
  const jsonFile = option('--json');
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify(sizes, null, 2));
}
