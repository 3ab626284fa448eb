import { mayWorkOn, type ScopedCase } from '../lifecycle/scope';
import type { LifecycleState, StaffActor } from '../lifecycle/model';
import type { Policy } from '../policy';

/** What the read check looks at: the work scope, and whether a refund or chargeback was ever raised on the case. */
export type ReadableCase = ScopedCase & Partial<Pick<LifecycleState, 'carriesMoney'>>;

/**
 * Who on staff may read which case: the "Who reads what" table of docs/contracts.md, enforced here once and
 * called by every staff read (the case, the queue, an action's answer). A person reads the cases they work on
 * (`mayWorkOn`: the rung their role owns, a senior also the front line, finance the money cases, and within a
 * department the policy makes exclusive only that department's); finance also reads any case that carries a refund
 * or a chargeback, whatever its category, rung or department (it decides those from the finance queue and needs the
 * case behind them; reading is not acting: `decide` still holds finance to `mayWorkOn`); supervisors read
 * everything; admins run privacy operations and the audit log, and read no case through the case routes. A case a
 * person may not read is answered exactly as a missing one, so a refusal never tells that it exists.
 */
export function mayReadCase(policy: Policy, actor: StaffActor, theCase: ReadableCase): boolean {
  if (actor.role === 'supervisor') return true;
  if (actor.role === 'admin') return false;
  if (actor.role === 'finance' && theCase.carriesMoney === true) return true;
  return mayWorkOn(policy, actor, theCase);
}

/** The audit log names who read whose data: only those who oversee others read it. */
export const mayReadAudit = (actor: StaffActor): boolean => actor.role === 'supervisor' || actor.role === 'admin';
