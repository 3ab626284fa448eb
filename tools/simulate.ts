/**
 * npm run simulate -- --scenario <file> [--policy <name|file.json>] [--json] [--fail-on-breach]
 *
 * Replays a scenario through the production use cases (in memory, on a virtual clock) and prints each case's
 * timeline with its deadlines and their explanations, the promises broken, the emails sent and the steps refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { policyBook } from '../functions/core/policy-book';
import { calendarOf, listPresets, loadPolicy, parsePolicy, type Policy } from '../functions/domain/policy/index';
import { breachesOf, formatSimulation } from './simulate/format';
import { simulate, ScenarioError, type SimulationResult } from './simulate/run';
import { ScenarioSchema, type Scenario } from './simulate/scenario';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: npm run simulate -- --scenario <file.json> [--policy <name|file.json>] [--json] [--fail-on-breach]

  --scenario <file>     the scenario: complaints and the actions people take on them (see scenarios/)
  --policy <name|file>  a preset (${listPresets().join(', ')}) or a policy file; default: the scenario's own "policy"
  --json                print the result as JSON
  --fail-on-breach      exit 2 when a promise is broken
  --help                this text

Exit codes: 0 done, 1 bad input (named), 2 breaches found with --fail-on-breach.`;

/** Parses and validates a scenario document; the error names each bad field by its path. */
export function parseScenario(text: string, label: string): Scenario {
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${label} is not JSON: ${(e as Error).message}`);
  }
  const result = ScenarioSchema.safeParse(document);
  if (!result.success) throw new UsageError(`${label} is invalid:\n${result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
  return result.data;
}

/** A preset by name, or a policy file by path (validated with the same schema as the presets). */
export function policyFrom(nameOrFile: string, readFile: (path: string) => string): Policy {
  if (listPresets().includes(nameOrFile)) return loadPolicy(nameOrFile);
  if (!nameOrFile.endsWith('.json') && !existsSync(nameOrFile)) throw new UsageError(`unknown policy "${nameOrFile}"; known: ${listPresets().join(', ')}, or a path to a policy file`);
  let text: string;
  try {
    text = readFile(nameOrFile);
  } catch (e) {
    throw new UsageError(`cannot read policy ${nameOrFile}: ${(e as Error).message}`);
  }
  try {
    return parsePolicy(JSON.parse(text), `policy file ${nameOrFile}`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export interface CliOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
  result?: SimulationResult;
}

/** The whole CLI minus process I/O, so tests call it directly. */
export async function runCli(argv: string[], readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): Promise<CliOutput> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { policy: { type: 'string' }, scenario: { type: 'string' }, json: { type: 'boolean', default: false }, 'fail-on-breach': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
      strict: true,
    });
    if (values.help) return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
    if (!values.scenario) throw new UsageError(`--scenario is required\n${USAGE}`);
    let text: string;
    try {
      text = readFile(values.scenario);
    } catch (e) {
      throw new UsageError(`cannot read scenario ${values.scenario}: ${(e as Error).message}`);
    }
    const scenario = parseScenario(text, `scenario ${values.scenario}`);
    const policy = policyFrom(values.policy ?? scenario.policy, readFile);
    const result = await simulate(policyBook(policy), scenario);
    const stdout = values.json ? `${JSON.stringify(result, null, 2)}\n` : formatSimulation(result, calendarOf(policy).timeZone);
    return { exitCode: values['fail-on-breach'] && breachesOf(result).length > 0 ? 2 : 0, stdout, stderr: '', result };
  } catch (e) {
    const known = e instanceof UsageError || e instanceof ScenarioError || (e as Error).name === 'PolicyError' || e instanceof TypeError;
    return { exitCode: 1, stdout: '', stderr: `${known ? (e as Error).message : `simulation failed: ${(e as Error).message}`}\n` };
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await runCli(process.argv.slice(2));
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
}
