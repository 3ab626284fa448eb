import type { Accepted, Decision } from '../domain/lifecycle/decide';
import type { Refusal } from '../domain/lifecycle/problems';
import type { PendingTask, Ticket } from '../domain/ticket';
import { ConcurrentChangeError, type CaseChange, type CaseStore } from './ports';

/** What a use case's `plan` returns for the case it read: a decision and what else the same write carries. */
export interface Plan {
  decision: Decision;
  clearTasks?: boolean;
  set?: CaseChange['set'];
  remove?: CaseChange['remove'];
  /** Runs after the plan is accepted and before the commit (the Acknowledge step mails the status link here). */
  beforeCommit?: (ticket: Ticket, decision: Accepted) => Promise<void>;
}

export type CommitResult =
  | { outcome: 'missing' }
  | { outcome: 'unchanged'; ticket: Ticket }
  | { outcome: 'refused'; ticket: Ticket; refusal: Refusal }
  | { outcome: 'committed'; before: Ticket; ticket: Ticket; decision: Accepted; taken?: PendingTask };

/** How many times a decision is taken again when another writer moved the case between read and write. */
export const COMMIT_ATTEMPTS = 5;

/**
 * The one load → decide → commit loop. Every change to a case goes through it, so concurrent actions, timers and
 * workflow steps never overwrite each other: the commit is conditional on the version read (and on the token of
 * the step the decision leaves), and a lost race decides again on a fresh read. `plan` returning undefined means
 * there is nothing to do (a retried step that already happened). A refusal writes nothing.
 */
export async function decideAndCommit(store: CaseStore, id: string, plan: (ticket: Ticket) => Plan | undefined): Promise<CommitResult> {
  for (let attempt = 1; ; attempt++) {
    const ticket = await store.get(id);
    if (!ticket) return { outcome: 'missing' };
    const planned = plan(ticket);
    if (!planned) return { outcome: 'unchanged', ticket };
    const { decision } = planned;
    if (!decision.ok) return { outcome: 'refused', ticket, refusal: decision };
    // Only a human action completes a wait through its token; a timer or a task already ended theirs.
    const completes = decision.signal?.via === 'callback' ? decision.signal.completes : undefined;
    await planned.beforeCommit?.(ticket, decision);
    try {
      const written = await store.commit(ticket, {
        state: decision.state,
        events: decision.events,
        ...(completes ? { completes } : {}),
        ...(planned.clearTasks ? { clearTasks: true } : {}),
        ...(planned.set ? { set: planned.set } : {}),
        ...(planned.remove ? { remove: planned.remove } : {}),
      });
      return { outcome: 'committed', before: ticket, ticket: written.ticket, decision, ...(written.taken ? { taken: written.taken } : {}) };
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || attempt >= COMMIT_ATTEMPTS) throw e;
    }
  }
}
