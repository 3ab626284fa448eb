import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAndCommit } from '../../functions/core/commit-loop';
import { decide } from '../../functions/domain/lifecycle';
import { lifecycleOf } from '../../functions/domain/case';
import { FailureErrors } from '../../statemachines/state-names';
import { agent, customerOf, drt, LifecycleHarness, senior, SUPERVISOR } from './lifecycle-harness';

/**
 * Promptearn (seed 001) through the synthesized state machine on the local stack, with the real task handlers,
 * DynamoDB Local and the SES catcher, under the virtual clock.
 */

let h: LifecycleHarness;
beforeAll(async () => {
  h = await LifecycleHarness.start('promptearn');
});
afterAll(async () => h?.stop());

describe('promptearn lifecycle on the synthesized state machine', () => {
  it('happy path: acknowledge, reply, resolve, accept, rate -> Case closed', async () => {
    const id = await h.open('general_inquiry', 'happy@example.com');
    expect(h.where(id)).toBe('Await first response');
    const ack = await h.mailTo('happy@example.com');
    expect(ack.map((m) => m.subject)).toEqual([expect.stringMatching(/PE-/)]);
    const afterAck = await h.load(id);
    expect(afterAck.status).toBe('acknowledged');
    expect(afterAck.accessTokenForDelivery).toBeUndefined();

    expect((await h.act(id, { type: 'claim' }, agent())).callback).toBe('none');
    expect((await h.act(id, { type: 'reply', message: 'We are checking with the bank.' }, agent())).callback).toBe('sent');
    expect(h.where(id)).toBe('Await resolution');
    expect((await h.act(id, { type: 'resolve', summary: 'The payout was re-sent.' }, agent())).callback).toBe('sent');
    expect(h.where(id)).toBe('Await customer verdict');
    expect((await h.act(id, { type: 'acceptResolution' }, customerOf(id))).callback).toBe('sent');
    expect(h.where(id)).toBe('SUCCEEDED: Case closed');
    await h.act(id, { type: 'rate', score: 5 }, customerOf(id));

    const record = await h.load(id);
    expect(record.status).toBe('closed');
    expect(record.lifecycle!.csat?.score).toBe(5);
    expect(h.statesEntered(id)).toEqual([
      'Acknowledge',
      'Await first response',
      'Route by step',
      'Await resolution',
      'Route by step',
      'Await customer verdict',
      'Route by step',
      'Case closed',
    ]);
    expect(await h.mailTo(SUPERVISOR)).toEqual([]);
  });
});

