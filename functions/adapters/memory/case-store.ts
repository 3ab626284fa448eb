import { caseAfterChange, newResolution } from '../../core/case-after-change';
import { matchesQueueFilter } from '../../core/queue-store-filter';
import { randomBytes } from 'node:crypto';
import { InMemoryRateLimiter } from './rate-limiter';
import type { WindowHit } from '../../domain/rate-window';
import { customerKey } from '../../domain/customer-key';
import {
  CaseNotFoundError,
  ConcurrentChangeError,
  TaskTokenConflictError,
  type CaseChange,
  type CaseStore,
  type CreateResult,
  type IdempotencyRecord,
  type QueueMatchRequest,
  type OutboxRef,
  type QueuePage,
  type QueuePageRequest,
  type RegisterResult,
  type PersonalDataEraser,
  type CustomerKeys,
} from '../../core/ports';
import type { CaseEraser } from '../../domain/erasure';
import { LifecycleEventSchema, type LifecycleEvent } from '../../domain/lifecycle/events';
import { OutboxMessageSchema, type OutboxMessage } from '../../core/outbox';
import { queueKeys, CaseSchema, type PendingTask, type Case, type CaseStatus } from '../../domain/case';

/**
 * The case store in memory, for the simulator and fast tests. Same contract as the DynamoDB store, proven by the
 * same tests (test/core/case-store-contract.ts): conditional commits on the version read and on the token of the
 * step a decision leaves, registrations guarded the same way, the queue in the same order. Values are copied in
 * and out, so no caller can change a stored case behind the store's back.
 */
export class InMemoryCaseStore implements CaseStore, PersonalDataEraser {
  private readonly cases = new Map<string, Case>();
  private readonly timelines = new Map<string, LifecycleEvent[]>();
  private readonly counters = new Map<string, number>();
  /** The limits counted with the cases they admitted (the same windows as the in-memory limiter). */
  private readonly limitCounts = new InMemoryRateLimiter();
  private readonly idempotency = new Map<string, IdempotencyRecord>();
  private readonly lastResolutions = new Map<string, string>();
  private readonly customerCases = new Map<string, string[]>();
  /** Outbox items by `<caseId>#<seq>#<index>`. */
  private readonly outbox = new Map<string, OutboxMessage>();

  constructor(
    private readonly clock: () => Date = () => new Date(),
    /** The secret of the customers' blind index; by default one of this store's own (nothing here outlives the process). */
    private readonly indexSecret: string = randomBytes(32).toString('base64'),
  ) {}

  /** One key per customer: nothing in memory was ever stored under the unkeyed hash of earlier versions. */
  async customerKeysOf(customerEmail: string): Promise<CustomerKeys> {
    return [this.customerKey(customerEmail)];
  }

  /** Nothing to read ahead: nothing is sealed in memory. */
  prepareCreate(): void {}

  private customerKey(customerEmail: string): string {
    return customerKey(this.indexSecret, customerEmail);
  }

