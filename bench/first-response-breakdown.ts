/**
 * Where a function's process start → first response goes (bench/README.md, "Target 2: where the time goes"). Not a
 * target figure: a diagnosis. For each chosen function and for hello world, in fresh processes alternating as the
 * target-2 bench does, the child records on its own clock (ms since the process started):
 *
 *   boot     Node's own start until the child's first line runs (performance.now() at that line)
 *   import   import() of the deployed bundle: reading, compiling and evaluating it (module scope)
 *   first    the handler's first invocation (first connections, the SDK's lazy resolution, cold code)
 *   second   a second invocation in the same process (what a warm call costs: first − second is the cold share)
 *
 * and the child's CPU time (user + system) for boot, import and the first call: on a machine shared by several
 * processes, wall times swing by half from run to run, CPU times much less. Sides, alternating: the function as
 * deployed (`--enable-source-maps`), with `--before DIR` the same function built from an earlier commit, with
 * `--no-maps` the function without source maps, hello world, and hello DynamoDB (bench/hello-dynamodb.ts: the SDK
 * client and one GetItem, the floor under any handler that calls AWS). Medians of N runs. With `--cpu-prof DIR`, five
 * more runs per function are profiled and their samples sorted, through the bundle's source map, into what ran
 * (compiling the bundle, the X-Ray SDK, the AWS SDK, zod, the policy's parse, our code...), for the import and the
 * calls apart.
 *
 *   npx tsx bench/first-response-breakdown.ts --functions create-complaint,get-complaint,acknowledge [--runs 9] [--no-maps]
 *     [--cpu-prof /tmp/prof] [--before DIR (bundles kept from an earlier commit, DIR/api/create-complaint/index.mjs)]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalStack, type LocalStack } from '../local/stack';
import { bundle, deployedVariant } from './bundles';
import { benchComplaint, eventFor, type BenchCase } from './first-response-events';
import { median, table } from './stats';

const CHILD = `
const boot = performance.now();
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const cpuBoot = cpu();
const [file, e1, e2] = process.argv.slice(1);
const context = { awsRequestId: crypto.randomUUID(), functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench', logGroupName: 'bench', logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 15000 };
const call = async (mod, e) => { try { const r = await mod.handler(JSON.parse(e), context); return r && r.statusCode ? String(r.statusCode) : 'ok'; } catch (err) { return (err && err.name) || 'Error'; } };
const mod = await import(file);
const imported = performance.now();
const cpuImported = cpu();
const importedUs = Number(process.hrtime.bigint() / 1000n);
const o1 = await call(mod, e1);
const first = performance.now();
const cpuFirst = cpu();
const o2 = await call(mod, e2);
const second = performance.now();
process.stdout.write('\\n' + JSON.stringify({ bench: { boot, imported, first, second, o1, o2, importedUs, cpuBoot, cpuImported, cpuFirst } }) + '\\n');
process.exit(0);
`;

interface Times { boot: number; import: number; first: number; second: number; outcome: string; importedUs: number; cpuBoot: number; cpuImport: number; cpuFirst: number }

function runChild(file: string, events: [unknown, unknown], env: Record<string, string>, nodeArgs: string[] = []): Promise<Times & { wall: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, [...nodeArgs, '--no-warnings', '--input-type=module', '-e', CHILD, file, JSON.stringify(events[0]), JSON.stringify(events[1])], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let answered: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      if (answered === undefined && stdout.includes('\n{"bench"')) answered = performance.now();
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-8000)));
    child.on('error', reject);
    child.on('close', () => {
      const line = stdout.split('\n').findLast((l) => l.startsWith('{"bench"'));
      if (!line || answered === undefined) return reject(new Error(`${file}: no answer: ${stderr.split('\n').find((l) => /Error/.test(l))?.slice(0, 300)}`));
      const b = (JSON.parse(line) as { bench: { boot: number; imported: number; first: number; second: number; o1: string; o2: string; importedUs: number; cpuBoot: number; cpuImported: number; cpuFirst: number } }).bench;
      resolve({ boot: b.boot, import: b.imported - b.boot, first: b.first - b.imported, second: b.second - b.first, outcome: `${b.o1}/${b.o2}`, importedUs: b.importedUs, cpuBoot: b.cpuBoot, cpuImport: b.cpuImported - b.cpuBoot, cpuFirst: b.cpuFirst - b.cpuImported, wall: answered - start });
    });
  });
}

async function openBenchCase(stack: LocalStack): Promise<BenchCase> {
  const res = await fetch(`${stack.urls.api}/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(benchComplaint(0)),
  });
  const body = (await res.json()) as { id: string; accessToken: string };
  return { id: body.id, accessToken: body.accessToken };
}

/**
 * One CPU profile's samples by what they were doing, each sample counted once under the first rule its stack
 * matches (walking from the running frame outwards): source maps, compiling the bundle, the X-Ray SDK and the
 * Powertools Tracer, the other Powertools modules (Logger, Metrics), Node's own built-in modules, garbage collection,
 * the policy's parse, and otherwise the bundle's code by origin (through its source map). The profile is of wall time
 * on a shared machine, so only the shares are compared, not the milliseconds.
 */
