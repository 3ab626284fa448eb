/**
 * Process start → first response, as a cold Lambda's caller sees it on this machine: a fresh Node process imports
 * the bundle (module scope: config, clients, schemas, the policy), invokes the handler once with a real event against
 * the local endpoints (DynamoDB Local, Step Functions, the SES catcher), and records the instant the handler's
 * promise settled. The figure is that instant minus the instant just before the parent spawned the process, so it
 * includes Node's own start and excludes the process's exit.
 *
 * Paired runs: each function run is followed by a hello-world run (bundled and started the same way), and the
 * ratio is taken pair by pair, so a machine that slows down mid-run slows both sides of a pair. The first pair
 * warms the page cache and is not counted. The child is spawned asynchronously: the local Step Functions service
 * and SES catcher answer from this process's event loop, which a synchronous spawn would block.
 */
import { spawn } from 'node:child_process';
import { median } from './stats';

/** Plain ESM for the child (no TypeScript loader: its start-up would be measured too). */
const CHILD = `
const [file, eventJson] = process.argv.slice(1);
const mod = await import(file);
const context = { awsRequestId: crypto.randomUUID(), functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench', logGroupName: 'bench', logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 15000 };
let outcome;
try {
  const result = await mod.handler(JSON.parse(eventJson), context);
  outcome = result && typeof result === 'object' && 'statusCode' in result ? String(result.statusCode) : 'ok';
} catch (error) {
  outcome = (error && error.name) || 'Error';
}
process.stdout.write('\\n' + JSON.stringify({ benchOutcome: outcome }) + '\\n');
process.exit(0);
`;

export interface Invocation {
  /** ms from just before spawn to the handler's answer */
  ms: number;
  /** HTTP status, "ok", or the thrown error's name */
  outcome: string;
}

const MARKER = '{"benchOutcome"';

/** One fresh process, one import, one invocation. */
export function invokeOnce(file: string, event: unknown, env: Record<string, string>): Promise<Invocation> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let answeredAt: number | undefined;
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', CHILD, file, JSON.stringify(event)], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (answeredAt === undefined && stdout.includes(`\n${MARKER}`)) answeredAt = performance.now();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-64_000)));
    child.on('error', reject);
    // Resolved on close, so that the next run never overlaps this process's exit.
    child.on('close', (code) => {
      const line = stdout.split('\n').findLast((l) => l.startsWith(MARKER));
      if (!line || answeredAt === undefined) {
        // A minified bundle's stack trace is one enormous line: report the error's own message only.
        const reason = stderr.split('\n').find((l) => /Error/.test(l))?.slice(0, 300) ?? `exit ${code}`;
        return reject(new Error(`${file} gave no answer: ${reason}`));
      }
      resolve({ ms: answeredAt - start, outcome: (JSON.parse(line) as { benchOutcome: string }).benchOutcome });
    });
  });
}

export interface PairedResult {
  /** median ms of the function */
  ms: number;
  /** median ms of hello world, from the same pairs */
  baselineMs: number;
  /** median of the pair-by-pair ratios */
  ratio: number;
  minRatio: number;
  maxRatio: number;
  runs: number;
  /** every distinct outcome of the function's runs */
  outcomes: string[];
}

export interface Side {
  file: string;
  env: Record<string, string>;
  event: (run: number) => unknown;
}

/** `runs` counted pairs (function, then hello world) after one warm-up pair. */
export async function pairedFirstResponse(fn: Side, hello: Side, runs: number): Promise<PairedResult> {
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  const outcomes = new Set<string>();
  for (let i = 0; i <= runs; i++) {
    const x = await invokeOnce(fn.file, fn.event(i), fn.env);
    const y = await invokeOnce(hello.file, hello.event(i), hello.env);
    if (i === 0) continue;
    a.push(x.ms);
    b.push(y.ms);
    ratios.push(x.ms / y.ms);
    outcomes.add(x.outcome);
  }
  return {
    ms: median(a),
    baselineMs: median(b),
    ratio: median(ratios),
    minRatio: Math.min(...ratios),
    maxRatio: Math.max(...ratios),
    runs,
    outcomes: [...outcomes].sort(),
  };
}
