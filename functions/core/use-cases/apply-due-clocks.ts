import { decide, type Accepted } from '../../domain/lifecycle/decide';
import type { LifecycleEvent } from '../../domain/lifecycle/events';
import type { LifecycleState } from '../../domain/lifecycle/model';
import type { Notification } from '../../domain/lifecycle/notifications';
import { dueClocks } from '../../domain/lifecycle/signals';
import { workflowNext, type WorkflowNext } from '../../domain/lifecycle/workflow-next';
import type { Policy } from '../../domain/policy';
import { lifecycleOf } from '../../domain/case';
import { decideAndCommit } from '../commit-loop';
import { sendOutbox } from './send-outbox';
import { CaseNotFoundError, type CaseStore, type Clock, type Notifier, type PolicyBook } from '../ports';

export interface ApplyDueClocksDeps {
  store: CaseStore;
  notifier: Notifier;
  policies: PolicyBook;
  now: Clock;
}

const SYSTEM = { role: 'system' } as const;

/** Every clock due at `now`, applied in order as `timeout` actions; refusals (stopped, paused, not due) are skipped. */
export function applyDue(state: LifecycleState, now: Date, policy: Policy): { decision: Accepted; applied: string[] } {
  let current = state;
  const events: LifecycleEvent[] = [];
  const notifications: Notification[] = [];
  const applied: string[] = [];
  for (const clock of dueClocks(state, now)) {
    const decision = decide(current, { type: 'timeout', clock }, SYSTEM, now, policy);
    if (!decision.ok) continue; // an earlier timeout at the same instant already stopped or paused it
    current = decision.state;
    events.push(...decision.events);
    notifications.push(...decision.notifications);
    applied.push(clock);
  }
  return { decision: { ok: true, state: current, events, notifications, clockOps: [], signal: null }, applied };
}

/**
 * State `Apply due clocks`: a wait timed out at the earliest clock, a human was faster than the wait's
 * registration, or a callback came back without a usable `$.next`. Applies every due clock in one commit
 * (reminders, updates, breaches, the escalation ladder, closes), drops the stale task tokens (the workflow waits on
 * none while this runs), tells what the decisions asked for, answers `$.next`.
 *
 * Idempotent: after a commit, a retry finds nothing due and only answers `$.next`. The notices are outbox items of
 * the same commit, sent right after it (or by the change stream or the sweep if this step dies first).
 */
export async function applyDueClocks(deps: ApplyDueClocksDeps, caseId: string): Promise<WorkflowNext & { applied: string[] }> {
  let applied: string[] = [];
  const result = await decideAndCommit(deps.store, caseId, (theCase) => {
    const policy = deps.policies.of(theCase.policy);
    const due = applyDue(lifecycleOf(theCase), deps.now(), policy);
    applied = due.applied;
    if (!due.applied.length && !Object.keys(theCase.tasks).length) return undefined;
    return {
      decision: due.decision,
      clearTasks: true,
    };
  });
  if (result.outcome === 'missing') throw new CaseNotFoundError(`no case ${caseId}`);
  if (result.outcome === 'refused') throw new Error('applying due clocks never refuses');
  if (result.outcome === 'committed') await sendOutbox(deps, result.outbox);
  const state = result.outcome === 'committed' ? result.decision.state : lifecycleOf(result.theCase);
  return { ...workflowNext(state, deps.now()), applied: result.outcome === 'committed' ? applied : [] };
}
