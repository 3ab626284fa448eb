import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../domain/zod';
import { caseNumberCounterKey } from '../domain/case-number';
import type { WindowHit } from '../domain/rate-window';
import { windowHitUpdate } from './dynamodb-rate-limiter';
import { SealedSchema } from '../domain/idempotency';
import { LifecycleEventSchema, type LifecycleEvent } from '../domain/lifecycle/events';
import { eventSortKey, PendingTaskSchema, queueKeys, queuePartition, casePk, CaseSchema, type PendingTask, type Case, type CaseStatus } from '../domain/case';
import { caseAfterChange, newResolution } from '../core/case-after-change';
import { sameCustomer } from '../domain/customer-key';
import { OutboxMessageSchema, outboxOwnerOf, type OutboxMessage } from '../core/outbox';
import { batchGetAll, queryAll } from './dynamodb-query';
import { ConfigError } from './config';
import { matchesQueueFilter } from '../core/queue-store-filter';
import { sortableInstant } from '../domain/lifecycle/queue';
import {
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
  type CustomerIndex,
  type CustomerKeys,
} from '../core/ports';
import type { CaseEraser } from '../domain/erasure';
import { CASE_PERSONAL_ATTRIBUTES } from '../domain/privacy/personal-data';
import type { PersonalKeys, SealingKeyWrite } from './crypto/personal-keys';
import { openCase, openEvent, openOutbox, personalKeyOf, rememberPersonalKey, SEALED, SEALED_UNDER, sealedAttribute, sealedCaseAttributes, withoutKeys, type SealingKey } from './personal-items';

/**
 * The case store on DynamoDB, single-table layout of docs/contracts.md: `pk`/`sk`, TTL `expiresAt`, GSI `byQueueV2`
 * on `gsi1pk`/`gsi1sk` and the sparse GSI `byAttention` on `gsi2pk`/`gsi2sk`, both keys only: a read finds the keys
 * in the index and fetches the items ({@link batchGetAll}), so a case write costs the index nothing unless its
 * queue keys move. Every change to a case goes through {@link DynamoCaseStore.commit}: one transaction with the
 * case item and its new events, conditional on the version read.
 */

const CASE_SK = 'CASE';
const LAST_RESOLUTION_SK = 'LAST_RESOLUTION';
/** Under the customer's key, one item per case they filed: `CASE#<createdAt>#<id>`, so a query lists them oldest first. */
const CUSTOMER_CASE_PREFIX = 'CASE#';
const customerCaseSk = (c: Pick<Case, 'createdAt' | 'id'>): string => `${CUSTOMER_CASE_PREFIX}${c.createdAt}#${c.id}`;
const IDEMPOTENCY_SK = 'IDEMPOTENCY';
const QUEUE_INDEX = 'byQueueV2';
const ATTENTION_INDEX = 'byAttention';
const ATTENTION_PARTITION = 'ATTENTION';
/** The keys that put a flagged case in `byAttention` (set with the flag, removed with it): oldest flag first. */
export const attentionKeys = (id: string, flaggedAt: string) => ({ gsi2pk: ATTENTION_PARTITION, gsi2sk: `${sortableInstant(flaggedAt)}#${id}` });
/**
 * Outbox items live under their case (`sk` = `OUTBOX#<seq>#<index>`, zero-padded so they sort in decision order).
 * While unsent they also sit in one `byQueueV2` partition ordered by `availableAt`, which the sweep reads; marking a
 * message sent removes it from the index.
 */
const OUTBOX_SK_PREFIX = 'OUTBOX#';
const OUTBOX_PARTITION = 'OUTBOX';
const outboxSk = (ref: OutboxRef) => `${OUTBOX_SK_PREFIX}${String(ref.seq).padStart(10, '0')}#${String(ref.index).padStart(3, '0')}`;
/** The partition of a chargeback linked to no complaint: its record, and its own outbox items (staff notices). */
export const chargebackPk = (chargebackId: string) => `CHARGEBACK#${chargebackId}`;
const outboxIndexSk = (availableAt: string, ref: OutboxRef) => `${availableAt}#${outboxOwnerOf(ref).id}#${ref.seq}#${ref.index}`;
const outboxKey = (ref: OutboxRef) => {
  const owner = outboxOwnerOf(ref);
  return { pk: owner.kind === 'case' ? casePk(owner.id) : chargebackPk(owner.id), sk: outboxSk(ref) };
};

/** Whether a table item (a stream image, say) is an outbox item. */
export const isOutboxItem = (item: Record<string, unknown>): boolean => typeof item.sk === 'string' && item.sk.startsWith(OUTBOX_SK_PREFIX);
/** Whether a table item is a case item. */
export const isCaseItem = (item: Record<string, unknown>): boolean => item.sk === CASE_SK && typeof item.pk === 'string' && item.pk.startsWith('CASE#');
/**
 * The outbox message a table item holds, without opening it: its content is absent when sealed (a stream record
 * carries the message only as the reference the sender claims, and the claim reads and opens the item).
 */
