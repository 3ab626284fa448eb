import type { Accepted, Decision } from '../domain/lifecycle/decide';
import type { Refusal } from '../domain/lifecycle/problems';
import type { PendingTask, Ticket } from '../domain/ticket';
import { ConcurrentChangeError, TicketNotFoundError, type DecisionCommit, type TicketStore } from './ports';

/** What the caller's `decide` step returns: a decision, plus ticket attributes outside the lifecycle to write with it. */
export type Plan = Decision | { decision: Decision; set?: DecisionCommit['set']; remove?: DecisionCommit['remove'] };

export type DecideAndCommitResult =
  | { outcome: 'refused'; ticket: Ticket; refusal: Refusal }
  | { outcome: 'committed'; before: Ticket; ticket: Ticket; decision: Accepted; taken?: PendingTask };

/**
 * Load → decide → commit, again on a lost race (another writer moved the case between read and write), so
 * concurrent actions and timers never overwrite each other. A refusal writes nothing. A decision whose signal
 * completes a callback step takes that step's task token in the same transaction (`taken`): wake the workflow with
 * it after the commit.
 */
export async function decideAndCommit(store: TicketStore, ticketId: string, plan: (ticket: Ticket) => Plan | undefined, attempts = 5): Promise<DecideAndCommitResult> {
  for (let i = 0; ; i++) {
    const ticket = await store.getTicket(ticketId);
    if (!ticket) throw new TicketNotFoundError(`no ticket ${ticketId}`);
    const planned = plan(ticket);
    if (!planned) throw new Error('nothing to decide');
    const { decision, set, remove } = 'ok' in planned ? { decision: planned, set: undefined, remove: undefined } : planned;
    if (!decision.ok) return { outcome: 'refused', ticket, refusal: decision };
    const completes = decision.signal?.via === 'callback' ? decision.signal.completes : undefined;
    try {
      const written = await store.commitDecision(ticket, {
        state: decision.state,
        events: decision.events,
        ...(completes ? { completes } : {}),
        ...(set ? { set } : {}),
        ...(remove ? { remove } : {}),
      });
      return { outcome: 'committed', before: ticket, ticket: written.ticket, decision, ...(written.taken ? { taken: written.taken } : {}) };
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || i + 1 >= attempts) throw e;
    }
  }
}
