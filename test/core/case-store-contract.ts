import { describe, expect, it } from 'vitest';
import { decideAndCommit } from '../../functions/core/commit-loop';
import { outboxMessages } from '../../functions/core/outbox';
import { ConcurrentChangeError, TaskTokenConflictError, type CaseStore, type IdempotencyRecord, type OutboxRef } from '../../functions/core/ports';
import { idempotencyRecordPk, sealResponse } from '../../functions/domain/idempotency';
import { decide } from '../../functions/domain/lifecycle/decide';
import { Draft } from '../../functions/domain/lifecycle/draft';
import { lifecycleOf } from '../../functions/domain/case';
import { stepOf } from '../../functions/domain/lifecycle/signals';
import { registerStep } from '../../functions/core/use-cases/register-step';
import { agent } from '../api/action-fixtures';
import { openedCase } from '../api/fixtures';

/**
 * What every CaseStore must do, run against each implementation (DynamoDB Local, in memory), so the simulator's
 * store and production's behave alike.
 */
export function caseStoreContract(name: string, store: () => CaseStore) {
  const t0 = new Date('2026-11-23T10:00:00Z');
  const at = (minutes: number, base = t0) => new Date(base.getTime() + minutes * 60_000);
  const record = (key: string, caseId: string, expiresAt = Math.floor(Date.now() / 1000) + 3600): IdempotencyRecord => ({
    pk: idempotencyRecordPk(key),
    fingerprint: 'fp',
    caseId,
    response: sealResponse(key, 'fp', { id: caseId }),
    createdAt: new Date().toISOString(),
    expiresAt,
  });

  async function acknowledgedCase(receivedAt = t0) {
    const o = openedCase(crypto.randomUUID(), receivedAt);
    await store().create(o.theCase, o.firstEvent);
    const r = await decideAndCommit(store(), o.theCase.id, (t) => ({
      decision: decide(lifecycleOf(t), { type: 'acknowledge' }, { role: 'system' }, at(1, receivedAt), o.policy),
      set: { acknowledgedAt: at(1, receivedAt).toISOString() },
      remove: ['accessTokenForDelivery'],
    }));
    if (r.outcome !== 'committed') throw new Error('ack refused');
    return { ...o, theCase: r.theCase };
  }
  const reply = (policy: ReturnType<typeof openedCase>['policy'], minute: number) => (t: Parameters<typeof lifecycleOf>[0]) => ({
    decision: decide(lifecycleOf(t), { type: 'reply', message: 'Hello' }, agent, at(minute), policy),
  });

  describe(`CaseStore contract: ${name}`, () => {
    it('hands out unique, gapless case sequences under concurrency', async () => {
      const values = await Promise.all(Array.from({ length: 20 }, () => store().nextCaseSequence('PE', 2031)));
      expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await store().nextCaseSequence('PE', 2032)).toBe(1);
    });

    it('creates case and first event together, reads them back, refuses an overwrite', async () => {
      const { theCase, firstEvent } = openedCase();
      expect(await store().create(theCase, firstEvent)).toBe('created');
      expect(await store().getWithTimeline(theCase.id)).toEqual({ theCase, timeline: [firstEvent] });
      await expect(store().create({ ...theCase, subject: 'overwritten' }, { ...firstEvent, at: '2026-11-24T00:00:00.000Z' })).rejects.toThrow();
      expect((await store().get(theCase.id))?.subject).toBe(theCase.subject);
      expect(await store().get(crypto.randomUUID())).toBeUndefined();
    });

    it('reports a taken idempotency key and writes nothing; a record past its TTL is gone', async () => {
      const [a, b, c] = [openedCase(), openedCase(), openedCase()];
      const key = `key-${crypto.randomUUID()}`;
      expect(await store().create(a.theCase, a.firstEvent, record(key, a.theCase.id))).toBe('created');
      expect(await store().create(b.theCase, b.firstEvent, record(key, b.theCase.id))).toBe('idempotency-key-taken');
      expect(await store().getWithTimeline(b.theCase.id)).toBeUndefined();
      const old = `key-${crypto.randomUUID()}`;
      await store().create(c.theCase, c.firstEvent, record(old, c.theCase.id, Math.floor(Date.now() / 1000) - 10));
      expect(await store().findIdempotencyRecord(idempotencyRecordPk(old))).toBeUndefined();
    });

    it('commits lifecycle, status and events together and refuses a commit from a stale read', async () => {
      const c = await acknowledgedCase();
      expect(c.theCase).toMatchObject({ status: 'acknowledged', eventSeq: 2 });
      expect(c.theCase.accessTokenForDelivery).toBeUndefined();
      const stale = c.theCase;
      const d = decide(lifecycleOf(stale), { type: 'note', text: 'one' }, agent, at(3), c.policy);
      if (!d.ok) throw new Error('refused');
      await store().commit(stale, { state: d.state, events: d.events });
      await expect(store().commit(stale, { state: d.state, events: d.events })).rejects.toBeInstanceOf(ConcurrentChangeError);
      const found = (await store().getWithTimeline(c.theCase.id))!;
      expect(found.timeline.map((e) => e.type)).toEqual(['received', 'acknowledged', 'note']);
      expect(found.theCase.lifecycle.eventSeq).toBe(found.theCase.eventSeq);
    });

    it('takes the waiting step token in the commit; a registration after the read fails the commit, and deciding again takes it', async () => {
      const c = await acknowledgedCase();
      expect(await store().registerTaskToken(c.theCase, 'firstResponse', { taskToken: 'T1', registeredAt: at(2).toISOString() })).toBe('registered');
      const r = await decideAndCommit(store(), c.theCase.id, reply(c.policy, 5));
      expect(r.outcome === 'committed' && r.taken).toEqual({ step: 'firstResponse', task: expect.objectContaining({ taskToken: 'T1' }) });
      expect((await store().get(c.theCase.id))!.tasks).toEqual({});

      // The race: a decision read the case before its wait registered. Its commit must not leave the token behind.
      const d = await acknowledgedCase();
      const readBefore = (await store().get(d.theCase.id))!;
      await store().registerTaskToken(readBefore, 'firstResponse', { taskToken: 'late', registeredAt: at(3).toISOString() });
      const decision = decide(lifecycleOf(readBefore), { type: 'reply', message: 'Hi' }, agent, at(5), d.policy);
      if (!decision.ok) throw new Error('refused');
      await expect(store().commit(readBefore, { state: decision.state, events: decision.events, completes: 'firstResponse' })).rejects.toBeInstanceOf(ConcurrentChangeError);
      const again = await decideAndCommit(store(), d.theCase.id, reply(d.policy, 5));
      expect(again.outcome === 'committed' && again.taken?.task.taskToken).toBe('late');
    });

    it('registers once, accepts the same token again, refuses a stale one, lets a newer generation replace it, and answers moved for a newer version', async () => {
      const c = await acknowledgedCase();
      const gen = (n: number) => `2026-11-23T10:00:05.000Z#${String(n).padStart(4, '0')}`;
      expect(await store().registerTaskToken(c.theCase, 'firstResponse', { taskToken: 'A0', registeredAt: at(2).toISOString(), generation: gen(0) })).toBe('registered');
      expect(await store().registerTaskToken(c.theCase, 'firstResponse', { taskToken: 'A0', registeredAt: at(2).toISOString(), generation: gen(0) })).toBe('already-registered');
      expect(await store().registerTaskToken(c.theCase, 'firstResponse', { taskToken: 'A1', registeredAt: at(2).toISOString(), generation: gen(1) })).toBe('registered');
      await expect(store().registerTaskToken(c.theCase, 'firstResponse', { taskToken: 'A0', registeredAt: at(2).toISOString(), generation: gen(0) })).rejects.toBeInstanceOf(TaskTokenConflictError);
      await decideAndCommit(store(), c.theCase.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'note', text: 'x' }, agent, at(4), c.policy) }));
      expect(await store().registerTaskToken(c.theCase, 'firstResponse', { taskToken: 'B', registeredAt: at(5).toISOString(), generation: gen(2) })).toBe('moved');
    });

    it('a refusal writes nothing; concurrent actions never lose each other', async () => {
      const c = await acknowledgedCase();
      const refused = await decideAndCommit(store(), c.theCase.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'acceptResolution' }, { role: 'customer', caseId: t.id }, at(5), c.policy) }));
      expect(refused.outcome).toBe('refused');
      const notes = await Promise.all(
        Array.from({ length: 4 }, (_, i) => decideAndCommit(store(), c.theCase.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'note', text: `note ${i}` }, agent, at(6 + i), c.policy) }))),
      );
      expect(notes.every((n) => n.outcome === 'committed')).toBe(true);
      const found = (await store().getWithTimeline(c.theCase.id))!;
      expect(found.timeline.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it("records the customer's latest resolution with the resolving commit, under a key that is no address", async () => {
      const c = await acknowledgedCase();
      const email = c.theCase.customer.email.toUpperCase();
      const before = await store().lastResolutionOf(email);
      await decideAndCommit(store(), c.theCase.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'resolve', summary: 'Done.' }, agent, at(30), c.policy) }));
      const after = await store().lastResolutionOf(email);
      expect(after).toBe(at(30).toISOString());
      expect(after).not.toBe(before);
      expect(await store().lastResolutionOf('nobody@example.com')).toBeUndefined();
    });

    it("lists the customer's cases oldest first, by a key that is no address", async () => {
      const email = `seq-${crypto.randomUUID()}@example.com`;
      const later = openedCase(crypto.randomUUID(), at(90));
      const earlier = openedCase(crypto.randomUUID(), at(10));
      for (const o of [later, earlier]) {
        o.theCase.customer.email = email;
        await store().create(o.theCase, o.firstEvent);
      }
      expect(await store().casesOf(email.toUpperCase())).toEqual([earlier.theCase.id, later.theCase.id]);
      expect(await store().casesOf('nobody@example.com')).toEqual([]);
    });

    it("a commit that sets a corrected address moves the case to the new address's list in the same write", async () => {
      const email = `old-${crypto.randomUUID()}@example.com`;
      const moved = `new-${crypto.randomUUID()}@example.com`;
      const o = openedCase(crypto.randomUUID(), at(10));
      o.theCase.customer.email = email;
      await store().create(o.theCase, o.firstEvent);
      const r = await decideAndCommit(store(), o.theCase.id, (t) => {
        const d = new Draft(lifecycleOf(t), { role: 'admin', staffId: 'adm-1' }, at(20), o.policy);
        d.event('contact_corrected', 'Our data protection team corrected the contact email on this case.', 'customer', { deadlines: [] });
        return { decision: { ok: true, state: d.state, events: d.events, clockOps: [], notifications: [], signal: null }, set: { customer: { name: 'Ada Obi', email: moved }, sealed: { accountNumber: 'c2VhbGVk' } } };
      });
      expect(r.outcome).toBe('committed');
      const after = await store().getWithTimeline(o.theCase.id);
      expect(after!.theCase).toMatchObject({ customer: { name: 'Ada Obi', email: moved }, sealed: { accountNumber: 'c2VhbGVk' }, eventSeq: o.theCase.eventSeq + 1 });
      expect(after!.timeline.at(-1)!.type).toBe('contact_corrected');
      expect(await store().casesOf(email)).toEqual([]);
      expect(await store().casesOf(moved.toUpperCase())).toEqual([o.theCase.id]);
    });

    it("moves the customer's latest resolution to a corrected address, unless a later one is there", async () => {
      const c = await acknowledgedCase();
      const from = c.theCase.customer.email;
      await decideAndCommit(store(), c.theCase.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'resolve', summary: 'Done.' }, agent, at(30), c.policy) }));
      const to = `moved-${crypto.randomUUID()}@example.com`;
      await store().moveLastResolution(from, to);
      expect(await store().lastResolutionOf(to)).toBe(at(30).toISOString());
      expect(await store().lastResolutionOf(from)).toBeUndefined();
      const later = await acknowledgedCase();
      await decideAndCommit(store(), later.theCase.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'resolve', summary: 'Done.' }, agent, at(10), later.policy) }));
      // An earlier resolution does not replace a later one already under the new address.
      await store().moveLastResolution(later.theCase.customer.email, to);
      expect(await store().lastResolutionOf(to)).toBe(at(30).toISOString());
    });

    it('flags a case outside the event sequence', async () => {
      const c = await acknowledgedCase();
      await store().flag(c.theCase.id, at(9).toISOString(), 'States.TaskFailed');
      expect((await store().get(c.theCase.id))).toMatchObject({ needsAttention: { error: 'States.TaskFailed' }, eventSeq: 2 });
    });

    it('lifts a flag once the workflow waits on the case\'s step again (a restart), but never a newer flag', async () => {
      const c = await acknowledgedCase();
      const step = stepOf(lifecycleOf(c.theCase));
      await store().flag(c.theCase.id, at(9).toISOString(), 'States.TaskFailed');
      expect(await registerStep({ store: store(), now: () => at(10) }, { caseId: c.theCase.id, step, taskToken: 'restarted-1' })).toEqual({ registered: 'registered' });
      expect((await store().get(c.theCase.id))?.needsAttention).toBeUndefined();
      expect((await store().flaggedCases()).map((x) => x.id)).not.toContain(c.theCase.id);

      await store().flag(c.theCase.id, at(11).toISOString(), 'States.TaskFailed');
      expect(await store().clearFlag(c.theCase.id, at(9).toISOString())).toBe(false); // the flag read earlier is gone; this one stays
      expect((await store().get(c.theCase.id))?.needsAttention).toEqual({ at: at(11).toISOString(), error: 'States.TaskFailed' });
    });

    it('lists received cases by creation window and merges the queue in policy order with a cursor, skipping hidden cases', async () => {
      const base = new Date('2030-03-04T08:00:00Z');
      const waiting = openedCase(crypto.randomUUID(), new Date('2030-01-01T00:00:00Z'));
      await store().create(waiting.theCase, waiting.firstEvent);
      expect(await store().listReceived('2029-12-31T00:00:00Z', '2030-01-02T00:00:00Z', 10)).toEqual([waiting.theCase.id]);

      const cases: Awaited<ReturnType<typeof acknowledgedCase>>[] = [];
      for (let i = 0; i < 5; i++) cases.push(await acknowledgedCase(new Date(base.getTime() + i * 3_600_000)));
      await decideAndCommit(store(), cases[2]!.theCase.id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'claim' }, agent, new Date(base.getTime() + 5 * 3_600_000), cases[2]!.policy) }));
      const ids = new Set(cases.map((c) => c.theCase.id));
      const hidden = cases[3]!.theCase.id;
      const seen: string[] = [];
      let after;
      for (let page = 0; page < 20; page++) {
        const p = await store().queuePage({ statuses: ['acknowledged', 'in_progress'], limit: 2, ...(after ? { after } : {}), visible: (t) => t.id !== hidden });
        seen.push(...p.cases.map((t) => t.id).filter((id) => ids.has(id)));
        if (!p.after) break;
        after = p.after;
      }
      expect(seen).toEqual(cases.map((c) => c.theCase.id).filter((id) => id !== hidden));
    });

    describe('outbox', () => {
      const iso = (minute: number) => at(minute).toISOString();
      const claim = (m: OutboxRef, minute: number, claimId = 'S1', leaseMinutes = 2) => store().claimOutbox(m, { claimId, now: iso(minute), leaseUntil: iso(minute + leaseMinutes) });
      /** An acknowledged case with one agent reply committed at minute 5: one outbox message to the customer. */
      async function replied() {
        const c = await acknowledgedCase();
        const r = await decideAndCommit(store(), c.theCase.id, reply(c.policy, 5));
        if (r.outcome !== 'committed') throw new Error('reply refused');
        return { ...c, committed: r, message: r.outbox[0]! };
      }

      it("writes the decision's messages in its commit, keyed by case, seq, index, template and recipient; a refused commit writes none", async () => {
        const c = await acknowledgedCase();
        const stale = c.theCase;
        const r = await decideAndCommit(store(), c.theCase.id, (t) => ({ ...reply(c.policy, 5)(t), outbox: [{ kind: 'acknowledgment', accessToken: 'tok' }] }));
        if (r.outcome !== 'committed') throw new Error('refused');
        const pending = await store().pendingOutbox(c.theCase.id);
        expect(pending.map((m) => m.key)).toEqual([`${c.theCase.id}.3.0.acknowledgment.customer`, `${c.theCase.id}.3.1.staff_reply.customer`]);
        expect(pending).toEqual(r.outbox);
        expect(pending[1]).toMatchObject({ attempts: 0, availableAt: iso(5), content: { kind: 'notification', notification: { template: 'staff_reply', to: 'customer' } } });

        // A commit from a stale read fails whole: neither its events nor its messages are written.
        const d = decide(lifecycleOf(stale), { type: 'reply', message: 'Again' }, agent, at(6), c.policy);
        if (!d.ok) throw new Error('refused');
        const outbox = outboxMessages(stale.id, d.state.eventSeq, iso(6), d.notifications.map((notification) => ({ kind: 'notification' as const, notification })));
        await expect(store().commit(stale, { state: d.state, events: d.events, outbox })).rejects.toBeInstanceOf(ConcurrentChangeError);
        expect((await store().pendingOutbox(c.theCase.id)).map((m) => m.seq)).toEqual([3, 3]);
      });

      it('lets one sender at a time hold a message: concurrent claims take it once, a lease that ran out lets another take it', async () => {
        const { message } = await replied();
        const claims = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((id) => claim(message, 10, id)));
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(claims.find(Boolean)).toMatchObject({ attempts: 1, availableAt: iso(12) });
        expect(await claim(message, 11, 'F')).toBeUndefined(); // still leased
        expect((await store().dueOutbox(iso(11), 1000)).some((m) => m.key === message.key)).toBe(false);
        expect((await store().dueOutbox(iso(12), 1000)).some((m) => m.key === message.key)).toBe(true);
        expect(await claim(message, 12, 'G')).toMatchObject({ attempts: 2, claimId: 'G' });
      });

      it('marks a message sent: its body is dropped, it is no longer pending or due, and no claim takes it again', async () => {
        const { theCase, message } = await replied();
        await claim(message, 10);
        expect(await store().markOutboxSent(message, { claimId: 'S1', at: iso(10), messageId: 'ses-1' })).toBe(true);
        expect(await store().pendingOutbox(theCase.id)).toEqual([]);
        expect((await store().dueOutbox(iso(60 * 24 * 30), 1000)).some((m) => m.key === message.key)).toBe(false);
        expect(await claim(message, 60 * 24 * 30)).toBeUndefined();
      });

      it("marks a message once: the mail service's confirmation and the sender's own mark, in either order", async () => {
        const { message } = await replied();
        await claim(message, 10, 'S1');
        expect(await store().markOutboxSent(message, { claimId: 'mail-service', at: iso(10), messageId: 'ses-1' })).toBe(true);
        expect(await store().markOutboxSent(message, { claimId: 'S1', at: iso(11), messageId: 'ses-1' })).toBe(false);
        expect(await store().markOutboxSent({ ...message, index: 99 }, { claimId: 'mail-service', at: iso(11) })).toBe(false); // no such message
        expect(await claim(message, 60 * 24 * 30, 'S2')).toBeUndefined(); // the lease ran out long ago: still never sent again
      });

      it("releases a failed attempt to its retry time, only for the sender that holds it", async () => {
        const { message } = await replied();
        await claim(message, 10, 'A');
        await store().releaseOutbox(message, { claimId: 'B', retryAt: iso(10), error: 'Other' }); // not B's to release
        expect(await claim(message, 11, 'C')).toBeUndefined();
        await store().releaseOutbox(message, { claimId: 'A', retryAt: iso(11), error: 'Throttling' });
        expect(await claim(message, 11, 'C')).toMatchObject({ claimId: 'C', attempts: 2, lastError: 'Throttling' });
      });

      it('lists due messages oldest first across cases', async () => {
        const [a, b] = [await replied(), await replied()];
        const due = (await store().dueOutbox(iso(5), 1000)).filter((m) => m.key === a.message.key || m.key === b.message.key);
        expect(due.map((m) => m.key).sort()).toEqual([a.message.key, b.message.key].sort());
        expect((await store().dueOutbox(iso(4), 1000)).filter((m) => m.key === a.message.key || m.key === b.message.key)).toEqual([]);
        const all = await store().dueOutbox(iso(60), 1000);
        expect(all.map((m) => m.availableAt)).toEqual([...all.map((m) => m.availableAt)].sort());
      });
    });
  });
}
