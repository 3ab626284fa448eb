import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { caseNumberCounterKey } from '../domain/case-number';
import { SealedSchema } from '../domain/idempotency';
import { LifecycleEventSchema as TimelineEventSchema, type LifecycleEvent as TimelineEvent } from '../domain/lifecycle/events';
import {
  eventSortKey,
  PendingTaskSchema,
  queueKeys,
  queuePartition,
  ticketPk,
  TicketSchema,
  type PendingTask,
  type Ticket,
  type TicketStatus,
} from '../domain/ticket';
import {
  ConcurrentChangeError,
  TaskTokenConflictError,
  TicketNotFoundError,
  type CreateResult,
  type DecisionCommit,
  type IdempotencyRecord,
  type QueuePage,
  type QueuePageRequest,
  type RegisterResult,
  type TicketChange,
  type TicketStore,
} from './ports';

/** Single-table layout of docs/contracts.md: `pk`/`sk`, TTL `expiresAt`, GSI `byQueue` on `gsi1pk`/`gsi1sk`. */

const TICKET_SK = 'TICKET';
const QUEUE_INDEX = 'byQueue';

const IDEMPOTENCY_SK = 'IDEMPOTENCY';

const IdempotencyItemSchema = z.object({
  pk: z.string(),
  fingerprint: z.string(),
  ticketId: z.string(),
  response: SealedSchema,
  createdAt: z.string(),
  expiresAt: z.number(),
});

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity'] as const;
const withoutKeys = (item: Record<string, unknown>) => {
  const rest = { ...item };
  for (const k of KEY_ATTRIBUTES) delete rest[k];
  return rest;
};

const isConditionFailure = (e: unknown) => e instanceof Error && e.name === 'ConditionalCheckFailedException';
const nowSeconds = () => Math.floor(Date.now() / 1000);

