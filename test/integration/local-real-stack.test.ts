// `startLocalStack()` with the real template (infra/synth.ts) and the real handlers: a complaint goes in over
// HTTP, its workflow runs on the local Step Functions service, the acknowledgment reaches the SES catcher,
// the AWS CLI sees the case and the execution, and a virtual-clock jump times the first-response wait out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentity } from '../../local/dev-identity';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { awsJson, eventually } from './local-helpers';

let stack: LocalStack;
let dataDir: string;
const logged: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'redress-local-real-'));
  stack = await startLocalStack({ ports: 0, dataDir, log: (line) => logged.push(line) });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Created {
  id: string;
  caseNumber: string;
  accessToken: string;
}

describe('local stack with the real template', () => {
  it('reads tables, functions, routes and the state machine from the synthesized app', () => {
    expect(stack.tables.length).toBeGreaterThanOrEqual(1);
    expect(stack.stateMachines.map((m) => m.name)).toContain('ComplaintWorkflow');
    expect(stack.model.routes.map((r) => r.routeKey)).toEqual(expect.arrayContaining(['POST /complaints', 'GET /complaints/{id}', 'GET /categories', 'GET /openapi.json']));
    for (const f of stack.functions) {
      // Only the endpoints differ locally: every reference is resolved to a local name, none left dangling.
      for (const value of Object.values(f.environment)) expect(value).not.toMatch(/^unresolved:/);
    }
    const create = stack.functions.find((f) => f.entry === 'functions/api/create-complaint.ts')!;
    expect(create.environment.TABLE_NAME).toBe(stack.tables[0].tableName);
    // The change stream's consumer starts the workflows; intake does not.
    expect(create.environment.STATE_MACHINE_ARN).toBeUndefined();
    const onChange = stack.functions.find((f) => f.entry === 'functions/workflow/on-case-change.ts')!;
    expect(onChange.environment.STATE_MACHINE_ARN).toBe(stack.stateMachines[0].arn);
  });

  it('takes a complaint end to end: case, execution named by the case id, acknowledgment email, the wait timing out after a clock jump', async () => {
    const categories = (await (await fetch(`${stack.urls.api}/categories`)).json()) as { categories: { slug: string }[] };
    expect(categories.categories.map((c) => c.slug)).toContain('general_inquiry');

    const res = await fetch(`${stack.urls.api}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { name: 'Test Customer', email: 'customer@example.com' },
        category: 'general_inquiry',
        subject: 'Where is my certificate?',
        description: 'I finished the course last week and have not received the certificate yet.',
      }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Created;
    const executionArn = `${stack.stateMachines[0].arn.replace(':stateMachine:', ':execution:')}:${created.id}`;

    // The workflow acknowledges and then waits for the first response on a task token.
    await eventually(() => (stack.engine.tokens.pendingFor(executionArn).length ? true : undefined), 'the first-response wait');
    const described = await awsJson<{ status: string; name: string }>(stack.env, stack.urls.stepfunctions, 'stepfunctions', 'describe-execution', '--execution-arn', executionArn);
    expect(described).toMatchObject({ status: 'RUNNING', name: created.id });

    const store = (await (await fetch(stack.urls.sesStore)).json()) as { emails: { subject: string; text?: string; html?: string }[] };
    const ack = store.emails.find((e) => `${e.subject} ${e.text ?? ''} ${e.html ?? ''}`.includes(created.caseNumber));
    expect(ack).toBeDefined();

    const scan = await awsJson<{ Items: { pk: { S: string } }[] }>(stack.env, stack.urls.dynamodb, 'dynamodb', 'scan', '--table-name', stack.tables[0].tableName);
    expect(scan.Items.map((i) => i.pk.S)).toContain(`CASE#${created.id}`);

    // Jump past any first-response deadline the policy can set (< 24 days by design) through the HTTP endpoint.
    const jump = await fetch(stack.urls.clock, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'P20D' }) });
    expect(jump.status).toBe(200);
    // The jump says what it made happen, with the case number.
    const { fired } = (await jump.json()) as { fired: { events: Record<string, { count: number; cases: string[] }>; emails: { count: number; cases: string[] } } };
    expect(fired.events.breached?.cases).toContain(created.caseNumber);
    expect(Object.values(fired.events).reduce((n, g) => n + g.count, 0)).toBeGreaterThanOrEqual(fired.events.breached!.count);
    expect(fired.emails.cases).toContain(created.caseNumber);
    // Whatever the workflow does next (its shape belongs to statemachines/), the callback wait timed out on the
    // virtual clock, the timeout was handled (no failed execution), and the handlers ran on the jumped time.
    const history = await eventually(() => {
      const e = stack.engine.describeExecution(executionArn);
      return e.history.some((h) => h.type === 'TaskTimedOut') ? e : undefined;
    }, 'the first-response wait to time out');
    expect(history.status, JSON.stringify(history.history.map((h) => h.type))).not.toBe('FAILED');
    expect(history.status).not.toBe('TIMED_OUT');

    const view = await fetch(`${stack.urls.api}/complaints/${created.id}`, { headers: { authorization: `Bearer ${created.accessToken}` } });
    expect(view.status).toBe(200);
    // One log line per workflow transition, naming the execution and the state entered.
    const transitions = logged.filter((l) => l.startsWith(`[workflow] ${created.id} → `));
    expect(transitions[0]).toBe(`[workflow] ${created.id} → Acknowledge`);
    expect(transitions.length).toBe(history.history.filter((h) => h.type.endsWith('StateEntered') && (h as { stateEnteredEventDetails?: { name?: string } }).stateEnteredEventDetails).length);
  });

  it('refuses staff routes with a problem+json 401 that says why, an expired token included', async () => {
    const none = await fetch(`${stack.urls.api}/staff/queue`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toMatchObject({ type: 'urn:redress:problem:unauthorized', status: 401, detail: expect.stringMatching(/Bearer <token>/) });

    const minted = await fetch(stack.urls.devToken, { method: 'POST', body: JSON.stringify({ groups: ['agent'], ttlSeconds: 60 }) });
    const { token } = (await minted.json()) as { token: string };
    expect((await fetch(`${stack.urls.api}/staff/queue`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await stack.clock.advance('2m');
    const expired = await fetch(`${stack.urls.api}/staff/queue`, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { detail: string }).detail).toMatch(/^The token expired at /);

    // A Cognito ID token of the same person (the client in `aud`, no scope): refused at the gateway by the staff
    // routes' scope, as API Gateway refuses it on AWS.
    const idToken = ((await (await fetch(stack.urls.devToken, { method: 'POST', body: JSON.stringify({ groups: ['agent'], tokenUse: 'id' }) })).json()) as { token: string }).token;
    const idRefused = await fetch(`${stack.urls.api}/staff/queue`, { headers: { authorization: `Bearer ${idToken}` } });
    expect(idRefused.status).toBe(401);
    expect(idRefused.headers.get('content-type')).toBe('application/problem+json');
    expect(await idRefused.json()).toMatchObject({ type: 'urn:redress:problem:unauthorized', detail: expect.stringMatching(/It is an ID token: staff routes take the access token/) });

    // Signed by another key (a second dev identity, as a forger would), and a supervisor's groups pasted into a valid
    // agent token: both refused before any handler, as problem+json that says the signature does not verify.
    const forger = await createDevIdentity(stack.model);
    const forged = (await forger.mint({ sub: 'agent-1', groups: ['supervisor'] })).token;
    const fresh = ((await (await fetch(stack.urls.devToken, { method: 'POST', body: JSON.stringify({ groups: ['agent'] }) })).json()) as { token: string }).token;
    const [h, p, sig] = fresh.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = [h, Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['supervisor'] })).toString('base64url'), sig].join('.');
    for (const token of [forged, tampered]) {
      const refused = await fetch(`${stack.urls.api}/staff/queue`, { headers: { authorization: `Bearer ${token}` } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(await refused.json()).toMatchObject({ type: 'urn:redress:problem:unauthorized', detail: expect.stringMatching(/signature does not verify/) });
    }
  });

  it("answers what no route takes through the template's $default route: the not-found function's problem+json 404 and 405, pages first", async () => {
    expect(stack.model.routes.find((r) => r.routeKey === '$default')?.functionLogicalId).toBe('NotFoundFunction');
    const unknown = await fetch(`${stack.urls.api}/complaint/123`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(await unknown.json()).toEqual({ type: 'urn:redress:problem:not-found', title: 'Not Found', status: 404, detail: 'No route or page for POST /complaint/123.' });
    expect(logged.some((l) => /\[api\] POST \/complaint\/123 404/.test(l))).toBe(true);

    const wrongMethod = await fetch(`${stack.urls.api}/staff/queue`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(await wrongMethod.json()).toMatchObject({ type: 'urn:redress:problem:method-not-allowed', status: 405 });

    // The site's pages are still served before the $default route is asked.
    expect((await fetch(`${stack.urls.web}`)).headers.get('content-type')).toMatch(/text\/html/);
  });
});
