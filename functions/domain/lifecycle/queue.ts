import type { QueueKey } from '../policy';
import type { ClockId, LifecycleState } from './model';

/**
 * The staff queue in the policy's order (`policy.queue.order`: e.g. earnway and ecomstore "priority first", then the
 * earliest deadline, then arrival; itc "in the order of the queue": deadline, then arrival). The DynamoDB sort key is
 * built so that its plain string order IS that order: every part has a fixed width (a zero-padded priority rank,
 * instants in one UTC format), so the GSI `byQueue` returns exactly what `queueComparator(policy)` sorts
 * (test/domain/lifecycle/queue-order.test.ts proves it with fast-check). The case id ends the key: a total order, so
 * the queue never shuffles between reads. The order and the rank are fixed on the case at start (model.ts `queue`).
 */

/** Clocks a member of staff can act on; customer-side clocks (silence, follow-up) do not make a case urgent for staff. */
const STAFF_CLOCKS: ClockId[] = ['acknowledgment', 'firstResponse', 'infoRequest', 'nextReply', 'periodicUpdate', 'resolution', 'autoEscalation', 'seniorResponse', 'disputeUpdate', 'disputeDecision', 'maxProcessing', 'nextIssue'];

/** Far future for cases nobody on staff owes anything (waiting for the customer): they sort last, by arrival. */
export const NO_DUE = '9999-12-31T23:59:59.999Z';

/** Cases started before the order was recorded on them sort as every policy did then. */
const LEGACY_ORDER: readonly QueueKey[] = ['due', 'receivedAt'];

export type QueueItem = Pick<LifecycleState, 'caseId' | 'status' | 'receivedAt' | 'clocks'> & Partial<Pick<LifecycleState, 'queue'>>;

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

/** One part of the sort key per order key, each of fixed width. */
function keyPart(item: QueueItem, key: QueueKey): string {
  switch (key) {
    case 'priority':
      return `P${String(item.queue?.priorityRank ?? 0).padStart(3, '0')}`;
    case 'due':
      return queueDue(item);
    case 'receivedAt':
      return sortableInstant(item.receivedAt);
  }
}

/** The queue sort key of a case: its order keys, then its id. */
export function queueSortKey(item: QueueItem): string {
  return [...(item.queue?.order ?? LEGACY_ORDER).map((k) => keyPart(item, k)), item.caseId].join('#');
}

/** The queue order of two cases (what the GSI returns), for in-memory lists. */
export function compareQueue(a: QueueItem, b: QueueItem): number {
  const x = queueSortKey(a);
  const y = queueSortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The GSI `byQueue` keys of a case (docs/contracts.md). */
export function queueKeys(item: QueueItem): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: `QUEUE#${item.status}`, gsi1sk: queueSortKey(item) };
}
