import { describe, expect, it } from 'vitest';
import { InMemoryCaseStore } from '../../../functions/adapters/memory/case-store';
import { InMemoryIncidentStore } from '../../../functions/adapters/memory/incident-store';
import { RecordingMailer } from '../../../functions/adapters/memory/mailer';
import { PolicyNotifier } from '../../../functions/adapters/notifier';
import { policyBook } from '../../../functions/core/policy-book';
import { acknowledge } from '../../../functions/core/use-cases/acknowledge';
import { declareIncident } from '../../../functions/core/use-cases/incidents/declare-incident';
import { runFanOutBatch, runQueuedFanOut } from '../../../functions/core/use-cases/incidents/fan-out';
import { FAN_OUT_BATCH_SIZE, planFanOut } from '../../../functions/core/use-cases/incidents/fan-out-plan';
import type { IncidentFanOutBatch } from '../../../functions/core/ports';
import type { IncidentDeps } from '../../../functions/core/use-cases/incidents/incident-deps';
import { postIncidentUpdate } from '../../../functions/core/use-cases/incidents/post-incident-update';
import { generateAccessToken, hashAccessToken } from '../../../functions/domain/access-token';
import { openCase, parseComplaintRequest } from '../../../functions/domain/complaint';
import { loadPolicy } from '../../../functions/domain/policy';

/**
 * Declaring an incident over N cases and updating it go through the fan-out queue in batches: the route queues, the
 * consumer links or tells, and at-least-once delivery (a batch handed over twice, all batches handed over again, two
 * consumers on one batch at once) still yields exactly one message per customer per update.
 */
const N = 2 * FAN_OUT_BATCH_SIZE + 7;
const policy = loadPolicy('ecomstore');
let clock = new Date('2026-12-03T14:00:00Z');
const now = () => clock;
const store = new InMemoryCaseStore(now);
const incidents = new InMemoryIncidentStore();
const mailer = new RecordingMailer(now);
const deps: IncidentDeps = {
  store,
  incidents,
  policies: policyBook(policy),
  notifier: new PolicyNotifier(mailer, 'https://complaints.example'),
  callbacks: { complete: async () => 'gone' },
  now,
};
const supervisor = { role: 'supervisor', staffId: 'sup-1' } as const;
/** What the change stream delivers, all batches here (the cursor test below has its own). */
const queuedBatches = (): IncidentFanOutBatch[] =>
  incidents.takeQueued().map((item) => {
    if (!('batchId' in item)) throw new Error(`a cursor was queued: ${item.cursorId}`);
    return item;
  });
const UPDATE = 'The payment provider restored card payments.';

