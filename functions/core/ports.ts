import type { Sealed } from '../domain/idempotency';
import type { LifecycleEvent } from '../domain/lifecycle/events';
import type { LifecycleState } from '../domain/lifecycle/model';
import type { Notification } from '../domain/lifecycle/notifications';
import type { Policy } from '../domain/policy';
import type { PendingTask, Case, CaseStatus } from '../domain/case';

/**
 * The ports the use cases need. Adapters implement them: DynamoDB, SES and Step Functions in `functions/adapters/`,
 * in-memory ones for the simulator (`tools/simulate/`) and tests. The use cases never see an AWS type.
 */

export interface IdempotencyRecord {
  /** `IDEMPOTENCY#<sha256(key)>`, see functions/domain/idempotency.ts. */
  pk: string;
  fingerprint: string;
  caseId: string;
  /** The original 201 body, sealed with the raw Idempotency-Key. */
  response: Sealed;
  createdAt: string;
  /** Epoch seconds; the store treats a record past this as gone (DynamoDB's TTL deletes it lazily). */
  expiresAt: number;
}

/**
 * What an accepted decision writes, in one transaction, guarded by what the decision read: the case's `eventSeq`
 * and the task token of the step it completes (see {@link CaseStore.commit}).
 */
export interface CaseChange {
  /** The decision's new lifecycle state; its `eventSeq` counts the events below. */
  state: LifecycleState;
  /** The decision's events, `seq` continuing the case's `eventSeq`. */
  events: LifecycleEvent[];
  /**
   * The workflow step this decision leaves or completes. Its task token, as read, is taken in the same write (and
   * returned, so the caller wakes the workflow after the commit); if the token changed in between (a wait
   * registered after the read), the commit fails as a concurrent change and the loop decides again.
   */
  completes?: string;
  /** Forget every pending task token: the workflow runs a task and waits on none (Apply due clocks). */
  clearTasks?: boolean;
  /** Case attributes outside the lifecycle that the same write sets (the Acknowledge step's `acknowledgedAt`). */
  set?: Partial<Pick<Case, 'acknowledgedAt'>>;
  /** And removes (the Acknowledge step drops `accessTokenForDelivery` once the link is mailed). */
  remove?: 'accessTokenForDelivery'[];
}

export type CreateResult = 'created' | 'idempotency-key-taken';
export type RegisterResult = 'registered' | 'already-registered' | 'moved';

export interface QueuePageRequest {
  /** Queue partitions (statuses) to merge, in policy order across all of them. */
  statuses: readonly CaseStatus[];
  limit: number;
  /** Per status, the last sort key already handed out (from the previous page's cursor). */
  after?: Partial<Record<CaseStatus, string>>;
  /** Cases the caller may see; the others are skipped (and count as read for the cursor). */
  visible?: (theCase: Case) => boolean;
}
export interface QueuePage {
  cases: Case[];
  /** Where the next page starts, absent on the last page. */
  after?: Partial<Record<CaseStatus, string>>;
}

/** The one way to read and change a case, whoever calls it (API, workflow, simulator, tests). */
export interface CaseStore {
  /** Atomically takes the next case-number sequence for a prefix and year (1, 2, 3, ...). */
  nextCaseSequence(prefix: string, year: number): Promise<number>;
  /** The live (unexpired) idempotency record, if any. */
  findIdempotencyRecord(pk: string): Promise<IdempotencyRecord | undefined>;
  /** Writes the case, its first event and the idempotency record in one transaction; all or nothing. */
  create(theCase: Case, firstEvent: LifecycleEvent, idempotency?: IdempotencyRecord): Promise<CreateResult>;
  get(id: string): Promise<Case | undefined>;
  /** The case and its timeline, events in order. */
  getWithTimeline(id: string): Promise<{ theCase: Case; timeline: LifecycleEvent[] } | undefined>;
  /**
   * Writes an accepted decision (lifecycle, status, queue keys, events, token taken or tokens cleared) in one
   * transaction, on condition that the case is still the version `read` ({@link ConcurrentChangeError} otherwise:
   * decide again on a fresh read). Returns the case as written and the task token taken for `completes`, if any.
   */
  commit(read: Case, change: CaseChange): Promise<{ theCase: Case; taken?: PendingTask }>;
  /**
   * Stores the task token of a callback step, only while the case is still the version `read` and no newer
   * registration of the step is pending: 'moved' when the case changed in between (the caller re-checks the step),
   * 'already-registered' for the same token again (a Lambda retry); {@link TaskTokenConflictError} for a stale one.
   */
  registerTaskToken(read: Case, step: string, task: PendingTask): Promise<RegisterResult>;
  /**
   * When the customer's most recent case was resolved (the policy's per-customer sequencing starts the next one's
   * clock from it). Recorded by {@link CaseStore.commit} in the same transaction as the resolution.
   */
  lastResolutionOf(customerEmail: string): Promise<string | undefined>;
  /** Flags the case for a person, outside the timeline's sequence (it must succeed when the lifecycle is stuck). */
  flag(id: string, at: string, error: string): Promise<void>;
  /** Ids of cases still `received` created in [from, to): intake whose workflow may not have started. */
  listReceived(from: string, to: string, limit: number): Promise<string[]>;
  /** One page of the staff queue, merged across statuses in policy order. */
  queuePage(request: QueuePageRequest): Promise<QueuePage>;
}