export class DynamoTicketStore implements TicketStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async nextCaseSequence(prefix: string, year: number): Promise<number> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: caseNumberCounterKey(prefix, year), sk: 'COUNTER' },
        UpdateExpression: 'ADD #value :one',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return z.object({ value: z.number().int().positive() }).parse(out.Attributes).value;
  }

  async findIdempotencyRecord(pk: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk: IDEMPOTENCY_SK }, ConsistentRead: true }));
    if (!out.Item) return undefined;
    const record = IdempotencyItemSchema.parse(out.Item);
    // TTL deletes lazily (up to days later); an expired record is as good as gone.
    return record.expiresAt > nowSeconds() ? record : undefined;
  }

  async createTicket(ticket: Ticket, firstEvent: TimelineEvent, idempotency?: IdempotencyRecord): Promise<CreateResult> {
    const pk = ticketPk(ticket.id);
    const items = [
      {
        Put: {
          TableName: this.tableName,
          Item: { pk, sk: TICKET_SK, entity: 'ticket', ...queueKeys(ticket), ...TicketSchema.parse(ticket) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { pk, sk: eventSortKey(firstEvent), entity: 'event', ...TimelineEventSchema.parse(firstEvent) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
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
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'created';
    } catch (e) {
      if (e instanceof TransactionCanceledException && idempotency && e.CancellationReasons?.[2]?.Code === 'ConditionalCheckFailed') {
        return 'idempotency-key-taken';
      }
      throw e;
    }
  }

  async getTicket(id: string): Promise<Ticket | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: ticketPk(id), sk: TICKET_SK }, ConsistentRead: true }),
    );
    return out.Item ? TicketSchema.parse(withoutKeys(out.Item)) : undefined;
  }

  async getTicketWithTimeline(id: string): Promise<{ ticket: Ticket; timeline: TimelineEvent[] } | undefined> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': ticketPk(id) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    const ticketItem = items.find((i) => i.sk === TICKET_SK);
    if (!ticketItem) return undefined;
    const timeline = items
      .filter((i) => typeof i.sk === 'string' && i.sk.startsWith('EVENT#'))
      .map((i) => TimelineEventSchema.parse(withoutKeys(i)))
      .sort((a, b) => a.seq - b.seq);
    return { ticket: TicketSchema.parse(withoutKeys(ticketItem)), timeline };
  }

  async listReceived(from: string, to: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: QUEUE_INDEX,
          KeyConditionExpression: 'gsi1pk = :queue',
          FilterExpression: 'createdAt >= :from AND createdAt < :to',
          ExpressionAttributeValues: { ':queue': queuePartition('received'), ':from': from, ':to': to },
          ProjectionExpression: 'id',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) ids.push(z.object({ id: z.string() }).parse(item).id);
      startKey = out.LastEvaluatedKey;
    } while (startKey && ids.length < limit);
    return ids.slice(0, limit);
  }

  async commit(ticket: Ticket, change: TicketChange): Promise<void> {
    const { event } = change;
    if (event.ticketId !== ticket.id || event.seq !== ticket.eventSeq + 1) {
      throw new Error('the event must carry the next sequence number of the ticket it changes');
    }
    const names: Record<string, string> = { '#eventSeq': 'eventSeq' };
    const values: Record<string, unknown> = { ':expected': ticket.eventSeq, ':next': event.seq };
    const sets = ['#eventSeq = :next'];
    const set: Record<string, unknown> = { updatedAt: event.at, ...change.set };
    if (change.set?.status !== undefined) Object.assign(set, queueKeys({ ...ticket, status: change.set.status }));
    // The lifecycle counts the same events: keep its sequence with the ticket's.
    names['#lifecycle'] = 'lifecycle';
    sets.push('#lifecycle.#eventSeq = :next');
    for (const [i, [k, v]] of Object.entries(set).entries()) {
      names[`#s${i}`] = k;
      values[`:s${i}`] = v;
      sets.push(`#s${i} = :s${i}`);
    }
    const removes = [
      ...(change.remove ?? []).map((k, i) => ((names[`#r${i}`] = k), `#r${i}`)),
      ...(change.removeTasks ?? []).map((step, i) => {
        names['#tasks'] = 'tasks';
        names[`#t${i}`] = step;
        return `#tasks.#t${i}`;
      }),
    ];
    const pk = ticketPk(ticket.id);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk, sk: TICKET_SK },
                UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
                ConditionExpression: '#eventSeq = :expected',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { pk, sk: eventSortKey(event), entity: 'event', ...TimelineEventSchema.parse(event) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new ConcurrentChangeError(`ticket ${ticket.id} changed since it was read (event ${event.seq})`);
      }
      throw e;
    }
  }

  async commitDecision(ticket: Ticket, change: DecisionCommit): Promise<{ ticket: Ticket; taken?: PendingTask }> {
    const { state, events } = change;
    const seqs = events.map((e) => e.seq);
    if (
      state.caseId !== ticket.id ||
      events.some((e, i) => e.ticketId !== ticket.id || e.seq !== ticket.eventSeq + 1 + i) ||
      state.eventSeq !== ticket.eventSeq + events.length
    ) {
      throw new Error(`a decision must continue the event sequence of the ticket it changes (read ${ticket.eventSeq}, got ${seqs.join(',')})`);
    }
    const pending = change.completes !== undefined ? ticket.tasks[change.completes] : undefined;
    const updatedAt = events.at(-1)?.at ?? state.updatedAt;
    const written: Ticket = TicketSchema.parse({
      ...Object.fromEntries(Object.entries(ticket).filter(([k]) => !(change.remove ?? []).includes(k as never))),
      ...change.set,
      status: state.status,
      lifecycle: state,
      eventSeq: state.eventSeq,
      updatedAt,
      tasks: Object.fromEntries(Object.entries(ticket.tasks).filter(([step]) => !pending || step !== change.completes)),
    });
    const names: Record<string, string> = { '#eventSeq': 'eventSeq', '#status': 'status', '#lifecycle': 'lifecycle', '#updatedAt': 'updatedAt', '#gsi1pk': 'gsi1pk', '#gsi1sk': 'gsi1sk' };
    const keys = queueKeys(written);
    const values: Record<string, unknown> = {
      ':expected': ticket.eventSeq,
      ':next': state.eventSeq,
      ':status': state.status,
      ':lifecycle': written.lifecycle,
      ':updatedAt': updatedAt,
      ':gsi1pk': keys.gsi1pk,
      ':gsi1sk': keys.gsi1sk,
    };
    let update = 'SET #eventSeq = :next, #status = :status, #lifecycle = :lifecycle, #updatedAt = :updatedAt, #gsi1pk = :gsi1pk, #gsi1sk = :gsi1sk';
    let condition = '#eventSeq = :expected';
    for (const [i, [k, v]] of Object.entries(change.set ?? {}).entries()) {
      names[`#x${i}`] = k;
      values[`:x${i}`] = v;
      update += `, #x${i} = :x${i}`;
    }
    const removes = (change.remove ?? []).map((k, i) => ((names[`#y${i}`] = k), `#y${i}`));
    if (pending) {
      // The token read is the one taken: a re-registration in between (a new wait) fails the whole write.
      Object.assign(names, { '#tasks': 'tasks', '#step': change.completes!, '#token': 'taskToken' });
      values[':token'] = pending.taskToken;
      removes.push('#tasks.#step');
      condition += ' AND #tasks.#step.#token = :token';
    }
    if (removes.length) update += ` REMOVE ${removes.join(', ')}`;
    const pk = ticketPk(ticket.id);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: this.tableName, Key: { pk, sk: TICKET_SK }, UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values } },
            ...events.map((e) => ({
              Put: {
                TableName: this.tableName,
                Item: { pk, sk: eventSortKey(e), entity: 'event', ...TimelineEventSchema.parse(e) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          ],
        }),
      );
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new ConcurrentChangeError(`ticket ${ticket.id} changed since it was read (events ${seqs.join(',')})`);
      }
      throw e;
    }
    return pending ? { ticket: written, taken: pending } : { ticket: written };
  }

  async queuePage(request: QueuePageRequest): Promise<QueuePage> {
    const streams = request.statuses.map((status) => new QueueStream(this.db, this.tableName, status, request.after?.[status], request.limit));
    const tickets: Ticket[] = [];
    const after: Partial<Record<TicketStatus, string>> = { ...request.after };
    // k-way merge by gsi1sk (= policy order) across the status partitions; hidden cases still advance their stream.
    while (tickets.length < request.limit) {
      const heads = await Promise.all(streams.map((s) => s.peek()));
      let best = -1;
      for (let i = 0; i < heads.length; i++) if (heads[i] && (best < 0 || heads[i]!.sk < heads[best]!.sk)) best = i;
      if (best < 0) break;
      const head = streams[best]!.take();
      after[streams[best]!.status] = head.sk;
      if (!request.visible || request.visible(head.ticket)) tickets.push(head.ticket);
    }
    const more = (await Promise.all(streams.map((s) => s.peek()))).some(Boolean);
    return more ? { tickets, after } : { tickets };
  }

  async registerTaskToken(ticketId: string, step: string, task: PendingTask): Promise<RegisterResult> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: ticketPk(ticketId), sk: TICKET_SK },
          UpdateExpression: 'SET #tasks.#step = :task',
          // Never overwrite the token a human action is about to complete with a stale one: only when nothing is
          // pending for the step, or the pending one is of an older generation (a missing generation is oldest).
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#tasks.#step) OR #tasks.#step.#gen < :gen)',
          ExpressionAttributeNames: { '#tasks': 'tasks', '#step': step, '#gen': 'generation' },
          ExpressionAttributeValues: { ':task': PendingTaskSchema.parse(task), ':gen': task.generation ?? '' },
        }),
      );
      return 'registered';
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    const ticket = await this.getTicket(ticketId);
    if (!ticket) throw new TicketNotFoundError(`no ticket ${ticketId}`);
    // The same token again is a retried invocation of the same attempt: already done.
    if (ticket.tasks[step]?.taskToken === task.taskToken) return 'already-registered';
    throw new TaskTokenConflictError(`step ${step} of ticket ${ticketId} already waits on a newer or equal task token`);
  }

  async takeTaskToken(ticketId: string, step: string): Promise<PendingTask | undefined> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: ticketPk(ticketId), sk: TICKET_SK },
          UpdateExpression: 'REMOVE #tasks.#step',
          ConditionExpression: 'attribute_exists(#tasks.#step)',
          ExpressionAttributeNames: { '#tasks': 'tasks', '#step': step },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return PendingTaskSchema.parse(z.object({ tasks: z.record(z.string(), z.unknown()) }).parse(out.Attributes).tasks[step]);
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  }
}

/** One status partition of `byQueue`, read lazily page by page after a given sort key. */
class QueueStream {
  private buffer: { sk: string; ticket: Ticket }[] = [];
  private startKey: Record<string, unknown> | undefined;
  private done = false;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    readonly status: TicketStatus,
    private readonly after: string | undefined,
    private readonly pageSize: number,
  ) {}

  async peek(): Promise<{ sk: string; ticket: Ticket } | undefined> {
    while (this.buffer.length === 0 && !this.done) await this.fill();
    return this.buffer[0];
  }

  take(): { sk: string; ticket: Ticket } {
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
    for (const item of out.Items ?? []) {
      this.buffer.push({ sk: z.string().parse(item.gsi1sk), ticket: TicketSchema.parse(withoutKeys(item)) });
    }
    this.startKey = out.LastEvaluatedKey;
    if (!this.startKey) this.done = true;
  }
}
