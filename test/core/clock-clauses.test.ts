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

/** A local wall-clock instant as a clock's `due` is written (RFC 3339, seconds). */
const utc = (local: string) => new Date(local).toISOString().replace('.000Z', 'Z');
/** The same instant as timeline events and breaches record it (milliseconds). */
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

  it('promptearn: a payout complaint by email opens without its bank details; the customer must be asked within 24 hours, and a case nobody asks breaches', async () => {
    // Prepare: two emails about a payout received Monday 10:00 Lagos, neither with the category's required details.
    const email = (id: string, askAt?: string) => ({
      id,
      category: 'payout_delay',
      channel: 'email' as const,
      receivedAt: '2031-07-21T10:00:00+01:00',
      actions: askAt ? [{ at: askAt, by: 'agent' as const, type: 'requestInfo', questions: 'Which bank, the last 4 digits of the account, the amount and the date of the withdrawal?' }] : [],
    });
    // Act
    const r = await sys.run({ policy: 'promptearn', until: '2031-07-22T12:00:00+01:00', complaints: [email('payout-asked', '2031-07-21T15:00:00+01:00'), email('payout-unasked')] });
    // Assess: the clock ran from receipt for 24 calendar hours; asking met it, silence breached it at Tuesday 10:00.
    expect(caseOf(r, 'payout-asked').clocks.infoRequest).toMatchObject({ status: 'stopped', met: true, due: utc('2031-07-22T10:00:00+01:00') });
    expect(caseOf(r, 'payout-asked').breaches.infoRequest).toBeUndefined();
    expect(caseOf(r, 'payout-unasked').breaches.infoRequest).toBe(at('2031-07-22T10:00:00+01:00'));
    expect((await sys.store.get(r.caseIds.get('payout-unasked')!))?.details).toEqual({});
  });

  it('ecomstore: a complaint about an order without its order number is refused naming the missing detail; with it, the case opens and keeps it', async () => {
    const order = (id: string, details: Record<string, unknown>) => ({ id, category: 'order_issue', channel: 'web' as const, receivedAt: '2031-11-18T10:00:00-05:00', details });
    const r = await sys.run({ policy: 'ecomstore', complaints: [order('order-without', {}), order('order-with', { orderNumber: 'A-1042' })] });
    expect(r.refused).toEqual([expect.objectContaining({ complaint: 'order-without', step: 'file', reason: 'invalid', detail: expect.stringContaining('details.orderNumber') })]);
    expect((await sys.store.get(r.caseIds.get('order-with')!))?.details).toEqual({ orderNumber: 'A-1042' });
  });
});

/**
 * One timetable per preset: the same four stories (nobody answers; the customer is asked and stays silent; a
 * conversation that ends in a resolution; the preset's special case) under each policy, with every due instant and
 * what happened at it worked out by hand in the preset's own calendar.
 */