export class CaseNotFoundError extends Error {
  override name = 'CaseNotFoundError';
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
  /** The case the mail is about: the mailer adds a Reply-To that threads the answer back to it. */
  caseId?: string;
  /** Mail no person wrote (RFC 3834 Auto-Submitted), so that other responders leave it alone. */
  automatic?: 'auto-generated' | 'auto-replied';
}

export interface Mailer {
  send(message: OutboundEmail): Promise<{ messageId: string }>;
}

/** Tells people what a decision asked to tell (customer messages from the policy's templates, staff notices). */
export interface Notifier {
  send(policy: Policy, theCase: Case, notifications: readonly Notification[]): Promise<{ sent: number; undelivered: number }>;
  /** A notice to the supervisors that needs no case read (the failure path must not depend on the store). */
  alertSupervisors(subject: string, text: string): Promise<void>;
}

export type CallbackResult = 'delivered' | 'gone';
export interface TaskCallbacks {
  /**
   * Completes a waiting step (SendTaskSuccess). `gone` when the workflow no longer waits on the token (the wait
   * timed out or was completed): its own path re-reads the case, so nothing is lost.
   */
  complete(taskToken: string, output: { caseId: string } & Record<string, unknown>): Promise<CallbackResult>;
}

export interface WorkflowStarter {
  /** Starts the case's execution (name = case id); an execution that already exists counts as started. */
  start(caseId: string): Promise<void>;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** What the reconciler needs of the workflow service: look an execution up by name, start one under a name. */
export interface WorkflowExecutions extends WorkflowStarter {
  /** The status of the execution with this name, or undefined when none exists. */
  status(name: string): Promise<ExecutionStatus | undefined>;
  /** Starts the case's workflow under another name (a restart after a failed or lost execution). */
  startNamed(caseId: string, name: string): Promise<void>;
}

/**
 * The policies a deployment knows: the one in force for new cases, and every version an open case started under
 * (a case is decided by its own version; a new version applies to new cases).
 */
export interface PolicyBook {
  current(): Policy;
  /** The version a case started under; throws when the deployment no longer carries it. */
  of(ref: { name: string; version: string }): Policy;
}

export type Clock = () => Date;

/**
 * Inbound deliveries taken once: mail and webhooks arrive at least once, so each message is claimed by a key before
 * the core acts on it (a conditional put with an expiry in the table).
 */
export interface InboundClaims {
  /** True the first time a key is claimed, false while an earlier claim stands; the claim may vanish after `expiresAt` (epoch ms). */
  claim(key: string, expiresAt: number): Promise<boolean>;
  /** Gives a claim back when acting on the message failed, so that the transport's retry is not taken for a duplicate. */
  release(key: string): Promise<void>;
}

/** Which case a social-platform sender's messages thread into (the platforms give no other link). */
export interface SocialThreads {
  /** The case last opened for this sender on this platform, if any. */
  caseOf(platform: string, senderId: string): Promise<string | undefined>;
  link(platform: string, senderId: string, caseId: string): Promise<void>;
}