export const outboxMessageOf = (item: Record<string, unknown>): OutboxMessage => OutboxMessageSchema.parse(withoutKeys(item));
/** The id of the case a table item holds (a stream record's case is sealed: its id is all the consumer needs). */
export const caseIdOf = (item: Record<string, unknown>): string => z.string().parse(item.id);

const IdempotencyItemSchema = z.object({
  pk: z.string(),
  fingerprint: z.string(),
  caseId: z.string(),
  response: SealedSchema,
  createdAt: z.string(),
  expiresAt: z.number(),
});


/** The table key of an index entry (a keys-only index returns the table's keys with its own). */
const tableKey = (entry: Record<string, unknown>) => ({ pk: z.string().parse(entry.pk), sk: z.string().parse(entry.sk) });

const isConditionFailure = (e: unknown) => e instanceof Error && e.name === 'ConditionalCheckFailedException';
/**
 * A guarded transaction that lost to another writer, so nothing was written and the case may have moved: a condition
 * failed (the case changed since it was read), or DynamoDB cancelled it because another transaction was writing one
 * of its items at that moment (`TransactionConflict`, which two writers on one case meet under load). Either way
 * the commit loop reads the case again and decides again (core/commit-loop.ts); the SDK does not retry a cancelled
 * transaction itself.
 */
