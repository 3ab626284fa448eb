import type { ClockId, LifecycleState } from './model';

/**
 * The staff queue in the policy's order: due time, then arrival (seed 002: "process the client in the order of the
 * queue"). The comparator and the DynamoDB sort key are built from the same fields, so the GSI `byQueue` returns
 * exactly the order `compareQueue` gives (docs/contracts.md: gsi1sk = <due>#<created>#<id>).
 */

/** Clocks a member of staff can act on; customer-side clocks (silence, follow-up) do not make a case urgent for staff. */
const STAFF_CLOCKS: ClockId[] = ['acknowledgment', 'firstResponse', 'infoRequest', 'nextReply', 'periodicUpdate', 'resolution', 'autoEscalation', 'seniorResponse', 'disputeUpdate', 'disputeDecision', 'maxProcessing', 'nextIssue'];

/** Far future for cases nobody on staff owes anything (waiting for the customer): they sort last, by arrival. */
export const NO_DUE = '9999-12-31T23:59:59.999Z';

export type QueueItem = Pick<LifecycleState, 'caseId' | 'status' | 'receivedAt' | 'clocks'>;

/**
 * Every instant in one fixed format (UTC, milliseconds) so string order is time order:
 * `…00Z` and `…00.500Z` would otherwise sort wrongly ('.' < 'Z').
 */
export const sortableInstant = (rfc3339: string): string => new Date(rfc3339).toISOString();

/** The instant that orders a case in the queue: its earliest running staff deadline. */
export function queueDue(item: Pick<QueueItem, 'clocks'>): string {
  let best: number | undefined;
  for (const id of STAFF_CLOCKS) {
    const c = item.clocks[id];
    if (c?.status === 'running' && c.due) best = Math.min(best ?? Infinity, Date.parse(c.due));
  }
  return best === undefined ? NO_DUE : new Date(best).toISOString();
}

/** Due time, then arrival, then id (a total order, so the queue never shuffles between reads). */
export function compareQueue(a: QueueItem, b: QueueItem): number {
  return cmp(queueDue(a), queueDue(b)) || cmp(sortableInstant(a.receivedAt), sortableInstant(b.receivedAt)) || cmp(a.caseId, b.caseId);
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** The GSI `byQueue` keys of a case (docs/contracts.md). */
export function queueKeys(item: QueueItem): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: `QUEUE#${item.status}`, gsi1sk: `${queueDue(item)}#${sortableInstant(item.receivedAt)}#${item.caseId}` };
}
