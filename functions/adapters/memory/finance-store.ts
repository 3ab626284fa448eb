import type { OutboxMessage } from '../../core/outbox';
import { ConcurrentChangeError, type FinanceCaseChange, type FinanceStore } from '../../core/ports';
import type { InMemoryCaseStore } from './case-store';
import { ChargebackEventSchema, ChargebackSchema, type Chargeback, type ChargebackEvent } from '../../domain/finance/chargeback/model';
import { byDue, financeEntryOf, type FinanceEntry, type FinanceRecordRef } from '../../domain/finance/entry';
import { RefundEventSchema, RefundSchema, type Refund, type RefundEvent } from '../../domain/finance/refund/model';

interface Stored<T, E> {
  record: T;
  history: E[];
  caseNumber?: string;
}

/**
 * The finance store in memory, for the simulator and fast tests; the same contract as the DynamoDB store
 * (test/core/finance-store-contract.ts). Values are parsed on the way in and copied on the way out, so no caller
 * changes a stored record behind the store's back.
 */
export class InMemoryFinanceStore implements FinanceStore {
  private readonly refunds = new Map<string, Stored<Refund, RefundEvent>>();
  private readonly chargebacks = new Map<string, Stored<Chargeback, ChargebackEvent>>();
  private readonly webhooks = new Map<string, number>();

  /** `cases`: the case store a finance decision's case change (timeline events, outbox items) is committed to with it. */
  constructor(
    private readonly clock: () => Date = () => new Date(),
    private readonly cases?: InMemoryCaseStore,
  ) {}

  async createRefund(refund: Refund, events: readonly RefundEvent[], caseNumber?: string, onCase?: FinanceCaseChange): Promise<'created' | 'exists'> {
    if (this.refunds.has(refund.refundId)) return 'exists';
    const stored = { record: RefundSchema.parse(refund), history: events.map((e) => RefundEventSchema.parse(e)), ...(caseNumber ? { caseNumber } : {}) };
    this.commitCase(onCase);
    this.refunds.set(refund.refundId, stored);
    return 'created';
  }

  async getRefund(refundId: string) {
    const s = this.refunds.get(refundId);
    return s ? { refund: structuredClone(s.record), history: structuredClone(s.history) } : undefined;
  }

  async commitRefund(read: Refund, next: Refund, events: readonly RefundEvent[], onCase?: FinanceCaseChange): Promise<void> {
    const s = this.refunds.get(read.refundId);
    if (!s || s.record.version !== read.version) throw new ConcurrentChangeError(`refund ${read.refundId} changed since version ${read.version} was read`);
    const record = RefundSchema.parse(next);
    const history = events.map((e) => RefundEventSchema.parse(e));
    this.commitCase(onCase);
    s.record = record;
    s.history.push(...history);
  }

  async refundIdForProvider(providerRefundId: string): Promise<string | undefined> {
    for (const [id, s] of this.refunds) if (s.record.provider.refundId === providerRefundId) return id;
    return undefined;
  }

  async createChargeback(chargeback: Chargeback, events: readonly ChargebackEvent[], caseNumber?: string, onCase?: FinanceCaseChange, outbox?: readonly OutboxMessage[]): Promise<'created' | 'exists'> {
    if (this.chargebacks.has(chargeback.chargebackId)) return 'exists';
    const stored = { record: ChargebackSchema.parse(chargeback), history: events.map((e) => ChargebackEventSchema.parse(e)), ...(caseNumber ? { caseNumber } : {}) };
    this.commitCase(onCase);
    this.keepOutbox(outbox);
    this.chargebacks.set(chargeback.chargebackId, stored);
    return 'created';
  }

  async getChargeback(chargebackId: string) {
    const s = this.chargebacks.get(chargebackId);
    return s ? { chargeback: structuredClone(s.record), history: structuredClone(s.history) } : undefined;
  }

  async commitChargeback(read: Chargeback, next: Chargeback, events: readonly ChargebackEvent[], onCase?: FinanceCaseChange, outbox?: readonly OutboxMessage[]): Promise<void> {
    const s = this.chargebacks.get(read.chargebackId);
    if (!s || s.record.version !== read.version) throw new ConcurrentChangeError(`chargeback ${read.chargebackId} changed since version ${read.version} was read`);
    const record = ChargebackSchema.parse(next);
    const history = events.map((e) => ChargebackEventSchema.parse(e));
    this.commitCase(onCase);
    this.keepOutbox(outbox);
    s.record = record;
    s.history.push(...history);
  }

  /**
   * The case's part of the write, after the record's own check and before its change, with no await in between:
   * the case store refuses a moved case (ConcurrentChangeError) before anything is written, so all or nothing.
   */
  private commitCase(onCase: FinanceCaseChange | undefined): void {
    if (!onCase) return;
    if (!this.cases) throw new Error('this finance store was built without the case store its decisions write to');
    this.cases.commitNow(onCase.read, onCase.change);
  }

  /** A caseless chargeback's outbox items, kept by the case store (the outbox's one sender reads them there). */
  private keepOutbox(outbox: readonly OutboxMessage[] | undefined): void {
    if (!outbox?.length) return;
    if (!this.cases) throw new Error('this finance store was built without the case store that keeps the outbox');
    this.cases.keepOutboxNow(outbox);
  }

  async entries(): Promise<FinanceEntry[]> {
    const refs: [FinanceRecordRef, string | undefined][] = [
      ...[...this.refunds.values()].map((s): [FinanceRecordRef, string | undefined] => [{ kind: 'refund', record: s.record }, s.caseNumber]),
      ...[...this.chargebacks.values()].map((s): [FinanceRecordRef, string | undefined] => [{ kind: 'chargeback', record: s.record }, s.caseNumber]),
    ];
    return refs.map(([ref, caseNumber]) => financeEntryOf(ref, caseNumber));
  }

  async pending(): Promise<FinanceEntry[]> {
    return (await this.entries()).filter((e) => e.pending).sort(byDue);
  }

  async webhookSeen(eventId: string): Promise<boolean> {
    const until = this.webhooks.get(eventId);
    return until !== undefined && until > this.clock().getTime();
  }

  async rememberWebhook(eventId: string, until: Date): Promise<void> {
    this.webhooks.set(eventId, until.getTime());
  }
}
