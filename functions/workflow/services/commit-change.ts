import { ConcurrentChangeError, TicketNotFoundError, type TicketChange, type TicketStore } from '../../adapters/ports';
import type { Ticket } from '../../domain/ticket';

/**
 * Loads a ticket, asks `decide` for the change (or undefined when there is nothing left to do, which is what makes
 * a Step Functions retry of an already-done step a no-op), and commits it. When another writer got in between,
 * reloads and decides again, a few times, so concurrent steps never lose each other's updates.
 */
export async function commitChange(
  store: TicketStore,
  ticketId: string,
  decide: (ticket: Ticket) => TicketChange | undefined,
  attempts = 5,
): Promise<{ ticket: Ticket; committed: boolean }> {
  for (let i = 0; ; i++) {
    const ticket = await store.getTicket(ticketId);
    if (!ticket) throw new TicketNotFoundError(`no ticket ${ticketId}`);
    const change = decide(ticket);
    if (!change) return { ticket, committed: false };
    try {
      await store.commit(ticket, change);
      return { ticket, committed: true };
    } catch (e) {
      if (!(e instanceof ConcurrentChangeError) || i + 1 >= attempts) throw e;
    }
  }
}
