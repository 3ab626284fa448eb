import type { Policy } from '../policy';
import { financeDecides, roleForLevel } from './ladder';
import type { LifecycleState, StaffActor } from './model';

/** Whether a staff role works a case on a level. Finance works the cases it decides below the dispute review. */
export function worksAtLevel(policy: Policy, actor: StaffActor, s: Pick<LifecycleState, 'level' | 'category'>): boolean {
  if (actor.role === 'supervisor') return true;
  const owner = roleForLevel(policy, s.level);
  if (actor.role === 'finance') return financeDecides(policy, s.category) && owner !== 'dispute_team';
  if (actor.role === owner) return true;
  // A senior may also take front-line cases (seed 001: "a Senior Support Representative or the Customer Service Manager").
  return actor.role === 'senior' && s.level === 0;
}

/** Agents and finance act on unassigned cases or their own; seniors, the dispute team and supervisors on any at their rung. */
export const mayTouchAssigned = (actor: StaffActor, s: Pick<LifecycleState, 'assignee'>) =>
  s.assignee === undefined || s.assignee === actor.staffId || actor.role === 'supervisor' || actor.role === 'senior' || actor.role === 'dispute_team';
