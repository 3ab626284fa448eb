/**
 * Targets 1 and 2 of issue 14 for every function the stack deploys, next to a hello-world handler bundled and
 * started the same way in the same run: the minified bundle's size, and process start → first response against the
 * local endpoints. Plus the measurement behind BUNDLE_AWS_SDK: each function with the AWS SDK bundled, paired with
 * the same function leaving the SDK to node_modules (as the Lambda runtime's own copy would be).
 */
import type { LocalStack } from '../local/stack';
import { bundle, deployedVariant, type Bundle } from './bundles';
import { benchComplaint, eventFor, type BenchCase } from './first-response-events';
import { pairedFirstResponse, type PairedResult } from './first-response';
import { verdict, type TargetRow } from './report';
import { median } from './stats';
import { BUNDLE_AWS_SDK } from '../infra/constructs/functions';
import { BUNDLE_LIMIT_BYTES } from './bundle-sizes';

export const FIRST_RESPONSE_LIMIT = 1.5;

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const x = (r: number) => `${r.toFixed(2)}x`;
const shortName = (entry: string) => entry.replace(/^functions\/|\.ts$/g, '');

/** Opens the complaint every event aims at, through the stack's own HTTP API. */
async function openBenchCase(stack: LocalStack): Promise<BenchCase> {
  const res = await fetch(`${stack.urls.api}/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(benchComplaint(0)),
  });
  const body = (await res.json()) as { id?: string; accessToken?: string };
  if (res.status !== 201 || !body.id || !body.accessToken) throw new Error(`could not open the bench complaint: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return { id: body.id, accessToken: body.accessToken };
}

export interface LambdaFigures {
  name: string;
  deployed: Bundle;
  sdkBundled: Bundle;
  sdkExternal: Bundle;
  /** Absent when the function was not started: no event for it in bench/first-response-events.ts, or not chosen. */
  firstResponse?: PairedResult;
  /** A = SDK bundled, B = SDK external: below 1 means bundling the SDK answers sooner. */
  sdkBundledVsExternal?: PairedResult;
  /** Why target 2 has no figure for this function. */
  notStarted?: string;
}

export interface LambdaOptions {
  /** Start (target 2) only the functions whose name contains one of these; every bundle is still measured (target 1). */
  functions?: string[];
}

export async function benchLambdas(stack: LocalStack, runs: number, log: (line: string) => void = () => {}, options: LambdaOptions = {}): Promise<{ rows: TargetRow[]; figures: LambdaFigures[] }> {
  const preset = stack.functions.find((f) => f.environment.POLICY_PRESET)?.environment.POLICY_PRESET ?? 'promptearn';
  const benchCase = await openBenchCase(stack);
  const hello = await bundle('hello-world', 'bench/hello-world.ts', deployedVariant(preset));
  // Hello world starts with the same Node options (source maps) and AWS variables as the functions.
  const helloEnv = { ...stack.env, NODE_OPTIONS: stack.functions[0]?.environment.NODE_OPTIONS ?? '' };
  const helloSide = { file: hello.file, env: helloEnv, event: (run: number) => eventFor('bench/hello-world.ts', benchCase, run) };
  const chosen = (name: string) => options.functions === undefined || options.functions.some((part) => name.includes(part));

  const figures: LambdaFigures[] = [];
  for (const f of stack.functions) {
    const name = shortName(f.entry);
    const env = { ...stack.env, ...f.environment };
    const event = (run: number) => eventFor(f.entry, benchCase, run);
    const sdkBundled = await bundle(name, f.entry, { preset, bundleAwsSdk: true });
    const sdkExternal = await bundle(name, f.entry, { preset, bundleAwsSdk: false });
    const deployed = BUNDLE_AWS_SDK ? sdkBundled : sdkExternal;
    // A function without an event is still sized; its target-2 row says it was not started instead of hiding it.
    if (!eventFor(f.entry, benchCase, 0)) {
      figures.push({ name, deployed, sdkBundled, sdkExternal, notStarted: 'no event in bench/first-response-events.ts' });
      continue;
    }
    if (!chosen(name)) {
      figures.push({ name, deployed, sdkBundled, sdkExternal });
      continue;
    }
    log(`  ${name}: first response vs hello world, then SDK bundled vs external (${runs} pairs each)`);
    const firstResponse = await pairedFirstResponse({ file: deployed.file, env, event }, helloSide, runs);
    const sdkBundledVsExternal = await pairedFirstResponse({ file: sdkBundled.file, env, event }, { file: sdkExternal.file, env, event }, runs);
    figures.push({ name, deployed, sdkBundled, sdkExternal, firstResponse, sdkBundledVsExternal });
  }

  const rows: TargetRow[] = [];
  // Target 1 counts a function's own bundle: the same function built with the AWS SDK external, i.e. its code and
  // dependencies without the SDK (and the SDK's own dependencies), which is either the runtime's copy or, when
  // BUNDLE_AWS_SDK says bundling answers sooner, the same library inside every bundle.
  for (const f of figures) {
    const own = f.sdkExternal.bytes;
    rows.push({
      target: '1 bundle size',
      subject: f.name,
      figure: `${kib(own)} without the SDK${f.deployed.sdkBytes > 0 ? ` (${kib(f.deployed.bytes)} deployed)` : ''}`,
      baseline: `hello ${kib(hello.bytes)}`,
      limit: `≤ ${kib(BUNDLE_LIMIT_BYTES)}`,
      verdict: verdict(own <= BUNDLE_LIMIT_BYTES),
      values: { ownBytes: own, bytes: f.deployed.bytes, sdkBytes: f.deployed.sdkBytes, baselineBytes: hello.bytes, mapBytes: f.deployed.mapBytes, limitBytes: BUNDLE_LIMIT_BYTES },
    });
  }
  for (const f of figures) {
    const r = f.firstResponse;
    if (!r) {
      if (f.notStarted) rows.push({ target: '2 start→first response', subject: f.name, figure: `not measured: ${f.notStarted}`, baseline: '-', limit: `≤ ${x(FIRST_RESPONSE_LIMIT)}`, verdict: 'info', values: { notStarted: f.notStarted } });
      continue;
    }
    rows.push({
      target: '2 start→first response',
      subject: f.name,
      figure: `${r.ms.toFixed(0)} ms = ${x(r.ratio)} (${x(r.minRatio)}–${x(r.maxRatio)}) [${r.outcomes.join(',')}]`,
      baseline: `hello ${r.baselineMs.toFixed(0)} ms`,
      limit: `≤ ${x(FIRST_RESPONSE_LIMIT)}`,
      verdict: verdict(r.ratio <= FIRST_RESPONSE_LIMIT),
      values: { ms: r.ms, baselineMs: r.baselineMs, ratio: r.ratio, minRatio: r.minRatio, maxRatio: r.maxRatio, pairs: r.runs, outcomes: r.outcomes },
    });
  }
  for (const f of figures) {
    const r = f.sdkBundledVsExternal;
    if (!r) continue;
    rows.push({
      target: '2 SDK bundled vs external',
      subject: f.name,
      figure: `${r.ms.toFixed(0)} ms, ${kib(f.sdkBundled.bytes)} = ${x(r.ratio)} (${x(r.minRatio)}–${x(r.maxRatio)})`,
      baseline: `external ${r.baselineMs.toFixed(0)} ms, ${kib(f.sdkExternal.bytes)}`,
      limit: 'informs BUNDLE_AWS_SDK',
      verdict: 'info',
      values: { bundledMs: r.ms, externalMs: r.baselineMs, ratio: r.ratio, bundledBytes: f.sdkBundled.bytes, externalBytes: f.sdkExternal.bytes, outcomes: r.outcomes },
    });
  }
  // The decision holds when the deployed choice is the faster one for the functions that call AWS at all.
  const callers = figures.filter((f) => f.sdkBundled.sdkBytes > 0 && f.sdkBundledVsExternal);
  const sdkRatio = median(callers.map((f) => f.sdkBundledVsExternal!.ratio));
  const bundlingPays = sdkRatio < 1;
  rows.push({
    target: '2 SDK decision',
    subject: `${callers.length} functions calling AWS`,
    figure: `bundled/external median ${x(sdkRatio)}: bundling ${bundlingPays ? 'pays' : 'does not pay'}`,
    baseline: 'same function, SDK external',
    limit: `deployed: ${BUNDLE_AWS_SDK ? 'bundled' : 'external'}`,
    verdict: verdict(bundlingPays === BUNDLE_AWS_SDK),
    values: { medianRatio: sdkRatio, bundlingPays: String(bundlingPays), deployedBundled: String(BUNDLE_AWS_SDK) },
  });
  return { rows, figures };
}
