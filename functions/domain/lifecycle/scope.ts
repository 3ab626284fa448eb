import type { Department, Policy } from '../policy';
import { financeDecides, roleForLevel, rungAt } from './ladder';
import type { LifecycleState, StaffActor } from './model';

/**
 * Who on staff works which case: the one rule behind both the staff queue (what a person sees) and `decide` (what a
 * person may do). Two parts: the level (each rung is owned by a role) and the department scope (seed 002: "employees
 * only solve problems within their scope, never another department's").
 */

export type ScopedCase = Pick<LifecycleState, 'level' | 'category'> & Partial<Pick<LifecycleState, 'department'>>;

/** Whether a staff role works a case on a level. Finance works the cases it decides below the dispute review. */
export function worksAtLevel(policy: Policy, actor: StaffActor, s: ScopedCase): boolean {
  if (actor.role === 'supervisor') return true;
  const owner = roleForLevel(policy, s.level);
  if (actor.role === 'finance') return financeDecides(policy, s.category) && owner !== 'dispute_team';
  if (actor.role === owner) return true;
  // A senior may also take front-line cases (seed 001: "a Senior Support Representative or the Customer Service Manager").
  return actor.role === 'senior' && s.level === 0;
}

/**
 * The department that works a case where it is now: on the front line the category's department; on a rung the
 * department the rung names (itc's Customer Room is both a rung and a department); none on a rung that names no
 * department (its role owns it, whatever the person's department).
 */
export function departmentAt(policy: Policy, s: ScopedCase): Department | undefined {
  const slug = s.level === 0 ? (s.department ?? policy.categories.find((c) => c.slug === s.category)?.department) : undefined;
  if (slug !== undefined) return policy.departments.find((d) => d.slug === slug);
  const rung = rungAt(policy, s.level);
  return rung && policy.departments.find((d) => d.slug === rung.role || d.slug === rung.slug);
}

/**
 * Why this person may not work this case, or undefined when they may. Department scope applies where the policy
 * marks the department `exclusive`, to staff whose identity names a department; supervisors are never scoped.
 * A person whose token names no department is not scoped (the identity provider should always name one where the
 * policy has exclusive departments).
 */
export function scopeRefusal(policy: Policy, actor: StaffActor, s: ScopedCase): string | undefined {
  if (!worksAtLevel(policy, actor, s)) return `The case is with the ${s.level === 0 ? 'front line' : rungAt(policy, s.level)!.label}; a ${actor.role} may not act on it.`;
  if (inDepartmentScope(policy, actor, s)) return undefined;
  return `The case belongs to the ${departmentAt(policy, s)!.label} department; staff of ${actor.department} work only their own department's cases.`;
}

/** Whether a member of staff works on a case: sees it in the queue and may act on it (the same rule in both places). */
/** The department part of the rule alone: what a person may even read (a case of another exclusive department is not theirs to see). */
export function inDepartmentScope(policy: Policy, actor: StaffActor, s: ScopedCase): boolean {
  const department = departmentAt(policy, s);
  return actor.role === 'supervisor' || !department?.exclusive || actor.department === undefined || actor.department === department.slug;
}

export const mayWorkOn = (policy: Policy, actor: StaffActor, s: ScopedCase): boolean => scopeRefusal(policy, actor, s) === undefined;

/** Agents and finance act on unassigned cases or their own; seniors, the dispute team and supervisors on any at their rung. */
export const mayTouchAssigned = (actor: StaffActor, s: Pick<LifecycleState, 'assignee'>) =>
  s.assignee === undefined || s.assignee === actor.staffId || actor.role === 'supervisor' || actor.role === 'senior' || actor.role === 'dispute_team';