function attribute(profileFile: string, bundleFile: string, splitAtUs: number): { import: Record<string, number>; calls: Record<string, number> } {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as {
    nodes: { id: number; children?: number[]; callFrame: { url: string; functionName: string; lineNumber: number; columnNumber: number } }[];
    samples: number[];
    timeDeltas: number[];
    startTime: number;
  };
  const map = new SourceMap(JSON.parse(readFileSync(`${bundleFile}.map`, 'utf8')));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const origin = (frame: { url: string; lineNumber: number; columnNumber: number }): string | undefined => {
    if (frame.url.endsWith(bundleFile.split('/').slice(-2).join('/')) || frame.url === `file://${bundleFile}`) {
      return (map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string }).originalSource ?? 'bundle (unmapped)';
    }
    return undefined;
  };
  const category = (id: number): string => {
    const self = byId.get(id)!.callFrame;
    if (self.functionName === '(garbage collector)') return 'gc';
    if (self.functionName === '(idle)') return 'idle';
    if (self.functionName === '(program)') return 'V8/Node (program)';
    if (self.functionName === 'compileSourceTextModule') return 'compile bundle';
    let bundleOrigin: string | undefined;
    for (let c: number | undefined = id; c !== undefined; c = parent.get(c)) {
      const f = byId.get(c)!.callFrame;
      if (/source_map/.test(f.url)) return 'source maps';
      if (/node_modules\/(aws-xray-sdk-core|cls-hooked|semver|emitter-listener|shimmer|async-listener|atomic-batcher|@aws-lambda-powertools\/tracer)\//.test(f.url)) return 'X-Ray SDK + Tracer';
      if (/node_modules\/@aws-lambda-powertools\//.test(f.url)) return 'Powertools Logger/Metrics';
      const o = origin(f);
      if (o && /functions\/domain\/policy\/load\.ts/.test(o)) return 'policy parse';
      if (o && bundleOrigin === undefined) bundleOrigin = o;
    }
    if (bundleOrigin) {
      if (/node_modules\/@(aws-sdk|smithy|aws\/)/.test(bundleOrigin)) return 'AWS SDK';
      if (/node_modules\/(@aws-crypto|bn\.js|asn1\.js|readable-stream|duplexify)/.test(bundleOrigin)) return 'Encryption SDK';
      if (/node_modules\/zod\//.test(bundleOrigin)) return 'zod (schemas, config)';
      if (/node_modules\//.test(bundleOrigin)) return 'other libraries';
      return 'our code';
    }
    if (/^node:|^$/.test(self.url) || !self.url.includes('node_modules')) return 'Node (loader, builtins, I/O)';
    return 'other';
  };
  const out = { import: {} as Record<string, number>, calls: {} as Record<string, number> };
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i]!;
    const k = category(id);
    const part = at <= splitAtUs ? out.import : out.calls;
    part[k] = (part[k] ?? 0) + profile.timeDeltas[i]! / 1000;
  });
  return out;
}

