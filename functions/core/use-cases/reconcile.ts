import { isFinal } from '../../domain/lifecycle/model';
import { nextTimer, stepOf } from '../../domain/lifecycle/signals';
import { lifecycleOf, type Case, type CaseStatus } from '../../domain/case';
import type { CaseStore, Clock, Notifier, TaskCallbacks, WorkflowExecutions } from '../ports';
import { OPEN_STATUSES } from './list-queue';
import { recordFailure } from './record-failure';
import { logger } from '../logger';

/** Cases younger than this are left alone: their intake is probably still starting them. */
export const RECONCILE_GRACE_MS = 60_000;
/** How many times a case's workflow is started again under a new name before a person is asked to look. */
export const MAX_RESTARTS = 3;

/** The name of a case's execution: the case id, then `<id>-r1`, `<id>-r2`, … for restarts. */
export const executionName = (caseId: string, attempt: number): string => (attempt === 0 ? caseId : `${caseId}-r${attempt}`);

export interface ReconcileDeps {
  store: CaseStore;
  executions: WorkflowExecutions;
  callbacks: TaskCallbacks;
  notifier: Notifier;
  now: Clock;
}

export interface Reconciled {
  checked: number;
  /** Accepted complaints that had no execution: started. */
  started: number;
  /** Open cases whose execution had ended (failed, aborted, timed out, or succeeded while the case is open): started again. */
  restarted: number;
  /** Running executions waiting on a step the case has left: woken, so they re-read the case. */
  repaired: number;
  /** Cases past their restarts: the supervisors are told and the case flagged. */
  flagged: number;
  /** Cases whose check failed (the next run tries again). */
  failed: number;
}

const RECONCILED: readonly CaseStatus[] = ['received', ...OPEN_STATUSES];

/**
 * Whether a case looks like its workflow is not driving it, from the case alone (no Step Functions call): still
 * unacknowledged after the grace minute, not waiting on its step (no token) long after its last change, a deadline
 * long past that no wait applied, or a wait registered for a step the case has left. A healthy case waits on its
 * step with a token and a deadline ahead, and costs the reconciler nothing but the read of its queue entry.
 */
export function suspicious(theCase: Case, now: Date): boolean {
  const since = (iso: string) => now.getTime() - Date.parse(iso);
  if (since(theCase.createdAt) < RECONCILE_GRACE_MS) return false;
  if (theCase.status === 'received') return true;
  const state = lifecycleOf(theCase);
  const here = stepOf(state);
  if (Object.keys(theCase.tasks).some((step) => step !== here)) return true;
  if (!theCase.tasks[here] && since(theCase.updatedAt) >= RECONCILE_GRACE_MS) return true;
  const timer = nextTimer(state);
  return timer !== undefined && since(timer.due) >= RECONCILE_GRACE_MS;
}

/**
 * Compares the open cases that look neglected (see {@link suspicious}) with their workflow and repairs what does not
 * match, so that no accepted complaint is left without a live execution or a person who knows. Run on a schedule;
 * idempotent (a second run finds nothing to do). One case's failure does not stop the others.
 */
export async function reconcile(deps: ReconcileDeps, limit = 1000): Promise<Reconciled> {
  const counts: Reconciled = { checked: 0, started: 0, restarted: 0, repaired: 0, flagged: 0, failed: 0 };
  let after: Partial<Record<CaseStatus, string>> | undefined;
  do {
    // The workflow state alone decides (status, tasks, lifecycle, dates): no customer's key is opened for it.
    const page = await deps.store.queuePage({ statuses: RECONCILED, limit: 100, personal: false, ...(after ? { after } : {}) });
    for (const theCase of page.cases) {
      if (!suspicious(theCase, deps.now())) continue;
      counts.checked++;
      try {
        const outcome = await reconcileCase(deps, theCase);
        if (outcome) counts[outcome]++;
      } catch (e) {
        counts.failed++;
        logger.error('reconcile failed for a case', { caseId: theCase.id, error: (e as Error)?.name });
      }
    }
    after = page.after;
  } while (after && counts.checked < limit);
  if (counts.started + counts.restarted + counts.repaired + counts.flagged + counts.failed > 0) logger.warn('workflows reconciled', { ...counts });
  return counts;
}

async function reconcileCase(deps: ReconcileDeps, theCase: Case): Promise<'started' | 'restarted' | 'repaired' | 'flagged' | undefined> {
  let attempt = -1;
  let status;
  for (let a = 0; a <= MAX_RESTARTS; a++) {
    const s = await deps.executions.status(executionName(theCase.id, a));
    if (!s) break;
    attempt = a;
    status = s;
  }
  if (attempt < 0) {
    await deps.executions.start(theCase.id);
    return 'started';
  }
  if (status === 'RUNNING') {
    // A wait registered for a step the case has since left: wake it, it re-reads the case and waits where it is now.
    const here = stepOf(lifecycleOf(theCase));
    const stale = Object.entries(theCase.tasks).filter(([step]) => step !== here);
    for (const [, task] of stale) await deps.callbacks.complete(task.taskToken, { caseId: theCase.id });
    return stale.length ? 'repaired' : undefined;
  }
  if (isFinal(theCase.status)) return undefined;
  if (attempt >= MAX_RESTARTS) {
    if (theCase.needsAttention?.error === 'WorkflowRestartsExhausted') return undefined;
    await recordFailure(deps, theCase.id, 'WorkflowRestartsExhausted');
    return 'flagged';
  }
  await deps.executions.startNamed(theCase.id, executionName(theCase.id, attempt + 1));
  return 'restarted';
}
