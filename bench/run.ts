/**
 * `npm run bench`: each target of issue 14 with the figure measured, the baseline measured in the same run and the
 * verdict, printed and written as JSON under bench/results/. What each figure includes and excludes: bench/README.md.
 * Bounded: a fixed number of runs and requests; everything it starts, it stops.
 *
 *   npm run bench                        every section
 *   npm run bench -- --only lambdas      targets 1 and 2 only (bundle sizes, first response, SDK decision)
 *   npm run bench -- --runs 15           counted pairs per first-response figure (default 11, at least 9)
 *   npm run bench -- --only lambdas --functions create-complaint,staff-action   start only these (all are sized)
 *   npm run bench -- --only scale --lifecycles 1000   target 5: N full lifecycles under virtual time (default 200)
 *   npm run bench -- --only tooling      target 6: hand-built log lines, unwrapped handlers, untraced clients, Node
 */
import { parseArgs } from 'node:util';
import { startLocalStack } from '../local/stack';
import { benchIntake } from './intake';
import { benchLambdas } from './lambdas';
import { benchScale } from './scale';
import { benchTooling } from './tooling';
import { printRows, writeResults, type TargetRow } from './report';
import { benchWorkflowTransitions } from './workflow-transitions';

const { values } = parseArgs({
  options: { only: { type: 'string' }, runs: { type: 'string', default: '11' }, functions: { type: 'string' }, lifecycles: { type: 'string', default: '200' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('npm run bench [-- --only lambdas|intake|workflow|scale|tooling] [--runs N (≥ 9, default 11)] [--lifecycles N (scale, default 200)] [--functions create-complaint,staff-action (start only these; every bundle is sized)]\nWrites bench/results/<time>-<commit>.json. See bench/README.md.');
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 9) throw new Error(`--runs must be a whole number ≥ 9 (a median of at least 9 pairs), got ${values.runs}`);
const lifecycles = Number(values.lifecycles);
if (!Number.isInteger(lifecycles) || lifecycles < 5) throw new Error(`--lifecycles must be a whole number ≥ 5, got ${values.lifecycles}`);
const wanted = (section: string) => values.only === undefined || values.only === section;

const rows: TargetRow[] = [];
// The stack for targets 1–3 (the workflow and scale sections start their own, in child processes).
const stack = wanted('lambdas') || wanted('intake') ? await startLocalStack({ ports: 0, inMemory: true, log: () => {} }) : undefined;
try {
  if (wanted('lambdas')) {
    console.log(`Targets 1 and 2: every function's bundle and its process start → first response vs hello world (${runs} pairs)`);
    const lambdas = await benchLambdas(stack!, runs, (line) => console.log(line), values.functions ? { functions: values.functions.split(',') } : {});
    rows.push(...lambdas.rows);
    console.log(`\n${printRows(lambdas.rows)}\n`);
  }
  if (wanted('intake')) {
    console.log('Intake on the local stack (POST /complaints), vs a bare DynamoDB TransactWriteItems and PutItem on the same DynamoDB Local\n');
    const intake = await benchIntake(stack!);
    rows.push(...intake.rows);
    console.log(`${intake.text}\n\n${printRows(intake.rows)}\n`);
  }
} finally {
  await stack?.stop();
}

if (wanted('workflow')) {
  console.log('\nState transitions and AWS cost per complaint, by scenario, vs a help-desk seat per case\n');
  const workflow = await benchWorkflowTransitions();
  rows.push(...workflow.rows);
  console.log(`${workflow.text}\n\n${printRows(workflow.rows)}\n`);
}

if (wanted('scale')) {
  console.log(`\nTarget 5: ${lifecycles} full lifecycles on one local stack under virtual time (a child process)\n`);
  const scaleRows = await benchScale(lifecycles, (line) => console.log(line));
  rows.push(...scaleRows);
  console.log(`\n${printRows(scaleRows)}\n`);
}

if (wanted('tooling')) {
  console.log('\nTarget 6: standard tooling, read from the code the deployed bundles hold\n');
  const tooling = await benchTooling();
  rows.push(...tooling);
  console.log(`${printRows(tooling)}\n`);
}

if (rows.length > 0) {
  const notMet = rows.filter((r) => r.verdict === 'NOT MET').length;
  console.log(`\n${rows.length - notMet} of ${rows.length} rows with a verdict met or informative; ${notMet} not met.`);
  console.log(`results: ${writeResults(rows, { runs, sections: values.only ?? 'all', ...(wanted('scale') ? { lifecycles } : {}), ...(values.functions ? { functions: values.functions } : {}) })}`);
}
