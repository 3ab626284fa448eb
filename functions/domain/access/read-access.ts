import { mayWorkOn, type ScopedCase } from '../lifecycle/scope';
import type { StaffActor } from '../lifecycle/model';
import type { Policy } from '../policy';

/**
 * Who on staff may read which case: the "Who reads what" table of docs/contracts.md, enforced here once and
 * called by every staff read (the case, the queue, an action's answer). A person reads the cases they work on
 * (`mayWorkOn`: the rung their role owns, a senior also the front line, finance the money cases, and within a
 * department the policy makes exclusive only that department's); supervisors read everything; admins run privacy
 * operations and the audit log, and read no case through the case routes. A case a person may not read is
 * answered exactly as a missing one, so a refusal never tells that it exists.
 */
export function mayReadCase(policy: Policy, actor: StaffActor, theCase: ScopedCase): boolean {
  if (actor.role === 'supervisor') return true;
  if (actor.role === 'admin') return false;
  return mayWorkOn(policy, actor, theCase);
}

/** The audit log names who read whose data: only those who oversee others read it. */
export const mayReadAudit = (actor: StaffActor): boolean => actor.role === 'supervisor' || actor.role === 'admin';
