import { describe, expect, it } from 'vitest';
import { actionBody, customerActions, humanize, normalizeClocks, normalizeDeadlines, normalizeTimeline, parseCaseLocation, statusLinkFor } from '../../web/js/case-view.js';
import { problemMessage } from '../../web/js/problem.js';

describe('parseCaseLocation', () => {
  it('reads the id from the query and the token from the fragment only', () => {
    expect(parseCaseLocation('?id=abc-123', '#token=s3cr%2Bt')).toEqual({ id: 'abc-123', token: 's3cr+t' });
    expect(parseCaseLocation('?id=abc&token=leaked', '')).toEqual({ id: 'abc', token: null });
    expect(parseCaseLocation('', '#token=t')).toEqual({ id: null, token: 't' });
  });

  it("reads an email's signed access link from the fragment as the credential", () => {
    expect(parseCaseLocation('?id=abc', '#access=AbCdEfGh.act.tq3z00.0123456789abcdefABCDEF')).toEqual({ id: 'abc', token: 'AbCdEfGh.act.tq3z00.0123456789abcdefABCDEF' });
    expect(parseCaseLocation('?id=abc&access=leaked', '')).toEqual({ id: 'abc', token: null });
  });
});

describe('statusLinkFor', () => {
  const created = { id: 'c0ffee', accessToken: 'tok/en' };

  it('uses the server statusUrl when it points at this site', () => {
    const statusUrl = 'https://complaints.example.com/case.html?id=c0ffee#token=tok%2Fen';
    expect(statusLinkFor({ ...created, statusUrl }, 'https://complaints.example.com')).toBe('/case.html?id=c0ffee#token=tok%2Fen');
  });

  it('builds the link itself, token in the fragment, when statusUrl is missing or names another host', () => {
    expect(statusLinkFor(created, 'http://127.0.0.1:5123')).toBe('/case.html?id=c0ffee#token=tok%2Fen');
    expect(statusLinkFor({ ...created, statusUrl: 'http://localhost:3000/case.html?id=c0ffee#token=x' }, 'http://127.0.0.1:5123')).toBe(
      '/case.html?id=c0ffee#token=tok%2Fen',
    );
  });
});

describe('humanize', () => {
  it('turns codes into words', () => {
    expect(humanize('firstResponse')).toBe('First response');
    expect(humanize('in_progress')).toBe('In progress');
    expect(humanize('acknowledged')).toBe('Acknowledged');
  });
});

describe('normalizeDeadlines', () => {
  it('lists the API deadline map by due time with each explanation', () => {
    const deadlines = {
      resolution: { clock: 'resolution', due: '2026-11-25T10:00:00Z', explanation: { text: 'Due in 48 hours.' } },
      acknowledgment: { clock: 'acknowledgment', due: '2026-11-23T11:00:00Z', explanation: { text: 'Due in 1 hour.' } },
      firstResponse: { clock: 'firstResponse', due: '2026-11-24T10:00:00Z', explanation: { text: 'Due in 24 hours.' } },
    };
    expect(normalizeDeadlines(deadlines)).toEqual([
      { clock: 'acknowledgment', label: 'Acknowledgment', due: '2026-11-23T11:00:00Z', text: 'Due in 1 hour.' },
      { clock: 'firstResponse', label: 'First response', due: '2026-11-24T10:00:00Z', text: 'Due in 24 hours.' },
      { clock: 'resolution', label: 'Resolution', due: '2026-11-25T10:00:00Z', text: 'Due in 48 hours.' },
    ]);
  });

  it('accepts a list or bare timestamps and drops entries without a valid time', () => {
    expect(normalizeDeadlines([{ clock: 'followUp', due: '2026-11-30T09:00:00Z' }, { clock: 'x', due: 'soon' }])).toEqual([
      { clock: 'followUp', label: 'Follow up', due: '2026-11-30T09:00:00Z', text: null },
    ]);
    expect(normalizeDeadlines({ resolution: '2026-11-25T10:00:00Z' })[0]).toMatchObject({ label: 'Resolution', text: null });
    expect(normalizeDeadlines(undefined)).toEqual([]);
  });
});

describe('normalizeTimeline', () => {
  it('orders events oldest first (sequence breaks ties), titles them by type, keeps summary, actor and clause', () => {
    const events = normalizeTimeline([
      { seq: 2, at: '2026-11-23T10:00:00Z', type: 'acknowledged', summary: 'Acknowledgment sent.', actor: 'Redress' },
      { seq: 1, at: '2026-11-23T10:00:00Z', type: 'received', summary: 'Complaint received.', clause: 'We acknowledge every complaint.' },
    ]);
    expect(events).toEqual([
      { at: '2026-11-23T10:00:00Z', title: 'Received', text: 'Complaint received.', actor: null, messages: [], clause: 'We acknowledge every complaint.' },
      { at: '2026-11-23T10:00:00Z', title: 'Acknowledged', text: 'Acknowledgment sent.', actor: 'Redress', messages: [], clause: null },
    ]);
  });

  it("shows the words people wrote: a reply's message, the questions asked, a resolution and what was done", () => {
    const [reply, info, resolved] = normalizeTimeline([
      { seq: 1, at: '2026-11-23T10:00:00Z', type: 'staff_replied', summary: 'The support team replied.', message: 'We found the sale.' },
      { seq: 2, at: '2026-11-23T11:00:00Z', type: 'info_requested', summary: 'We need more information.', details: { questions: 'Which order?' } },
      { seq: 3, at: '2026-11-23T12:00:00Z', type: 'resolved', summary: 'We resolved your case.', resolution: 'Commission paid.', actionsTaken: 'Credited $12.' },
    ]);
    expect(reply!.messages).toEqual([{ label: null, text: 'We found the sale.' }]);
    expect(info!.messages).toEqual([{ label: 'Our questions', text: 'Which order?' }]);
    expect(resolved!.messages).toEqual([
      { label: 'Resolution', text: 'Commission paid.' },
      { label: 'What we did', text: 'Credited $12.' },
    ]);
  });

  it('survives events without a type and a missing timeline', () => {
    expect(normalizeTimeline([{ at: '2026-11-23T10:00:00Z', message: 'Hello' }])).toEqual([
      { at: '2026-11-23T10:00:00Z', title: 'Hello', text: '', actor: null, messages: [], clause: null },
    ]);
    expect(normalizeTimeline(null)).toEqual([]);
  });
});