describe(`an incident update fanned out to ${N} linked cases`, () => {
  it('queues the cases in batches and links and tells each customer exactly once, though batches are redelivered', async () => {
    // Prepare: N matching cases, acknowledged, linked by the declaration.
    for (let i = 0; i < N; i++) {
      const parsed = parseComplaintRequest(policy, { customer: { name: 'Customer', email: `c${i}@customer.example` }, details: {}, category: 'billing_payment', subject: `Charged twice ${i}`, description: 'Charged twice.' });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const token = generateAccessToken();
      const { theCase, firstEvent } = openCase(policy, parsed.value, { id: crypto.randomUUID(), caseSequence: i + 1, receivedAt: now(), accessToken: token, accessTokenHash: hashAccessToken(token) });
      await store.create(theCase, firstEvent);
      await acknowledge(deps, theCase.id);
    }
    const declared = await declareIncident(deps, supervisor, { title: 'Card payments fail', since: '2026-12-03T13:30:00Z', scope: { categories: ['billing_payment'], keywords: [] }, alternativeContacts: [], message: 'We are on it.' });
    if (!declared.ok) throw new Error(declared.detail);
    expect(declared.linked).toBe(N);
    const linkBatches = queuedBatches();
    expect(linkBatches.map((b) => [b.kind, b.caseIds.length])).toEqual([['link', FAN_OUT_BATCH_SIZE], ['link', FAN_OUT_BATCH_SIZE], ['link', 7]]);
    // Linking, redelivered too: each case linked and told the first update once.
    const linked = [...(await Promise.all(linkBatches.map((b) => runFanOutBatch(deps, b)))), ...(await Promise.all(linkBatches.map((b) => runFanOutBatch(deps, b))))];
    expect(linked).toEqual([FAN_OUT_BATCH_SIZE, FAN_OUT_BATCH_SIZE, 7, 0, 0, 0]);
    expect(new Set(mailer.sent.filter((m) => m.text.includes('We are on it.')).map((m) => m.to)).size).toBe(N);
    expect(mailer.sent.filter((m) => m.text.includes('We are on it.'))).toHaveLength(N);
    clock = new Date(clock.getTime() + 11 * 60_000);
    const before = mailer.sent.length;

    // Act: the route queues; the consumer takes the batches, with redeliveries.
    const posted = await postIncidentUpdate(deps, supervisor, declared.incident.id, { message: UPDATE });
    if (!posted.ok) throw new Error(posted.detail);
    const batches = queuedBatches();
    // The first batch handed to two consumers at once (a redelivery while the first run is still going).
    const toldFirst = await Promise.all([batches[0]!, ...batches].map((b) => runFanOutBatch(deps, b)));
    const redelivered = [await runFanOutBatch(deps, batches[1]!), ...(await Promise.all(batches.map((b) => runFanOutBatch(deps, b))))];
    await incidents.queueFanOut({ batches });

    // Assess
    expect(posted).toMatchObject({ linked: N, told: N });
    expect(batches.map((b) => [b.kind, b.caseIds.length])).toEqual([['update', FAN_OUT_BATCH_SIZE], ['update', FAN_OUT_BATCH_SIZE], ['update', 7]]);
    expect(new Set(batches.flatMap((b) => b.caseIds)).size).toBe(N);
    expect(toldFirst[0]! + toldFirst[1]!).toBe(FAN_OUT_BATCH_SIZE); // of the racing pair, each case told by one only
    expect(toldFirst.slice(2)).toEqual([FAN_OUT_BATCH_SIZE, 7]);
    expect(redelivered.every((told) => told === 0)).toBe(true);
    expect(incidents.takeQueued()).toEqual([]); // queuing the same batches again queued nothing
    const updateMail = mailer.sent.slice(before).filter((m) => m.text.includes(UPDATE));
    expect(updateMail).toHaveLength(N);
    expect(new Set(updateMail.map((m) => m.to)).size).toBe(N);
    expect(mailer.sent.length - before).toBe(N);
  });

  it('continues a fan-out larger than one write from its cursor: each customer told once, a redelivered cursor queues nothing', async () => {
    // Prepare: the next update, planned as if one write held a single batch (the route's writes hold 98: 2,450 cases).
    clock = new Date(clock.getTime() + 11 * 60_000);
    const read = (await incidents.list())[0]!;
    const at = now().toISOString();
    const next = { ...read, updates: [...read.updates, { seq: 3, at, message: 'Payments work again.', by: 'sup-1' }] };
    const caseIds = (await incidents.links(read.id)).map((l) => l.caseId);
    const plan = planFanOut('update', read.id, 3, caseIds, at, undefined, 1);
    const before = mailer.sent.length;

    // Act: the change and its first write stored together; the consumer drains what the stream would deliver.
    await incidents.save(read, next, plan);
    const delivered: string[] = [];
    for (let items = incidents.takeQueued(); items.length > 0; items = incidents.takeQueued()) {
      for (const item of items) {
        delivered.push('batchId' in item ? item.batchId : item.cursorId);
        await runQueuedFanOut(deps, item);
        if ('cursorId' in item) await runQueuedFanOut(deps, item); // redelivered
      }
    }

    // Assess
    expect(plan.batches).toHaveLength(1);
    expect(delivered).toEqual(['update-3-1', 'update-3-from-2', 'update-3-2', 'update-3-3']);
    const told = mailer.sent.slice(before);
    expect(told.every((m) => m.text.includes('Payments work again.'))).toBe(true);
    expect(told).toHaveLength(N);
    expect(new Set(told.map((m) => m.to)).size).toBe(N);
  });
});
