import type { AuditEntry } from '../domain/access/audit-entry';
import type { StepUpChallenge, StepUpVerification } from '../domain/identity/step-up';
import type { Sealed } from '../domain/idempotency';
import type { WindowHit } from '../domain/rate-window';
import type { AccessPurpose } from '../domain/access-link';
import type { LifecycleEvent } from '../domain/lifecycle/events';
import type { LifecycleState } from '../domain/lifecycle/model';
import type { Policy } from '../domain/policy';
import type { PendingTask, Case, CaseStatus } from '../domain/case';
import type { OutboxContent, OutboxMessage } from './outbox';
import type { CaseEvent } from '../domain/case-events';
import type { KpiFact, KpiRows, Period } from '../domain/kpi';

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
  /**
   * Case attributes outside the lifecycle that the same write sets (the Acknowledge step's `acknowledgedAt`; a
   * correction's `customer` and, when the address changes, `sealed` re-sealed under the new address's key). A new
   * address moves the customer's index item of the case (`casesOf`) in the same write.
   */
  set?: Partial<Pick<Case, 'acknowledgedAt' | 'customer' | 'sealed'>>;
  /** And removes (the Acknowledge step moves `accessTokenForDelivery` into its acknowledgment's outbox item). */
  remove?: 'accessTokenForDelivery'[];
  /** The messages the decision asks to send, written as outbox items in the same transaction (core/outbox.ts). */
  outbox?: OutboxMessage[];
}

/** `limited`: the first of the create's limit hits its window refused (nothing was written). */
export type CreateResult = 'created' | 'idempotency-key-taken' | { limited: WindowHit };
export type RegisterResult = 'registered' | 'already-registered' | 'moved';

export interface QueuePageRequest {
  /** Queue partitions (statuses) to merge, in policy order across all of them. */
  statuses: readonly CaseStatus[];
  limit: number;
  /** Per status, the last sort key already handed out (from the previous page's cursor). */
  after?: Partial<Record<CaseStatus, string>>;
  /** Cases the caller may see; the others are skipped (and count as read for the cursor). */
  visible?: (theCase: Case) => boolean;
  /**
   * `false`: the customers' personal parts are not opened (no key read, no KMS Decrypt), each sealed case comes as its
   * erased view, lifecycle, tasks and dates intact: for a reader of the workflow state alone (the reconciler, every
   * 5 minutes over every open case, would otherwise open each case's key on nearly every run).
   */
  personal?: false;
}
export interface QueuePage {
  cases: Case[];
  /** Where the next page starts, absent on the last page. */
  after?: Partial<Record<CaseStatus, string>>;
}

/** A message of the outbox, as the sender addresses it. */
export type OutboxRef = Pick<OutboxMessage, 'caseId' | 'chargebackId' | 'seq' | 'index'>;

/**
 * The outbox items {@link CaseStore.commit} writes, and the conditional updates that let one sender at a time send
 * each: a claim takes an unsent message whose `availableAt` has passed and moves `availableAt` to the end of a lease.
 */
export interface OutboxStore {
  /** The unsent messages of one case, in decision order. */
  pendingOutbox(caseId: string): Promise<OutboxMessage[]>;
  /** Unsent messages claimable at `now` (new, retry due, or a claim whose lease ran out), oldest first. */
  dueOutbox(now: string, limit: number): Promise<OutboxMessage[]>;
  /** Takes the message until `leaseUntil` if it is unsent and claimable at `now`; undefined when another has it or it was sent. */
  claimOutbox(ref: OutboxRef, claim: { claimId: string; now: string; leaseUntil: string }): Promise<OutboxMessage | undefined>;
  /**
   * Marks a message sent and drops its body, once: false when it was already marked (by its sender, or by the mail
   * service's confirmation, whichever came first) or there is no such message.
   */
  markOutboxSent(ref: OutboxRef, sent: { claimId: string; at: string; messageId?: string }): Promise<boolean>;
  /** A failed attempt: the message becomes claimable again at `retryAt` (if this sender still holds it). */
  releaseOutbox(ref: OutboxRef, release: { claimId: string; retryAt: string; error: string }): Promise<void>;
}

