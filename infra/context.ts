import type { Node } from 'constructs';
import * as z from 'zod';
// The loader module alone: the policy package's other parts (rendering, deadlines) are not needed at synth.
import { loadPolicy } from '../functions/domain/policy/load';

/** The deploy-time choices, passed with `cdk synth|deploy -c key=value`. See infra/README.md. */
export interface RedressContext {
  /** The From address of every notification; SES verifies it as an email identity. */
  readonly senderAddress: string;
  /** Where staff notifications go (breaches, escalations, cases needing attention): the supervisors' mailbox. */
  readonly supervisorAddress: string;
  /** The policy preset under policies/ the handlers enforce. */
  readonly policyPreset: string;
  /** Deployment stage, part of resource names and log retention choices. */
  readonly stage: string;
}

export const contextDefaults: RedressContext = {
  senderAddress: 'complaints@example.com',
  supervisorAddress: 'supervisors@example.com',
  policyPreset: 'promptearn',
  stage: 'dev',
};

const ContextSchema = z.object({
  senderAddress: z.email({ error: 'must be an email address such as complaints@example.com' }),
  supervisorAddress: z.email({ error: 'must be an email address such as supervisors@example.com' }),
  policyPreset: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be a preset name such as promptearn' }),
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, { error: 'must be 1-20 lowercase letters, digits or dashes, starting with a letter' }),
});

export class ContextError extends Error {
  override name = 'ContextError';
}

/**
 * Reads and validates the context at synth, so a bad value stops `cdk synth` with a message
 * naming it instead of deploying something broken. The policy preset is validated by the
 * domain's own loader: the same check the handlers make at start.
 */
export function readContext(node: Node): RedressContext {
  const raw = {
    senderAddress: node.tryGetContext('senderAddress') ?? contextDefaults.senderAddress,
    supervisorAddress: node.tryGetContext('supervisorAddress') ?? contextDefaults.supervisorAddress,
    policyPreset: node.tryGetContext('policyPreset') ?? contextDefaults.policyPreset,
    stage: node.tryGetContext('stage') ?? contextDefaults.stage,
  };
  const parsed = ContextSchema.safeParse(raw);
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