export const lostRace = (e: unknown) => e instanceof TransactionCanceledException && Boolean(e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict'));
const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * The items of one case commit (the case's guarded update, its new events, its outbox items, the customer's last
 * resolution), for {@link DynamoCaseStore.commit} and for a store that writes a case change in its own transaction
 * (a finance decision with its timeline events and notices, functions/adapters/dynamodb-finance-store.ts). Any
 * condition failing cancels the whole transaction: a lost race. The customer's keys are computed (`index`) only when
 * the commit writes under them (a resolution, a corrected address) or seals a case not read sealed (stored in clear
 * before sealing); with `personalKeys`, the case's personal parts, its new events' messages and its new mail are
 * sealed under the key the case was read sealed under (functions/adapters/personal-items.ts).
 */
export async function caseCommitItems(tableName: string, index: CustomerIndex, read: Case, change: CaseChange, personalKeys?: PersonalKeys) {
  const { theCase: written, taken } = caseAfterChange(read, change);
  const key = await sealingKeyOf(personalKeys, index, read, written);
  const names: Record<string, string> = { '#eventSeq': 'eventSeq', '#status': 'status', '#lifecycle': 'lifecycle', '#updatedAt': 'updatedAt', '#gsi1pk': 'gsi1pk', '#gsi1sk': 'gsi1sk' };
  const keys = queueKeys(written);
  const values: Record<string, unknown> = {
    ':expected': read.eventSeq,
    ':next': written.eventSeq,
    ':status': written.status,
    ':lifecycle': written.lifecycle,
    ':updatedAt': written.updatedAt,
    ':gsi1pk': keys.gsi1pk,
    ':gsi1sk': keys.gsi1sk,
  };
  const sets = ['#eventSeq = :next', '#status = :status', '#lifecycle = :lifecycle', '#updatedAt = :updatedAt', '#gsi1pk = :gsi1pk', '#gsi1sk = :gsi1sk'];
  let condition = '#eventSeq = :expected';
  // Sealed: the case's personal parts are written whole as one blob (the lifecycle without them), never attribute by
  // attribute in clear; a case stored in clear before sealing loses its clear copies here.
  const personal = new Set<string>(key ? CASE_PERSONAL_ATTRIBUTES : []);
  if (key) {
    const sealed = sealedCaseAttributes(key, casePk(read.id), CASE_SK, written);
    Object.assign(names, { '#sealedUnder': SEALED_UNDER, '#sealed': SEALED });
    Object.assign(values, { ':lifecycle': sealed.lifecycle, ':sealedUnder': sealed[SEALED_UNDER], ':sealed': sealed[SEALED] });
    sets.push('#sealedUnder = :sealedUnder', '#sealed = :sealed');
  }
  for (const [i, [k, v]] of Object.entries(change.set ?? {}).entries()) {
    if (personal.has(k)) continue;
    names[`#x${i}`] = k;
    values[`:x${i}`] = v;
    sets.push(`#x${i} = :x${i}`);
  }
  const removes = (change.remove ?? []).filter((k) => !personal.has(k)).map((k, i) => ((names[`#y${i}`] = k), `#y${i}`));
  if (change.clearTasks) {
    names['#tasks'] = 'tasks';
    values[':noTasks'] = {};
    sets.push('#tasks = :noTasks');
  } else if (change.completes) {
    // The wait's token as read: taken if there was one, and absent if there was none. A wait that registered
    // after the read fails the write, so the loop decides again and wakes it (the workflow never waits on a step
    // the case has left).
    Object.assign(names, { '#tasks': 'tasks', '#step': change.completes });
    if (taken) {
      names['#token'] = 'taskToken';
      values[':token'] = taken.taskToken;
      removes.push('#tasks.#step');
      condition += ' AND #tasks.#step.#token = :token';
    } else {
      condition += ' AND attribute_not_exists(#tasks.#step)';
    }
  }
  for (const [i, k] of [...personal].entries()) removes.push(((names[`#p${i}`] = k), `#p${i}`));
  const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
  const resolvedAt = newResolution(read, change);
  // The customer's latest resolution, for per-customer sequencing; unconditional so it never cancels the commit.
  const lastResolution = resolvedAt
    ? [{ Put: { TableName: tableName, Item: { pk: (await index.keysOf(read.customer.email))[0], sk: LAST_RESOLUTION_SK, entity: 'customer', resolvedAt, caseId: read.id } } }]
    : [];
  const items = [
    { Update: { TableName: tableName, Key: { pk: casePk(read.id), sk: CASE_SK }, UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values } },
    ...change.events.map((e) => ({ Put: { TableName: tableName, Item: eventItem(e, key), ConditionExpression: 'attribute_not_exists(pk)' } })),
    ...(change.outbox ?? []).map((m) => ({ Put: { TableName: tableName, Item: outboxItem(m, key), ConditionExpression: 'attribute_not_exists(pk)' } })),
    ...lastResolution,
    ...(await movedCustomerCase(tableName, index, read, written)),
    // Last: the key sealed under is still the customer's (not destroyed by an erasure since this container cached it).
    ...(key ? [key.check] : []),
  ];
  if (key) rememberPersonalKey(written, key.id);
  return taken ? { items, theCase: written, taken } : { items, theCase: written };
}

/**
 * The key a commit seals the case's personal parts under: the one the case was read sealed under, else (a case
 * stored in clear before sealing, a corrected address) the customer's, made now if they have none. None for an
 * erased case: nothing personal is left to seal, and an erased customer gets no new key.
 */
async function sealingKeyOf(keys: PersonalKeys | undefined, index: CustomerIndex, read: Case, written: Case): Promise<(SealingKey & { check: SealingKeyWrite['write'] }) | undefined> {
  if (!keys || written.erasedAt !== undefined) return undefined;
  const known = sameCustomer(read.customer.email, written.customer.email) ? personalKeyOf(read) : undefined;
  const id = known ?? (await customerKeyIfGranted(index, written.customer.email));
  // A function not granted the customer index secret (infra: `customerKeys: 'never'`) leaves a case stored in clear
  // before sealing as it was; the next writer that has the secret seals it.
  if (id === undefined) return undefined;
  const { key, write } = await keys.ensure(id);
  return { id, key, check: write };
}

/** The customer's blind-index key, or undefined in a function whose configuration has no customer index secret. */
async function customerKeyIfGranted(index: CustomerIndex, email: string): Promise<string | undefined> {
  try {
    return (await index.keysOf(email))[0];
  } catch (e) {
    if (e instanceof ConfigError) return undefined;
    throw e;
  }
}

/**
 * A corrected address: the customer's index item of the case moves to the new address in the same write (deleted
 * under each key the old address's item may be under, written under the new address's blind index).
 */
async function movedCustomerCase(tableName: string, index: CustomerIndex, read: Case, written: Case) {
  if (sameCustomer(read.customer.email, written.customer.email)) return [];
  const from = await index.keysOf(read.customer.email);
  const [to] = await index.keysOf(written.customer.email);
  return [
    ...from.map((pk) => ({ Delete: { TableName: tableName, Key: { pk, sk: customerCaseSk(read) } } })),
    { Put: { TableName: tableName, Item: { pk: to, sk: customerCaseSk(written), entity: 'customer-case', caseId: written.id } } },
  ];
}

/** The table item of an outbox message (the finance store writes a caseless chargeback's in its own transaction). */
export const outboxItem = (m: OutboxMessage, key?: SealingKey) =>
  sealedAttribute(key, { ...outboxKey(m), entity: 'outbox', gsi1pk: OUTBOX_PARTITION, gsi1sk: outboxIndexSk(m.availableAt, m), ...OutboxMessageSchema.parse(m) }, 'content');
const eventItem = (e: LifecycleEvent, key?: SealingKey) => sealedAttribute(key, { pk: casePk(e.caseId), sk: eventSortKey(e), entity: 'event', ...LifecycleEventSchema.parse(e) }, 'message');

/**
 * Case numbers one counter update reserves (docs/contracts.md "Case numbers"). Ten: the counter's request drops to
 * one intake in ten, most of what it saved, while a container that ends leaves at most nine numbers unused, so a
 * quiet deployment's numbers still look like a count rather than a scatter.
 */
export const CASE_NUMBER_BLOCK = 10;

export class DynamoCaseStore implements CaseStore, PersonalDataEraser {
  /** Per counter (prefix and year), the block of case numbers this container holds, or its reservation in flight. */
  private readonly caseNumberBlocks = new Map<string, Promise<{ next: number; last: number }>>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The customers' keys (functions/adapters/customer-index.ts): written under the blind index, read under each. */
    private readonly index: CustomerIndex,
    /**
     * The customers' personal-data keys (functions/adapters/crypto/personal-keys.ts): with them, every item's personal
     * parts are stored sealed (functions/adapters/personal-items.ts); items stored in clear still read.
     */
    private readonly personalKeys?: PersonalKeys,
  ) {}

  /**
   * Case numbers in blocks of {@link CASE_NUMBER_BLOCK}, one counter update per block (docs/contracts.md "Case
   * numbers"): unique per prefix and year, handed out in order within this container, not across containers.
   */
  async nextCaseSequence(prefix: string, year: number): Promise<number> {
    const counter = caseNumberCounterKey(prefix, year);
    for (;;) {
      const reserving = this.caseNumberBlocks.get(counter) ?? this.reserveCaseNumbers(counter);
      const block = await reserving;
      if (block.next <= block.last) return block.next++;
      // Used up: the first caller to see it reserves the next block, the others wait for that one.
      if (this.caseNumberBlocks.get(counter) === reserving) this.caseNumberBlocks.delete(counter);
    }
  }

  private reserveCaseNumbers(counter: string): Promise<{ next: number; last: number }> {
    const reserving = this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: counter, sk: 'COUNTER' },
          UpdateExpression: 'ADD #value :block',
          ExpressionAttributeNames: { '#value': 'value' },
          ExpressionAttributeValues: { ':block': CASE_NUMBER_BLOCK },
          ReturnValues: 'UPDATED_NEW',
        }),
      )
      .then((out) => {
        const last = z.object({ value: z.number().check(z.int(), z.positive()) }).parse(out.Attributes).value;
        return { next: last - CASE_NUMBER_BLOCK + 1, last };
      });
    // Another year's block is done with (numbers restart each January); a failed reservation is tried again next time.
    for (const key of this.caseNumberBlocks.keys()) if (key !== counter) this.caseNumberBlocks.delete(key);
    this.caseNumberBlocks.set(counter, reserving);
    reserving.catch(() => {
      if (this.caseNumberBlocks.get(counter) === reserving) this.caseNumberBlocks.delete(counter);
    });
    return reserving;
  }

  async findIdempotencyRecord(pk: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk: IDEMPOTENCY_SK }, ConsistentRead: true }));
    if (!out.Item) return undefined;
    const record = IdempotencyItemSchema.parse(out.Item);
    // TTL deletes lazily (up to days later); an expired record is as good as gone.
    return record.expiresAt > nowSeconds() ? record : undefined;
  }

  async create(theCase: Case, firstEvent: LifecycleEvent, idempotency?: IdempotencyRecord, limits: readonly WindowHit[] = []): Promise<CreateResult> {
    const [customer] = await this.index.keysOf(theCase.customer.email);
    for (let attempt = 0; ; attempt++) {
      const sealing = await this.personalKeys?.forWriting(customer);
      const key = sealing ? { id: customer, key: sealing.key } : undefined;
      try {
        const result = await this.createSealed(theCase, firstEvent, idempotency, limits, customer, key, sealing?.write);
        if (sealing && result === 'created') this.personalKeys!.kept(customer, sealing);
        return result;
      } catch (e) {
        // A first case of the same new customer landed its key first, or the key read was destroyed since: read the
        // key item again and seal again, once.
        const keyLost = e instanceof TransactionCanceledException && sealing && e.CancellationReasons?.at(-1)?.Code === 'ConditionalCheckFailed';
        if (!keyLost || attempt > 0) throw e;
        this.personalKeys!.forget(customer);
      }
    }
  }

  private async createSealed(theCase: Case, firstEvent: LifecycleEvent, idempotency: IdempotencyRecord | undefined, limits: readonly WindowHit[], customer: string, key: SealingKey | undefined, newKey: unknown): Promise<CreateResult> {
    const pk = casePk(theCase.id);
    const caseAttributes = key ? sealedCaseAttributes(key, pk, CASE_SK, CaseSchema.parse(theCase)) : CaseSchema.parse(theCase);
    const items = [
      { Put: { TableName: this.tableName, Item: { pk, sk: CASE_SK, entity: 'case', ...queueKeys(theCase), ...caseAttributes }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.tableName, Item: eventItem(firstEvent, key), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...(idempotency
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...idempotency, sk: IDEMPOTENCY_SK, entity: 'idempotency' },
                // A record whose TTL passed but that DynamoDB has not yet deleted may be replaced.
                ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
                ExpressionAttributeValues: { ':now': nowSeconds() },
              },
            },
          ]
        : []),
      // The customer's cases, oldest first, for per-customer sequencing (no index on the customer's address).
      { Put: { TableName: this.tableName, Item: { pk: customer, sk: customerCaseSk(theCase), entity: 'customer-case', caseId: theCase.id } } },
      // The intake limits, counted with the case they admit: a refused one cancels the create, an accepted one never
      // counts a request that wrote nothing (a replay, a lost race, a failure).
      ...limits.map((hit) => ({ Update: windowHitUpdate(this.tableName, hit) })),
      // The personal-data key: a new customer's kept, or the check that the key sealed under is still theirs; in the
      // same transaction (it spans both tables), last.
      ...(newKey ? [newKey] : []),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'created';
    } catch (e) {
      if (!(e instanceof TransactionCanceledException)) throw e;
      const refused = (i: number) => e.CancellationReasons?.[i]?.Code === 'ConditionalCheckFailed';
      if (idempotency && refused(2)) return 'idempotency-key-taken';
      const firstLimit = items.length - limits.length - (newKey ? 1 : 0);
      const over = limits.find((_, i) => refused(firstLimit + i));
      if (over) return { limited: over };
      throw e;
    }
  }

  async get(id: string): Promise<Case | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: casePk(id), sk: CASE_SK }, ConsistentRead: true }));
    return out.Item ? openCase(this.personalKeys, out.Item) : undefined;
  }

  async getWithTimeline(id: string): Promise<{ theCase: Case; timeline: LifecycleEvent[] } | undefined> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': casePk(id) },
      ConsistentRead: true,
    });
    const caseItem = items.find((i) => i.sk === CASE_SK);
    if (!caseItem) return undefined;
    const timeline = (await Promise.all(items.filter((i) => typeof i.sk === 'string' && i.sk.startsWith('EVENT#')).map((i) => openEvent(this.personalKeys, i)))).sort((a, b) => a.seq - b.seq);
    return { theCase: await openCase(this.personalKeys, caseItem), timeline };
  }

  async commit(read: Case, change: CaseChange): Promise<{ theCase: Case; taken?: PendingTask }> {
    const { items, theCase, taken } = await caseCommitItems(this.tableName, this.index, read, change, this.personalKeys);
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (e) {
      // The key sealed under is no longer the customer's: this container forgets it before the loop reads again.
      const id = personalKeyOf(theCase);
      if (id && e instanceof TransactionCanceledException && e.CancellationReasons?.at(-1)?.Code === 'ConditionalCheckFailed') this.personalKeys?.forget(id);
      if (lostRace(e)) throw new ConcurrentChangeError(`case ${read.id} changed since it was read (event ${read.eventSeq})`);
      throw e;
    }
    await this.resealAfterCorrection(read, theCase);
    return taken ? { theCase, taken } : { theCase };
  }

  /**
   * A corrected address seals the case under the new customer's key (caseCommitItems); its earlier events and outbox
   * items are sealed again under it here, before the correction destroys the old address's key
   * (core/use-cases/correct-contact.ts), so no message or mail body is lost with it.
   */
  private async resealAfterCorrection(read: Case, written: Case): Promise<void> {
    const id = personalKeyOf(written);
    if (!this.personalKeys || !id || sameCustomer(read.customer.email, written.customer.email)) return;
    const key = { id, key: (await this.personalKeys.ensure(id)).key };
    for (const item of await this.caseItems(read.id)) {
      const sk = String(item.sk);
      if (typeof item[SEALED] !== 'string' || item[SEALED_UNDER] === id || sk === CASE_SK) continue;
      const { [SEALED]: _blob, [SEALED_UNDER]: oldKey, ...clear } = item;
      let resealed: Record<string, unknown>;
      if (sk.startsWith('EVENT#')) resealed = sealedAttribute(key, { ...clear, message: (await openEvent(this.personalKeys, item)).message }, 'message');
      else if (sk.startsWith(OUTBOX_SK_PREFIX)) resealed = sealedAttribute(key, { ...clear, content: (await openOutbox(this.personalKeys, item)).content }, 'content');
      else continue;
      try {
        await this.db.send(
          new PutCommand({ TableName: this.tableName, Item: resealed, ConditionExpression: '#under = :old', ExpressionAttributeNames: { '#under': SEALED_UNDER }, ExpressionAttributeValues: { ':old': oldKey } }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e; // changed meanwhile (sent, erased, sealed again): left as it is now
      }
    }
  }

  async registerTaskToken(read: Case, step: string, task: PendingTask): Promise<RegisterResult> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: casePk(read.id), sk: CASE_SK },
          UpdateExpression: 'SET #tasks.#step = :task',
          // Only on the version whose step was checked, and never over a newer registration of the step (a missing
          // generation is the oldest).
          ConditionExpression: '#eventSeq = :seq AND (attribute_not_exists(#tasks.#step) OR #tasks.#step.#gen < :gen)',
          ExpressionAttributeNames: { '#tasks': 'tasks', '#step': step, '#gen': 'generation', '#eventSeq': 'eventSeq' },
          ExpressionAttributeValues: { ':task': PendingTaskSchema.parse(task), ':gen': task.generation ?? '', ':seq': read.eventSeq },
        }),
      );
      return 'registered';
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    const now = await this.get(read.id);
    if (now?.tasks[step]?.taskToken === task.taskToken) return 'already-registered';
    if (!now || now.eventSeq !== read.eventSeq) return 'moved';
    throw new TaskTokenConflictError(`step ${step} of case ${read.id} already waits on a newer or equal task token`);
  }

  async customerKeysOf(customerEmail: string): Promise<CustomerKeys> {
    return this.index.keysOf(customerEmail);
  }

  prepareCreate(customer: CustomerKeys): void {
    // The personal-data key's read joins intake's first round, not a round of its own before the write.
    this.personalKeys?.warm(customer[0]);
  }

  /** The latest of the resolutions under the customer's keys (before the re-keying, an older one may sit under the old key). */
  async lastResolutionOf(customerEmail: string): Promise<string | undefined> {
    let latest: string | undefined;
    for (const pk of await this.index.keysOf(customerEmail)) {
      const at = (await this.lastResolutionUnder(pk))?.resolvedAt;
      if (at !== undefined && (latest === undefined || at > latest)) latest = at;
    }
    return latest;
  }

  private async lastResolutionUnder(pk: string): Promise<{ resolvedAt: string; caseId: string } | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk: LAST_RESOLUTION_SK }, ConsistentRead: true }));
    return out.Item ? z.object({ resolvedAt: z.string(), caseId: z.string() }).parse(out.Item) : undefined;
  }

  async moveLastResolution(fromEmail: string, toEmail: string): Promise<void> {
    if (sameCustomer(fromEmail, toEmail)) return;
    const from = await this.index.keysOf(fromEmail);
    const [to] = await this.index.keysOf(toEmail);
    for (const pk of from) {
      const last = await this.lastResolutionUnder(pk);
      if (last) {
        try {
          await this.db.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { pk: to, sk: LAST_RESOLUTION_SK, entity: 'customer', ...last },
              ConditionExpression: 'attribute_not_exists(pk) OR resolvedAt < :at',
              ExpressionAttributeValues: { ':at': last.resolvedAt },
            }),
          );
        } catch (e) {
          if (!isConditionFailure(e)) throw e; // the new address has a later resolution: it stays
        }
      }
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk: LAST_RESOLUTION_SK } }));
    }
  }

  /** The customer's cases under each of their keys (a re-keying may be under way), oldest first, without repeats. */
  async casesOf(customerEmail: string): Promise<string[]> {
    const found: { sk: string; caseId: string }[] = [];
    for (const pk of await this.index.keysOf(customerEmail)) {
      const items = await queryAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :case)',
        ExpressionAttributeValues: { ':pk': pk, ':case': CUSTOMER_CASE_PREFIX },
        ConsistentRead: true,
      });
      found.push(...items.map((i) => z.object({ sk: z.string(), caseId: z.string() }).parse(i)));
    }
    return [...new Set(found.sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0)).map((i) => i.caseId))];
  }

  async flag(id: string, at: string, error: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: casePk(id), sk: CASE_SK },
        UpdateExpression: 'SET #flag = :flag, gsi2pk = :attention, gsi2sk = :since',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#flag': 'needsAttention' },
        ExpressionAttributeValues: { ':flag': { at, error }, ':attention': attentionKeys(id, at).gsi2pk, ':since': attentionKeys(id, at).gsi2sk },
      }),
    );
  }

  async clearFlag(id: string, flaggedAt: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: casePk(id), sk: CASE_SK },
          UpdateExpression: 'REMOVE #flag, gsi2pk, gsi2sk',
          ConditionExpression: '#flag.#at = :at',
          ExpressionAttributeNames: { '#flag': 'needsAttention', '#at': 'at' },
          ExpressionAttributeValues: { ':at': flaggedAt },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async listReceived(from: string, to: string, limit: number): Promise<string[]> {
    const cases = await this.casesInPartition('received');
    return cases
      .filter((t) => t.status === 'received' && t.createdAt >= from && t.createdAt < to)
      .slice(0, limit)
      .map((t) => t.id);
  }

  async queuePage(request: QueuePageRequest): Promise<QueuePage> {
    const keys = request.personal === false ? undefined : this.personalKeys; // without keys, sealed parts stay shut
    const streams = request.statuses.map((status) => new QueueStream(this.db, this.tableName, status, request.after?.[status], request.limit, keys));
    const cases: Case[] = [];
    const after: Partial<Record<CaseStatus, string>> = { ...request.after };
    // k-way merge by gsi1sk (= policy order) across the status partitions; hidden cases still advance their stream.
    while (cases.length < request.limit) {
      const heads = await Promise.all(streams.map((s) => s.peek()));
      let best = -1;
      for (let i = 0; i < heads.length; i++) if (heads[i] && (best < 0 || heads[i]!.sk < heads[best]!.sk)) best = i;
      if (best < 0) break;
      const head = streams[best]!.take();
      after[streams[best]!.status] = head.sk;
      if (!request.visible || request.visible(head.theCase)) cases.push(head.theCase);
    }
    const more = (await Promise.all(streams.map((s) => s.peek()))).some(Boolean);
    return more ? { cases, after } : { cases };
  }

  async queueMatches(request: QueueMatchRequest): Promise<Case[]> {
    const filter = request.filter ?? {};
    const partitions = await Promise.all(request.statuses.map((status) => this.casesInPartition(status)));
    // The index lags the table a little: a case read from a partition it has just left is not in it.
    return partitions.flat().filter((t) => request.statuses.includes(t.status) && matchesQueueFilter(t, filter));
  }

  async flaggedCases(): Promise<Case[]> {
    const keys = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: ATTENTION_INDEX,
      KeyConditionExpression: 'gsi2pk = :attention',
      ExpressionAttributeValues: { ':attention': ATTENTION_PARTITION },
    });
    return (await this.casesAt(keys)).filter((t) => t.needsAttention !== undefined);
  }

  /** Every case the queue index files under `status` (read whole: the keys, then the items). */
  private async casesInPartition(status: CaseStatus): Promise<Case[]> {
    const keys = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: QUEUE_INDEX,
      KeyConditionExpression: 'gsi1pk = :queue',
      ExpressionAttributeValues: { ':queue': queuePartition(status) },
    });
    return this.casesAt(keys);
  }

  /** The case items under these index entries' table keys, in their order (one gone since the index read is skipped). */
  private async casesAt(entries: readonly Record<string, unknown>[]): Promise<Case[]> {
    const items = await batchGetAll(this.db, this.tableName, entries.map(tableKey));
    return Promise.all(items.map((item) => openCase(this.personalKeys, item)));
  }

  async pendingOutbox(caseId: string): Promise<OutboxMessage[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
      FilterExpression: 'attribute_not_exists(sentAt)',
      ExpressionAttributeValues: { ':pk': casePk(caseId), ':outbox': OUTBOX_SK_PREFIX },
      ConsistentRead: true,
    });
    return Promise.all(items.map((i) => openOutbox(this.personalKeys, i)));
  }

  async dueOutbox(now: string, limit: number): Promise<OutboxMessage[]> {
    // Index keys start with availableAt (RFC 3339, UTC, fixed width); '$' sorts right after the '#' that follows it.
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: QUEUE_INDEX,
        KeyConditionExpression: 'gsi1pk = :outbox AND gsi1sk < :bound',
        ExpressionAttributeValues: { ':outbox': OUTBOX_PARTITION, ':bound': `${now}$` },
        Limit: limit,
      }),
    );
    const items = await batchGetAll(this.db, this.tableName, (out.Items ?? []).map(tableKey));
    // The index lags the table a little: a message sent or claimed since is not due.
    return (await Promise.all(items.map((i) => openOutbox(this.personalKeys, i)))).filter((m) => m.sentAt === undefined && m.availableAt <= now);
  }

  async claimOutbox(ref: OutboxRef, claim: { claimId: string; now: string; leaseUntil: string }): Promise<OutboxMessage | undefined> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: outboxKey(ref),
          UpdateExpression: 'SET availableAt = :lease, claimId = :claim, attempts = attempts + :one, gsi1sk = :sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(sentAt) AND availableAt <= :now',
          ExpressionAttributeValues: { ':lease': claim.leaseUntil, ':claim': claim.claimId, ':one': 1, ':sk': outboxIndexSk(claim.leaseUntil, ref), ':now': claim.now },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return await openOutbox(this.personalKeys, out.Attributes ?? {});
    } catch (e) {
      if (isConditionFailure(e)) return undefined; // sent, held by another sender, or waiting for its retry time
      throw e;
    }
  }

  async markOutboxSent(ref: OutboxRef, sent: { claimId: string; at: string; messageId?: string }): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: outboxKey(ref),
          UpdateExpression: `SET sentAt = :at, claimId = :claim${sent.messageId ? ', messageId = :id' : ''} REMOVE content, #sealed, #sealedUnder, gsi1pk, gsi1sk`,
          ExpressionAttributeNames: { '#sealed': SEALED, '#sealedUnder': SEALED_UNDER },
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(sentAt)',
          ExpressionAttributeValues: { ':at': sent.at, ':claim': sent.claimId, ...(sent.messageId ? { ':id': sent.messageId } : {}) },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false; // marked already (the sender and the mail service's confirmation race)
      throw e;
    }
  }

  async releaseOutbox(ref: OutboxRef, release: { claimId: string; retryAt: string; error: string }): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: outboxKey(ref),
          UpdateExpression: 'SET availableAt = :retry, lastError = :error, gsi1sk = :sk',
          ConditionExpression: 'claimId = :claim AND attribute_not_exists(sentAt)',
          ExpressionAttributeValues: { ':retry': release.retryAt, ':error': release.error, ':sk': outboxIndexSk(release.retryAt, ref), ':claim': release.claimId },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e; // another sender took it over: its claim stands
    }
  }

  async erasePersonalData(caseId: string, erase: CaseEraser): Promise<'erased' | 'missing'> {
    for (let attempt = 0; ; attempt++) {
      const items = await this.caseItems(caseId);
      const caseItem = items.find((i) => i.sk === CASE_SK);
      if (!caseItem) return 'missing';
      // Opened with the key as this process read it before the erasure destroyed it (the key cache,
      // functions/adapters/crypto/personal-keys.ts): the facts erasure keeps (amounts, dates) are sealed too.
      const read = await openCase(this.personalKeys, caseItem);
      // Events and outbox items first, the case item last: a crash in between leaves the address on the case, so
      // running the erasure again finds the customer's items and finishes.
      for (const item of items) {
        if (typeof item.sk !== 'string') continue;
        if (item.sk.startsWith('EVENT#')) {
          await this.db.send(new PutCommand({ TableName: this.tableName, Item: eventItem(erase.event(await openEvent(this.personalKeys, item))) }));
        } else if (item.sk.startsWith(OUTBOX_SK_PREFIX)) {
          const erased = erase.outbox(await openOutbox(this.personalKeys, item));
          const { gsi1pk: _pk, gsi1sk: _sk, ...unindexed } = outboxItem(erased);
          await this.db.send(new PutCommand({ TableName: this.tableName, Item: erased.sentAt !== undefined ? unindexed : outboxItem(erased) }));
        }
      }
      // The old key first, the blind index last: a re-keying that moves the items in between cannot leave one behind.
      for (const customer of [...(await this.index.keysOf(read.customer.email))].reverse()) {
        await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: customer, sk: customerCaseSk(read) } }));
        await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: customer, sk: LAST_RESOLUTION_SK } }));
      }
      const erased = erase.theCase(read);
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: casePk(caseId), sk: CASE_SK, entity: 'case', ...queueKeys(erased), ...(erased.needsAttention ? attentionKeys(caseId, erased.needsAttention.at) : {}), ...CaseSchema.parse(erased) },
            ConditionExpression: '#eventSeq = :seq',
            ExpressionAttributeNames: { '#eventSeq': 'eventSeq' },
            ExpressionAttributeValues: { ':seq': read.eventSeq },
          }),
        );
        return 'erased';
      } catch (e) {
        // A decision committed in between (its new event may carry a message): erase again from a fresh read.
        if (!isConditionFailure(e) || attempt >= 4) throw e;
      }
    }
  }

  private caseItems(caseId: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': casePk(caseId) }, ConsistentRead: true });
  }
}

