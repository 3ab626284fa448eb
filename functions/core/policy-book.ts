import type { Policy } from '../domain/policy';
import type { PolicyBook } from './ports';

export class PolicyVersionMissingError extends Error {
  override name = 'PolicyVersionMissingError';
}

/**
 * An earlier version the book knows by name before reading it: `load` inflates and validates the document, on the
 * first case that needs it (most containers never meet a case under an old version, so a cold start skips them).
 */
export interface ArchivedPolicy {
  name: string;
  version: string;
  load: () => Policy;
}

const refOf = (p: { name: string; version: string }) => `${p.name}@${p.version}`;
const isArchived = (p: Policy | ArchivedPolicy): p is ArchivedPolicy => typeof (p as Partial<ArchivedPolicy>).load === 'function';

/**
 * The policy in force for new cases and the earlier versions open cases started under. A case is decided by its
 * own version, so publishing a new version never changes a promise already made to a customer. An archived
 * version is loaded once, when first asked for.
 */
export function policyBook(current: Policy, earlier: readonly (Policy | ArchivedPolicy)[] = []): PolicyBook {
  const loaded = new Map<string, Policy>();
  const archived = new Map<string, ArchivedPolicy>();
  for (const p of earlier) {
    if (isArchived(p)) archived.set(refOf(p), p);
    else loaded.set(refOf(p), p);
  }
  loaded.set(refOf(current), current);
  const load = (ref: string, entry: ArchivedPolicy): Policy => {
    const policy = entry.load();
    if (refOf(policy) !== ref) throw new Error(`the archived policy ${ref} holds ${refOf(policy)}`);
    loaded.set(ref, policy);
    return policy;
  };
  return {
    current: () => current,
    of: (ref) => {
      const key = refOf(ref);
      const policy = loaded.get(key) ?? (archived.has(key) ? load(key, archived.get(key)!) : undefined);
      if (!policy) throw new PolicyVersionMissingError(`policy ${ref.name} ${ref.version} is not in this deployment; it carries ${[...new Set([...archived.keys(), ...loaded.keys()])].join(', ')}`);
      return policy;
    },
  };
}
