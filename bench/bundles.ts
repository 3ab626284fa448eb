import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const outRoot = join(root, '.local', 'bench');

/**
 * The esbuild options NodejsFunction uses for our functions (infra/constructs/functions.ts `bundling`, plus the CDK
 * defaults: bundle, platform node, the AWS SDK v3 external because the Lambda runtime ships it). Kept here so the bench
 * and the bundling tests (test/domain/calendar/bundling.test.ts) build what is deployed. One deliberate difference: the
 * functions target the Lambda runtime's Node (node24); this machine runs Node 20, so the bench builds for node20.
 */
export const lambdaBuildOptions = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*'],
  // sourceMap: true, sourcesContent: false in infra: the map is a separate file; index.mjs only gains its URL comment.
  sourcemap: true,
  sourcesContent: false,
  // ESM bundles of CommonJS dependencies need a require; the same banner the functions construct sets.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'error',
} satisfies BuildOptions;

/**
 * Bundles an entry the way NodejsFunction does for our functions, into a folder under the repo so the externals
 * resolve from node_modules as they would from the runtime's own copy.
 */
export async function bundle(name: string, entry: string): Promise<{ file: string; bytes: number }> {
  const outdir = join(outRoot, name);
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'index.mjs');
  await build({ ...lambdaBuildOptions, entryPoints: [join(root, entry)], outfile: file });
  return { file, bytes: statSync(file).size };
}

/**
 * Cold module-init time: a fresh Node process imports the bundle once; what is measured is the import alone
 * (module evaluation: clients created at module scope, schemas built, policy validated), in milliseconds.
 */
export function coldInitMs(file: string, env: Record<string, string>): number {
  const script = 'const t0 = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t0));';
  const result = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script, file], {
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', ...env },
    encoding: 'utf8',
  });
  // A minified bundle's stack trace is one enormous line: report the error's own message only.
  if (result.status !== 0) throw new Error(`${file} failed to load: ${result.stderr.split('\n').find((l) => /Error/.test(l))?.slice(0, 300)}`);
  return Number(result.stdout);
}
