import { describe, expect, it } from 'vitest';
import { staffClocks, staffTimeline, replyFrame } from '../../web/console/js/case-model.js';
import { decodeClaims, groupsOf, staffOf } from '../../web/console/js/claims.js';
import { hiddenByRole, offeredActions, roleActions, STAFF_ACTIONS, staffActionBody } from '../../web/console/js/permissions.js';
import { authorizeUrl, challengeOf, logoutUrl, newVerifier, tokenRequest } from '../../web/console/js/pkce.js';
import { actionWords, actorOf } from '../../web/console/js/audit.js';
import { countLine, dueState, EMPTY_FILTERS, queueQuery, serverOffset } from '../../web/console/js/queue.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'ES256' })}.${b64(claims)}.sig`;

describe('PKCE sign-in (Cognito managed login)', () => {
  const config = { authDomain: 'https://redress-dev.auth.eu-west-1.amazoncognito.com', clientId: 'abc123', redirectUri: 'https://d1.cloudfront.net/console/', logoutUri: 'https://d1.cloudfront.net/console/' };

  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes fresh verifiers within the length RFC 7636 allows, in its alphabet', () => {
    const [a, b] = [newVerifier(), newVerifier()];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  });

  it('asks the managed login for a code with the challenge, and trades it with the verifier and no secret', () => {
    const url = new URL(authorizeUrl(config, { challenge: 'CH', state: 'ST' }));
    expect(url.origin + url.pathname).toBe('https://redress-dev.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'abc123',
      redirect_uri: 'https://d1.cloudfront.net/console/',
      scope: 'openid email profile',
      code_challenge: 'CH',
      code_challenge_method: 'S256',
      state: 'ST',
    });
    const { url: tokenUrl, init } = tokenRequest(config, { code: 'CODE', verifier: 'VER' });
    expect(tokenUrl).toBe('https://redress-dev.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(new URLSearchParams(init.body))).toEqual({ grant_type: 'authorization_code', client_id: 'abc123', code: 'CODE', redirect_uri: config.redirectUri, code_verifier: 'VER' });
    expect(new URL(logoutUrl(config)).searchParams.get('logout_uri')).toBe(config.logoutUri);
  });
});

describe('claims', () => {
  it('reads groups as a list or as API Gateway flattens them', () => {
    expect(groupsOf(['agent', 'senior'])).toEqual(['agent', 'senior']);
    expect(groupsOf('[agent senior]')).toEqual(['agent', 'senior']);
    expect(groupsOf(undefined)).toEqual([]);
  });

  it('acts in the widest role, and knows no staff without a staff group', () => {
    expect(staffOf(jwt({ sub: 's1', name: 'Ada', 'cognito:groups': ['agent', 'supervisor'], exp: 10 }))).toEqual({ staffId: 's1', name: 'Ada', role: 'supervisor', expiresAt: 10_000 });
    expect(staffOf(jwt({ sub: 's1', 'cognito:groups': ['customers'] }))).toBeNull();
    expect(decodeClaims('not a token')).toBeNull();
  });
});

describe('permissions', () => {
  const frontLine = { status: 'in_progress', lifecycle: { level: 0 } };
  const senior = { status: 'escalated_senior', lifecycle: { level: 1 } };
  const review = { status: 'dispute_review', lifecycle: { level: 2 } };

  it.each([
    ['agent', frontLine, ['claim', 'reply', 'requestInfo', 'resolve', 'escalate', 'close', 'note']],
    ['finance', frontLine, ['claim', 'reply', 'requestInfo', 'resolve', 'escalate', 'close', 'note']],
    ['senior', frontLine, ['claim', 'assign', 'reply', 'requestInfo', 'resolve', 'escalate', 'close', 'note']],
    ['dispute_team', frontLine, []],
    ['agent', senior, []],
    ['senior', senior, ['claim', 'assign', 'reply', 'requestInfo', 'resolve', 'escalate', 'close', 'note']],
    ['dispute_team', review, [...STAFF_ACTIONS]],
    ['supervisor', review, [...STAFF_ACTIONS]],
  ])('a %s on a %o case may take %o', (role, view, expected) => {
    expect(roleActions(role, view)).toEqual(expected);
    expect(hiddenByRole(role, view)).toEqual(STAFF_ACTIONS.filter((a) => !expected.includes(a)));
  });

  it('offers only what fits the status: no claim of one’s own case, no close before a resolution', () => {
    const me = { role: 'agent', staffId: 'a1' };
    expect(offeredActions(me, { status: 'in_progress', lifecycle: { level: 0, assignee: 'a1' } })).toEqual(['reply', 'requestInfo', 'resolve', 'escalate', 'note']);
    expect(offeredActions(me, { status: 'resolved', lifecycle: { level: 0, assignee: 'a1' } })).toEqual(['reply', 'close', 'note']);
    expect(offeredActions(me, { status: 'closed', lifecycle: { level: 0 } })).toEqual([]);
  });

  it('offers nothing on a case the reader only reads (finance on a non-money case that carries a refund: `works: false`)', () => {
    const finance = { role: 'finance', staffId: 'f1' };
    expect(offeredActions(finance, { status: 'in_progress', lifecycle: { level: 0 }, works: false })).toEqual([]);
    expect(offeredActions(finance, { status: 'in_progress', lifecycle: { level: 0 }, works: true })).toContain('note');
  });

  it('builds the lifecycle action bodies, leaving out empty optional fields', () => {
    expect(staffActionBody('resolve', { summary: ' Paid ', actionsTaken: '', nextSteps: 'None' })).toEqual({ type: 'resolve', summary: 'Paid', nextSteps: 'None' });
    expect(staffActionBody('note', { text: 'x' })).toEqual({ type: 'note', text: 'x' });
    expect(staffActionBody('recommendMediation', { reason: 'r' })).toEqual({ type: 'recommendMediation', reason: 'r' });
  });
});