describe('each preset keeps its own clocks on its own calendar', () => {
  const silent = (id: string, category: string, receivedAt: string) => ({ id, category, channel: 'web' as const, receivedAt });
  const asked = (id: string, category: string, receivedAt: string, askAt: string) => ({ id, category, channel: 'web' as const, receivedAt, actions: [{ at: askAt, by: 'agent' as const, type: 'requestInfo', questions: 'Which one?' }] });
  const talk = (id: string, category: string, receivedAt: string, steps: { reply: string; customer: string; answer: string; resolve: string }) => ({
    id,
    category,
    channel: 'web' as const,
    receivedAt,
    actions: [
      { at: steps.reply, by: 'agent' as const, type: 'reply', message: 'We are checking.' },
      { at: steps.customer, by: 'customer' as const, type: 'reply', message: 'Any news?' },
      { at: steps.answer, by: 'agent' as const, type: 'reply', message: 'Nearly there.' },
      { at: steps.resolve, by: 'agent' as const, type: 'resolve', summary: 'Done.' },
    ],
  });
  const events = (r: Awaited<ReturnType<RunningSystem['run']>>, id: string, type: string) => caseOf(r, id).timeline.filter((e) => e.type === type).map((e) => e.at);

  it('generic (London office 09:00–17:00, English bank holidays, summer time; chat 08:00–20:00 on weekdays): 1-hour acknowledgment, 24-hour answers, 5 business days to resolve (2 when high), 3 and 10 business days of silence, a survey the next day', async () => {
    // Prepare: Thursday 21 August 2031, 10:00 BST; Monday 25 August is the summer bank holiday.
    const r = await sys.run({
      policy: 'generic',
      until: '2031-09-06T13:00:00+01:00',
      complaints: [
        silent('gen-silent', 'general_inquiry', '2031-08-21T10:00:00+01:00'),
        silent('gen-high', 'technical_issue', '2031-08-21T10:00:00+01:00'),
        asked('gen-asked', 'general_inquiry', '2031-08-21T10:00:00+01:00', '2031-08-21T11:00:00+01:00'),
        talk('gen-talk', 'general_inquiry', '2031-08-21T10:00:00+01:00', { reply: '2031-08-21T11:00:00+01:00', customer: '2031-08-21T15:00:00+01:00', answer: '2031-08-22T12:00:00+01:00', resolve: '2031-08-22T12:30:00+01:00' }),
        { id: 'gen-chat', category: 'general_inquiry', channel: 'chat', receivedAt: '2031-08-22T19:58:00+01:00' },
      ],
    });
    // Nobody answers: 24 hours; 5 business days (Fri 22, Tue 26 … Fri 29) to resolve, then a supervisor with 2 business days (Mon 1, Tue 2 September).
    const s = caseOf(r, 'gen-silent');
    expect(s.clocks.acknowledgment).toMatchObject({ met: true, due: utc('2031-08-21T11:00:00+01:00') });
    expect(s.breaches.firstResponse).toBe(at('2031-08-22T10:00:00+01:00'));
    expect(s.breaches.resolution).toBe(at('2031-08-29T17:00:00+01:00'));
    expect(events(r, 'gen-silent', 'escalated_senior')).toEqual([at('2031-08-29T17:00:00+01:00')]);
    expect(s.breaches.seniorResponse).toBe(at('2031-09-02T17:00:00+01:00'));
    // High priority: 2 business days, Friday and Tuesday (the bank holiday skipped).
    expect(caseOf(r, 'gen-high').breaches.resolution).toBe(at('2031-08-26T17:00:00+01:00'));
    // Asked and silent: reminded after 3 business days (Fri 22, Tue 26, Wed 27), closed after 10 (… Fri 5 September).
    expect(events(r, 'gen-asked', 'reminder_sent')).toEqual([at('2031-08-27T17:00:00+01:00')]);
    expect(events(r, 'gen-asked', 'closed')).toEqual([at('2031-09-05T17:00:00+01:00')]);
    // A conversation: the customer's message answered within 24 hours; the survey one day after the resolution, closed 14 days after it.
    const t = caseOf(r, 'gen-talk');
    expect(t.clocks.nextReply).toMatchObject({ met: true, due: utc('2031-08-22T15:00:00+01:00') });
    expect(t.clocks.followUp).toMatchObject({ due: utc('2031-08-23T12:30:00+01:00') });
    expect(events(r, 'gen-talk', 'closed')).toEqual([at('2031-09-06T12:30:00+01:00')]);
    expect((await sys.mailTo(customerAddress('gen-talk'))).map((m) => m.subject)).toContain(`How did we do on case ${t.caseNumber}?`);
    // Chat at Friday 19:58: 5 minutes of chat hours, 2 on Friday and 3 on Monday morning (the bank holiday does not close the chat).
    expect(caseOf(r, 'gen-chat').clocks.firstResponse?.due).toBe(utc('2031-08-25T08:03:00+01:00'));
    expect(caseOf(r, 'gen-chat').clocks.acknowledgment).toMatchObject({ met: true, due: utc('2031-08-25T08:03:00+01:00') });
  });

  it('earnway (around the clock, UTC): 24-hour acknowledgment, 48-hour answers, resolution and updates, a supervisor after 96 hours with 24 of their own; critical cases resolved in 24 hours or escalated', async () => {
    // Prepare: Monday 1 December 2031, 09:00 UTC.
    const r = await sys.run({
      policy: 'earnway',
      until: '2031-12-10T11:00:00Z',
      complaints: [
        silent('ew-silent', 'feedback', '2031-12-01T09:00:00Z'),
        silent('ew-critical', 'account_security', '2031-12-01T09:00:00Z'),
        asked('ew-asked', 'feedback', '2031-12-01T09:00:00Z', '2031-12-01T10:00:00Z'),
        talk('ew-talk', 'feedback', '2031-12-01T09:00:00Z', { reply: '2031-12-01T10:00:00Z', customer: '2031-12-01T12:00:00Z', answer: '2031-12-02T09:00:00Z', resolve: '2031-12-02T10:00:00Z' }),
      ],
    });
    const s = caseOf(r, 'ew-silent');
    expect(s.clocks.acknowledgment).toMatchObject({ met: true, due: '2031-12-02T09:00:00Z' });
    expect(s.breaches.firstResponse).toBe(at('2031-12-03T09:00:00Z'));
    expect(s.breaches.resolution).toBe(at('2031-12-03T09:00:00Z'));
    expect(events(r, 'ew-silent', 'progress_update')[0]).toBe(at('2031-12-03T09:00:00Z'));
    expect(events(r, 'ew-silent', 'escalated_senior')).toEqual([at('2031-12-05T09:00:00Z')]);
    expect(s.breaches.seniorResponse).toBe(at('2031-12-06T09:00:00Z'));
    // Critical: resolution and escalation after 24 hours.
    expect(caseOf(r, 'ew-critical').breaches.resolution).toBe(at('2031-12-02T09:00:00Z'));
    expect(events(r, 'ew-critical', 'escalated_senior')).toEqual([at('2031-12-02T09:00:00Z')]);
    expect(events(r, 'ew-asked', 'reminder_sent')).toEqual([at('2031-12-04T10:00:00Z')]);
    expect(events(r, 'ew-asked', 'closed')).toEqual([at('2031-12-08T10:00:00Z')]);
    const t = caseOf(r, 'ew-talk');
    expect(t.clocks.nextReply).toMatchObject({ met: true, due: '2031-12-03T12:00:00Z' });
    expect(t.clocks.followUp).toMatchObject({ due: '2031-12-03T10:00:00Z' });
    expect(events(r, 'ew-talk', 'closed')).toEqual([at('2031-12-10T10:00:00Z')]);
  });

  it('promptearn (Lagos office 09:00–17:00, Nigerian holidays): 24-hour acknowledgment and answers, 48 hours to resolve (24 when high), a senior after 48 hours with 48 of their own, then the Dispute Resolution Team; 3 and 7 days of silence', async () => {
    // Prepare: Monday 1 December 2031, 10:00 Lagos.
    const r = await sys.run({
      policy: 'promptearn',
      until: '2031-12-10T18:00:00+01:00',
      complaints: [
        silent('pe-silent', 'general_inquiry', '2031-12-01T10:00:00+01:00'),
        asked('pe-asked', 'general_inquiry', '2031-12-01T10:00:00+01:00', '2031-12-01T11:00:00+01:00'),
        talk('pe-talk', 'technical_issue', '2031-12-01T10:00:00+01:00', { reply: '2031-12-01T11:00:00+01:00', customer: '2031-12-01T13:00:00+01:00', answer: '2031-12-02T09:00:00+01:00', resolve: '2031-12-02T09:30:00+01:00' }),
      ],
    });
    const s = caseOf(r, 'pe-silent');
    expect(s.clocks.acknowledgment).toMatchObject({ met: true, due: utc('2031-12-02T10:00:00+01:00') });
    expect(s.breaches.firstResponse).toBe(at('2031-12-02T10:00:00+01:00'));
    expect(s.breaches.resolution).toBe(at('2031-12-03T10:00:00+01:00'));
    expect(events(r, 'pe-silent', 'escalated_senior')).toEqual([at('2031-12-03T10:00:00+01:00')]);
    expect(s.breaches.seniorResponse).toBe(at('2031-12-05T10:00:00+01:00'));
    // The senior's silence hands it to the team on Friday 10:00: 3 business days, Mon 8, Tue 9, Wed 10, at the 17:00 close.
    expect(events(r, 'pe-silent', 'escalated_dispute_review')).toEqual([at('2031-12-05T10:00:00+01:00')]);
    expect(s.clocks.disputeUpdate?.due).toBe(utc('2031-12-10T17:00:00+01:00'));
    expect(events(r, 'pe-asked', 'reminder_sent')).toEqual([at('2031-12-04T11:00:00+01:00')]);
    expect(events(r, 'pe-asked', 'closed')).toEqual([at('2031-12-08T11:00:00+01:00')]);
    const t = caseOf(r, 'pe-talk');
    expect(t.clocks.nextReply).toMatchObject({ met: true, due: utc('2031-12-02T13:00:00+01:00') });
    expect(t.clocks.resolution).toMatchObject({ met: true, due: utc('2031-12-02T10:00:00+01:00') });
    expect(t.clocks.followUp).toMatchObject({ due: utc('2031-12-03T09:30:00+01:00') });
    expect(events(r, 'pe-talk', 'closed')).toEqual([at('2031-12-10T09:30:00+01:00')]);
  });

  it('itc (Ho Chi Minh City office hours): one business day to start, a Customer Room after 5 days with one business day of its own, 7 days at most; the survey the next business day, closed 5 business days later', async () => {
    // Prepare: Monday 1 December 2031, 09:00 in Ho Chi Minh City.
    const r = await sys.run({
      policy: 'itc',
      until: '2031-12-09T17:00:00+07:00',
      complaints: [
        silent('itc-silent', 'product_guidance', '2031-12-01T09:00:00+07:00'),
        { id: 'itc-done', category: 'product_guidance', channel: 'web', receivedAt: '2031-12-01T09:00:00+07:00', actions: [{ at: '2031-12-01T10:00:00+07:00', by: 'agent', type: 'reply', message: 'Open Settings.' }, { at: '2031-12-01T11:00:00+07:00', by: 'agent', type: 'resolve', summary: 'Configured.' }] },
      ],
    });
    const s = caseOf(r, 'itc-silent');
    // Monday is a started day: the whole business day counted is Tuesday, to its 16:30 close.
    expect(s.breaches.firstResponse).toBe(at('2031-12-02T16:30:00+07:00'));
    expect(events(r, 'itc-silent', 'escalated_senior')).toEqual([at('2031-12-06T09:00:00+07:00')]);
    expect(s.breaches.seniorResponse).toBe(at('2031-12-08T16:30:00+07:00'));
    // The Customer Room's own clock replaces the front line's 7-day resolution; the 7-day maximum still holds.
    expect(s.clocks.resolution?.status).toBe('stopped');
    expect(s.breaches.maxProcessing).toBe(at('2031-12-08T09:00:00+07:00'));
    const d = caseOf(r, 'itc-done');
    expect(d.clocks.resolution).toMatchObject({ met: true, due: utc('2031-12-08T09:00:00+07:00') });
    expect(d.clocks.followUp).toMatchObject({ due: utc('2031-12-02T16:30:00+07:00') });
    expect(events(r, 'itc-done', 'closed')).toEqual([at('2031-12-09T16:30:00+07:00')]);
  });

  it('ecomstore (New York 09:00–17:00, US holidays): 2 business hours for a message, 2 business days of silence across Thanksgiving, 24 hours to resolve, then a supervisor and management with 4 business hours each', async () => {
    // Prepare: Tuesday 25 November 2031 (EST); Thursday 27 November is Thanksgiving.
    const r = await sys.run({
      policy: 'ecomstore',
      until: '2031-12-04T11:00:00-05:00',
      complaints: [
        silent('es-silent', 'general_question', '2031-11-25T10:00:00-05:00'),
        asked('es-asked', 'general_question', '2031-11-25T10:00:00-05:00', '2031-11-25T11:00:00-05:00'),
        talk('es-talk', 'general_question', '2031-11-25T15:30:00-05:00', { reply: '2031-11-25T15:45:00-05:00', customer: '2031-11-25T16:30:00-05:00', answer: '2031-11-26T10:00:00-05:00', resolve: '2031-11-26T10:15:00-05:00' }),
      ],
    });
    const s = caseOf(r, 'es-silent');
    expect(s.clocks.acknowledgment).toMatchObject({ met: true, due: utc('2031-11-25T10:05:00-05:00') });
    expect(s.breaches.firstResponse).toBe(at('2031-11-25T12:00:00-05:00'));
    expect(s.breaches.resolution).toBe(at('2031-11-26T10:00:00-05:00'));
    // Supervisor from Wednesday 10:00: 10:00–14:00. Management from 14:00: 14:00–17:00, Thanksgiving closed, Friday 09:00–10:00.
    expect(events(r, 'es-silent', 'escalated_senior')).toEqual([at('2031-11-26T10:00:00-05:00'), at('2031-11-26T14:00:00-05:00')]);
    expect(s.clocks.seniorResponse?.due).toBe(utc('2031-11-28T10:00:00-05:00'));
    // Asked Tuesday 11:00: 2 business days, Wednesday and Friday; closed 7 days after the question.
    expect(events(r, 'es-asked', 'reminder_sent')).toEqual([at('2031-11-28T17:00:00-05:00')]);
    expect(events(r, 'es-asked', 'closed')).toEqual([at('2031-12-02T11:00:00-05:00')]);
    // A message at Tuesday 16:30: 16:30–17:00, then Wednesday 09:00–10:30.
    const t = caseOf(r, 'es-talk');
    expect(t.clocks.nextReply).toMatchObject({ met: true, due: utc('2031-11-26T10:30:00-05:00') });
    expect(t.clocks.followUp).toMatchObject({ due: utc('2031-11-27T10:15:00-05:00') });
    expect(events(r, 'es-talk', 'closed')).toEqual([at('2031-12-04T10:15:00-05:00')]);
  });
});