describe('normalizeClocks', () => {
  it("shows the server's human times as they are, one sentence per status", () => {
    const clocks = normalizeClocks({
      clocks: [
        { clock: 'resolution', label: 'Resolution', status: 'running', due: '2026-12-10T09:30:00Z', dueText: 'Thursday 10 December 2026, 16:30 (Ho Chi Minh City time, GMT+7)', clause: 'c', explanation: 'e' },
        { clock: 'firstResponse', label: 'First response', status: 'paused', remainingSeconds: 9000, remainingText: '2 business hours 30 minutes left, paused while we wait for you', clause: 'c', explanation: 'e' },
        { clock: 'acknowledgment', label: 'Acknowledgment', status: 'met', at: '2026-12-09T02:00:00Z', atText: 'Wednesday 9 December 2026, 09:00 (Ho Chi Minh City time, GMT+7)', clause: 'c', explanation: 'e' },
        { clock: 'seniorResponse', label: 'Senior review answer', status: 'breached', due: 'x', dueText: 'Friday 11 December 2026, 10:00 (Ho Chi Minh City time, GMT+7)', clause: 'c', explanation: 'e' },
      ],
    });
    expect(clocks.map((c) => [c.label, c.status, c.when])).toEqual([
      ['Resolution', 'running', 'Due Thursday 10 December 2026, 16:30 (Ho Chi Minh City time, GMT+7)'],
      ['First response', 'paused', '2 business hours 30 minutes left, paused while we wait for you'],
      ['Acknowledgment', 'met', 'Done Wednesday 9 December 2026, 09:00 (Ho Chi Minh City time, GMT+7)'],
      ['Senior review answer', 'breached', 'Was due Friday 11 December 2026, 10:00 (Ho Chi Minh City time, GMT+7)'],
    ]);
    expect(clocks.every((c) => c.due === null)).toBe(true); // the page never formats a second zone itself
  });

  it('falls back to the intake deadlines when the view has no clocks', () => {
    const clocks = normalizeClocks({ deadlines: { resolution: { due: '2026-11-25T10:00:00Z', explanation: { text: 'Due in 48 hours.' } } } });
    expect(clocks).toEqual([{ clock: 'resolution', label: 'Resolution', status: 'running', when: null, due: '2026-11-25T10:00:00Z', explanation: 'Due in 48 hours.', clause: null }]);
    expect(normalizeClocks({})).toEqual([]);
  });
});

describe('customerActions', () => {
  const resolvedEvent = { type: 'resolved' };
  it.each([
    [{ status: 'received', level: 0, rated: false, timeline: [] }, ['reply']],
    [{ status: 'in_progress', level: 0, rated: false, timeline: [] }, ['reply', 'escalate']],
    [{ status: 'awaiting_customer', level: 0, rated: false, timeline: [] }, ['answer', 'escalate']],
    [{ status: 'escalated_senior', level: 1, rated: false, timeline: [] }, ['reply']],
    [{ status: 'resolved', level: 0, rated: false, timeline: [resolvedEvent] }, ['reply', 'accept', 'dispute', 'rate']],
    [{ status: 'closed', level: 0, rated: false, timeline: [resolvedEvent] }, ['rate']],
    [{ status: 'closed', level: 0, rated: true, timeline: [resolvedEvent] }, []],
    [{ status: 'mediation_recommended', level: 2, rated: false, timeline: [] }, []],
  ])('offers what a %o case allows', (view, expected) => {
    expect(customerActions(view)).toEqual(expected);
  });

  it('builds the API body of each action, trimmed, without an empty comment', () => {
    expect(actionBody('answer', { message: ' The order is 42. ' })).toEqual({ type: 'reply', message: 'The order is 42.' });
    expect(actionBody('escalate', { reason: 'Too slow' })).toEqual({ type: 'dispute', reason: 'Too slow' });
    expect(actionBody('accept', {})).toEqual({ type: 'acceptResolution' });
    expect(actionBody('rate', { score: '4', comment: '  ' })).toEqual({ type: 'rate', score: 4 });
  });
});

describe('problemMessage', () => {
  it("shows the API's own detail, and falls back to a sentence for the status", () => {
    expect(problemMessage(409, { title: 'Conflict', status: 409, detail: 'There is no resolution to accept right now.' }).message).toBe('There is no resolution to accept right now.');
    expect(problemMessage(401, { message: 'Unauthorized' }).message).toMatch(/sign in again/);
    expect(problemMessage(502, null).message).toMatch(/on our side/);
  });

  it('lists field errors when there is no detail', () => {
    const { message, fields } = problemMessage(422, { title: 'Invalid', errors: [{ field: 'reason', message: 'reason is required' }] });
    expect(fields).toEqual({ reason: 'reason is required' });
    expect(message).toBe('Some of what was entered is not valid. reason: reason is required.');
  });
});
