import { ConcurrentChangeError } from '../../adapters/ports';
import { decide, dueClocks, type LifecycleEvent, type LifecycleState, type Notification } from '../../domain/lifecycle';
import type { CaseStore } from './case-store';
import { workflowNext, type WorkflowNext } from '../../domain/lifecycle';
import { sendNotifications, type NotifyDeps } from './notify';

export interface ApplyDueClocksDeps extends NotifyDeps {
  store: CaseStore;
  now?: () => Date;
}

const SYSTEM = { role: 'system' } as const;

/** Every clock due at `now`, applied in order as `timeout` actions; refusals (410 stopped, 409 paused/not due) are skipped. */
export function applyDue(state: LifecycleState, now: Date, policy: NotifyDeps['policy']) {
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
  return { state: current, events, notifications, applied };
}

/**
 * State `Apply due clocks`: a wait timed out at the earliest clock, or came back without a usable `$.next`.
 * Applies every due clock in one transaction (reminders, updates, breaches, the escalation ladder, closes), drops
 * the stale task tokens (the machine waits on none now), sends what the decisions asked for, answers `$.next`.
 *
 * Idempotent: after a commit, a retry finds the clocks stopped or restarted, nothing due, and only answers `$.next`.
 * Emails are at-least-once: sent before the commit, so a failed commit (or a concurrent change) may mail twice but
 * a notice is never lost.
 */
export async function applyDueClocks(deps: ApplyDueClocksDeps, ticketId: string): Promise<WorkflowNext & { applied: string[] }> {
  const now = deps.now ?? (() => new Date());
  for (let attempt = 0; ; attempt++) {
    const record = await deps.store.load(ticketId);
    if (!record.lifecycle) throw new Error(`ticket ${ticketId} has no lifecycle yet (not acknowledged)`);
    const at = now();
    const result = applyDue(record.lifecycle, at, deps.policy);
    // Mail first, then record: a failure in between makes the retry mail again (at-least-once, like Acknowledge)
    // instead of losing the reminder, update or breach notice.
    await sendNotifications(deps, record, result.notifications);
    try {
      if (result.applied.length || Object.keys(record.tasks).length) {
        await deps.store.commit(record, { state: result.state, events: result.events, clearTasks: true });
      }
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || attempt >= 4) throw e;
      continue;
    }
    return { ...workflowNext(result.state, at), applied: result.applied };
  }
}
