import { describe, expect, it } from 'vitest';
import { humanize, normalizeDeadlines, normalizeTimeline, parseCaseLocation, statusLinkFor } from '../../web/js/case-view.js';

describe('parseCaseLocation', () => {
  it('reads the id from the query and the token from the fragment only', () => {
    expect(parseCaseLocation('?id=abc-123', '#token=s3cr%2Bt')).toEqual({ id: 'abc-123', token: 's3cr+t' });
    expect(parseCaseLocation('?id=abc&token=leaked', '')).toEqual({ id: 'abc', token: null });
    expect(parseCaseLocation('', '#token=t')).toEqual({ id: null, token: 't' });
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
  it('orders events oldest first and titles them by type, keeping the summary and clause', () => {
    const events = normalizeTimeline([
      { at: '2026-11-23T10:00:05Z', type: 'acknowledged', summary: 'Acknowledgment sent.', actor: 'system' },
      { at: '2026-11-23T10:00:00Z', type: 'received', summary: 'Complaint received.', clause: 'We acknowledge every complaint.' },
    ]);
    expect(events).toEqual([
      { at: '2026-11-23T10:00:00Z', title: 'Received', text: 'Complaint received.', clause: 'We acknowledge every complaint.' },
      { at: '2026-11-23T10:00:05Z', title: 'Acknowledged', text: 'Acknowledgment sent.', clause: null },
    ]);
  });

  it('survives events without a type and a missing timeline', () => {
    expect(normalizeTimeline([{ at: '2026-11-23T10:00:00Z', message: 'Hello' }])).toEqual([
      { at: '2026-11-23T10:00:00Z', title: 'Hello', text: '', clause: null },
    ]);
    expect(normalizeTimeline(null)).toEqual([]);
  });
});
