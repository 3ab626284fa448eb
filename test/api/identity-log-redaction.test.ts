import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handlers } from '../../infra/handlers';
import { claims, jwtEvent } from './action-fixtures';
import { json, lambdaContext, TEST_ENV, type Result } from './events';
import { newWorld, step, world, WORLD_ENV } from './identity-world';

/**
 * Log redaction: a customer's name, email, bank details (the full account number too, revealed to finance) and access token, and a step-up code, driven through every
 * HTTP handler (happy paths and refusals), appear in no line any handler logs.
 */

vi.mock('../../functions/adapters/wiring', async (importOriginal) => (await import('./identity-world')).wiringWithWorld(importOriginal));
vi.mock('../../functions/channels/attachments/s3-case-files', async () => (await import('./identity-world')).s3CaseFilesInWorld());
vi.mock('../../functions/channels/email/s3-raw-mail', async (importOriginal) => (await import('./identity-world')).s3RawMailInWorld(importOriginal));
Object.assign(process.env, TEST_ENV, WORLD_ENV);

type Handler = (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
const routes = new Map<string, Handler>();
beforeAll(async () => {
  for (const spec of Object.values(handlers)) {
    if (!('route' in spec)) continue;
    routes.set(`${spec.route.method} ${spec.route.path}`, ((await import(/* @vite-ignore */ `../../${spec.entry}`)) as { handler: Handler }).handler);
  }
});

const logged: string[] = [];
beforeEach(() => {
  world.current = newWorld();
  logged.length = 0;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})))).join(' ')));
  }
  // The logger writes through its own console to the process's streams: both are read.
  for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (logged.push(String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const SECRET = { name: 'Wilhelmina Crabtree', email: 'wilhelmina.crabtree@example.net', bankName: 'Zenith Secret Bank', accountLast4: '9876', accountNumber: '30571869249876' };

async function call(route: string, init: Parameters<typeof jwtEvent>[0] & { claims?: Record<string, unknown> }): Promise<Result> {
  return routes.get(route)!(jwtEvent(init), lambdaContext);
}

describe('no handler logs personal data or secrets', () => {
  it('across intake, reads, actions, step-up and refusals', async () => {
    // Prepare + Act: the customer files, reads, acts and steps up; staff read and act; bad requests are refused.
    const filed = await call('POST /complaints', {
      method: 'POST',
      path: '/complaints',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'redaction-1' },
      body: JSON.stringify({
        customer: { name: SECRET.name, email: SECRET.email },
        category: 'payout_delay',
        subject: 'Withdrawal not received',
        description: `I am ${SECRET.name}, write to ${SECRET.email}.`,
        details: { bankName: SECRET.bankName, accountLast4: SECRET.accountLast4, accountNumber: SECRET.accountNumber, amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2026-11-21' },
      }),
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const { id, accessToken } = json(filed) as { id: string; accessToken: string };
    await step(world.current, id, { type: 'acknowledge' }, { role: 'system' });
    const bearer = { authorization: `Bearer ${accessToken}` };
    const staff = claims(['supervisor'], 'sup-1');
    const finance = claims(['finance'], 'fin-1');
    const json_ = { 'content-type': 'application/json' };
    const requests: [string, Parameters<typeof jwtEvent>[0] & { claims?: Record<string, unknown> }][] = [
      ['GET /complaints/{id}', { method: 'GET', path: `/complaints/${id}`, pathParameters: { id }, headers: bearer }],
      ['GET /complaints/{id}', { method: 'GET', path: `/complaints/${id}`, pathParameters: { id }, headers: { authorization: `Bearer ${accessToken.slice(1)}x` } }],
      ['POST /complaints/{id}/actions', { method: 'POST', path: `/complaints/${id}/actions`, pathParameters: { id }, headers: { ...bearer, ...json_ }, body: JSON.stringify({ type: 'reply', message: `Reach me at ${SECRET.email}` }) }],
      ['POST /complaints/{id}/actions', { method: 'POST', path: `/complaints/${id}/actions`, pathParameters: { id }, headers: { ...bearer, ...json_ }, body: `{"type":"reply","message":"${SECRET.email}"` }],
      ['GET /staff/complaints/{id}', { method: 'GET', path: `/staff/complaints/${id}`, pathParameters: { id }, claims: staff }],
      ['POST /staff/complaints/{id}/actions', { method: 'POST', path: `/staff/complaints/${id}/actions`, pathParameters: { id }, headers: json_, body: JSON.stringify({ type: 'reply', message: `Dear ${SECRET.name}, we paid ${SECRET.bankName}.` }), claims: staff }],
      ['POST /staff/complaints/{id}/actions', { method: 'POST', path: `/staff/complaints/${id}/actions`, pathParameters: { id }, headers: json_, body: JSON.stringify({ type: 'note', text: SECRET.email, extra: SECRET.name }), claims: staff }],
      ['GET /staff/queue', { method: 'GET', path: '/staff/queue', claims: staff }],
      ['GET /staff/audit', { method: 'GET', path: '/staff/audit', claims: staff, query: { caseId: id } }],
      ['POST /complaints/{id}/step-up', { method: 'POST', path: `/complaints/${id}/step-up`, pathParameters: { id }, headers: bearer }],
      ['POST /complaints/{id}/attachments', { method: 'POST', path: `/complaints/${id}/attachments`, pathParameters: { id }, headers: bearer }],
      ['GET /complaints/{id}/attachments', { method: 'GET', path: `/complaints/${id}/attachments`, pathParameters: { id }, headers: bearer }],
      ['GET /staff/complaints/{id}/attachments', { method: 'GET', path: `/staff/complaints/${id}/attachments`, pathParameters: { id }, claims: staff }],
      ['GET /staff/attention', { method: 'GET', path: '/staff/attention', claims: staff }],
      ['GET /staff/kpis', { method: 'GET', path: '/staff/kpis', claims: staff }],
      ['GET /staff/finance/queue', { method: 'GET', path: '/staff/finance/queue', claims: finance }],
      ['GET /staff/finance/export.csv', { method: 'GET', path: '/staff/finance/export.csv', claims: finance }],
      // The full account number in clear, to finance (and refused to a supervisor, and for a field that is not sensitive).
      ['POST /staff/complaints/{id}/reveal', { method: 'POST', path: `/staff/complaints/${id}/reveal`, pathParameters: { id }, headers: json_, body: JSON.stringify({ field: 'accountNumber' }), claims: finance }],
      ['POST /staff/complaints/{id}/reveal', { method: 'POST', path: `/staff/complaints/${id}/reveal`, pathParameters: { id }, headers: json_, body: JSON.stringify({ field: 'accountNumber' }), claims: staff }],
      ['POST /staff/complaints/{id}/reveal', { method: 'POST', path: `/staff/complaints/${id}/reveal`, pathParameters: { id }, headers: json_, body: JSON.stringify({ field: SECRET.accountNumber }), claims: finance }],
      // Forged webhooks carrying personal data: refused, and what they carried is not logged either.
      ['POST /webhooks/payments', { method: 'POST', path: '/webhooks/payments', headers: { ...json_, 'payment-signature': 't=1,v1=00' }, body: JSON.stringify({ id: 'evt_1', type: 'charge.dispute.created', created: 1, data: { object: { email: SECRET.email } } }) }],
      ['POST /webhooks/social/{platform}', { method: 'POST', path: '/webhooks/social/messenger', pathParameters: { platform: 'messenger' }, headers: { ...json_, 'x-hub-signature-256': 'sha256=00' }, body: JSON.stringify({ object: 'page', entry: [{ messaging: [{ message: { text: SECRET.name } }] }] }) }],
    ];
    for (const [route, init] of requests) expect((await call(route, init)).statusCode, route).toBeLessThan(500);
    // A refund proposed with the customer's name and bank in its reason, then rejected by finance.
    const proposed = await call('POST /staff/complaints/{id}/refunds', {
      method: 'POST',
      path: `/staff/complaints/${id}/refunds`,
      pathParameters: { id },
      headers: json_,
      body: JSON.stringify({ amount: { amountMinor: 1_000_000, currency: 'NGN' }, reason: `${SECRET.name} was charged twice at ${SECRET.bankName}`, reference: { kind: 'order', value: 'ORD-7' } }),
      claims: staff,
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const refundId = (json(proposed).refund as { refundId: string }).refundId;
    const decided = await call('POST /staff/refunds/{refundId}/decision', {
      method: 'POST',
      path: `/staff/refunds/${refundId}/decision`,
      pathParameters: { refundId },
      headers: json_,
      body: JSON.stringify({ outcome: 'reject', reason: `Nothing was debited from ${SECRET.bankName} for ${SECRET.email}` }),
      claims: finance,
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const code = /code is (\d{6})/.exec(world.current.mailer.sent.findLast((m) => m.subject.startsWith('Your verification code'))!.text)![1]!;
    const verify = (c: string) => call('POST /complaints/{id}/step-up/verify', { method: 'POST', path: `/complaints/${id}/step-up/verify`, pathParameters: { id }, headers: { ...bearer, ...json_ }, body: JSON.stringify({ code: c }) });
    expect((await verify(String((Number(code) + 1) % 1_000_000).padStart(6, '0'))).statusCode).toBe(422);
    expect((await verify(code)).statusCode).toBe(200);
    // An admin holds the case, naming the customer in the reason; erasure is refused with the reason in its detail; released.
    const admin = claims(['admin'], 'adm-1');
    const onCase = (path: string) => ({ method: 'POST', path: `/staff/complaints/${id}${path}`, pathParameters: { id }, claims: admin });
    expect((await call('POST /staff/complaints/{id}/legal-hold', { ...onCase('/legal-hold'), headers: json_, body: JSON.stringify({ reason: `${SECRET.name}'s lawyer wrote from ${SECRET.email}` }) })).statusCode).toBe(201);
    expect((await call('POST /staff/complaints/{id}/erasure', onCase('/erasure'))).statusCode).toBe(409);
    expect((await call('POST /staff/complaints/{id}/legal-hold/release', onCase('/legal-hold/release'))).statusCode).toBe(200);
    // Verified: the payout details on the case view; corrections by the customer (one refused) and an admin; the customer's erasure.
    const privacy: [string, Parameters<typeof jwtEvent>[0] & { claims?: Record<string, unknown> }, number][] = [
      ['GET /complaints/{id}', { method: 'GET', path: `/complaints/${id}`, pathParameters: { id }, headers: bearer }, 200],
      ['POST /complaints/{id}/contact', { method: 'POST', path: `/complaints/${id}/contact`, pathParameters: { id }, headers: { ...bearer, ...json_ }, body: JSON.stringify({ email: `not an address ${SECRET.email}` }) }, 422],
      ['POST /complaints/{id}/contact', { method: 'POST', path: `/complaints/${id}/contact`, pathParameters: { id }, headers: { ...bearer, ...json_ }, body: JSON.stringify({ name: `${SECRET.name} Jr` }) }, 200],
      ['POST /staff/complaints/{id}/contact', { method: 'POST', path: `/staff/complaints/${id}/contact`, pathParameters: { id }, headers: json_, body: JSON.stringify({ email: `moved.${SECRET.email}` }), claims: admin }, 200],
      ['POST /complaints/{id}/erasure', { method: 'POST', path: `/complaints/${id}/erasure`, pathParameters: { id }, headers: { ...bearer, ...json_ }, body: JSON.stringify({ confirm: true }) }, 200],
    ];
    for (const [route, init, status] of privacy) expect((await call(route, init)).statusCode, route).toBe(status);
    // Last, an admin erases the customer's data.
    expect((await call('POST /staff/complaints/{id}/erasure', { method: 'POST', path: `/staff/complaints/${id}/erasure`, pathParameters: { id }, claims: claims(['admin'], 'adm-1') })).statusCode).toBe(200);
    // Assess
    // The handlers did log (refusals, undelivered staff notices): the scan below reads real lines.
    expect(logged.length).toBeGreaterThan(0);
    const all = logged.join('\n');
    for (const secret of [SECRET.name, SECRET.email, SECRET.bankName, SECRET.accountNumber, SECRET.accountNumber.slice(0, 10), accessToken, code, 'Wilhelmina', 'crabtree']) expect(all.toLowerCase(), secret).not.toContain(secret.toLowerCase());
  });
});
