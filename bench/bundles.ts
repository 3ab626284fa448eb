import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { BUNDLE_AWS_SDK, functionBundling } from '../infra/constructs/functions';

const root = resolve(import.meta.dirname, '..');
const outRoot = join(root, '.local', 'bench');

export interface BundleVariant {
  /** The policy preset the bundle is built for (esbuild define __BUNDLED_POLICY_PRESET__). */
  preset: string;
  /** true: the AWS SDK v3 inside the bundle; false: left to the runtime's copy (here: node_modules). */
  bundleAwsSdk: boolean;
}

export const deployedVariant = (preset: string): BundleVariant => ({ preset, bundleAwsSdk: BUNDLE_AWS_SDK });

/**
 * The esbuild options NodejsFunction gets for our functions: infra/constructs/functions.ts `functionBundling`, plus
 * what the CDK adds itself (bundle, platform node). Derived from the construct's own options so the bench and the
 * bundling tests build what is deployed. One deliberate difference: the functions target the Lambda runtime's Node
 * (node24); this machine runs Node 20, so the bench builds for node20.
 */
export function lambdaBuildOptions(variant: BundleVariant) {
  const b = functionBundling(variant.preset, variant.bundleAwsSdk);
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    minify: b.minify,
    target: 'node20',
    mainFields: b.mainFields,
    define: b.define,
    external: b.externalModules,
    // sourceMap: true, sourcesContent: false in infra: the map is a separate file; index.mjs only gains its URL comment.
    sourcemap: b.sourceMap,
    sourcesContent: b.sourcesContent,
    banner: { js: b.banner! },
    logLevel: 'error',
  } satisfies BuildOptions;
}

export interface Bundle {
  file: string;
  /** index.mjs, what target 1 counts (the source map is a separate file the runtime reads only for a stack trace). */
  bytes: number;
  /** Of those, the bytes that came from the AWS SDK and its Smithy runtime (0 when the SDK is external). */
  sdkBytes: number;
  mapBytes: number;
}

/**
 * Bundles an entry the way NodejsFunction does for our functions, into a folder under the repo so that an external
 * SDK resolves from node_modules as it would from the runtime's own copy.
 */
export async function bundle(name: string, entry: string, variant: BundleVariant): Promise<Bundle> {
  const outdir = join(outRoot, `${name}${variant.bundleAwsSdk ? '.sdk-bundled' : ''}`);
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'index.mjs');
  const result = await build({ ...lambdaBuildOptions(variant), entryPoints: [join(root, entry)], outfile: file, metafile: true });
  const output = result.metafile.outputs[Object.keys(result.metafile.outputs).find((o) => o.endsWith('index.mjs'))!]!;
  const sdkBytes = Object.entries(output.inputs)
    .filter(([path]) => /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(path))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
  return { file, bytes: statSync(file).size, sdkBytes, mapBytes: statSync(`${file}.map`).size };
}
