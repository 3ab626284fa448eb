import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ConcurrentChangeError, TaskTokenConflictError, TicketNotFoundError } from '../../adapters/ports';
import { CaseStatusSchema, LifecycleEventSchema, LifecycleStateSchema, queueKeys, type LifecycleEvent, type LifecycleState } from '../../domain/lifecycle';
import { eventSortKey, PendingTaskSchema, ticketPk, TicketSchema, type PendingTask } from '../../domain/ticket';

/**
 * The ticket as the workflow reads and writes it: the intake's ticket plus the lifecycle state (`lifecycle`, the
 * one `decide` moves forward) and the `needsAttention` flag. Unknown attributes are ignored rather than refused,
 * so the workflow keeps working while other layers add fields. Every lifecycle commit is one transaction: the
 * ticket (lifecycle, status, queue keys, `eventSeq` with optimistic concurrency) and its new timeline events.
 */

const TICKET_SK = 'TICKET';
const instant = z.iso.datetime({ offset: true });

export const NeedsAttentionSchema = z.object({ at: instant, error: z.string() }).strict();

export const CaseRecordSchema = z.object({
  ...TicketSchema.shape,
  status: CaseStatusSchema,
  lifecycle: LifecycleStateSchema.optional(),
  needsAttention: NeedsAttentionSchema.optional(),
});
export type CaseRecord = z.infer<typeof CaseRecordSchema>;

export interface LifecycleCommit {
  state: LifecycleState;
  events: LifecycleEvent[];
  /** The acknowledgment was mailed: record it and drop the plain access token. */
  acknowledgedAt?: string;
  /** Forget every pending task token (the machine waits on none while a task runs). */
  clearTasks?: boolean;
}

const isConditionFailure = (e: unknown) => e instanceof Error && e.name === 'ConditionalCheckFailedException';

export class CaseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(id: string): Promise<CaseRecord> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: ticketPk(id), sk: TICKET_SK }, ConsistentRead: true }));
    if (!out.Item) throw new TicketNotFoundError(`no ticket ${id}`);
    return CaseRecordSchema.parse(out.Item);
  }

  /** Writes the new lifecycle state and its events; {@link ConcurrentChangeError} when the ticket moved on since `read`. */
  async commit(read: CaseRecord, change: LifecycleCommit): Promise<void> {
    const { state, events } = change;
    const names: Record<string, string> = { '#seq': 'eventSeq', '#lc': 'lifecycle', '#status': 'status', '#upd': 'updatedAt', '#g1pk': 'gsi1pk', '#g1sk': 'gsi1sk' };
    const keys = queueKeys(state);
    const values: Record<string, unknown> = {
      ':expected': read.eventSeq,
      ':seq': state.eventSeq,
      ':lc': LifecycleStateSchema.parse(state),
      ':status': state.status,
      ':upd': state.updatedAt,
      ':g1pk': keys.gsi1pk,
      ':g1sk': keys.gsi1sk,
    };
    const sets = ['#seq = :seq', '#lc = :lc', '#status = :status', '#upd = :upd', '#g1pk = :g1pk', '#g1sk = :g1sk'];
    const removes: string[] = [];
    if (change.acknowledgedAt) {
      names['#ack'] = 'acknowledgedAt';
      names['#deliver'] = 'accessTokenForDelivery';
      values[':ack'] = change.acknowledgedAt;
      sets.push('#ack = :ack');
      removes.push('#deliver');
    }
    if (change.clearTasks) {
      names['#tasks'] = 'tasks';
      values[':none'] = {};
      sets.push('#tasks = :none');
    }
    const pk = ticketPk(read.id);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk, sk: TICKET_SK },
                UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
                ConditionExpression: '#seq = :expected',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            ...events.map((e) => ({
              Put: {
                TableName: this.tableName,
                Item: { pk, sk: eventSortKey(e), entity: 'event', ...LifecycleEventSchema.parse(e) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          ],
        }),
      );
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new ConcurrentChangeError(`ticket ${read.id} changed since it was read (event ${read.eventSeq})`);
      }
      throw e;
    }
  }

  /**
   * Stores a callback step's token, only while the ticket is still the version `read` (so the step checked on it
   * still holds) and no newer registration of the step is pending. Returns 'moved' when the ticket changed in
   * between (the caller re-checks), 'already-registered' for the same token again (a Lambda retry).
   */
  async registerTaskToken(read: CaseRecord, step: string, task: PendingTask): Promise<'registered' | 'already-registered' | 'moved'> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: ticketPk(read.id), sk: TICKET_SK },
          UpdateExpression: 'SET #tasks.#step = :task',
          ConditionExpression: '#seq = :seq AND (attribute_not_exists(#tasks.#step) OR #tasks.#step.#gen < :gen)',
          ExpressionAttributeNames: { '#tasks': 'tasks', '#step': step, '#gen': 'generation', '#seq': 'eventSeq' },
          ExpressionAttributeValues: { ':task': PendingTaskSchema.parse(task), ':gen': task.generation ?? '', ':seq': read.eventSeq },
        }),
      );
      return 'registered';
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    const now = await this.load(read.id);
    if (now.tasks[step]?.taskToken === task.taskToken) return 'already-registered';
    if (now.eventSeq !== read.eventSeq) return 'moved';
    throw new TaskTokenConflictError(`step ${step} of ticket ${read.id} already waits on a newer or equal task token`);
  }

  /** Flags the case for a person (outside the timeline's sequence: it must succeed even when the lifecycle is stuck). */
  async flag(id: string, at: string, error: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: ticketPk(id), sk: TICKET_SK },
        UpdateExpression: 'SET #flag = :flag',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#flag': 'needsAttention' },
        ExpressionAttributeValues: { ':flag': NeedsAttentionSchema.parse({ at, error }) },
      }),
    );
  }
}
