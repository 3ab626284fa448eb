import type { TicketStore } from '../../adapters/ports';
import { breached } from '../../domain/ticket-events';
import { commitChange } from './commit-change';

/**
 * Records that a clock's deadline passed: an internal timeline event, the clock flagged in `breaches`, and the
 * step's pending task token dropped (Step Functions no longer waits on it, so an action that completes it later
 * gets a clear "too late"). Idempotent: a clock already breached is left alone.
 */
export async function recordBreach(store: TicketStore, ticketId: string, clock: string, now: () => Date = () => new Date()) {
  let breachedAt: string | undefined;
  const { ticket, committed } = await commitChange(store, ticketId, (current) => {
    if (current.breaches[clock]) return undefined;
    const change = breached(current, clock, now());
    breachedAt = change.event.at;
    return { ...change, removeTasks: [clock] };
  });
  return { clock, breachedAt: committed ? breachedAt! : ticket.breaches[clock]!, newlyRecorded: committed };
}
