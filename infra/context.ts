import { readFileSync } from 'node:fs';
import { basename, resolve as resolvePath } from 'node:path';
import { Annotations } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import * as z from '../functions/domain/zod';
// The loader module alone: the policy package's other parts (rendering, deadlines) are not needed at synth.
import { loadPolicy, parsePolicy } from '../functions/domain/policy/load';
import { presets } from '../policies/index';

/** The deploy-time choices, passed with `cdk synth|deploy -c key=value`. See infra/README.md. */
export interface RedressContext {
  /** The From address of every notification; SES verifies it as an email identity. */
  readonly senderAddress: string;
  /** Where staff notifications go (breaches, escalations, cases needing attention): the supervisors' mailbox. */
  readonly supervisorAddress: string;
  /** The policy preset the handlers enforce: a name from policies/ (a policy file given instead is registered under its own `name`). */
  readonly policyPreset: string;
  /** Deployment stage, part of resource names and log retention choices. */
  readonly stage: string;
  /** The payment provider's API base URL (refunds are asked there); its key and webhook secrets live in Secrets Manager. */
  readonly paymentProviderUrl: string;
}

export const contextDefaults: RedressContext = {
  senderAddress: 'complaints@example.com',
  supervisorAddress: 'supervisors@example.com',
  policyPreset: 'promptearn',
  stage: 'dev',
  paymentProviderUrl: 'https://payments.example.com',
};

const ContextSchema = z.object({
  senderAddress: z.email({ error: 'must be an email address such as complaints@example.com' }),
  supervisorAddress: z.email({ error: 'must be an email address such as supervisors@example.com' }),
  // The handlers' POLICY_PRESET and the policy schema's `name` use the same form.
  policyPreset: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, { error: 'must be a preset name such as promptearn, or a path to a policy JSON file' })),
  stage: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,19}$/, { error: 'must be 1-20 lowercase letters, digits or dashes, starting with a letter' })),
  // The key travels to it as a bearer token: HTTPS only on AWS (the local stack's fake provider is not deployed).
  paymentProviderUrl: z.url({ protocol: /^https$/, error: 'must be an https URL such as https://api.payments.example.com' }),
});

export class ContextError extends Error {
  override name = 'ContextError';
}

/**
 * Reads and validates the context at synth, so a bad value stops `cdk synth` with a message
 * naming it instead of deploying something broken. The policy preset is validated by the
 * domain's own loader: the same check the handlers make at start. `policyPreset` may also be a path
 * to a policy JSON file (see {@link choosePolicy}); the context then holds the policy's own name.
 */
export function readContext(node: Node): RedressContext {
  const raw = {
    senderAddress: node.tryGetContext('senderAddress') ?? contextDefaults.senderAddress,
    supervisorAddress: node.tryGetContext('supervisorAddress') ?? contextDefaults.supervisorAddress,
    policyPreset: String(node.tryGetContext('policyPreset') ?? contextDefaults.policyPreset),
    stage: node.tryGetContext('stage') ?? contextDefaults.stage,
    paymentProviderUrl: node.tryGetContext('paymentProviderUrl') ?? contextDefaults.paymentProviderUrl,
  };
  let preset = raw.policyPreset;
  if (looksLikePolicyFile(preset)) {
    try {
      preset = choosePolicy(preset).preset;
      // Bundles carry the presets of policies/ only; the file reaches handlers that share this process.
      Annotations.of(node.root).addWarningV2(
        'redress:policyFile',
        `policy file ${raw.policyPreset} is registered in this process only (npm start, tests); to deploy it, add it to policies/`,
      );
    } catch (error) {
      throw new ContextError(`Invalid context value policyPreset=${JSON.stringify(raw.policyPreset)}: ${(error as Error).message}`);
    }
  }
  const parsed = ContextSchema.safeParse({ ...raw, policyPreset: preset });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `  ${key}=${JSON.stringify(raw[key as keyof typeof raw])}: ${issue.message}`;
    });
    throw new ContextError(`Invalid context value:\n${lines.join('\n')}`);
  }
  try {
    loadPolicy(parsed.data.policyPreset);
  } catch (error) {
    throw new ContextError(`Invalid context value policyPreset=${JSON.stringify(parsed.data.policyPreset)}: ${(error as Error).message}`);
  }
  return parsed.data;
}

/** Where the policy in force came from: a preset shipped in policies/, or a policy file registered under its name. */
export interface PolicyChoice {
  /** The name the handlers get as POLICY_PRESET (context `policyPreset`). */
  readonly preset: string;
  /** The absolute path of the policy file, when one was given. */
  readonly file?: string;
}

/** A value is a file path when it names a directory or a `.json` file; anything else is a preset name. */
export const looksLikePolicyFile = (value: string): boolean => /[/\\]/.test(value) || value.toLowerCase().endsWith('.json');

/**
 * Resolves `npm start -- --policy`, `REDRESS_POLICY` or `-c policyPreset=` to a preset name the handlers can load.
 * A preset name must be one of policies/; a path is read, validated with the domain's policy schema (the error
 * names every bad field by its path) and registered in the in-process preset registry under the policy's own
 * `name`, so `loadPolicy(name)` in every handler of this process returns it, exactly as for a shipped preset.
 * A file may not reuse a shipped preset's name with different content: the two would be indistinguishable.
 *
 * @example
 * choosePolicy('itc')                     // { preset: 'itc' }
 * choosePolicy('./policies/acme.json')    // { preset: 'acme', file: '/…/policies/acme.json' }
 */
export function choosePolicy(value: string, cwd = process.cwd()): PolicyChoice {
  if (!looksLikePolicyFile(value)) {
    loadPolicy(value);
    return { preset: value };
  }
  // Read once at synth, before any handler module is imported: the handlers see the registry filled.
  const file = resolvePath(cwd, value);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ContextError(`cannot read policy file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ContextError(`policy file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const policy = parsePolicy(document, `policy file ${basename(file)}`);
  const shipped = presets[policy.name];
  if (shipped !== undefined && JSON.stringify(shipped) !== JSON.stringify(document)) {
    throw new ContextError(
      `policy file ${basename(file)} is named "${policy.name}", like the preset in policies/, but differs from it: give it a name of its own`,
    );
  }
  presets[policy.name] = document;
  return { preset: policy.name, file };
}
