import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../domain/zod';
import { ConcurrentChangeError, type CustomerIndex, type FinanceCaseChange, type FinanceStore } from '../core/ports';
import type { OutboxMessage } from '../core/outbox';
import type { PersonalKeys } from './crypto/personal-keys';
import { caseCommitItems, chargebackPk, lostRace, outboxItem } from './dynamodb-case-store';
import { casePk } from '../domain/case';
import { ChargebackEventSchema, ChargebackSchema, type Chargeback, type ChargebackEvent } from '../domain/finance/chargeback/model';
import { byDue, FinanceEntrySchema, financeEntryOf, type FinanceEntry, type FinanceRecordRef } from '../domain/finance/entry';
import { RefundEventSchema, RefundSchema, type Refund, type RefundEvent } from '../domain/finance/refund/model';

/**
 * Refunds and chargebacks in the single table (docs/contracts.md "Finance"), without a new index:
 *
 * | item | pk | sk |
 * |---|---|---|
 * | the record (`record`, `history`, `version`) | `CASE#<case id>` (`CHARGEBACK#<id>` when no complaint is linked) | `REFUND#<id>` / `CHARGEBACK#<id>` |
 * | its entry: lookup by id and the export/totals listing | `FINANCE#ENTRY` | `REFUND#<id>` / `CHARGEBACK#<id>` |
 * | the pending queue, sorted by due | `FINANCE#QUEUE` | `<due>#REFUND#<id>` (only while pending) |
 * | a processed webhook event id (TTL `expiresAt`) | `WEBHOOK#<event id>` | `WEBHOOK` |
 *
 * Every write of a record writes its entry and moves its queue item in the same transaction, conditional on the
 * record's version; a decision on a linked case adds the case's change (timeline events, outbox items, guarded on
 * the case's `eventSeq`) to that transaction, as the case store writes it (`caseCommitItems`). Two fixed partitions hold the entries and the queue: finance volume (refunds and disputes, not
 * every complaint) stays far below one partition's 1,000 writes and 3,000 reads a second.
 */

const ENTRY_PK = 'FINANCE#ENTRY';
const QUEUE_PK = 'FINANCE#QUEUE';
const WEBHOOK_SK = 'WEBHOOK';

type Kind = FinanceRecordRef['kind'];
const recordSk = (kind: Kind, id: string) => `${kind === 'refund' ? 'REFUND' : 'CHARGEBACK'}#${id}`;
const queueSk = (entry: FinanceEntry) => `${entry.due ?? entry.openedAt}#${recordSk(entry.kind, entry.id)}`;
const recordPk = (ref: FinanceRecordRef) => (ref.record.caseId ? casePk(ref.record.caseId) : chargebackPk((ref.record as Chargeback).chargebackId));
const idOf = (ref: FinanceRecordRef) => (ref.kind === 'refund' ? ref.record.refundId : ref.record.chargebackId);

const EntryItemSchema = z.object({ recordPk: z.string(), entry: FinanceEntrySchema });

