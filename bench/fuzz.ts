// `npm run bench:fuzz -- [--cases 2000] [--route "POST /complaints" ...] [--seed n] [--out file]`: fuzzes every
// route of the local stack's OpenAPI document (test/fuzz/route-fuzz.ts) with thousands of cases per route and
// prints per route: cases, answers by status, 5xx, non-problem errors, writes from rejected input, forbidden keys
// accepted; the same as JSON in bench/results/fuzz.json. Exits 1 when any route has a violation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startFuzzStack } from '../test/fuzz/fuzz-stack';
import { fuzzRoute, operations, type RouteReport } from '../test/fuzz/route-fuzz';

const USAGE = `usage: npm run bench:fuzz -- [--cases <n per route, default 2000>] [--route "<METHOD> <path>" ...] [--seed <n>] [--out <file>]

Starts the local stack in memory, reads its GET /openapi.json and fuzzes every route (or those named, --route once each): requests from
the route's schemas, broken on purpose. Prints, per route, the answers by status and every violation of: no
5xx; every error application/problem+json in the Problem shape; no write from a rejected request; no accepted
body with a key its schema forbids. Writes the report to bench/results/fuzz.json (or --out). Exit 1 on a violation.`;

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '2000' },
    route: { type: 'string', multiple: true },
    seed: { type: 'string' },
    out: { type: 'string', default: resolve(import.meta.dirname, 'results', 'fuzz.json') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const cases = Number(values.cases);
if (!Number.isInteger(cases) || cases < 1) {
  console.error(`--cases must be a positive integer\n\n${USAGE}`);
  process.exit(2);
}
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);

const { stack, target, doc } = await startFuzzStack();
const reports: RouteReport[] = [];
try {
  const ops = operations(doc).filter((o) => !values.route || values.route.includes(`${o.method} ${o.path}`));
  if (!ops.length || (values.route && ops.length !== values.route.length)) throw new Error(`not every route of ${JSON.stringify(values.route)} is in the OpenAPI document`);
  console.log(`fuzzing ${ops.length} route(s), ${cases} cases each, seed ${seed}`);
  for (const op of ops) {
    const started = performance.now();
    const report = await fuzzRoute(op, doc, target, cases, seed);
    reports.push(report);
    const count = (prefix: string) => report.violations.filter((v) => v.reason.startsWith(prefix)).length;
    console.log(
      `${report.route.padEnd(36)} cases ${String(report.cases).padStart(5)}  5xx ${count('5xx')}  non-problem ${count('error') + count('problem')}  writes-on-reject ${count('rejected')}  forbidden-keys ${count('accepted')}  ` +
        `statuses ${JSON.stringify(report.statuses)}  (${Math.round((performance.now() - started) / 1000)} s)`,
    );
    for (const v of report.violations.slice(0, 3)) console.log(`    ${v.reason}: ${v.request.method} ${v.request.url.slice(0, 160)} ${v.request.body?.slice(0, 200) ?? ''} → ${v.status} ${v.response.slice(0, 160)}`);
  }
} finally {
  await stack.stop();
}
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify({ seed, casesPerRoute: cases, at: new Date().toISOString(), routes: reports }, null, 2));
const violations = reports.reduce((n, r) => n + r.violations.length, 0);
console.log(`${violations} violation(s) over ${reports.reduce((n, r) => n + r.cases, 0)} requests; report in ${values.out}`);
process.exit(violations ? 1 : 0);
