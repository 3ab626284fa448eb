import { inDepartmentScope, type ScopedCase } from '../lifecycle/scope';
import type { StaffActor } from '../lifecycle/model';
import type { Policy } from '../policy';

/**
 * Who may see a sensitive value (a full account number) in clear: finance alone, who pays money out, on the cases
 * of their department scope; every other role is refused the route outright. The reveal is its own audited call, so
 * reading the case (masked) never implies it.
 */
export const mayRevealAtAll = (actor: StaffActor): boolean => actor.role === 'finance';
export const mayRevealOn = (policy: Policy, actor: StaffActor, theCase: ScopedCase): boolean => mayRevealAtAll(actor) && inDepartmentScope(policy, actor, theCase);