  async nextCaseSequence(prefix: string, year: number): Promise<number> {
    const key = `${prefix}#${year}`;
    const next = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, next);
    return next;
  }

  async findIdempotencyRecord(pk: string): Promise<IdempotencyRecord | undefined> {
    const record = this.idempotency.get(pk);
    return record && record.expiresAt > this.clock().getTime() / 1000 ? structuredClone(record) : undefined;
  }

  async create(theCase: Case, firstEvent: LifecycleEvent, idempotency?: IdempotencyRecord, limits: readonly WindowHit[] = []): Promise<CreateResult> {
    if (this.cases.has(theCase.id)) throw new Error(`case ${theCase.id} already exists`);
    if (idempotency && (await this.findIdempotencyRecord(idempotency.pk))) return 'idempotency-key-taken';
    const over = limits.find((hit) => !this.limitCounts.admits(hit));
    if (over) return { limited: over };
    for (const hit of limits) this.limitCounts.count(hit);
    this.cases.set(theCase.id, CaseSchema.parse(structuredClone(theCase)));
    this.timelines.set(theCase.id, [LifecycleEventSchema.parse(structuredClone(firstEvent))]);
    if (idempotency) this.idempotency.set(idempotency.pk, structuredClone(idempotency));
    const customer = this.customerKey(theCase.customer.email);
    this.customerCases.set(customer, [...(this.customerCases.get(customer) ?? []), theCase.id]);
    return 'created';
  }

  async get(id: string): Promise<Case | undefined> {
    const theCase = this.cases.get(id);
    return theCase && structuredClone(theCase);
  }

  async getWithTimeline(id: string): Promise<{ theCase: Case; timeline: LifecycleEvent[] } | undefined> {
    const theCase = this.cases.get(id);
    return theCase && { theCase: structuredClone(theCase), timeline: structuredClone(this.timelines.get(id) ?? []) };
  }

  async commit(read: Case, change: CaseChange): Promise<{ theCase: Case; taken?: PendingTask }> {
    return this.commitNow(read, change);
  }

  /**
   * {@link commit} without yielding: another in-memory store (the finance store) checks its own condition and
   * commits a case change in one synchronous step, as DynamoDB does in one transaction.
   */
  /** Outbox items kept under no case (a caseless chargeback's staff notices), written with that record (the finance store). */
  keepOutboxNow(messages: readonly OutboxMessage[]): void {
    for (const m of messages) this.outbox.set(outboxId(m), OutboxMessageSchema.parse(structuredClone(m)));
  }

  commitNow(read: Case, change: CaseChange): { theCase: Case; taken?: PendingTask } {
    const current = this.cases.get(read.id);
    const { theCase, taken } = caseAfterChange(read, change);
    const [from, to] = [this.customerKey(read.customer.email), this.customerKey(theCase.customer.email)];
    const tokenAsRead = !change.completes || change.clearTasks || current?.tasks[change.completes]?.taskToken === read.tasks[change.completes]?.taskToken;
    if (!current || current.eventSeq !== read.eventSeq || !tokenAsRead) throw new ConcurrentChangeError(`case ${read.id} changed since it was read (event ${read.eventSeq})`);
    // Registrations of other steps made since the read stay, as they do in DynamoDB's partial update.
    const tasks = change.clearTasks ? {} : Object.fromEntries(Object.entries(current.tasks).filter(([step]) => !taken || step !== change.completes));
    this.cases.set(read.id, { ...structuredClone(theCase), tasks });
    this.timelines.get(read.id)!.push(...change.events.map((e) => LifecycleEventSchema.parse(structuredClone(e))));
    for (const m of change.outbox ?? []) this.outbox.set(outboxId(m), OutboxMessageSchema.parse(structuredClone(m)));
    const resolvedAt = newResolution(read, change);
    if (resolvedAt) this.lastResolutions.set(from, resolvedAt);
    // A corrected address: the case moves to the new address's list, as the DynamoDB index item does.
    if (from !== to) {
      this.customerCases.set(from, (this.customerCases.get(from) ?? []).filter((id) => id !== read.id));
      this.customerCases.set(to, [...(this.customerCases.get(to) ?? []), read.id]);
    }
    return taken ? { theCase: structuredClone(theCase), taken } : { theCase: structuredClone(theCase) };
  }

  async registerTaskToken(read: Case, step: string, task: PendingTask): Promise<RegisterResult> {
    const current = this.cases.get(read.id);
    if (!current) return 'moved';
    const pending = current.tasks[step];
    const newer = pending === undefined || (pending.generation !== undefined && pending.generation < (task.generation ?? ''));
    if (current.eventSeq === read.eventSeq && newer) {
      current.tasks = { ...current.tasks, [step]: structuredClone(task) };
      return 'registered';
    }
    if (pending?.taskToken === task.taskToken) return 'already-registered';
    if (current.eventSeq !== read.eventSeq) return 'moved';
    throw new TaskTokenConflictError(`step ${step} of case ${read.id} already waits on a newer or equal task token`);
  }

  async lastResolutionOf(customerEmail: string): Promise<string | undefined> {
    return this.lastResolutions.get(this.customerKey(customerEmail));
  }

  async moveLastResolution(fromEmail: string, toEmail: string): Promise<void> {
    const [from, to] = [this.customerKey(fromEmail), this.customerKey(toEmail)];
    if (from === to) return;
    const moved = this.lastResolutions.get(from);
    const there = this.lastResolutions.get(to);
    if (moved !== undefined && (there === undefined || there < moved)) this.lastResolutions.set(to, moved);
    this.lastResolutions.delete(from);
  }

  async casesOf(customerEmail: string): Promise<string[]> {
    const ids = this.customerCases.get(this.customerKey(customerEmail)) ?? [];
    // Oldest first, as DynamoDB's sort key orders them.
    return ids.map((id) => this.cases.get(id)!).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map((c) => c.id);
  }

  async flag(id: string, at: string, error: string): Promise<void> {
    const current = this.cases.get(id);
    if (!current) throw new CaseNotFoundError(`no case ${id}`);
    current.needsAttention = { at, error };
  }

  async clearFlag(id: string, flaggedAt: string): Promise<boolean> {
    const current = this.cases.get(id);
    if (current?.needsAttention?.at !== flaggedAt) return false;
    delete current.needsAttention;
    return true;
  }

  async listReceived(from: string, to: string, limit: number): Promise<string[]> {
    return [...this.cases.values()]
      .filter((t) => t.status === 'received' && t.createdAt >= from && t.createdAt < to)
      .slice(0, limit)
      .map((t) => t.id);
  }

  async erasePersonalData(caseId: string, erase: CaseEraser): Promise<'erased' | 'missing'> {
    const read = this.cases.get(caseId);
    if (!read) return 'missing';
    this.timelines.set(caseId, (this.timelines.get(caseId) ?? []).map((e) => LifecycleEventSchema.parse(erase.event(structuredClone(e)))));
    for (const [id, m] of this.outbox) if (m.caseId === caseId) this.outbox.set(id, OutboxMessageSchema.parse(erase.outbox(structuredClone(m))));
    const customer = this.customerKey(read.customer.email);
    const rest = (this.customerCases.get(customer) ?? []).filter((id) => id !== caseId);
    if (rest.length > 0) this.customerCases.set(customer, rest);
    else this.customerCases.delete(customer);
    this.lastResolutions.delete(customer);
    this.cases.set(caseId, CaseSchema.parse(erase.theCase(structuredClone(read))));
    return 'erased';
  }

  async pendingOutbox(caseId: string): Promise<OutboxMessage[]> {
    return [...this.outbox.values()]
      .filter((m) => m.caseId === caseId && !m.sentAt)
      .sort((a, b) => a.seq - b.seq || a.index - b.index)
      .map((m) => structuredClone(m));
  }

  async dueOutbox(now: string, limit: number): Promise<OutboxMessage[]> {
    return [...this.outbox.values()]
      .filter((m) => !m.sentAt && m.availableAt <= now)
      .sort((a, b) => (a.availableAt < b.availableAt ? -1 : a.availableAt > b.availableAt ? 1 : 0))
      .slice(0, limit)
      .map((m) => structuredClone(m));
  }

  async claimOutbox(ref: OutboxRef, claim: { claimId: string; now: string; leaseUntil: string }): Promise<OutboxMessage | undefined> {
    const m = this.outbox.get(outboxId(ref));
    if (!m || m.sentAt || m.availableAt > claim.now) return undefined;
    Object.assign(m, { claimId: claim.claimId, availableAt: claim.leaseUntil, attempts: m.attempts + 1 });
    return structuredClone(m);
  }

  async markOutboxSent(ref: OutboxRef, sent: { claimId: string; at: string; messageId?: string }): Promise<boolean> {
    const m = this.outbox.get(outboxId(ref));
    if (!m || m.sentAt) return false;
    delete m.content;
    Object.assign(m, { sentAt: sent.at, claimId: sent.claimId, ...(sent.messageId ? { messageId: sent.messageId } : {}) });
    return true;
  }

  async releaseOutbox(ref: OutboxRef, release: { claimId: string; retryAt: string; error: string }): Promise<void> {
    const m = this.outbox.get(outboxId(ref));
    if (m && !m.sentAt && m.claimId === release.claimId) Object.assign(m, { availableAt: release.retryAt, lastError: release.error });
  }

  async queuePage(request: QueuePageRequest): Promise<QueuePage> {
    const rows = [...this.cases.values()]
      .filter((t) => request.statuses.includes(t.status))
      .map((t) => ({ status: t.status, sk: queueKeys(t).gsi1sk, theCase: t }))
      .filter((r) => request.after?.[r.status] === undefined || r.sk > request.after[r.status]!)
      .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
    const cases: Case[] = [];
    const after: Partial<Record<CaseStatus, string>> = { ...request.after };
    let i = 0;
    for (; i < rows.length && cases.length < request.limit; i++) {
      const row = rows[i]!;
      after[row.status] = row.sk;
      if (!request.visible || request.visible(row.theCase)) cases.push(structuredClone(row.theCase));
    }
    return i < rows.length ? { cases, after } : { cases };
  }

  async queueMatches(request: QueueMatchRequest): Promise<Case[]> {
    const filter = request.filter ?? {};
    return [...this.cases.values()].filter((t) => request.statuses.includes(t.status) && matchesQueueFilter(t, filter)).map((t) => structuredClone(t));
  }

  async flaggedCases(): Promise<Case[]> {
    return [...this.cases.values()].filter((t) => t.needsAttention !== undefined).map((t) => structuredClone(t));
  }
}

const outboxId = (ref: OutboxRef) => `${ref.chargebackId === undefined ? ref.caseId : `chargeback-${ref.chargebackId}`}#${ref.seq}#${ref.index}`;
