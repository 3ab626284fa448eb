// The complaint lifecycle end to end on the local stack, through the HTTP API only (plus the virtual clock and
// the SES catcher): intake -> acknowledgment email -> a staff member (local dev identity JWT) claims and asks for
// information (the resolution clocks pause: a 50 h jump escalates nothing) -> the customer answers -> staff
// resolve -> the customer disputes (senior review) -> 49 h without a senior answer -> the Dispute Resolution Team,
// visible on the customer's timeline and in the emails.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { eventually } from './local-helpers';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ ports: 0, inMemory: true, log: () => undefined });
});
afterAll(async () => stack?.stop());

interface Created {
  id: string;
  caseNumber: string;
  accessToken: string;
}
interface StaffCase {
  status: string;
  step: string;
  waitingSteps: string[];
  lifecycle: { level: number; clocks: Record<string, { status: string; due?: string }>; breaches: Record<string, string> };
  timeline: { type: string; visibility: string }[];
}
interface CustomerCase {
  status: string;
  timeline: { type: string; actor: string; summary: string }[];
}

const api = (path: string, init: RequestInit = {}) => fetch(`${stack.urls.api}${path}`, init);
const jsonBody = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A fresh staff token each time: tokens live 1 h of virtual time, and the test jumps days. */
async function staffToken(groups: string[], sub: string): Promise<string> {
  const res = await api('/_local/dev-token', jsonBody({ sub, groups, email: `${sub}@promptearn.example` }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}
async function staff(method: 'GET' | 'POST', path: string, groups: string[], sub: string, body?: unknown) {
  const token = await staffToken(groups, sub);
  const init: RequestInit = body === undefined ? { method } : { ...jsonBody(body), method };
  return api(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });
}
const staffCase = async (id: string) => (await (await staff('GET', `/staff/complaints/${id}`, ['supervisor'], 'sup-1')).json()) as StaffCase;
const customerCase = async (c: Created) => (await (await api(`/complaints/${c.id}`, { headers: { authorization: `Bearer ${c.accessToken}` } })).json()) as CustomerCase;
const customerAct = (c: Created, body: unknown) => api(`/complaints/${c.id}/actions`, { ...jsonBody(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${c.accessToken}` } });
const emailsAbout = async (caseNumber: string) => {
  const store = (await (await fetch(stack.urls.sesStore)).json()) as { emails: { subject: string; to?: unknown; text?: string }[] };
  return store.emails.filter((e) => `${e.subject} ${e.text ?? ''}`.includes(caseNumber));
};
/** The workflow has parked on the wait of `step` (its task token is on the case): actions now complete it. */
const waitingOn = (id: string, step: string) => eventually(async () => ((await staffCase(id)).waitingSteps.includes(step) ? true : undefined), `the workflow to wait on ${step}`, 30_000);

describe('complaint lifecycle over HTTP on the local stack', () => {
  it('staff routes refuse a missing or foreign token with 401 (the gateway verifies the dev identity JWT)', async () => {
    expect((await api('/staff/queue')).status).toBe(401);
    expect((await api('/staff/queue', { headers: { authorization: 'Bearer not.a.jwt' } })).status).toBe(401);
    expect((await staff('GET', '/staff/queue', ['agent'], 'agent-1')).status).toBe(200);
    // The token names the issuer and audience of the template's authorizer (the Cognito pool), signed by the local key.
    const minted = (await (await api('/_local/dev-token', jsonBody({ sub: 'x', groups: ['agent'] }))).json()) as { issuer: string; audience: string; localOnly: boolean };
    const route = stack.model.routes.find((r) => r.routeKey === 'GET /staff/queue')!;
    const poolId = /"Ref":"(Auth[A-Za-z0-9]*Pool[A-Za-z0-9]*)"/.exec(route.authorizer?.issuer ?? '')?.[1];
    expect(minted.issuer).toBe(`https://cognito-idp.${stack.env.AWS_REGION}.amazonaws.com/${poolId}`);
    expect(route.authorizer?.audience?.[0]).toContain(minted.audience);
    expect(minted.localOnly).toBe(true);
  });

  it('intake -> info request (clocks paused) -> answer -> resolution -> dispute -> 49 h -> Dispute Resolution Team', async () => {
    const res = await api(
      '/complaints',
      jsonBody({
        customer: { name: 'Ada Obi', email: 'ada@example.com' },
        category: 'general_inquiry',
        subject: 'Certificate missing',
        description: 'I finished the course last week and have not received the certificate.',
      }),
    );
    expect(res.status).toBe(201);
    const c = (await res.json()) as Created;

    // Acknowledged by the workflow: email in the catcher, case in the agent's queue.
    await eventually(async () => ((await emailsAbout(c.caseNumber)).length ? true : undefined), 'the acknowledgment email');
    await eventually(async () => ((await staffCase(c.id)).status === 'acknowledged' ? true : undefined), 'the acknowledgment');
    const queue = (await (await staff('GET', '/staff/queue', ['agent'], 'agent-1')).json()) as { items: { id: string }[] };
    expect(queue.items.map((i) => i.id)).toContain(c.id);

    // Claim, then ask for information: the case waits for the customer with the resolution clocks paused.
    expect((await staff('POST', `/staff/complaints/${c.id}/actions`, ['agent'], 'agent-1', { type: 'claim' })).status).toBe(200);
    await waitingOn(c.id, 'firstResponse');
    const asked = await staff('POST', `/staff/complaints/${c.id}/actions`, ['agent'], 'agent-1', { type: 'requestInfo', questions: 'Which course, and which email did you use?' });
    expect(asked.status).toBe(200);
    const waiting = (await asked.json()) as StaffCase;
    expect(waiting.status).toBe('awaiting_customer');
    expect(waiting.lifecycle.clocks.autoEscalation?.status).toBe('paused');
    // Another agent may not act on a case claimed by someone else, and a repeated request is out of turn: nothing changes.
    expect((await staff('POST', `/staff/complaints/${c.id}/actions`, ['agent'], 'agent-2', { type: 'reply', message: 'x' })).status).toBe(403);
    expect((await staff('POST', `/staff/complaints/${c.id}/actions`, ['agent'], 'agent-1', { type: 'requestInfo', questions: 'again' })).status).toBe(409);

    await waitingOn(c.id, 'customerInfo');
    await stack.clock.advance('PT50H'); // past the 48 h automatic escalation, had it been running
    const paused = await staffCase(c.id);
    expect(paused.status).toBe('awaiting_customer');
    expect(paused.lifecycle.level).toBe(0);

    // The customer answers: clocks resume with the time that was left.
    const answered = await customerAct(c, { type: 'reply', message: 'The data analytics course, ada@example.com' });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as CustomerCase).status).toBe('in_progress');
    const resumed = await staffCase(c.id);
    expect(resumed.lifecycle.clocks.autoEscalation?.status).toBe('running');
    expect(Date.parse(resumed.lifecycle.clocks.autoEscalation!.due!)).toBeGreaterThan(stack.clock.now() + 40 * 3_600_000);

    // Resolved with the detailed notification; the customer disputes it: senior review.
    await waitingOn(c.id, 'resolution');
    const resolved = await staff('POST', `/staff/complaints/${c.id}/actions`, ['agent'], 'agent-1', { type: 'resolve', summary: 'Certificate re-issued to your email', actionsTaken: 'Re-issued the certificate' });
    expect(resolved.status).toBe(200);
    await waitingOn(c.id, 'customerVerdict');
    const disputed = await customerAct(c, { type: 'dispute', reason: 'The certificate has the wrong name on it' });
    expect(disputed.status).toBe(200);
    expect(((await disputed.json()) as CustomerCase).status).toBe('escalated_senior');
    // Late and repeated: accepting a resolution that is no longer there is out of turn.
    expect((await customerAct(c, { type: 'acceptResolution' })).status).toBe(409);

    // Nobody senior answers within 48 h: breach, then the Dispute Resolution Team (the policy's next rung).
    await waitingOn(c.id, 'seniorReview');
    await stack.clock.advance('PT49H');
    const drt = await eventually(async () => {
      const s = await staffCase(c.id);
      return s.status === 'dispute_review' ? s : undefined;
    }, 'the escalation to the Dispute Resolution Team', 30_000);
    expect(drt.lifecycle.breaches.seniorResponse).toBeDefined();
    expect(drt.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['breached', 'escalated_dispute_review']));

    const view = await customerCase(c);
    expect(view.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['received', 'acknowledged', 'info_requested', 'info_provided', 'resolved', 'disputed', 'escalated_senior', 'escalated_dispute_review']),
    );
    // The customer's timeline has neither internal events nor staff identities.
    expect(view.timeline.map((e) => e.type)).not.toContain('breached');
    expect(view.timeline.map((e) => e.type)).not.toContain('claimed');
    expect(JSON.stringify(view)).not.toContain('agent-1');

    const subjects = (await emailsAbout(c.caseNumber)).map((e) => e.subject);
    // To the customer: acknowledgment, information request, resolution, senior escalation, DRT review.
    for (const pattern of [/received your complaint/, /More details needed/, /resolved/, /escalated to/, /Dispute Resolution Team|independent review/]) {
      expect(subjects.some((s) => pattern.test(s) && !s.startsWith('[')), `${pattern} in ${JSON.stringify(subjects)}`).toBe(true);
    }
    // To the staff mailbox: the customer's answer and the broken senior promise.
    expect(subjects.some((s) => s.startsWith('[supervisor] breach'))).toBe(true);
  }, 240_000);

  it('an untouched complaint escalates automatically to the senior representative after 48 h (first response breached)', async () => {
    const res = await api('/complaints', jsonBody({ customer: { name: 'Bo Lee', email: 'bo@example.com' }, category: 'general_inquiry', subject: 'No answer', description: 'Nobody answered my question about invoices.' }));
    const c = (await res.json()) as Created;
    await waitingOn(c.id, 'firstResponse');
    await stack.clock.advance('PT49H');
    const escalated = await eventually(async () => {
      const s = await staffCase(c.id);
      return s.status === 'escalated_senior' ? s : undefined;
    }, 'the automatic escalation', 30_000);
    expect(escalated.lifecycle.level).toBe(1);
    expect(escalated.lifecycle.breaches.firstResponse).toBeDefined();
    const view = await customerCase(c);
    expect(view.timeline.find((e) => e.type === 'escalated_senior')?.summary).toMatch(/not resolved in time/);
    // The front line no longer works it; the senior queue does.
    const agentQueue = (await (await staff('GET', '/staff/queue', ['agent'], 'agent-1')).json()) as { items: { id: string }[] };
    const seniorQueue = (await (await staff('GET', '/staff/queue?status=escalated_senior', ['senior'], 'sen-1')).json()) as { items: { id: string }[] };
    expect(agentQueue.items.map((i) => i.id)).not.toContain(c.id);
    expect(seniorQueue.items.map((i) => i.id)).toContain(c.id);
  }, 120_000);

  it('npm run dev-token (the CLI) prints a token the gateway accepts', async () => {
    const token = await new Promise<string>((resolve, reject) =>
      execFile('npx', ['tsx', 'local/dev-token-cli.ts', '--api', stack.urls.api, '--groups', 'supervisor', '--sub', 'sup-cli'], (err, stdout, stderr) =>
        err ? reject(new Error(stderr)) : resolve(stdout.trim()),
      ),
    );
    expect(token.split('.')).toHaveLength(3);
    expect((await api('/staff/queue', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  }, 60_000);
});