const { values } = parseArgs({ options: { functions: { type: 'string' }, runs: { type: 'string', default: '9' }, 'cpu-prof': { type: 'string' }, before: { type: 'string' }, 'no-maps': { type: 'boolean' } } });
const runs = Number(values.runs);
const parts = (values.functions ?? 'create-complaint,get-complaint,acknowledge').split(',');
const stack = await startLocalStack({ ports: 0, inMemory: true, log: () => {} });
try {
  const preset = stack.functions.find((f) => f.environment.POLICY_PRESET)?.environment.POLICY_PRESET ?? 'promptearn';
  const benchCase = await openBenchCase(stack);
  const hello = await bundle('hello-world', 'bench/hello-world.ts', deployedVariant(preset));
  const helloDynamo = await bundle('hello-dynamodb', 'bench/hello-dynamodb.ts', deployedVariant(preset));
  const sourceMaps = stack.functions[0]?.environment.NODE_OPTIONS ?? '';
  const rows: Record<string, string | number>[] = [];
  for (const f of stack.functions.filter((fn) => parts.some((p) => fn.entry.includes(p)))) {
    const name = f.entry.replace(/^functions\/|\.ts$/g, '');
    const built = await bundle(name, f.entry, deployedVariant(preset));
    const env = { ...stack.env, ...f.environment };
    let n = 0;
    const events = (): [unknown, unknown] => [eventFor(f.entry, benchCase, ++n), eventFor(f.entry, benchCase, ++n)];
    const helloEvents = (): [unknown, unknown] => [eventFor('bench/hello-world.ts', benchCase, 0), eventFor('bench/hello-world.ts', benchCase, 0)];
    // --before DIR: the same function's bundle kept from an earlier commit (DIR/<name>/index.mjs), run in the same pairs.
    const before = values.before ? resolve(values.before, name, 'index.mjs') : undefined;
    const sides = [
      { label: `${name}`, file: built.file, env, events },
      ...(before && existsSync(before) ? [{ label: `${name} before`, file: before, env, events }] : []),
      ...(values['no-maps'] ? [{ label: `${name} no source maps`, file: built.file, env: { ...env, NODE_OPTIONS: '' }, events }] : []),
      { label: 'hello world', file: hello.file, env: { ...stack.env, NODE_OPTIONS: sourceMaps }, events: helloEvents },
      { label: 'hello DynamoDB (SDK client + one GetItem)', file: helloDynamo.file, env: { ...stack.env, TABLE_NAME: env.TABLE_NAME ?? '', NODE_OPTIONS: sourceMaps }, events: helloEvents },
    ];
    const samples = sides.map(() => [] as (Times & { wall: number })[]);
    for (let i = 0; i <= runs; i++) {
      for (const [j, s] of sides.entries()) {
        const t = await runChild(s.file, s.events(), s.env);
        if (i > 0) samples[j]!.push(t);
      }
    }
    for (const [j, s] of sides.entries()) {
      const t = samples[j]!;
      const m = (k: keyof Times | 'wall') => median(t.map((x) => x[k] as number)).toFixed(1);
      rows.push({ side: s.label, 'spawn→answer': m('wall'), boot: m('boot'), import: m('import'), 'first call': m('first'), 'second call': m('second'), 'CPU boot': m('cpuBoot'), 'CPU import': m('cpuImport'), 'CPU first call': m('cpuFirst'), outcomes: [...new Set(t.map((x) => x.outcome))].join(',') });
    }
    if (values['cpu-prof']) {
      // Several profiled runs; each category's share of its phase, median over the runs.
      const dir = join(values['cpu-prof'], name.replace(/\//g, '-'));
      const shares: Record<string, Record<string, number[]>> = { import: {}, calls: {} };
      const totals: Record<string, number[]> = { import: [], calls: [] };
      for (let i = 0; i < Math.min(runs, 5); i++) {
        const runDir = join(dir, String(i));
        mkdirSync(runDir, { recursive: true });
        const t = await runChild(built.file, events(), env, ['--cpu-prof', `--cpu-prof-dir=${runDir}`, '--cpu-prof-interval=200']);
        const file = readdirSync(runDir).find((x) => x.endsWith('.cpuprofile'))!;
        const split = attribute(join(runDir, file), built.file, t.importedUs);
        for (const part of ['import', 'calls'] as const) {
          const sum = Object.values(split[part]).reduce((a, b) => a + b, 0);
          totals[part]!.push(sum);
          for (const [k, v] of Object.entries(split[part])) (shares[part]![k] ??= []).push(v / sum);
        }
      }
      for (const part of ['import', 'calls'] as const) {
        const rowsOf = Object.entries(shares[part]!).map(([k, v]) => [k, median([...v, ...Array(Math.min(runs, 5) - v.length).fill(0)])] as const).sort((a, b) => b[1] - a[1]);
        console.log(`\n${name}, ${part === 'import' ? 'process start + import' : 'the two calls'}: share of profiled time (median of ${Math.min(runs, 5)} runs, ${median(totals[part]!).toFixed(0)} ms of samples): ${rowsOf.filter(([, v]) => v >= 0.005).map(([k, v]) => `${k} ${(v * 100).toFixed(0)} %`).join(', ')}`);
      }
    }
  }
  console.log(`\nmedians of ${runs} runs, ms (boot: process start to the child's first line; spawn→answer as the target-2 bench measures;\nCPU: the child's user + system CPU time, which a busy machine inflates far less than wall time)\n`);
  console.log(table(rows));
} finally {
  await stack.stop();
}
