import type { Accepted, Decision } from '../domain/lifecycle/decide';
import type { Refusal } from '../domain/lifecycle/problems';
import type { PendingTask, Case } from '../domain/case';
import { outboxMessages, type OutboxContent, type OutboxMessage } from './outbox';
import { ConcurrentChangeError, type CaseChange, type CaseStore } from './ports';
import { logCase } from './logger';

/** What a use case's `plan` returns for the case it read: a decision and what else the same write carries. */
export interface Plan {
  decision: Decision;
  clearTasks?: boolean;
  set?: CaseChange['set'];
  remove?: CaseChange['remove'];
  /** Messages to send besides the decision's notifications, first (the Acknowledge step's acknowledgment). */
  outbox?: OutboxContent[];
}

export type CommitResult =
  | { outcome: 'missing' }
  | { outcome: 'unchanged'; theCase: Case }
  | { outcome: 'refused'; theCase: Case; refusal: Refusal }
  | { outcome: 'committed'; before: Case; theCase: Case; decision: Accepted; taken?: { step: string; task: PendingTask }; outbox: OutboxMessage[] };

/** How many times a decision is taken again when another writer moved the case between read and write. */
export const COMMIT_ATTEMPTS = 5;

/**
 * The one load → decide → commit loop. Every change to a case goes through it, so concurrent actions, timers and
 * workflow steps never overwrite each other: the commit is conditional on the version read (and on the token of
 * the step the decision leaves), and a lost race decides again on a fresh read. What the decision asks to send is
 * written as outbox items in the same commit (core/outbox.ts); the caller may send them at once through the
 * outbox's sender, and the change stream sends whatever it did not. `plan` returning undefined means
 * there is nothing to do (a retried step that already happened). A refusal writes nothing.
 */
export async function decideAndCommit(store: CaseStore, id: string, plan: (theCase: Case) => Plan | undefined): Promise<CommitResult> {
  for (let attempt = 1; ; attempt++) {
    const theCase = await store.get(id);
    if (!theCase) return { outcome: 'missing' };
    logCase(theCase);
    const planned = plan(theCase);
    if (!planned) return { outcome: 'unchanged', theCase };
    const { decision } = planned;
    if (!decision.ok) return { outcome: 'refused', theCase, refusal: decision };
    // Only a human action completes a wait through its token; a timer or a task already ended theirs.
    const completes = decision.signal?.via === 'callback' ? decision.signal.completes : undefined;
    const contents: OutboxContent[] = [...(planned.outbox ?? []), ...decision.notifications.map((notification) => ({ kind: 'notification' as const, notification }))];
    const outbox = outboxMessages(theCase.id, decision.state.eventSeq, decision.events.at(-1)?.at ?? decision.state.updatedAt, contents);
    try {
      const written = await store.commit(theCase, {
        state: decision.state,
        events: decision.events,
        ...(completes ? { completes } : {}),
        ...(planned.clearTasks ? { clearTasks: true } : {}),
        ...(planned.set ? { set: planned.set } : {}),
        ...(planned.remove ? { remove: planned.remove } : {}),
        ...(outbox.length ? { outbox } : {}),
      });
      return { outcome: 'committed', before: theCase, theCase: written.theCase, decision, outbox, ...(written.taken && completes ? { taken: { step: completes, task: written.taken } } : {}) };
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || attempt >= COMMIT_ATTEMPTS) throw e;
    }
  }
}