describe('queue filters', () => {
  const now = Date.parse('2026-12-03T10:00:00Z');
  const f = (over: Partial<typeof EMPTY_FILTERS>) => ({ ...EMPTY_FILTERS, ...over });

  it('marks a row breached when the API says a promise was broken or its due time passed, at risk when due within the hours', () => {
    expect(dueState({ due: '2026-12-09T00:00:00Z', breached: true }, now)).toBe('breached');
    expect(dueState({ due: '2026-12-03T09:00:00Z', breached: false }, now)).toBe('breached');
    expect(dueState({ due: '2026-12-03T12:00:00Z', breached: false }, now)).toBe('at_risk');
    expect(dueState({ due: '2026-12-03T12:00:00Z', breached: false }, now, 1)).toBe('ok');
    expect(dueState({ breached: false }, now)).toBe('none');
  });

  it("judges due times on the server's clock, from its Date header", () => {
    expect(serverOffset('Thu, 03 Dec 2026 11:00:00 GMT', now)).toBe(3_600_000);
    expect(serverOffset(null, now)).toBe(0);
  });

  it('asks the API for every set filter and the order as query parameters', () => {
    const filters = f({ mine: true, status: 'in_progress', q: ' PE-2026 ', atRiskHours: '4', channel: 'email', department: 'payments', sort: 'due' });
    expect(queueQuery(filters, { limit: 50 })).toBe('status=in_progress&mine=true&department=payments&channel=email&atRiskHours=4&q=PE-2026&sort=due&limit=50');
    expect(queueQuery(f({ unassigned: true, breached: true }), { limit: 25, cursor: 'abc' })).toBe('unassigned=true&breached=true&limit=25&cursor=abc');
    expect(queueQuery(f({ atRiskHours: '0', sort: 'policy' }))).toBe('limit=50');
  });

  it('counts what is shown against the total the API counted', () => {
    expect(countLine(25, 41)).toBe('Showing 25 of 41 cases.');
    expect(countLine(1, 1)).toBe('Showing 1 of 1 case.');
    expect(countLine(0, 0)).toBe('Showing 0 of 0 cases.');
  });
});

describe('case model for staff', () => {
  it('reads clocks from the lifecycle when the view has no live clocks: met, breached, paused, running', () => {
    const clock = (over: Record<string, unknown>) => ({ clause: 'c', basis: 'business', amount: 2, unit: 'hours', calendar: 'lagos', pauses: [], ...over });
    const clocks = staffClocks({
      lifecycle: {
        clocks: {
          acknowledgment: clock({ status: 'stopped', met: true }),
          firstResponse: clock({ status: 'stopped', met: false, due: '2026-12-03T09:00:00Z' }),
          resolution: clock({ status: 'paused' }),
          autoEscalation: clock({ status: 'running', due: '2026-12-04T09:00:00Z' }),
        },
        breaches: { firstResponse: '2026-12-03T09:00:00Z' },
      },
    });
    expect(clocks.map((c) => [c.clock, c.status])).toEqual([
      ['firstResponse', 'breached'],
      ['autoEscalation', 'running'],
      ['acknowledgment', 'met'],
      ['resolution', 'paused'],
    ]);
    expect(clocks[0]!.explanation).toBe('2 business hours on the lagos calendar.');
  });

  it('uses the live clocks when the view has them', () => {
    expect(staffClocks({ clocks: [{ clock: 'resolution', label: 'Resolution', status: 'running', dueText: 'Friday', clause: 'c', explanation: 'e' }] })[0]).toMatchObject({ when: 'Due Friday' });
  });

  it('marks internal events and names who acted', () => {
    const [note] = staffTimeline({ timeline: [{ seq: 1, at: '2026-12-03T09:00:00Z', type: 'note', summary: 'Internal note: call back', visibility: 'internal', actor: { kind: 'staff', role: 'agent', staffId: 'a1' } }] });
    expect(note).toMatchObject({ title: 'Note', internal: true, who: 'a1, agent', summary: 'Internal note: call back' });
  });

  it("reads the policy's reply frame when the API publishes it", () => {
    expect(replyFrame({ policy: { messages: { greeting: 'Dear customers,', closing: 'Kind regards' } } })).toEqual({ greeting: 'Dear customers,', closing: 'Kind regards' });
    expect(replyFrame({ policy: { name: 'p' } })).toEqual({ greeting: null, closing: null });
  });
});

describe('audit log actors', () => {
  it('a person on staff by id, retention by its actor key, the customer in words with no actor link', () => {
    expect(actorOf({ staffId: 'adm-1', role: 'admin' })).toEqual({ label: 'adm-1', id: 'adm-1' });
    expect(actorOf({ role: 'system', process: 'retention' })).toEqual({ label: 'Redress (retention)', id: 'system:retention' });
    expect(actorOf({ role: 'customer', provedBy: 'step_up' })).toEqual({ label: 'The customer (after a step-up)', id: null });
    expect(actionWords('expire_personal_data')).toBe('Personal data expired (retention)');
  });
});
