/**
 * What counting costs each function's bundle: the bytes esbuild's metafile attributes to Powertools Metrics and to our
 * metric code (functions/adapters/metrics.ts and the files that emit), in the build the deployment makes
 * (bench/bundles.ts `lambdaBuildOptions`, the deployed preset, the SDK as `BUNDLE_AWS_SDK` says). Not a target of
 * issue 14: a cost to read beside target 1. Run: `npx tsx bench/metrics-bundle-cost.ts [preset]`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { handlers } from '../infra/handlers';
import { deployedVariant, lambdaBuildOptions } from './bundles';

const root = resolve(import.meta.dirname, '..');
const outRoot = join(root, '.local', 'bench-metrics');
const POWERTOOLS_METRICS = /node_modules\/@aws-lambda-powertools\/metrics\//;
const OUR_METRIC_CODE = /functions\/(adapters\/(metrics|outbox-metrics)|analytics\/(operational-metrics|case-change-metrics)|domain\/kpi\/operational-metrics)\.ts$/;
const POWERTOOLS_COMMONS = /node_modules\/@aws-lambda-powertools\/commons\//;

const preset = process.argv[2] ?? 'itc';
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const rows: { name: string; bytes: number; powertoolsMetrics: number; ours: number; commons: number }[] = [];
const seen = new Set<string>();
for (const [name, spec] of Object.entries(handlers)) {
  if (seen.has(spec.entry)) continue;
  seen.add(spec.entry);
  const outdir = join(outRoot, name);
  mkdirSync(outdir, { recursive: true });
  const result = await build({ ...lambdaBuildOptions(deployedVariant(preset)), entryPoints: [join(root, spec.entry)], outfile: join(outdir, 'index.mjs'), metafile: true });
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('index.mjs'))![1];
  const sum = (pattern: RegExp) => Object.entries(output.inputs).filter(([path]) => pattern.test(path)).reduce((n, [, input]) => n + input.bytesInOutput, 0);
  rows.push({ name, bytes: output.bytes, powertoolsMetrics: sum(POWERTOOLS_METRICS), ours: sum(OUR_METRIC_CODE), commons: sum(POWERTOOLS_COMMONS) });
}
for (const r of rows) console.log(`${r.name.padEnd(26)} ${kib(r.bytes).padStart(11)}  metrics ${kib(r.powertoolsMetrics + r.ours).padStart(9)} (Powertools ${kib(r.powertoolsMetrics)}, ours ${kib(r.ours)}; commons shared with Logger ${kib(r.commons)})`);
const costs = rows.map((r) => r.powertoolsMetrics + r.ours).sort((a, b) => a - b);
console.log(`${rows.length} bundles: metrics cost min ${kib(costs[0]!)}, median ${kib(costs[Math.floor(costs.length / 2)]!)}, max ${kib(costs.at(-1)!)}`);