export class DynamoFinanceStore implements FinanceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The customers' keys, for the case commit's customer items (functions/adapters/customer-index.ts). */
    private readonly index: CustomerIndex,
    /** The customers' personal-data keys: a case change written here is sealed as the case store seals it. */
    private readonly personalKeys?: PersonalKeys,
  ) {}

  createRefund(refund: Refund, events: readonly RefundEvent[], caseNumber?: string, onCase?: FinanceCaseChange) {
    return this.create({ kind: 'refund', record: RefundSchema.parse(refund) }, events.map((e) => RefundEventSchema.parse(e)), caseNumber, onCase);
  }

  async getRefund(refundId: string) {
    const item = await this.read('refund', refundId);
    return item && { refund: RefundSchema.parse(item.record), history: z.array(RefundEventSchema).parse(item.history) };
  }

  commitRefund(read: Refund, next: Refund, events: readonly RefundEvent[], onCase?: FinanceCaseChange) {
    return this.commit({ kind: 'refund', record: read }, { kind: 'refund', record: RefundSchema.parse(next) }, events.map((e) => RefundEventSchema.parse(e)), onCase);
  }

  async refundIdForProvider(providerRefundId: string): Promise<string | undefined> {
    const found = (await this.allEntries({ providerRef: providerRefundId })).find((e) => e.kind === 'refund');
    return found?.id;
  }

  createChargeback(chargeback: Chargeback, events: readonly ChargebackEvent[], caseNumber?: string, onCase?: FinanceCaseChange, outbox?: readonly OutboxMessage[]) {
    return this.create({ kind: 'chargeback', record: ChargebackSchema.parse(chargeback) }, events.map((e) => ChargebackEventSchema.parse(e)), caseNumber, onCase, outbox);
  }

  async getChargeback(chargebackId: string) {
    const item = await this.read('chargeback', chargebackId);
    return item && { chargeback: ChargebackSchema.parse(item.record), history: z.array(ChargebackEventSchema).parse(item.history) };
  }

  commitChargeback(read: Chargeback, next: Chargeback, events: readonly ChargebackEvent[], onCase?: FinanceCaseChange, outbox?: readonly OutboxMessage[]) {
    return this.commit(
      { kind: 'chargeback', record: read },
      { kind: 'chargeback', record: ChargebackSchema.parse(next) },
      events.map((e) => ChargebackEventSchema.parse(e)),
      onCase,
      outbox,
    );
  }

  entries(): Promise<FinanceEntry[]> {
    return this.allEntries();
  }

  async pending(): Promise<FinanceEntry[]> {
    const entries = (await this.queryAll(QUEUE_PK)).map((i) => EntryItemSchema.parse(i).entry);
    return entries.sort(byDue);
  }

  async webhookSeen(eventId: string): Promise<boolean> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: `WEBHOOK#${eventId}`, sk: WEBHOOK_SK }, ConsistentRead: true }));
    // TTL deletes lazily; an expired id is as good as gone.
    return out.Item !== undefined && z.object({ expiresAt: z.number() }).parse(out.Item).expiresAt > Math.floor(Date.now() / 1000);
  }

  async rememberWebhook(eventId: string, until: Date): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: `WEBHOOK#${eventId}`, sk: WEBHOOK_SK, entity: 'webhook_event', expiresAt: Math.ceil(until.getTime() / 1000) } }),
    );
  }

  private async create(ref: FinanceRecordRef, history: (RefundEvent | ChargebackEvent)[], caseNumber?: string, onCase?: FinanceCaseChange, outbox?: readonly OutboxMessage[]): Promise<'created' | 'exists'> {
    const entry = financeEntryOf(ref, caseNumber);
    const sk = recordSk(ref.kind, idOf(ref));
    const pk = recordPk(ref);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { pk, sk, entity: ref.kind, record: ref.record, history, version: ref.record.version }, ConditionExpression: 'attribute_not_exists(pk)' } },
            // The entry is the id's registry: a second record with the same id under another case is refused too.
            { Put: { TableName: this.tableName, Item: { pk: ENTRY_PK, sk, entity: 'finance_entry', recordPk: pk, entry, ...this.lookupAttributes(entry) }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ...(entry.pending ? [{ Put: { TableName: this.tableName, Item: { pk: QUEUE_PK, sk: queueSk(entry), entity: 'finance_queue', recordPk: pk, entry } } }] : []),
            ...(await this.caseItems(onCase)),
            ...this.outboxItems(outbox),
          ],
        }),
      );
      return 'created';
    } catch (e) {
      // The record and its entry come first: their conditions failing means the id is taken; any other, the case moved.
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.slice(0, 2).some((r) => r.Code === 'ConditionalCheckFailed')) return 'exists';
      if (lostRace(e)) throw new ConcurrentChangeError(`case ${onCase?.read.id} changed since it was read`);
      throw e;
    }
  }

  private async commit(read: FinanceRecordRef, next: FinanceRecordRef, events: (RefundEvent | ChargebackEvent)[], onCase?: FinanceCaseChange, outbox?: readonly OutboxMessage[]): Promise<void> {
    const id = idOf(read);
    const sk = recordSk(read.kind, id);
    // The case number is fixed at creation; the entry keeps it.
    const current = await this.entryItem(read.kind, id);
    if (!current) throw new ConcurrentChangeError(`${read.kind} ${id} does not exist`);
    const before = financeEntryOf(read, current.entry.caseNumber);
    const after = financeEntryOf(next, current.entry.caseNumber);
    const queueMoves = [
      ...(before.pending && (!after.pending || queueSk(before) !== queueSk(after)) ? [{ Delete: { TableName: this.tableName, Key: { pk: QUEUE_PK, sk: queueSk(before) } } }] : []),
      ...(after.pending ? [{ Put: { TableName: this.tableName, Item: { pk: QUEUE_PK, sk: queueSk(after), entity: 'finance_queue', recordPk: current.recordPk, entry: after } } }] : []),
    ];
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: current.recordPk, sk },
                UpdateExpression: 'SET #record = :record, #version = :version, #history = list_append(#history, :events)',
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#record': 'record', '#version': 'version', '#history': 'history' },
                ExpressionAttributeValues: { ':record': next.record, ':version': next.record.version, ':events': events, ':expected': read.record.version },
              },
            },
            { Put: { TableName: this.tableName, Item: { pk: ENTRY_PK, sk, entity: 'finance_entry', recordPk: current.recordPk, entry: after, ...this.lookupAttributes(after) } } },
            ...queueMoves,
            ...(await this.caseItems(onCase)),
            ...this.outboxItems(outbox),
          ],
        }),
      );
    } catch (e) {
      if (lostRace(e)) throw new ConcurrentChangeError(`${read.kind} ${id} (or its case) changed since version ${read.record.version} was read`);
      throw e;
    }
  }

  /** The linked case's change, as the case store writes it (one guarded commit path), in this transaction. */
  private async caseItems(onCase: FinanceCaseChange | undefined) {
    return onCase ? (await caseCommitItems(this.tableName, this.index, onCase.read, onCase.change, this.personalKeys)).items : [];
  }

  /** A caseless chargeback's outbox items, as the case store writes outbox items (new keys: the version is new). */
  private outboxItems(outbox: readonly OutboxMessage[] | undefined) {
    return (outbox ?? []).map((m) => ({ Put: { TableName: this.tableName, Item: outboxItem(m), ConditionExpression: 'attribute_not_exists(pk)' } }));
  }

  /** Top-level copies of what a query filters on (a filter cannot reach into the entry map cheaply). */
  private lookupAttributes(entry: FinanceEntry) {
    return entry.providerRef ? { providerRef: entry.providerRef } : {};
  }

  private async entryItem(kind: Kind, id: string) {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: ENTRY_PK, sk: recordSk(kind, id) }, ConsistentRead: true }));
    return out.Item ? EntryItemSchema.parse(out.Item) : undefined;
  }

  private async read(kind: Kind, id: string): Promise<{ record: unknown; history: unknown } | undefined> {
    const entry = await this.entryItem(kind, id);
    if (!entry) return undefined;
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: entry.recordPk, sk: recordSk(kind, id) }, ConsistentRead: true }));
    return out.Item ? z.object({ record: z.unknown(), history: z.unknown() }).parse(out.Item) : undefined;
  }

  private async allEntries(filter?: { providerRef: string }): Promise<FinanceEntry[]> {
    return (await this.queryAll(ENTRY_PK, filter)).map((i) => EntryItemSchema.parse(i).entry);
  }

  private async queryAll(pk: string, filter?: { providerRef: string }): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ...(filter ? { FilterExpression: 'providerRef = :ref' } : {}),
          ExpressionAttributeValues: { ':pk': pk, ...(filter ? { ':ref': filter.providerRef } : {}) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
