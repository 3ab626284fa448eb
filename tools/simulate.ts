/**
 * npm run simulate -- --policy <name> --scenario <file> [--json] [--fail-on-breach]
 *
 * Replays a scenario (complaints, actions, times) against a policy preset and prints the timeline with each deadline
 * and its explanation, and which promises would be breached. Ops use it to test a policy before rollout.
 * Exit codes: 0 done, 1 bad input (named), 2 breaches found with --fail-on-breach.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { calendarOf, listPresets, loadPolicy } from '../functions/domain/policy/index';
import { simulate, type SimulationResult } from './simulate/engine';
import { formatSimulation } from './simulate/format';
import { ScenarioSchema, type Scenario } from './simulate/scenario';

export class UsageError extends Error {
  override name = 'UsageError';
}

const USAGE = 'usage: npm run simulate -- --policy <name> --scenario <file.json> [--json] [--fail-on-breach]';

/** Parses and validates a scenario document; the error names each bad field by its path. */
export function parseScenario(text: string, label: string): Scenario {
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${label} is not JSON: ${(e as Error).message}`);
  }
  const result = ScenarioSchema.safeParse(document);
  if (!result.success) {
    throw new UsageError(`${label} is invalid:\n${result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
  }
  return result.data;
}

export interface CliOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
  result?: SimulationResult;
}

/** The whole CLI minus process I/O, so tests call it directly. */
export function runCli(argv: string[], readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): CliOutput {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { policy: { type: 'string' }, scenario: { type: 'string' }, json: { type: 'boolean', default: false }, 'fail-on-breach': { type: 'boolean', default: false } },
      strict: true,
    });
    if (!values.scenario) throw new UsageError(`--scenario is required\n${USAGE}`);
    const policyName = values.policy ?? 'promptearn';
    if (!listPresets().includes(policyName)) throw new UsageError(`unknown policy "${policyName}"; known: ${listPresets().join(', ')}`);
    const policy = loadPolicy(policyName);
    let text: string;
    try {
      text = readFile(values.scenario);
    } catch (e) {
      throw new UsageError(`cannot read scenario ${values.scenario}: ${(e as Error).message}`);
    }
    const scenario = parseScenario(text, `scenario ${values.scenario}`);
    const result = simulate(policy, scenario);
    const stdout = values.json ? `${JSON.stringify(result, null, 2)}\n` : formatSimulation(result, calendarOf(policy).timeZone);
    return { exitCode: values['fail-on-breach'] && result.breaches.length > 0 ? 2 : 0, stdout, stderr: '', result };
  } catch (e) {
    const message = e instanceof UsageError || (e as Error).name === 'PolicyError' || e instanceof TypeError ? (e as Error).message : `simulation failed: ${(e as Error).message}`;
    return { exitCode: 1, stdout: '', stderr: `${message}\n` };
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = runCli(process.argv.slice(2));
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
}
