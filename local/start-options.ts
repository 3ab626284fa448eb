// The command line of `npm start`, parsed apart from starting anything so that it can be tested.
import { parseArgs } from 'node:util';
import { parseDuration } from './virtual-clock';

export const START_USAGE = `usage: npm start -- [options]

  --policy <name|file>   the policy in force: a preset of policies/ (promptearn, itc, …) or a path to a
                         policy JSON file, validated with the domain's policy schema
                         (default: $REDRESS_POLICY, else the app's default preset)
  --fresh                wipe .local/ (DynamoDB data, executions, mail, virtual clock) first
  --in-memory            keep nothing on disk
  --advance <duration>   jump the virtual clock once everything is up (PT48H, +48h, 5d)
  -h, --help             this text

Ports: REDRESS_API_PORT (3000), REDRESS_DYNAMODB_PORT (8000), REDRESS_SES_PORT (8005), REDRESS_SFN_PORT (8083), REDRESS_PAYMENTS_PORT (8091, the LOCAL ONLY fake payment provider), REDRESS_S3_PORT (4569), REDRESS_SMTP_PORT (2525), REDRESS_EVENTS_PORT (8088, case events to REDRESS_WEBHOOKS subscribers).`;

export interface StartOptions {
  help: boolean;
  fresh: boolean;
  inMemory: boolean;
  /** undefined: the app's default preset (context `policyPreset` unset) */
  policy?: string;
  advance?: { text: string; ms: number };
}

/** Reads argv (after `--`) and the environment; throws with a message for a bad option or duration. */
export function parseStartOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): StartOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      fresh: { type: 'boolean', default: false },
      'in-memory': { type: 'boolean', default: false },
      advance: { type: 'string' },
      policy: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const policy = values.policy ?? (env.REDRESS_POLICY?.trim() || undefined);
  if (policy !== undefined && policy.trim() === '') throw new Error('--policy needs a preset name or a path to a policy JSON file');
  return {
    help: values.help,
    fresh: values.fresh,
    inMemory: values['in-memory'],
    policy,
    advance: values.advance === undefined ? undefined : { text: values.advance, ms: parseDuration(values.advance) },
  };
}