describe('promptearn: clocks, ladder and callbacks', () => {
  it('information request: the resolution clock pauses while the customer is asked and resumes with the time left', async () => {
    const id = await h.open('general_inquiry', 'info@example.com');
    await h.act(id, { type: 'reply', message: 'Looking into it.' }, agent());
    const before = (await h.load(id)).lifecycle!.clocks.resolution!;
    expect(before.status).toBe('running');
    expect((await h.act(id, { type: 'requestInfo', questions: 'Which course is it?' }, agent())).callback).toBe('sent');
    expect(h.where(id)).toBe('Await customer information');
    const paused = (await h.load(id)).lifecycle!.clocks.resolution!;
    expect(paused.status).toBe('paused');
    expect(paused.due).toBeUndefined();
    // Twelve hours of silence: the reminder clock may fire (a reminder email), the resolution clock stays paused.
    await h.advance('12h', id);
    expect((await h.load(id)).lifecycle!.clocks.resolution!.status).toBe('paused');
    expect((await h.act(id, { type: 'reply', message: 'It is the marketing course.' }, customerOf(id))).callback).toBe('sent');
    const resumed = (await h.load(id)).lifecycle!.clocks.resolution!;
    expect(resumed.status).toBe('running');
    // Resumed with the remaining budget: the due moved later by (at least) the time spent waiting.
    expect(Date.parse(resumed.due!) - Date.parse(before.due!)).toBeGreaterThanOrEqual(12 * 3600_000 - 1000);
    expect(h.where(id)).toBe('Await resolution');
    await h.act(id, { type: 'resolve', summary: 'Access restored.' }, agent());
    await h.act(id, { type: 'acceptResolution' }, customerOf(id));
    expect(h.where(id)).toBe('SUCCEEDED: Case closed');
    const subjects = (await h.mailTo('info@example.com')).map((m) => m.subject);
    expect(subjects).toEqual(expect.arrayContaining([expect.stringMatching(/More details needed/), expect.stringMatching(/resolved/)]));
  });

  it('late and repeated callbacks change nothing: a used token is refused, a repeated action is 409/410 with no token', async () => {
    const id = await h.open('general_inquiry', 'late@example.com');
    const pending = (await h.load(id)).tasks.firstResponse!.taskToken;
    await h.act(id, { type: 'reply', message: 'On it.' }, agent());
    // The same token again (a duplicated delivery of the callback): Step Functions refuses it.
    expect(await h.sendTaskSuccess(pending)).toMatch(/TaskTimedOut|InvalidToken/);
    expect(h.where(id)).toBe('Await resolution');
    await h.act(id, { type: 'resolve', summary: 'Done.' }, agent());
    const again = await h.act(id, { type: 'resolve', summary: 'Done twice.' }, agent());
    expect(again.outcome).toMatchObject({ ok: false, reason: 'conflict' });
    // A token of a wait that timed out: the clock fired first, the late callback is refused, the machine moved on.
    const verdictToken = (await h.load(id)).tasks.customerVerdict!.taskToken;
    await h.advance('30d', id);
    expect(await h.sendTaskSuccess(verdictToken)).toMatch(/TaskTimedOut|InvalidToken/);
    expect(h.where(id)).toBe('SUCCEEDED: Case closed');
    expect((await h.load(id)).lifecycle!.closure?.reason).toBe('follow_up_elapsed');
    const late = await h.act(id, { type: 'acceptResolution' }, customerOf(id));
    expect(late.outcome).toMatchObject({ ok: false, reason: 'gone' });
  });

  it('48 h without an answer: first-response breach to the supervisor, automatic escalation to the senior, then the Dispute Resolution Team', async () => {
    const id = await h.open('general_inquiry', 'silent@example.com');
    const supervisorBefore = (await h.mailTo(SUPERVISOR)).length;
    await h.advance('47h', id);
    expect((await h.load(id)).lifecycle!.breaches.firstResponse).toBeDefined();
    expect((await h.load(id)).status).toBe('acknowledged');
    await h.advance('2h', id);
    const escalated = await h.load(id);
    expect(escalated.status).toBe('escalated_senior');
    expect(escalated.lifecycle!.escalations.map((e) => e.trigger)).toEqual(['automatic']);
    expect(h.where(id)).toBe('Senior review');
    expect((await h.mailTo('silent@example.com')).map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/escalated/i)]));
    expect((await h.mailTo(SUPERVISOR)).length).toBeGreaterThan(supervisorBefore);
    // The senior stays silent past their clock: breach, and the next rung takes the case.
    await h.advance('5d', id);
    const review = await h.load(id);
    expect(review.lifecycle!.breaches.seniorResponse).toBeDefined();
    expect(review.status).toBe('dispute_review');
    expect(h.where(id)).toBe('Dispute Resolution Team review');
    await h.act(id, { type: 'recommendMediation', reason: 'No internal remedy left.' }, drt());
    expect(h.where(id)).toBe('SUCCEEDED: External mediation recommended');
  });

  it('customer-requested escalation into the dispute review across Christmas, Boxing Day and a weekend, then mediation', async () => {
    // Pin the scenario to 23 December (next year, so the virtual clock never goes back), 09:00 in Lagos.
    const year = new Date().getUTCFullYear() + 1;
    const start = Date.UTC(year, 11, 23, 8, 0, 0);
    await h.advance(start - Date.now());
    const id = await h.open('general_inquiry', 'dispute@example.com');
    await h.act(id, { type: 'reply', message: 'We are checking.' }, agent());
    await h.act(id, { type: 'resolve', summary: 'Your commission was recalculated.' }, agent());
    expect((await h.act(id, { type: 'dispute', reason: 'The amount is still wrong.' }, customerOf(id))).callback).toBe('sent');
    expect(h.where(id)).toBe('Senior review');
    const seniorDue = (await h.load(id)).lifecycle!.clocks.seniorResponse!.due!;
    await h.act(id, { type: 'resolve', summary: 'Recalculated again by the senior.' }, senior());
    expect(h.where(id)).toBe('Await customer verdict');
    await h.act(id, { type: 'dispute', reason: 'Still wrong.' }, customerOf(id));
    expect(h.where(id)).toBe('Dispute Resolution Team review');
    const clocks = (await h.load(id)).lifecycle!.clocks;
    const update = Date.parse(clocks.disputeUpdate!.due!);
    const decision = Date.parse(clocks.disputeDecision!.due!);
    // 3 business days in Lagos from 23 December cannot end before the 28th: 25 and 26 December are holidays,
    // and a weekend lies in between; the decision (5 business days) comes later still, on a business day.
    const lagosDay = (ms: number) => new Date(ms + 3600_000);
    for (const due of [update, decision]) {
      const d = lagosDay(due);
      expect([0, 6]).not.toContain(d.getUTCDay());
      expect([`${year}-12-25`, `${year}-12-26`, `${year + 1}-01-01`]).not.toContain(d.toISOString().slice(0, 10));
    }
    expect(update - start).toBeGreaterThanOrEqual(5 * 86_400_000);
    expect(decision).toBeGreaterThan(update);
    expect(Date.parse(seniorDue)).toBeGreaterThan(start);

    // The Dispute Resolution Team misses its update: the customer is told the review goes on, the machine keeps waiting.
    await h.advance(update - Date.now() + 1000, id);
    expect((await h.mailTo('dispute@example.com')).map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/taking longer/)]));
    expect(h.where(id)).toBe('Dispute Resolution Team review');
    // ...and its decision: a breach for the supervisor.
    await h.advance(decision - Date.now() + 1000, id);
    expect((await h.load(id)).lifecycle!.breaches.disputeDecision).toBeDefined();
    await h.act(id, { type: 'recommendMediation', reason: 'The parties disagree on the calculation.' }, drt());
    expect(h.where(id)).toBe('SUCCEEDED: External mediation recommended');
    expect((await h.load(id)).status).toBe('mediation_recommended');
    expect((await h.mailTo('dispute@example.com')).map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/mediation/i)]));
  });

  it('a callback that carries only the case id re-reads the case (Apply due clocks) and reaches the right wait', async () => {
    const id = await h.open('general_inquiry', 'plain@example.com');
    expect((await h.act(id, { type: 'reply', message: 'Hello.' }, agent(), 'caseId')).callback).toBe('sent');
    expect(h.where(id)).toBe('Await resolution');
    expect(h.statesEntered(id).slice(-4)).toEqual(['Route by step', 'Apply due clocks', 'Route by step', 'Await resolution']);
  });

  it('a human faster than the first registration: Acknowledge goes to Await first response, which re-routes the case', async () => {
    let id = '';
    let raced = false;
    // The only case this test opens: the first registration of a first-response wait from now on is its.
    const undo = h.wrapHandler('functions/workflow/register-task-token.ts', (real) => async (event, context) => {
      const e = event as { caseId: string; step: string };
      if (e.step === 'firstResponse' && !raced) {
        raced = true;
        id = e.caseId;
        // The agent replies between Acknowledge and the first registration: the case is in its resolution step.
        const replied = await decideAndCommit(h.store, id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'reply', message: 'Early.' }, agent(), new Date(), h.policy) }));
        if (replied.outcome !== 'committed') throw new Error('reply refused');
      }
      return real(event, context);
    });
    try {
      const opened = await h.open('general_inquiry', 'early@example.com');
      expect(raced).toBe(true);
      expect(opened).toBe(id);
      expect(h.where(id)).toBe('Await resolution');
      expect(h.statesEntered(id)).toEqual(['Acknowledge', 'Await first response', 'Apply due clocks', 'Route by step', 'Await resolution']);
      expect((await h.load(id)).tasks.firstResponse).toBeUndefined();
    } finally {
      undo();
    }
  });

  it('a human faster than the registration: the wait finds the case moved on, re-reads it and waits in the new step', async () => {
    const id = await h.open('general_inquiry', 'race@example.com');
    let raced = false;
    const undo = h.wrapHandler('functions/workflow/register-task-token.ts', (real) => async (event, context) => {
      const e = event as { caseId: string; step: string };
      if (e.caseId === id && e.step === 'resolution' && !raced) {
        raced = true;
        // The agent resolves between Route by step and the registration: no token is pending yet.
        const resolved = await decideAndCommit(h.store, id, (t) => ({ decision: decide(lifecycleOf(t), { type: 'resolve', summary: 'Quick fix.' }, agent(), new Date(), h.policy) }));
        if (resolved.outcome !== 'committed') throw new Error('resolve refused');
      }
      return real(event, context);
    });
    try {
      await h.act(id, { type: 'reply', message: 'Checking.' }, agent());
      expect(raced).toBe(true);
      expect(h.where(id)).toBe('Await customer verdict');
      expect(h.statesEntered(id)).toEqual(expect.arrayContaining(['Await resolution', 'Apply due clocks', 'Await customer verdict']));
      expect((await h.load(id)).tasks.resolution).toBeUndefined();
    } finally {
      undo();
    }
  });

  it('task handlers are idempotent under a repeated invocation: no second acknowledgment, no clock applied twice', async () => {
    const id = await h.open('general_inquiry', 'twice@example.com');
    const before = await h.load(id);
    const again = (await h.invoke('functions/workflow/acknowledge.ts', { caseId: id })) as { step: string; status: string };
    expect(again).toMatchObject({ step: 'firstResponse', status: 'acknowledged' });
    expect((await h.load(id)).eventSeq).toBe(before.eventSeq);
    expect(await h.mailTo('twice@example.com')).toHaveLength(1);
    // Nothing due yet: Apply due clocks applies nothing and answers the same step (twice, as a retry would).
    for (let i = 0; i < 2; i++) {
      expect(await h.invoke('functions/workflow/apply-due-clocks.ts', { caseId: id })).toMatchObject({ step: 'firstResponse', applied: [] });
    }
    expect((await h.load(id)).eventSeq).toBe(before.eventSeq);
    // Bad input is refused before anything is read or written.
    await expect(h.invoke('functions/workflow/apply-due-clocks.ts', { caseId: 'not-a-uuid' })).rejects.toThrow();
    await expect(h.invoke('functions/workflow/register-task-token.ts', { caseId: id, taskToken: 't', step: 'done' })).rejects.toThrow();
    // A registration for a step the case is not in is refused by name (the wait's Catch routes it).
    await expect(h.invoke('functions/workflow/register-task-token.ts', { caseId: id, taskToken: 't', step: 'seniorReview' })).rejects.toMatchObject({ name: 'StepMovedOnError' });
    expect((await h.load(id)).tasks.seniorReview).toBeUndefined();
  });

  it('a task that fails twice is retried and the case carries on', async () => {
    let calls = 0;
    let mine = '';
    const undo = h.wrapHandler('functions/workflow/apply-due-clocks.ts', (real) => async (event, context) => {
      if ((event as { caseId?: string }).caseId !== mine) return real(event, context);
      calls += 1;
      if (calls <= 2) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      return real(event, context);
    });
    try {
      const id = await h.open('general_inquiry', 'retry@example.com');
      mine = id;
      await h.advance('25h', id);
      await h.advance('1m', id);
      expect(calls).toBe(3);
      expect((await h.load(id)).lifecycle!.breaches.firstResponse).toBeDefined();
      expect(h.where(id)).toBe('Await first response');
      expect((await h.load(id)).needsAttention).toBeUndefined();
    } finally {
      undo();
    }
  });

  it('a task that always fails: Case needs attention flags the case and tells the supervisor; never silently lost', async () => {
    let calls = 0;
    let mine = '';
    const undo = h.wrapHandler('functions/workflow/apply-due-clocks.ts', (real) => async (event, context) => {
      if ((event as { caseId?: string }).caseId !== mine) return real(event, context);
      calls += 1;
      throw Object.assign(new Error('table unavailable'), { name: 'ServiceUnavailable' });
    });
    try {
      const id = await h.open('general_inquiry', 'broken@example.com');
      mine = id;
      const caseNumber = (await h.load(id)).caseNumber;
      await h.advance('25h', id);
      await h.advance('5m', id);
      // Each execution tries four times (the first try and three retries) and fails; the reconciler (every 5 minutes)
      // then starts it again under a new name, which fails the same way. Its run at the end of a jump may have just
      // started one (how many of its runs fall inside a jump depends on the machine's speed): that execution lifts
      // the flag, retries on real time and flags the case again when it fails, so the case is read after it ends.
      await h.settleLatest(id);
      expect(calls).toBeGreaterThanOrEqual(4);
      const execution = h.execution(id);
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe(FailureErrors.lifecycle);
      const flagged = await h.load(id);
      // Flagged by the failure path with the task's error, or, if the reconciler's restarts ran out first (how many
      // of its 5-minute runs fire inside the jump depends on the machine's speed), with that reason.
      expect(['ServiceUnavailable', 'WorkflowRestartsExhausted']).toContain(flagged.needsAttention?.error);
      expect(flagged.status).toBe('acknowledged'); // nothing closed, nothing lost
      expect((await h.mailTo(SUPERVISOR)).map((m) => m.subject)).toContain(`Case ${caseNumber} needs attention`);
    } finally {
      undo();
    }
    // Up to 14 s of the last restart's retries run on real time: about 9 s alone, several times that beside other suites.
  }, 120_000);
});
