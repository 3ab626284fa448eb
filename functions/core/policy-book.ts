import type { Policy } from '../domain/policy';
import type { PolicyBook } from './ports';

export class PolicyVersionMissingError extends Error {
  override name = 'PolicyVersionMissingError';
}

/**
 * The policy in force for new cases and the earlier versions open cases started under. A case is decided by its
 * own version, so publishing a new version never changes a promise already made to a customer.
 */
export function policyBook(current: Policy, earlier: readonly Policy[] = []): PolicyBook {
  const byRef = new Map([...earlier, current].map((p) => [`${p.name}@${p.version}`, p]));
  return {
    current: () => current,
    of: (ref) => {
      const policy = byRef.get(`${ref.name}@${ref.version}`);
      if (!policy) throw new PolicyVersionMissingError(`policy ${ref.name} ${ref.version} is not in this deployment; it carries ${[...byRef.keys()].join(', ')}`);
      return policy;
    },
  };
}
