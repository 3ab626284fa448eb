import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAndCommit } from '../../functions/adapters/decision-commit';
import { DynamoTicketStore } from '../../functions/adapters/dynamodb-ticket-store';
import { ConcurrentChangeError } from '../../functions/adapters/ports';
import { decide } from '../../functions/domain/lifecycle/decide';
import { lifecycleOf } from '../../functions/domain/ticket';
import { agent } from '../api/action-fixtures';
import { openedTicket } from '../api/fixtures';
import { startTestDb, type TestDb } from './dynamodb-local';

let db: TestDb;
let store: DynamoTicketStore;
beforeAll(async () => {
  db = await startTestDb();
  store = new DynamoTicketStore(db.doc, db.tableName);
});
afterAll(async () => db?.stop());

const t0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

async function acknowledgedCase(receivedAt = t0) {
  const o = openedTicket(crypto.randomUUID(), receivedAt);
  await store.createTicket(o.ticket, o.firstEvent);
  const r = await decideAndCommit(store, o.ticket.id, (t) => ({
    decision: decide(lifecycleOf(t), { type: 'acknowledge' }, { role: 'system' }, new Date(receivedAt.getTime() + 60_000), o.policy),
    set: { acknowledgedAt: new Date(receivedAt.getTime() + 60_000).toISOString() },
    remove: ['accessTokenForDelivery'],
  }));
  if (r.outcome !== 'committed') throw new Error('ack refused');
  return { ...o, ticket: r.ticket };
}

const gsi = async (id: string) =>
  (await db.doc.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': `TICKET#${id}`, ':sk': 'TICKET' } }))).Items![0]!;

describe('commitDecision / decideAndCommit on DynamoDB Local', () => {
  it('writes lifecycle, status, eventSeq, every event and rewrites the queue keys; the read-back ticket equals the written one', async () => {
    const c = await acknowledgedCase();
    expect(c.ticket.status).toBe('acknowledged');
    expect(c.ticket.accessTokenForDelivery).toBeUndefined();
    const before = await gsi(c.ticket.id);
    const r = await decideAndCommit(store, c.ticket.id, (t) => decide(lifecycleOf(t), { type: 'requestInfo', questions: 'Which bank?' }, agent, at(10), c.policy));
    expect(r.outcome).toBe('committed');
    const found = (await store.getTicketWithTimeline(c.ticket.id))!;
    expect(found.ticket).toEqual(r.outcome === 'committed' ? r.ticket : undefined);
    expect(found.ticket.status).toBe('awaiting_customer');
    expect(found.ticket.lifecycle.eventSeq).toBe(found.ticket.eventSeq);
    expect(found.timeline.map((e) => e.type)).toEqual(['received', 'acknowledged', 'info_requested']);
    const after = await gsi(c.ticket.id);
    expect(after.gsi1pk).toBe('QUEUE#awaiting_customer');
    // Waiting for the customer: nothing owed by staff, the case sorts last.
    expect(after.gsi1sk).not.toBe(before.gsi1sk);
    expect(String(after.gsi1sk).startsWith('9999-12-31')).toBe(true);
  });

  it('takes the pending token of the completed step in the same write, and refuses if the token changed since the read', async () => {
    const c = await acknowledgedCase();
    await store.registerTaskToken(c.ticket.id, 'firstResponse', { taskToken: 'token-1', registeredAt: at(2).toISOString() });
    const r = await decideAndCommit(store, c.ticket.id, (t) => decide(lifecycleOf(t), { type: 'reply', message: 'Hello' }, agent, at(5), c.policy));
    expect(r.outcome === 'committed' && r.taken?.taskToken).toBe('token-1');
    expect((await store.getTicket(c.ticket.id))!.tasks).toEqual({});

    // A stale read: the token the decision would take was replaced by a new registration in between.
    const d = await acknowledgedCase();
    await store.registerTaskToken(d.ticket.id, 'firstResponse', { taskToken: 'old', registeredAt: at(2).toISOString(), generation: 'a' });
    const stale = (await store.getTicket(d.ticket.id))!;
    await store.registerTaskToken(d.ticket.id, 'firstResponse', { taskToken: 'new', registeredAt: at(3).toISOString(), generation: 'b' });
    const decision = decide(lifecycleOf(stale), { type: 'reply', message: 'Hi' }, agent, at(5), d.policy);
    if (!decision.ok) throw new Error('refused');
    await expect(store.commitDecision(stale, { state: decision.state, events: decision.events, completes: 'firstResponse' })).rejects.toBeInstanceOf(ConcurrentChangeError);
    const still = (await store.getTicketWithTimeline(d.ticket.id))!;
    expect(still.ticket.tasks.firstResponse?.taskToken).toBe('new');
    expect(still.timeline).toHaveLength(2);
  });

  it('a refusal writes nothing; concurrent actions never lose each other (the loser reloads and decides again)', async () => {
    const c = await acknowledgedCase();
    const refused = await decideAndCommit(store, c.ticket.id, (t) => decide(lifecycleOf(t), { type: 'acceptResolution' }, { role: 'customer', caseId: t.id }, at(5), c.policy));
    expect(refused.outcome).toBe('refused');
    expect((await store.getTicketWithTimeline(c.ticket.id))!.timeline).toHaveLength(2);

    const notes = await Promise.all(
      Array.from({ length: 4 }, (_, i) => decideAndCommit(store, c.ticket.id, (t) => decide(lifecycleOf(t), { type: 'note', text: `note ${i}` }, agent, at(6 + i), c.policy), 10)),
    );
    expect(notes.every((n) => n.outcome === 'committed')).toBe(true);
    const found = (await store.getTicketWithTimeline(c.ticket.id))!;
    expect(found.timeline.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(found.ticket.eventSeq).toBe(6);
  });
});

describe('queuePage on DynamoDB Local', () => {
  it('merges statuses in policy order (due, then arrival), pages with a cursor, skips cases the caller may not see', async () => {
    // A fresh set of cases on their own day so other tests' tickets do not interleave.
    const base = new Date('2030-03-04T08:00:00Z');
    const cases: Awaited<ReturnType<typeof acknowledgedCase>>[] = [];
    for (let i = 0; i < 5; i++) cases.push(await acknowledgedCase(new Date(base.getTime() + i * 3_600_000)));
    // Case 2 moves to in_progress (claimed): another partition, same order by due time.
    await decideAndCommit(store, cases[2]!.ticket.id, (t) => decide(lifecycleOf(t), { type: 'claim' }, agent, new Date(base.getTime() + 5 * 3_600_000), cases[2]!.policy));
    const ids = new Set(cases.map((c) => c.ticket.id));
    const hidden = cases[3]!.ticket.id;
    const seen: string[] = [];
    let after;
    for (let page = 0; page < 10; page++) {
      const p = await store.queuePage({ statuses: ['acknowledged', 'in_progress'], limit: 2, ...(after ? { after } : {}), visible: (t) => t.id !== hidden });
      seen.push(...p.tickets.map((t) => t.id).filter((id) => ids.has(id)));
      if (!p.after) break;
      after = p.after;
    }
    expect(seen).toEqual(cases.map((c) => c.ticket.id).filter((id) => id !== hidden));
  });
});
