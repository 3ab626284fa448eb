import type { Sealed } from '../domain/idempotency';
import type { LifecycleEvent } from '../domain/lifecycle/events';
import type { LifecycleState } from '../domain/lifecycle/model';
import type { PendingTask, Ticket, TicketStatus } from '../domain/ticket';

/** Every stored timeline event is a lifecycle event (the intake's shape with the lifecycle's types and actor role). */
type TimelineEvent = LifecycleEvent;

/**
 * The ports handlers depend on. Adapters implement them (DynamoDB, SES, Step Functions); tests may substitute
 * the AWS clients underneath with aws-sdk-client-mock or run the adapters against DynamoDB Local.
 */

export interface IdempotencyRecord {
  /** `IDEMPOTENCY#<sha256(key)>`, see functions/domain/idempotency.ts. */
  pk: string;
  fingerprint: string;
  ticketId: string;
  /** The original 201 body, sealed with the raw Idempotency-Key. */
  response: Sealed;
  createdAt: string;
  /** Epoch seconds; DynamoDB TTL deletes the record after this (lazily, so readers also check it). */
  expiresAt: number;
}

/** A change to a ticket that appends one timeline event (optimistic concurrency on `eventSeq`). */
export interface TicketChange {
  /** Must carry `seq = ticket.eventSeq + 1` of the ticket version the change was computed from. */
  event: TimelineEvent;
  set?: Partial<Pick<Ticket, 'status' | 'acknowledgedAt' | 'breaches' | 'updatedAt'>>;
  remove?: ('accessTokenForDelivery' | 'acknowledgedAt')[];
  /** Pending callback steps to drop (their task token is no longer worth anything). */
  removeTasks?: string[];
}

/** What an accepted `decide` produced, to be written in one transaction (see {@link TicketStore.commitDecision}). */
export interface DecisionCommit {
  /** The decision's new lifecycle state; its `eventSeq` counts the events below. */
  state: LifecycleState;
  /** The decision's events, `seq` continuing the ticket's `eventSeq`. */
  events: LifecycleEvent[];
  /**
   * The callback step this decision completes: its pending task token (if the read ticket has one) is removed in the
   * same transaction, on condition that it is still the token read, and returned, so the caller can wake the
   * workflow with SendTaskSuccess after the commit.
   */
  completes?: string;
  /** Ticket attributes outside the lifecycle that the same write sets (the Acknowledge step's `acknowledgedAt`). */
  set?: Partial<Pick<Ticket, 'acknowledgedAt' | 'breaches'>>;
  /** And removes (the Acknowledge step drops `accessTokenForDelivery` once the link is mailed). */
  remove?: ('accessTokenForDelivery' | 'acknowledgedAt')[];
}

export type CallbackResult = 'delivered' | 'gone';
export interface TaskCallbacks {
  /**
   * Completes a waiting step (SendTaskSuccess). `gone` when Step Functions no longer waits on the token
   * (TaskTimedOut: the wait timed out or was completed; InvalidToken): the caller must not pretend it was delivered.
   */
  complete(taskToken: string, output: { ticketId: string } & Record<string, unknown>): Promise<CallbackResult>;
}

export interface QueuePageRequest {
  /** Queue partitions (statuses) to merge, in policy order across all of them. */
  statuses: readonly TicketStatus[];
  limit: number;
  /** Per status, the last `gsi1sk` already handed out (from the previous page's cursor). */
  after?: Partial<Record<TicketStatus, string>>;
  /** Cases the caller may see; the others are skipped (and count as read for the cursor). */
  visible?: (ticket: Ticket) => boolean;
}
export interface QueuePage {
  tickets: Ticket[];
  /** Where the next page starts, absent on the last page. */
  after?: Partial<Record<TicketStatus, string>>;
}

export type CreateResult = 'created' | 'idempotency-key-taken';
export type RegisterResult = 'registered' | 'already-registered';

export interface TicketStore {
  /** Atomically takes the next case-number sequence for a prefix and year (1, 2, 3, ...). */
  nextCaseSequence(prefix: string, year: number): Promise<number>;
  /** The live (unexpired) idempotency record, if any. */
  findIdempotencyRecord(pk: string): Promise<IdempotencyRecord | undefined>;
  /** Writes ticket, first event and idempotency record in one transaction; all or nothing. */
  createTicket(ticket: Ticket, firstEvent: TimelineEvent, idempotency?: IdempotencyRecord): Promise<CreateResult>;
  getTicket(id: string): Promise<Ticket | undefined>;
  /** The ticket and its timeline in one query (they share a partition), events in order. */
  getTicketWithTimeline(id: string): Promise<{ ticket: Ticket; timeline: TimelineEvent[] } | undefined>;
  /**
   * Ids of tickets still in status `received` that were created in [from, to) — intake whose workflow may not
   * have started. Reads the `byQueue` index; at most `limit` ids.
   */
  listReceived(from: string, to: string, limit: number): Promise<string[]>;
  /**
   * Writes an accepted decision: ticket (lifecycle, status, queue keys, eventSeq) and every event in one transaction,
   * conditional on the ticket's `eventSeq` being the one read (else {@link ConcurrentChangeError}: reload and decide
   * again). Returns the ticket as written and the task token it took for `completes`, if one was pending.
   */
  commitDecision(ticket: Ticket, change: DecisionCommit): Promise<{ ticket: Ticket; taken?: PendingTask }>;
  /** One page of the staff queue (GSI `byQueue`), merged across statuses in policy order (due, arrival, id). */
  queuePage(request: QueuePageRequest): Promise<QueuePage>;
  /** Applies a change; throws {@link ConcurrentChangeError} if the ticket moved on since it was read. */
  commit(ticket: Ticket, change: TicketChange): Promise<void>;
  /**
   * Stores the task token of a callback step. The same token again is a no-op success (a Lambda retry); a token
   * with a greater `generation` replaces the pending one (a Retry of the state); any other token while one is
   * pending for the step is stale and refused with {@link TaskTokenConflictError}.
   */
  registerTaskToken(ticketId: string, step: string, task: PendingTask): Promise<RegisterResult>;
  /**
   * Removes and returns the pending token of a step (what an action that completes the step calls before
   * SendTaskSuccess); undefined when nothing is pending, i.e. a late or repeated action (answer 409/410).
   */
  takeTaskToken(ticketId: string, step: string): Promise<PendingTask | undefined>;
}

export class TicketNotFoundError extends Error {
  override name = 'TicketNotFoundError';
}
export class ConcurrentChangeError extends Error {
  override name = 'ConcurrentChangeError';
}
export class TaskTokenConflictError extends Error {
  override name = 'TaskTokenConflictError';
}

export interface OutboundEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: OutboundEmail): Promise<{ messageId: string }>;
}

export interface WorkflowStarter {
  /** Starts the complaint's execution (name = ticket id); an execution that already exists counts as started. */
  start(ticketId: string): Promise<void>;
}
