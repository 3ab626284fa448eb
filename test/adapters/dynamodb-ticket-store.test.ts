import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { ConcurrentChangeError, TaskTokenConflictError, TicketNotFoundError, type IdempotencyRecord } from '../../functions/adapters/ports';
import { idempotencyRecordPk, sealResponse } from '../../functions/domain/idempotency';
import { acknowledged } from '../../functions/domain/ticket-events';
import { openedTicket } from '../api/fixtures';
import { startTestDb, type TestDb } from './dynamodb-local';

let db: TestDb;
let store: DynamoTicketStore;

beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoTicketStore(db.doc, db.tableName);
});
afterAll(async () => db?.stop());

const record = (key: string, ticketId: string, expiresAt = Math.floor(Date.now() / 1000) + 3600): IdempotencyRecord => ({
  pk: idempotencyRecordPk(key),
  fingerprint: 'fp',
  ticketId,
  response: sealResponse(key, 'fp', { id: ticketId }),
  createdAt: new Date().toISOString(),
  expiresAt,
});

describe('DynamoTicketStore on DynamoDB Local', () => {
  it('hands out unique, gapless case sequences under concurrency', async () => {
    const values = await Promise.all(Array.from({ length: 20 }, () => store.nextCaseSequence('PE', 2031)));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await store.nextCaseSequence('PE', 2032)).toBe(1);
  });

  it('writes ticket and first event together and reads them back in one query', async () => {
    const { ticket, firstEvent } = openedTicket();
    expect(await store.createTicket(ticket, firstEvent)).toBe('created');
    const found = await store.getTicketWithTimeline(ticket.id);
    expect(found?.ticket).toEqual(ticket);
    expect(found?.timeline).toEqual([firstEvent]);
    expect(await store.getTicket(crypto.randomUUID())).toBeUndefined();
    expect(await store.getTicketWithTimeline(crypto.randomUUID())).toBeUndefined();
  });

  it('refuses to overwrite an existing ticket and writes nothing partial', async () => {
    const { ticket, firstEvent } = openedTicket();
    await store.createTicket(ticket, firstEvent);
    const later = { ...firstEvent, at: '2026-11-24T00:00:00.000Z' };
    await expect(store.createTicket({ ...ticket, subject: 'overwritten' }, later)).rejects.toThrow();
    const found = await store.getTicketWithTimeline(ticket.id);
    expect(found?.ticket.subject).toBe(ticket.subject);
    expect(found?.timeline).toHaveLength(1);
  });

  it('reports a taken idempotency key and then writes neither ticket nor event', async () => {
    const a = openedTicket();
    const b = openedTicket();
    expect(await store.createTicket(a.ticket, a.firstEvent, record('key-A', a.ticket.id))).toBe('created');
    expect(await store.createTicket(b.ticket, b.firstEvent, record('key-A', b.ticket.id))).toBe('idempotency-key-taken');
    expect(await store.getTicketWithTimeline(b.ticket.id)).toBeUndefined();
    expect((await store.findIdempotencyRecord(idempotencyRecordPk('key-A')))?.ticketId).toBe(a.ticket.id);
  });

  it('treats an idempotency record past its TTL as gone (TTL deletion is lazy)', async () => {
    const a = openedTicket();
    const b = openedTicket();
    await store.createTicket(a.ticket, a.firstEvent, record('key-B', a.ticket.id, Math.floor(Date.now() / 1000) - 10));
    expect(await store.findIdempotencyRecord(idempotencyRecordPk('key-B'))).toBeUndefined();
    expect(await store.createTicket(b.ticket, b.firstEvent, record('key-B', b.ticket.id))).toBe('created');
    expect((await store.findIdempotencyRecord(idempotencyRecordPk('key-B')))?.ticketId).toBe(b.ticket.id);
  });

  it('commits a change with its event, moves the queue index, and refuses a change from a stale read', async () => {
    const { ticket, firstEvent } = openedTicket();
    await store.createTicket(ticket, firstEvent);
    const change = acknowledged(ticket, new Date('2026-11-23T10:00:05Z'));
    await store.commit(ticket, { ...change, remove: ['accessTokenForDelivery'] });
    const after = await store.getTicketWithTimeline(ticket.id);
    expect(after?.ticket).toMatchObject({ status: 'acknowledged', eventSeq: 2, acknowledgedAt: '2026-11-23T10:00:05.000Z' });
    expect(after?.ticket.accessTokenForDelivery).toBeUndefined();
    expect(after?.timeline.map((e) => e.type)).toEqual(['received', 'acknowledged']);
    const raw = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: `TICKET#${ticket.id}`, sk: 'TICKET' } }));
    expect(raw.Item?.gsi1pk).toBe('QUEUE#acknowledged');

    // A second writer that read the same version loses, and its event is not written.
    await expect(store.commit(ticket, change)).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect((await store.getTicketWithTimeline(ticket.id))?.timeline).toHaveLength(2);
  });

  it('orders the staff queue by due time, then arrival', async () => {
    const early = openedTicket(undefined, new Date('2020-01-01T08:00:00Z'));
    const late = openedTicket(undefined, new Date('2020-01-01T09:00:00Z'));
    await store.createTicket(late.ticket, late.firstEvent);
    await store.createTicket(early.ticket, early.firstEvent);
    const out = await db.doc.send(
      new QueryCommand({ TableName: db.tableName, IndexName: 'byQueue', KeyConditionExpression: 'gsi1pk = :q', ExpressionAttributeValues: { ':q': 'QUEUE#received' } }),
    );
    const ids = (out.Items ?? []).map((i) => i.id);
    expect(ids.indexOf(early.ticket.id)).toBeLessThan(ids.indexOf(late.ticket.id));
  });

  describe('task tokens', () => {
    it('registers once, accepts the same token again, refuses a stale one, and hands it out once', async () => {
      const { ticket, firstEvent } = openedTicket();
      await store.createTicket(ticket, firstEvent);
      const at = new Date().toISOString();
      expect(await store.registerTaskToken(ticket.id, 'firstResponse', { taskToken: 'T1', registeredAt: at })).toBe('registered');
      expect(await store.registerTaskToken(ticket.id, 'firstResponse', { taskToken: 'T1', registeredAt: at })).toBe('already-registered');
      await expect(store.registerTaskToken(ticket.id, 'firstResponse', { taskToken: 'T0', registeredAt: at })).rejects.toBeInstanceOf(TaskTokenConflictError);
      expect((await store.getTicket(ticket.id))?.tasks.firstResponse?.taskToken).toBe('T1');

      expect((await store.takeTaskToken(ticket.id, 'firstResponse'))?.taskToken).toBe('T1');
      expect(await store.takeTaskToken(ticket.id, 'firstResponse')).toBeUndefined(); // a repeated action: 409/410
    });

    it('lets a newer generation (a Retry of the state) replace the pending token, never an older one', async () => {
      const { ticket, firstEvent } = openedTicket();
      await store.createTicket(ticket, firstEvent);
      const at = new Date().toISOString();
      const gen = (n: number) => `2026-11-23T10:00:05.000Z#${String(n).padStart(4, '0')}`;
      await store.registerTaskToken(ticket.id, 'firstResponse', { taskToken: 'A0', registeredAt: at, generation: gen(0) });
      expect(await store.registerTaskToken(ticket.id, 'firstResponse', { taskToken: 'A1', registeredAt: at, generation: gen(1) })).toBe('registered');
      await expect(store.registerTaskToken(ticket.id, 'firstResponse', { taskToken: 'A0', registeredAt: at, generation: gen(0) })).rejects.toBeInstanceOf(TaskTokenConflictError);
      expect((await store.getTicket(ticket.id))?.tasks.firstResponse?.taskToken).toBe('A1');
    });

    it('refuses a registration for a missing ticket', async () => {
      await expect(store.registerTaskToken(crypto.randomUUID(), 'firstResponse', { taskToken: 'X', registeredAt: new Date().toISOString() })).rejects.toBeInstanceOf(TicketNotFoundError);
    });
  });
});