/** The one way to read and change a case, whoever calls it (API, workflow, simulator, tests). */
export interface CaseStore extends OutboxStore {
  /** Atomically takes the next case-number sequence for a prefix and year (1, 2, 3, ...). */
  nextCaseSequence(prefix: string, year: number): Promise<number>;
  /** The live (unexpired) idempotency record, if any. */
  findIdempotencyRecord(pk: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Writes the case, its first event and the idempotency record in one transaction, counting each of `limits` in its
   * window in the same write; all or nothing. A key already taken wins over a refused limit.
   */
  create(theCase: Case, firstEvent: LifecycleEvent, idempotency?: IdempotencyRecord, limits?: readonly WindowHit[]): Promise<CreateResult>;
  get(id: string): Promise<Case | undefined>;
  /** The case and its timeline, events in order. */
  getWithTimeline(id: string): Promise<{ theCase: Case; timeline: LifecycleEvent[] } | undefined>;
  /**
   * Writes an accepted decision (lifecycle, status, queue keys, events, outbox items, token taken or tokens cleared) in one
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
  /** Ids of every case the customer filed, oldest first (written by {@link CaseStore.create} in its transaction). */
  casesOf(customerEmail: string): Promise<string[]>;
  /**
   * A corrected address takes the customer's latest resolution along (kept under the new address unless a later one
   * is there already); the old address's item is deleted.
   */
  moveLastResolution(fromEmail: string, toEmail: string): Promise<void>;
  /**
   * The keys the store files the customer's items under ({@link CustomerKeys}, the blind index first): the same keys
   * name their data key (sealed fields) and their per-address rate limits.
   */
  customerKeysOf(customerEmail: string): Promise<CustomerKeys>;
  /**
   * Intake, as its first round goes out: a {@link CaseStore.create} for this customer may follow. A store that seals
   * personal data starts reading the customer's key now, so the create does not wait a round of its own for it.
   */
  prepareCreate(customer: CustomerKeys): void;
  /** Flags the case for a person, outside the timeline's sequence (it must succeed when the lifecycle is stuck). */
  flag(id: string, at: string, error: string): Promise<void>;
  /** Lifts the flag raised at `flaggedAt` (a newer flag stays); false when that flag is no longer there. */
  clearFlag(id: string, flaggedAt: string): Promise<boolean>;
  /** Ids of cases still `received` created in [from, to): intake whose workflow may not have started. */
  listReceived(from: string, to: string, limit: number): Promise<string[]>;
  /** One page of the staff queue, merged across statuses in policy order. */
  queuePage(request: QueuePageRequest): Promise<QueuePage>;
  /** Every case of these queue partitions that matches the filter, in no particular order (see {@link QueueMatchRequest}). */
  queueMatches(request: QueueMatchRequest): Promise<Case[]>;
  /**
   * Every case flagged for a person ({@link CaseStore.flag}, not yet lifted), whatever its status, in no particular
   * order; reads the flagged cases only (on DynamoDB a sparse index holds them and nothing else).
   */
  flaggedCases(): Promise<Case[]>;
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
  /**
   * Files sent with the message (the scheduled KPI report's CSV and chart). Text or bytes; with a `contentId` the file
   * is inline, shown where the HTML says `<img src="cid:<contentId>">`.
   */
  attachments?: { filename: string; contentType: string; content: string | Uint8Array; contentId?: string }[];
  /** Extra mail headers (the outbox's idempotency key). */
  headers?: Record<string, string>;
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
  /**
   * Renders one outbox message and mails it with its idempotency key as a header. No `messageId` when there is
   * nobody to send it to (a staff notice without a staff mailbox: logged, not retried). No case only for a
   * chargeback's own staff notice (a chargeback linked to no complaint).
   */
  deliver(policy: Policy, theCase: Case | undefined, content: OutboxContent, idempotencyKey: string): Promise<{ messageId?: string }>;
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
 * Signed case links (functions/domain/access-link.ts) under the deployment's signing secrets, which an adapter may
 * have to fetch (Secrets Manager), hence asynchronous. The customer's routes accept a link in place of the access
 * token; the notifier puts one in every customer email.
 */
export interface AccessLinks {
  sign(caseId: string, purpose: AccessPurpose, expiresAt: Date): Promise<string>;
  /** The purpose the link grants on this case now; undefined for a malformed, forged, foreign or expired link. */
  verify(caseId: string, link: string, now: Date): Promise<AccessPurpose | undefined>;
}

/**
 * What the store itself filters a queue partition on: plain attributes of the stored case, matched by both stores
 * with functions/core/queue-store-filter.ts on the cases they read (the partition is read whole either way).
 * Everything that needs the policy (scope, the department working the case now) or the clock (at risk, breached) is
 * the core's to filter.
 */
export interface QueueStoreFilter {
  /** `null`: unassigned. */
  assignee?: string | null;
  category?: string;
  priority?: string;
  channel?: string;
  /** Changed at or after this instant (RFC 3339, compared in UTC). */
  updatedSince?: string;
}
export interface QueueMatchRequest {
  /** Queue partitions (statuses) to read whole. */
  statuses: readonly CaseStatus[];
  filter?: QueueStoreFilter;
}

/**
 * Who is on staff (the identity provider's directory: Cognito on AWS, the local dev identity on `npm start`). An
 * `assign` must name someone it knows, or the case would wait on a person who does not exist.
 */
export interface StaffDirectory {
  /** Whether `staffId` (a staff token's `sub`) is an enabled member of one of the staff groups. */
  knows(staffId: string): Promise<boolean>;
}

// Finance types imported here, not at the top, so this block stays one appended piece of the file.
type Refund = import('../domain/finance/refund/model').Refund;
type RefundEvent = import('../domain/finance/refund/model').RefundEvent;
type Chargeback = import('../domain/finance/chargeback/model').Chargeback;
type ChargebackEvent = import('../domain/finance/chargeback/model').ChargebackEvent;
type FinanceEntry = import('../domain/finance/entry').FinanceEntry;

/** What a finance decision writes on its linked case, in its own transaction: a {@link CaseStore.commit} change on the case as read. */
export interface FinanceCaseChange {
  read: Case;
  change: CaseChange;
}

/**
 * Refunds and chargebacks, each written with its history and its finance entry (functions/domain/finance/entry.ts)
 * in one write. A change commits only on the `version` read ({@link ConcurrentChangeError} otherwise), which is
 * what lets exactly one of two people deciding the same refund win.
 */
export interface FinanceStore {
  /**
   * 'exists' when a record with this id is already stored (a retried request, a redelivered dispute event). With
   * `onCase`, the linked case's change (its timeline events and the decision's notices as outbox items) is written in
   * the same transaction, conditional on the case as read too ({@link ConcurrentChangeError} when it moved).
   */
  createRefund(refund: Refund, events: readonly RefundEvent[], caseNumber?: string, onCase?: FinanceCaseChange): Promise<'created' | 'exists'>;
  getRefund(refundId: string): Promise<{ refund: Refund; history: RefundEvent[] } | undefined>;
  commitRefund(read: Refund, next: Refund, events: readonly RefundEvent[], onCase?: FinanceCaseChange): Promise<void>;
  /** Our refund id for the provider's, once the provider took the request (webhooks may name only theirs). */
  refundIdForProvider(providerRefundId: string): Promise<string | undefined>;
  /**
   * `outbox`: for a chargeback linked to no complaint, the decision's staff notices, kept under the chargeback's own
   * partition in the same transaction (there is no case to carry them) and sent by the outbox's one sender.
   */
  createChargeback(chargeback: Chargeback, events: readonly ChargebackEvent[], caseNumber?: string, onCase?: FinanceCaseChange, outbox?: readonly OutboxMessage[]): Promise<'created' | 'exists'>;
  getChargeback(chargebackId: string): Promise<{ chargeback: Chargeback; history: ChargebackEvent[] } | undefined>;
  commitChargeback(read: Chargeback, next: Chargeback, events: readonly ChargebackEvent[], onCase?: FinanceCaseChange, outbox?: readonly OutboxMessage[]): Promise<void>;
  /** Every refund and chargeback's entry (the export and the totals filter them). */
  entries(): Promise<FinanceEntry[]>;
  /** The entries still waiting on a person or a timer, ordered by due. */
  pending(): Promise<FinanceEntry[]>;
  /** Whether a provider webhook event id was already processed (replay protection). */
  webhookSeen(eventId: string): Promise<boolean>;
  /** Remembers a processed event id until `until` (the provider's redelivery window; a TTL deletes it after). */
  rememberWebhook(eventId: string, until: Date): Promise<void>;
}

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

/**
 * Told what became of each outbox message a sender claimed (`use-cases/send-outbox.ts`): mailed, or failed and left
 * for a retry. The claimed message carries its attempts and last error, so an observer can tell a first attempt from
 * a retry after a failure or after a dead sender's lease ran out. Counting only: it never changes the sending.
 */
export interface OutboxObserver {
  attempted(result: 'sent' | 'failed', message: OutboxMessage): void;
}

/** Which audit partition to read: one case's entries, or one person's. */
export type AuditSubject = { caseId: string } | { actor: string };
export interface AuditPage {
  entries: AuditEntry[];
  /** Where the next (older) page starts; absent on the last page. */
  before?: string;
}

/**
 * The append-only audit log of staff reads and actions, queryable by case and by actor, newest first. There is no
 * update or delete: entries expire on their own, after the case data they speak of.
 */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  page(subject: AuditSubject, request: { limit: number; before?: string }): Promise<AuditPage>;
}

/** Customer step-up challenges and verifications, one of each per case. */
export interface StepUpStore {
  challenge(caseId: string): Promise<StepUpChallenge | undefined>;
  /**
   * Stores `next` if the stored challenge is still `previous` (same issue and attempt count; absent if absent), so
   * two guesses at once count twice; false when another request changed it first (the caller reads again).
   */
  saveChallenge(next: StepUpChallenge, previous: StepUpChallenge | undefined): Promise<boolean>;
  verification(caseId: string): Promise<StepUpVerification | undefined>;
  saveVerification(caseId: string, verification: StepUpVerification): Promise<void>;
}

/** Fixed-window counters: a key may be hit `limit` times per window, then waits for the next window. */
export interface RateLimiter {
  /** Counts one hit of `key` in the current fixed window (functions/domain/rate-window.ts), unless it is over `limit`. */
  hit(key: string, limit: number, windowSeconds: number): Promise<({ allowed: true } | { allowed: false; retryAfterSeconds: number }) & { window: number }>;
}

/**
 * The keys a customer's items may be stored under, the one written first: the keyed blind index of the address
 * (functions/domain/customer-key.ts), then the unkeyed hash of earlier versions, read until tools/rekey-customers.ts
 * has moved what was stored under it. Never the address.
 */
export type CustomerKeys = readonly [current: string, ...earlier: string[]];

/** Computes a customer's keys from their address, under the deployment's secret (functions/adapters/customer-index.ts). */
export interface CustomerIndex {
  keysOf(email: string): Promise<CustomerKeys>;
}

/** Which sealed value: the customer whose data key seals it, and the case and field it is bound to. */
export interface SealedFieldRef {
  /** The customer's keys ({@link CustomerKeys}): the data key is looked up under each in turn, made under the first. */
  customer: CustomerKeys;
  caseId: string;
  field: string;
}

/**
 * Field-level encryption under a data key per customer (envelope encryption: the per-customer key is itself wrapped
 * by the deployment's master key, KMS on AWS). A sealed value is bound to its case and field: opened with another
 * ref, it is refused. Destroying the customer's key (`shred`) makes everything sealed under it unreadable, which is
 * how erasure reaches values no one can find and blank one by one (copies, backups of the items).
 */
export interface FieldCipher {
  seal(ref: SealedFieldRef, plain: string): Promise<string>;
  /** The clear value; undefined when the customer's key was destroyed. Throws {@link UnreadableFieldError} on a tampered value or a wrong ref. */
  open(ref: SealedFieldRef, sealed: string): Promise<string | undefined>;
  /** Destroys the customer's data key, under every key it may be stored under; false when there was none. */
  shred(customer: CustomerKeys): Promise<boolean>;
}
export class UnreadableFieldError extends Error {
  override name = 'UnreadableFieldError';
}

/**
 * A wrapped data key and the customer key it was made under (`boundTo`: its encryption context and the key name in
 * every value sealed with it). A key moved to the blind index by tools/rekey-customers.ts stays bound to the old key,
 * so what was sealed before the move still opens.
 */
export interface WrappedCustomerKey {
  wrapped: string;
  boundTo: string;
  /** The key it was bound to before tools/reseal-customers.ts bound it to its own: values not re-sealed yet name it (they open under either). */
  formerly?: string;
}

/** The wrapped (encrypted) per-customer data keys behind a {@link FieldCipher}; the clear key is never stored. */
export interface CustomerKeyStore {
  wrapped(customer: string): Promise<WrappedCustomerKey | undefined>;
  /** Stores `wrapped` (bound to `customer`) unless the customer already has a key; returns the key that is stored (a concurrent writer may have won). */
  keep(customer: string, wrapped: string): Promise<WrappedCustomerKey>;
  /** Deletes the customer's key; false when there was none. */
  destroy(customer: string): Promise<boolean>;
}

/** Erasure of one case's personal data in the store (the case item, its events, its outbox items, the customer's index items). */
export interface PersonalDataEraser {
  /**
   * Rewrites every item of the case through `erase` (functions/domain/erasure.ts), the case item last and only on
   * the version read (a concurrent commit makes it read and erase again), and deletes the customer's index items
   * (their case list and last resolution); 'missing' when there is no such case.
   */
  erasePersonalData(caseId: string, erase: import('../domain/erasure').CaseEraser): Promise<'erased' | 'missing'>;
}

// Outage incidents (functions/domain/incident): imported here so this block stays one appended piece of the file.
type Incident = import('../domain/incident/incident').Incident;

/** A case an incident explains, and what became of it when the incident ended. */
export interface IncidentLink {
  incidentId: string;
  caseId: string;
  linkedAt: string;
  /** Set when the incident was resolved: the case resolved with the note, re-queued with it, or left as it was (already closed, say). */
  closed?: { at: string; outcome: 'resolved' | 'requeued' | 'unchanged' };
}

/** Outage incidents and the cases linked to them. */
export interface IncidentStore {
  /**
   * Stores a new incident and, in the same atomic write, the fan-out that links its cases (none stored when either
   * fails). 'exists' when an incident with this id is already stored (then nothing is queued either).
   */
  create(incident: Incident, fanOut?: IncidentFanOutPlan): Promise<'created' | 'exists'>;
  get(id: string): Promise<Incident | undefined>;
  /**
   * Stores `next` (version `read.version + 1`) only while the stored incident is still `read`, together with the
   * fan-out that tells its cases (one atomic write: the change and its fan-out are stored both or neither);
   * {@link ConcurrentChangeError} otherwise.
   */
  save(read: Incident, next: Incident, fanOut?: IncidentFanOutPlan): Promise<void>;
  /** Every incident, newest declaration first (a handful a year: one small partition). */
  list(): Promise<Incident[]>;
  /** Records the link once; linking again keeps the first `linkedAt`. */
  link(incidentId: string, caseId: string, at: string): Promise<void>;
  links(incidentId: string): Promise<IncidentLink[]>;
  closeLink(incidentId: string, caseId: string, closed: NonNullable<IncidentLink['closed']>): Promise<void>;
  /**
   * Queues the continuation of a fan-out (the consumer, from a cursor): its batches and next cursor, all or none, in one
   * atomic write; the change stream hands each new item to the fan-out consumer (functions/workflow/incident-fan-out.ts).
   * A plan any of whose items is already queued is a no-op (a redelivered cursor queues nothing twice).
   */
  queueFanOut(plan: IncidentFanOutPlan): Promise<void>;
  /** A queued batch, read back by its ids (the consumer reads what the stream names). */
  fanOutBatch(incidentId: string, batchId: string): Promise<IncidentFanOutBatch | undefined>;
  /** A queued cursor, read back by its ids. */
  fanOutCursor(incidentId: string, cursorId: string): Promise<IncidentFanOutCursor | undefined>;
}

/**
 * What one write queues of a fan-out (functions/core/use-cases/incidents/fan-out-plan.ts): batches of case ids and,
 * when more cases remain than one DynamoDB transaction holds, a cursor the consumer continues from.
 */
export interface IncidentFanOutPlan {
  batches: IncidentFanOutBatch[];
  cursor?: IncidentFanOutCursor;
}

/** Where a fan-out continues: the cases of the same kind and update with ids after `after`, batches numbered from `nextBatch`. */
export interface IncidentFanOutCursor {
  incidentId: string;
  kind: 'link' | 'update';
  /** `<kind>-<update seq>-from-<next batch>`, unique within the incident. */
  cursorId: string;
  updateSeq: number;
  after: string;
  nextBatch: number;
  queuedAt: string;
}

/**
 * Some of an incident's cases to act on: `link`, open cases the declaration matched, to be linked and told the latest
 * update; `update`, linked cases to be told update `updateSeq`.
 */
export interface IncidentFanOutBatch {
  incidentId: string;
  kind: 'link' | 'update';
  /** `<kind>-<update seq>-<batch number>`, unique within the incident. */
  batchId: string;
  updateSeq: number;
  caseIds: string[];
  queuedAt: string;
}

// Legal holds an admin places by hand (functions/domain/privacy/legal-hold.ts); appended as one block of the file.
type ManualHold = import('../domain/privacy/legal-hold').ManualHold;

/** Manual legal holds, at most one per case: placed and released by an admin (both on the audit log). */
export interface LegalHoldStore {
  get(caseId: string): Promise<ManualHold | undefined>;
  /** 'held' when the case is already on a manual hold (the first one stands). */
  place(hold: ManualHold): Promise<'placed' | 'held'>;
  /** The hold released; undefined when the case was not on a manual hold. */
  release(caseId: string): Promise<ManualHold | undefined>;
}

// ---- Ports of the channels and analytics (their adapters live beside them) ----

/** A case's files: uploads waiting for their check, the accepted files, and files the system made (S3 on AWS, the local S3 server locally). */
export interface FileStorage {
  presignUpload(caseId: string, uploadId: string, maxBytes: number): Promise<{ url: string; fields: Record<string, string> }>;
  /**
   * Stores a file that arrived another way (an email's attachment) as an upload, so it takes the same road as a
   * browser's: the malware scan on AWS, the content check and promotion when the case's files are listed.
   */
  putUpload(caseId: string, uploadId: string, bytes: Uint8Array): Promise<void>;
  /** Uploads waiting for a case: their ids, and whether the malware scan has cleared them. */
  pendingUploads(caseId: string): Promise<{ uploadId: string; scanned: 'clean' | 'pending' | 'threat' }[]>;
  readUpload(caseId: string, uploadId: string): Promise<Uint8Array | undefined>;
  promote(caseId: string, uploadId: string, extension: string, bytes: Uint8Array): Promise<void>;
  discardUpload(caseId: string, uploadId: string): Promise<void>;
  /** The case's files: key name (`<upload>.<ext>`) and size. */
  files(caseId: string): Promise<{ name: string; size: number }[]>;
  downloadUrl(caseId: string, name: string, expiresInSeconds: number): Promise<string>;
  /**
   * A file the system made for the case (a chargeback's evidence pack): stored beside the checked uploads, listed
   * and downloaded like them. Nothing to scan: its bytes never came from outside.
   */
  putCaseFile(caseId: string, name: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes of one of the case's files (a submitted evidence pack is checked against its digest), or undefined. */
  readCaseFile(caseId: string, name: string): Promise<Uint8Array | undefined>;
  /**
   * Erasure: deletes every object the case has (its uploads and files, every version of each), so none stays
   * readable. Idempotent: a rerun after a crash deletes what is left. Returns how many object versions it deleted.
   */
  eraseCaseFiles(caseId: string): Promise<number>;
}

/** Where raw messages are kept (S3 on AWS, a folder locally). */
export interface RawMailSource {
  /** The stored bytes, undefined when nothing is stored under the key. */
  get(key: string): Promise<Uint8Array | undefined>;
}

/**
 * Which stored raw messages became which case, so that erasure deletes them: the raw message holds the sender's
 * address, name and words, and nothing else ties its key (the SES message id) to a case.
 */
export interface RawMailArchive {
  /** Records that the raw message under `key` is on the case (a new case, a reply or a held message). Idempotent. */
  recordCase(key: string, caseId: string): Promise<void>;
  /** Erasure: deletes every raw message recorded for the case, then the records. Idempotent; returns how many messages. */
  eraseCaseMail(caseId: string): Promise<number>;
}

/** What routing needs to look up (the core's store implements it). */
export interface CaseDirectory {
  /** The case a sent message belongs to, by `messageIdKey` of the ids we recorded when sending; the first match wins. */
  caseForSentMessage(keys: readonly string[]): Promise<string | undefined>;
  /** The customer's address of a case, undefined when there is no such case. */
  customerOf(caseId: string): Promise<{ email: string } | undefined>;
}

/** Idempotency records (a conditional put with a TTL in the store). */
export interface SeenMessages {
  /** Claims a key: true the first time, false if it is already claimed; the record may vanish after `expiresAt` (epoch ms). */
  claim(key: string, expiresAt: number): Promise<boolean>;
  /** Gives a claim back when handing the message on failed, so that the platform's retry is not taken for a duplicate. */
  release(key: string): Promise<void>;
}

/** Where integrator events go (EventBridge on AWS). */
export interface CaseEventPublisher {
  publish(events: readonly CaseEvent[]): Promise<void>;
}

/** Where KPI facts go (Firehose on AWS, files locally). */
export interface KpiFactSink {
  put(facts: readonly KpiFact[]): Promise<void>;
}

/** Where KPI rows come from: Athena over S3 on AWS (analytics/athena-kpi-store.ts), DuckDB over local files (analytics/duckdb-kpi-store.ts). Same SQL. */
export interface KpiStore {
  kpiRows(periods: readonly Period[]): Promise<KpiRows>;
}

/** A file of a kept report. */
export interface ReportFile {
  name: string;
  contentType: string;
  content: string;
}

/** Where the scheduled reports are kept: files under one folder per report, each opened later by a short link. */
export interface ReportArchive {
  /** Keeps the files under `folder` and returns their keys. */
  keep(folder: string, files: readonly ReportFile[]): Promise<{ keys: string[] }>;
  /** A link to a kept file living `seconds`, or undefined when no such file is kept. */
  linkTo(folder: string, file: string, seconds: number): Promise<string | undefined>;
}