/** One status partition of `byQueueV2`, read lazily page by page after a given sort key (keys, then their items). */
class QueueStream {
  private buffer: { sk: string; theCase: Case }[] = [];
  private startKey: Record<string, unknown> | undefined;
  private done = false;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    readonly status: CaseStatus,
    private readonly after: string | undefined,
    private readonly pageSize: number,
    private readonly personalKeys?: PersonalKeys,
  ) {}

  async peek(): Promise<{ sk: string; theCase: Case } | undefined> {
    while (this.buffer.length === 0 && !this.done) await this.fill();
    return this.buffer[0];
  }

  take(): { sk: string; theCase: Case } {
    return this.buffer.shift()!;
  }

  private async fill() {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: QUEUE_INDEX,
        KeyConditionExpression: this.after === undefined ? 'gsi1pk = :queue' : 'gsi1pk = :queue AND gsi1sk > :after',
        ExpressionAttributeValues: { ':queue': queuePartition(this.status), ...(this.after === undefined ? {} : { ':after': this.after }) },
        Limit: Math.min(100, this.pageSize + 1),
        ExclusiveStartKey: this.startKey,
      }),
    );
    const entries = out.Items ?? [];
    const items = await batchGetAll(this.db, this.tableName, entries.map(tableKey));
    const cases = new Map(await Promise.all(items.map(async (item) => [String(item.pk), await openCase(this.personalKeys, item)] as const)));
    for (const entry of entries) {
      const theCase = cases.get(String(entry.pk));
      if (theCase) this.buffer.push({ sk: z.string().parse(entry.gsi1sk), theCase });
    }
    this.startKey = out.LastEvaluatedKey;
    if (!this.startKey) this.done = true;
  }
}
