import * as z from '../zod';
import { defaultPreset, presets } from '../../../policies/index';
import { PolicySchema, type Policy } from './schema';

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/** Validates a policy document; the error names every bad field by its path, e.g. `sla.defaults.acknowledgment.unit`. */
export function parsePolicy(document: unknown, label = 'policy'): Policy {
  const result = PolicySchema.safeParse(document);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new PolicyError(`${label} is invalid:\n${lines.join('\n')}`);
}

const cache = new Map<string, Policy>();

/** The named preset, validated once per process. Throws a PolicyError for an unknown or invalid preset. */
export function loadPolicy(preset: string = defaultPreset): Policy {
  const cached = cache.get(preset);
  if (cached) return cached;
  const document = presets[preset];
  if (document === undefined) {
    throw new PolicyError(`unknown policy preset "${preset}"; known presets: ${listPresets().join(', ')}`);
  }
  const policy = parsePolicy(document, `policy preset "${preset}"`);
  cache.set(preset, policy);
  return policy;
}

export const listPresets = (): string[] => Object.keys(presets).sort();

/** JSON Schema of the policy file, for editors (`policies/policy.schema.json` is generated from it). */
export const policyJsonSchema = () => z.toJSONSchema(PolicySchema, { io: 'input', unrepresentable: 'any' });
