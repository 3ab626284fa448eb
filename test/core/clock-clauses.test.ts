/**
 * The policy's clocks and calendars, proven through the running system (test/core/running-system.ts: the core's use
 * cases and the workflow's steps on DynamoDB Local, mail through SES to the local catcher, virtual time): each test
 * files complaints at chosen instants, lets the clocks fall due, and reads back the due instant in the policy's
 * calendar, the breach, the escalation and the mail actually sent. docs/policies.md names these tests as proofs.
 * Instants carry the calendar's own offset (Ho Chi Minh City +07:00 and Lagos +01:00 have no daylight saving).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyBook } from '../../functions/core/policy-book';
import { fileComplaint } from '../../functions/core/use-cases/file-complaint';
import { listPresets, loadPolicy } from '../../functions/domain/policy';
import { caseOf, customerAddress, firstEventAt, RunningSystem } from './running-system';

let sys: RunningSystem;
beforeAll(async () => {
  sys = await RunningSystem.start();
});
afterAll(async () => sys?.stop());

const utc = (local: string) => new Date(local).toISOString().replace('.000Z', 'Z');
const at = (local: string) => new Date(local).toISOString();

describe('calendars: business hours, the lunch gap, weekends and public holidays', () => {
  it('itc (Ho Chi Minh City, 08:00–12:00 + 13:30–16:30): the acknowledgment is due 2 business hours later, across the lunch gap or the weekend, and is mailed at once', async () => {
    // Prepare: Friday 29 August 2031, one complaint before lunch, one half an hour before the close.
    const r = await sys.run({
      policy: 'itc',
      complaints: [
        { id: 'ack-lunch', category: 'product_guidance', channel: 'web', receivedAt: '2031-08-29T11:30:00+07:00' },
        { id: 'ack-weekend', category: 'product_guidance', channel: 'web', receivedAt: '2031-08-29T16:00:00+07:00' },
      ],
    });
    // Assess: 11:30–12:00 + 13:30–15:00; 16:00–16:30 + Monday 08:00–09:30. Both acknowledged when filed.
    expect(caseOf(r, 'ack-lunch').clocks.acknowledgment).toMatchObject({ status: 'stopped', met: true, due: utc('2031-08-29T15:00:00+07:00') });
    expect(caseOf(r, 'ack-weekend').clocks.acknowledgment).toMatchObject({ status: 'stopped', met: true, due: utc('2031-09-01T09:30:00+07:00') });
    for (const id of ['ack-lunch', 'ack-weekend']) {
      expect(firstEventAt(r, id, 'acknowledged')).toBe(caseOf(r, id).timeline[0]!.at);
      expect((await sys.mailTo(customerAddress(id))).map((m) => m.subject)).toEqual([`Request ${caseOf(r, id).caseNumber} received`]);
    }
  });
});

describe('clocks that wait on the customer', () => {
  it('itc: a silent customer is reminded 2 business days after the question and the case closes after 5, skipping National Day and the weekend', async () => {
    // Prepare: asked on Monday 1 September 2031, 11:00; Tuesday 2 September is National Day (Quốc khánh).
    const r = await sys.run({
      policy: 'itc',
      until: '2031-09-09T17:00:00+07:00',
      complaints: [{ id: 'silent-itc', category: 'product_guidance', channel: 'web', receivedAt: '2031-09-01T09:00:00+07:00', actions: [{ at: '2031-09-01T11:00:00+07:00', by: 'agent', type: 'requestInfo', questions: 'Which product?' }] }],
    });
    // Assess: whole business days from the question: Wed 3, Thu 4 (reminder); Fri 5, Mon 8, Tue 9 (close), at the 16:30 close.
    expect(firstEventAt(r, 'silent-itc', 'reminder_sent')).toBe(at('2031-09-04T16:30:00+07:00'));
    expect(caseOf(r, 'silent-itc').status).toBe('closed');
    expect(firstEventAt(r, 'silent-itc', 'closed')).toBe(at('2031-09-09T16:30:00+07:00'));
    const number = caseOf(r, 'silent-itc').caseNumber;
    expect((await sys.mailTo(customerAddress('silent-itc'))).map((m) => m.subject)).toEqual([
      `Request ${number} received`,
      `More details needed for case ${number}`,
      `Reminder: we are waiting for your answer on case ${number}`,
      `Case ${number} closed`,
    ]);
  });

  it('promptearn: asking the customer pauses the 48-hour resolution clock; the answer resumes it with the 44 hours left, and silence past it escalates', async () => {
    // Prepare: received Monday 21 July 2031 10:00 Lagos, asked 4 hours later, answered 50 hours after that.
    const info = (id: string, resolveAt?: string) => ({
      id,
      category: 'general_inquiry',
      channel: 'web' as const,
      receivedAt: '2031-07-21T10:00:00+01:00',
      actions: [
        { at: '2031-07-21T14:00:00+01:00', by: 'agent' as const, type: 'requestInfo', questions: 'Which course?' },
        { at: '2031-07-23T16:00:00+01:00', by: 'customer' as const, type: 'reply', message: 'The marketing course.' },
        ...(resolveAt ? [{ at: resolveAt, by: 'agent' as const, type: 'resolve', summary: 'Access restored.' }] : []),
      ],
    });
    const r = await sys.run({ policy: 'promptearn', until: '2031-07-25T12:30:00+01:00', complaints: [info('pause-met', '2031-07-25T11:30:00+01:00'), info('pause-late')] });
    // Assess: due at the answer + 44 h = Friday 12:00 Lagos, the pause recorded.
    const met = caseOf(r, 'pause-met').clocks.resolution!;
    expect(met).toMatchObject({ status: 'stopped', met: true, due: utc('2031-07-25T12:00:00+01:00') });
    expect(met.pauses).toEqual([{ from: utc('2031-07-21T14:00:00+01:00'), to: utc('2031-07-23T16:00:00+01:00'), reason: 'waiting for the customer' }]);
    expect(caseOf(r, 'pause-met').breaches.resolution).toBeUndefined();
    expect(caseOf(r, 'pause-late').breaches.resolution).toBe(at('2031-07-25T12:00:00+01:00'));
    expect(caseOf(r, 'pause-late').status).toBe('escalated_senior');
  });
});

describe('response clocks', () => {
  it('ecomstore (New York): an email received Monday 16:00 is due a first response 2 business hours later, Tuesday 10:00; missed, it breaches and the supervisor is mailed', async () => {
    const email = (id: string, actions: { at: string; by: 'agent'; type: string; message: string }[] = []) => ({ id, category: 'general_question', channel: 'email' as const, receivedAt: '2031-07-07T16:00:00-04:00', actions });
    const r = await sys.run({
      policy: 'ecomstore',
      until: '2031-07-08T11:00:00-04:00',
      complaints: [email('first-met', [{ at: '2031-07-08T09:30:00-04:00', by: 'agent', type: 'reply', message: 'We are on it.' }]), email('first-missed')],
    });
    expect(caseOf(r, 'first-met').clocks.firstResponse).toMatchObject({ status: 'stopped', met: true, due: utc('2031-07-08T10:00:00-04:00') });
    expect(caseOf(r, 'first-met').breaches.firstResponse).toBeUndefined();
    expect(caseOf(r, 'first-missed').breaches.firstResponse).toBe(at('2031-07-08T10:00:00-04:00'));
    expect((await sys.staffMailAbout(caseOf(r, 'first-missed').caseNumber)).map((m) => m.subject)).toEqual([`[supervisor] breach: case ${caseOf(r, 'first-missed').caseNumber}`]);
    expect(await sys.staffMailAbout(caseOf(r, 'first-met').caseNumber)).toEqual([]);
  });

  it('itc: a customer message on an open case is due an answer by the close of the next whole business day; unanswered, it breaches and the supervisor is mailed', async () => {
    const open = (id: string, answerAt?: string) => ({
      id,
      category: 'product_guidance',
      channel: 'web' as const,
      receivedAt: '2031-09-08T09:00:00+07:00',
      actions: [
        { at: '2031-09-08T09:30:00+07:00', by: 'agent' as const, type: 'reply', message: 'We are checking.' },
        { at: '2031-09-08T14:00:00+07:00', by: 'customer' as const, type: 'reply', message: 'Any news?' },
        ...(answerAt ? [{ at: answerAt, by: 'agent' as const, type: 'reply', message: 'Yes: it is fixed.' }] : []),
      ],
    });
    const r = await sys.run({ policy: 'itc', until: '2031-09-09T17:00:00+07:00', complaints: [open('next-met', '2031-09-09T10:00:00+07:00'), open('next-missed')] });
    // Monday 14:00 is inside a started day: the whole day counted is Tuesday, due at its 16:30 close.
    expect(caseOf(r, 'next-met').clocks.nextReply).toMatchObject({ status: 'stopped', met: true, due: utc('2031-09-09T16:30:00+07:00') });
    expect(caseOf(r, 'next-missed').breaches.nextReply).toBe(at('2031-09-09T16:30:00+07:00'));
    const number = caseOf(r, 'next-missed').caseNumber;
    expect((await sys.staffMailAbout(number)).map((m) => m.subject)).toEqual([`[assignee] customer message: case ${number}`, `[supervisor] breach: case ${number}`]);
  });

  it(`itc: a technical request is acknowledged within 2 hours and started within 4 on the technical department's 24/24 working-day calendar, a business one on office hours; a message on it is due by the end of the next working day`, async () => {
    // Prepare: Friday 12 September 2031, 23:00; answered Monday 02:00; the customer writes again Monday 14:00.
    const complaint = (id: string, category: string) => ({
      id,
      category,
      channel: 'web' as const,
      receivedAt: '2031-09-12T23:00:00+07:00',
      actions: [
        { at: '2031-09-15T02:00:00+07:00', by: 'agent' as const, type: 'reply', message: 'We are checking.' },
        { at: '2031-09-15T14:00:00+07:00', by: 'customer' as const, type: 'reply', message: 'Any news?' },
      ],
    });
    const r = await sys.run({ policy: 'itc', complaints: [complaint('dept-tech', 'service_installation'), complaint('dept-biz', 'product_guidance')] });
    const tech = caseOf(r, 'dept-tech').clocks;
    const biz = caseOf(r, 'dept-biz').clocks;
    // Technical (category targets on technical_24h): Friday 23:00–24:00, then Monday from 00:00.
    expect(tech.acknowledgment?.due).toBe(utc('2031-09-15T01:00:00+07:00'));
    expect(tech.firstResponse).toMatchObject({ due: utc('2031-09-15T03:00:00+07:00'), met: true });
    // Business (the policy's office calendar): Monday 08:00–10:00; one whole business day, Monday.
    expect(biz.acknowledgment?.due).toBe(utc('2031-09-15T10:00:00+07:00'));
    expect(biz.firstResponse?.due).toBe(utc('2031-09-15T16:30:00+07:00'));
    // The default next-reply target names no calendar: the department's. Tuesday ends at 24:00 on technical_24h, at 16:30 at the office.
    expect(tech.nextReply).toMatchObject({ status: 'running', due: utc('2031-09-17T00:00:00+07:00') });
    expect(biz.nextReply).toMatchObject({ status: 'running', due: utc('2031-09-16T16:30:00+07:00') });
  });
});

describe('critical issues (earnway, UTC)', () => {
  it('earnway: a critical issue answered at 10:30 gets a progress update mailed at 14:30, 4 hours later, while it stays unresolved', async () => {
    const r = await sys.run({
      policy: 'earnway',
      until: '2031-07-14T15:00:00Z',
      complaints: [
        { id: 'crit-updates', category: 'system_failure', channel: 'web', receivedAt: '2031-07-14T09:00:00Z', details: { affectedFeature: 'Payouts' }, actions: [{ at: '2031-07-14T10:30:00Z', by: 'agent', type: 'reply', message: 'Engineers are on it.' }] },
      ],
    });
    expect(caseOf(r, 'crit-updates').timeline.filter((e) => e.type === 'progress_update').map((e) => e.at)).toEqual([at('2031-07-14T14:30:00Z')]);
    expect(caseOf(r, 'crit-updates').clocks.periodicUpdate).toMatchObject({ status: 'running', due: '2031-07-14T18:30:00Z' });
    const number = caseOf(r, 'crit-updates').caseNumber;
    expect((await sys.mailTo(customerAddress('crit-updates'))).map((m) => m.subject)).toContain(`Case ${number}: progress update`);
  });

  it(`earnway: a critical case (its category's default priority) not started within 2 hours breaches at 11:00 and the supervisor is mailed`, async () => {
    const r = await sys.run({ policy: 'earnway', until: '2031-07-15T11:30:00Z', complaints: [{ id: 'crit-late', category: 'account_security', channel: 'web', receivedAt: '2031-07-15T09:00:00Z' }] });
    const theCase = await sys.store.get(r.caseIds.get('crit-late')!);
    expect(theCase).toMatchObject({ priority: 'critical', lifecycle: { critical: true } });
    expect(caseOf(r, 'crit-late').clocks.firstResponse?.due).toBe('2031-07-15T11:00:00Z');
    expect(caseOf(r, 'crit-late').breaches.firstResponse).toBe(at('2031-07-15T11:00:00Z'));
    expect(caseOf(r, 'crit-late').timeline.find((e) => e.type === 'breached')?.summary).toMatch(/critical issue/);
    const number = caseOf(r, 'crit-late').caseNumber;
    expect((await sys.staffMailAbout(number)).map((m) => m.subject)).toContain(`[supervisor] breach: case ${number}`);
  });
});

describe('the escalation ladder', () => {
  it('ecomstore (New York, across the end of daylight saving): unresolved after 24 hours it goes to a supervisor, whose 4 business hours end Monday 11:00 EST; their silence takes it to management', async () => {
    // Prepare: Thursday 30 October 2031, 15:00 EDT; the clocks go back on Sunday 2 November.
    const r = await sys.run({ policy: 'ecomstore', until: '2031-11-03T11:30:00-05:00', complaints: [{ id: 'ladder-dst', category: 'technical_issue', channel: 'web', receivedAt: '2031-10-30T15:00:00-04:00' }] });
    const c = caseOf(r, 'ladder-dst');
    // Friday 15:00 EDT: the supervisor rung; 4 business hours = Friday 15:00–17:00 EDT + Monday 09:00–11:00 EST.
    const escalations = c.timeline.filter((e) => e.type === 'escalated_senior').map((e) => e.at);
    expect(escalations).toEqual([at('2031-10-31T15:00:00-04:00'), at('2031-11-03T11:00:00-05:00')]);
    expect(c.breaches.seniorResponse).toBe(at('2031-11-03T11:00:00-05:00'));
    // Management, the next rung, has its own 4 business hours: Monday 11:00–15:00 EST.
    expect(c).toMatchObject({ status: 'escalated_senior', level: 2 });
    expect(c.clocks.seniorResponse).toMatchObject({ status: 'running', due: utc('2031-11-03T15:00:00-05:00') });
    expect((await sys.mailTo(customerAddress('ladder-dst'))).map((m) => m.subject)).toContain(`Case ${c.caseNumber} escalated to a supervisor`);
  });

  it('promptearn (Lagos): the Dispute Resolution Team owes an update in 3 business days and a decision in 5, skipping Independence Day and the weekend; a missed update tells the customer, a missed decision the supervisor', async () => {
    // Prepare: Monday 29 September 2031, 10:00 Lagos, escalated to the team at once; Wednesday 1 October is a holiday.
    const r = await sys.run({
      policy: 'promptearn',
      until: '2031-10-07T18:00:00+01:00',
      complaints: [
        {
          id: 'drt-clocks',
          category: 'general_inquiry',
          channel: 'web',
          receivedAt: '2031-09-29T10:00:00+01:00',
          actions: [
            { at: '2031-09-29T10:10:00+01:00', by: 'agent', type: 'escalate', reason: 'Needs a senior.' },
            { at: '2031-09-29T10:20:00+01:00', by: 'senior', type: 'escalate', reason: 'Needs the team.' },
          ],
        },
      ],
    });
    const c = caseOf(r, 'drt-clocks');
    // Whole business days after a started Monday: Tue 30, Thu 2, Fri 3 (update); Mon 6, Tue 7 (decision), at 17:00.
    expect(c.clocks.disputeUpdate?.due).toBe(utc('2031-10-03T17:00:00+01:00'));
    expect(c.clocks.disputeDecision?.due).toBe(utc('2031-10-07T17:00:00+01:00'));
    expect(firstEventAt(r, 'drt-clocks', 'dispute_update_overdue')).toBe(at('2031-10-03T17:00:00+01:00'));
    expect(c.breaches.disputeDecision).toBe(at('2031-10-07T17:00:00+01:00'));
    expect(c.status).toBe('dispute_review');
    const customerMail = (await sys.mailTo(customerAddress('drt-clocks'))).map((m) => m.subject);
    expect(customerMail).toEqual(expect.arrayContaining([`Case ${c.caseNumber}: review by the Dispute Resolution Team`, expect.stringMatching(/taking longer/)]));
    expect((await sys.staffMailAbout(c.caseNumber)).map((m) => m.subject)).toContain(`[supervisor] breach: case ${c.caseNumber}`);
  });
});

describe('after the resolution, and the longest a case may take', () => {
  it('promptearn: a resolution at 11:00 sends the satisfaction survey 24 hours later, and the case closes when the 7-day survey window ends', async () => {
    const r = await sys.run({
      policy: 'promptearn',
      until: '2031-08-12T13:00:00+01:00',
      complaints: [{ id: 'follow-up', category: 'general_inquiry', channel: 'web', receivedAt: '2031-08-04T10:00:00+01:00', actions: [{ at: '2031-08-04T12:00:00+01:00', by: 'agent', type: 'resolve', summary: 'Access restored.' }] }],
    });
    const c = caseOf(r, 'follow-up');
    expect(c.clocks.followUp).toMatchObject({ due: utc('2031-08-05T12:00:00+01:00') });
    expect(c.clocks.followUpClose).toMatchObject({ due: utc('2031-08-12T12:00:00+01:00') });
    expect(c.status).toBe('closed');
    expect(firstEventAt(r, 'follow-up', 'closed')).toBe(at('2031-08-12T12:00:00+01:00'));
    expect((await sys.mailTo(customerAddress('follow-up'))).map((m) => m.subject)).toContain(`How did we do on case ${c.caseNumber}?`);
  });

  it('itc: a case still open 7 days after it was received breaches the maximum processing time and the supervisor is mailed', async () => {
    const r = await sys.run({
      policy: 'itc',
      until: '2031-10-13T10:00:00+07:00',
      complaints: [{ id: 'max-7d', category: 'product_guidance', channel: 'web', receivedAt: '2031-10-06T09:00:00+07:00', actions: [{ at: '2031-10-06T11:00:00+07:00', by: 'agent', type: 'reply', message: 'We are checking.' }] }],
    });
    const c = caseOf(r, 'max-7d');
    expect(c.clocks.maxProcessing?.due).toBe(utc('2031-10-13T09:00:00+07:00'));
    expect(c.breaches.maxProcessing).toBe(at('2031-10-13T09:00:00+07:00'));
    const notices = await sys.staffMailAbout(c.caseNumber);
    expect(notices.filter((m) => /breach/.test(m.subject)).some((m) => /maxProcessing|maximum/i.test(m.body.text ?? ''))).toBe(true);
  });
});

describe('contact channels', () => {
  it(`ecomstore takes complaints by web, email and social media, each with its channel's first-response target: 2 hours, 2 business hours (Monday 11:00 for a Saturday email), 4 hours; a Saturday chat is answered within 5 minutes, 24/7`, async () => {
    // Prepare: Saturday 19 July 2031, 10:00 New York.
    const on = (channel: 'web' | 'email' | 'social' | 'chat') => ({ id: `channel-${channel}`, category: 'general_question', channel, receivedAt: '2031-07-19T10:00:00-04:00' });
    const r = await sys.run({ policy: 'ecomstore', complaints: [on('web'), on('email'), on('social'), on('chat')] });
    expect(r.refused).toEqual([]);
    const due = (channel: string) => caseOf(r, `channel-${channel}`).clocks.firstResponse?.due;
    expect(due('web')).toBe(utc('2031-07-19T12:00:00-04:00'));
    expect(due('email')).toBe(utc('2031-07-21T11:00:00-04:00'));
    expect(due('social')).toBe(utc('2031-07-19T14:00:00-04:00'));
    expect(due('chat')).toBe(utc('2031-07-19T10:05:00-04:00'));
    expect(caseOf(r, 'channel-chat').clocks.acknowledgment).toMatchObject({ due: utc('2031-07-19T10:01:00-04:00'), met: true });
  });
});

describe('what the customer reads', () => {
  it(`itc: every mail the customer receives, as SES sends it, uses the policy's own templates and opens with "Dear customers," and ends with the closing sentence`, async () => {
    const r = await sys.run({
      policy: 'itc',
      complaints: [
        {
          id: 'itc-mail',
          category: 'product_guidance',
          channel: 'web',
          receivedAt: '2031-10-20T09:00:00+07:00',
          actions: [
            { at: '2031-10-20T10:00:00+07:00', by: 'agent', type: 'reply', message: 'Open Settings, then Mail.' },
            { at: '2031-10-20T11:00:00+07:00', by: 'agent', type: 'resolve', summary: 'The mailbox is configured.' },
          ],
        },
      ],
    });
    const itc = loadPolicy('itc');
    const number = caseOf(r, 'itc-mail').caseNumber;
    const mail = await sys.mailTo(customerAddress('itc-mail'));
    expect(mail.map((m) => m.subject)).toEqual([`Request ${number} received`, `Request ${number}: answer`, `Request ${number} processed`]);
    for (const m of mail) {
      expect(m.body.text!.startsWith(itc.messages.greeting!)).toBe(true);
      expect(m.body.text!.trimEnd().endsWith(itc.messages.closing!)).toBe(true);
    }
  });

  it('every preset numbers its cases with its own prefix and the year, in the intake answer and the acknowledgment mail', async () => {
    for (const name of listPresets()) {
      const policy = loadPolicy(name);
      const category = policy.categories.find((c) => c.details.every((d) => !d.required))!;
      // The intake's answer (the 201 body of POST /complaints) ...
      const deps = { policies: policyBook(policy), store: sys.store, publicBaseUrl: 'https://redress.example', now: () => new Date('2031-11-17T10:00:00Z'), newId: () => crypto.randomUUID() };
      const filed = await fileComplaint(deps, { customer: { name: 'Ada', email: `number-api-${name}@customer.example` }, category: category.slug, subject: 'A question', description: 'A question.' });
      expect(filed.ok && filed.body.caseNumber).toMatch(new RegExp(`^${policy.caseNumberPrefix}-2031-\\d{6}$`));
      // ... and the acknowledgment the workflow mails.
      const id = `number-${name}`;
      const r = await sys.run({ policy: name, complaints: [{ id, category: category.slug, channel: 'web', receivedAt: '2031-11-17T10:00:00Z' }] });
      const number = caseOf(r, id).caseNumber;
      expect(number).toMatch(new RegExp(`^${policy.caseNumberPrefix}-2031-\\d{6}$`));
      expect((await sys.mailTo(customerAddress(id))).map((m) => m.subject)).toEqual([expect.stringContaining(number)]);
    }
  });

  it('ecomstore: a complaint about an order without its order number is refused naming the missing detail; with it, the case opens and keeps it', async () => {
    const order = (id: string, details: Record<string, unknown>) => ({ id, category: 'order_issue', channel: 'web' as const, receivedAt: '2031-11-18T10:00:00-05:00', details });
    const r = await sys.run({ policy: 'ecomstore', complaints: [order('order-without', {}), order('order-with', { orderNumber: 'A-1042' })] });
    expect(r.refused).toEqual([expect.objectContaining({ complaint: 'order-without', step: 'file', reason: 'invalid', detail: expect.stringContaining('details.orderNumber') })]);
    expect((await sys.store.get(r.caseIds.get('order-with')!))?.details).toEqual({ orderNumber: 'A-1042' });
  });
});
