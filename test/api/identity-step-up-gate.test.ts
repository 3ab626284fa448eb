import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { STEP_UP } from '../../functions/domain/identity/step-up';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result } from './events';
import { fileCase, newWorld, step, world } from './identity-world';

/**
 * The step-up gate on customer actions: escalating a money complaint (disputing its resolution) needs a fresh
 * verification; other actions on it do not. Drives the customer-action handler, its use case and the in-memory store.
 */

vi.mock('../../functions/adapters/wiring', async (importOriginal) => (await import('./identity-world')).wiringWithWorld(importOriginal));
Object.assign(process.env, TEST_ENV);

type Handler = (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
let send: Handler, verify: Handler, act: Handler;
beforeAll(async () => {
  send = ((await import('../../functions/api/identity/step-up-request')) as unknown as { handler: Handler }).handler;
  verify = ((await import('../../functions/api/identity/step-up-verify')) as unknown as { handler: Handler }).handler;
  act = ((await import('../../functions/api/customer-action')) as unknown as { handler: Handler }).handler;
});
beforeEach(() => {
  world.current = newWorld();
});

type Opened = { id: string; accessToken: string };
const post = (h: Handler, c: Opened, path: string, body?: unknown) =>
  h(httpEvent({ path: `/complaints/${c.id}${path}`, pathParameters: { id: c.id }, headers: { authorization: `Bearer ${c.accessToken}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }), lambdaContext);
const stepUp = async (c: Opened) => {
  expect((await post(send, c, '/step-up')).statusCode).toBe(202);
  const code = /code is (\d{6})/.exec(world.current.mailer.sent.at(-1)!.text)![1]!;
  expect((await post(verify, c, '/step-up/verify', { code })).statusCode).toBe(200);
};
const later = (seconds: number) => (world.current.now = new Date(world.current.now.getTime() + seconds * 1000));
const agent = { role: 'agent' as const, staffId: 'agent-1' };

async function resolvedCase(category: 'payout_delay' | 'technical_issue'): Promise<Opened> {
  const c = await fileCase(world.current, category);
  await step(world.current, c.id, { type: 'claim' }, agent);
  await step(world.current, c.id, { type: 'resolve', summary: 'Paid on Friday.' }, agent);
  return c;
}

describe('step-up gate on customer actions', () => {
  it('refuses to escalate a payout complaint without a fresh step-up: 403 step-up-required, nothing changes', async () => {
    const c = await resolvedCase('payout_delay');
    const before = await world.current.store.get(c.id);
    const res = await post(act, c, '/actions', { type: 'dispute', reason: 'The money never arrived.' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(json(res)).toMatchObject({ type: 'urn:redress:problem:step-up-required', status: 403, title: 'Verification required' });
    expect(json(res).detail).toMatch(/confirm it is you/);
    expect(await world.current.store.get(c.id)).toEqual(before);
  });

  it('lets the escalation through after a step-up, and refuses again once the verification is stale', async () => {
    const c = await resolvedCase('payout_delay');
    await stepUp(c);
    const ok = await post(act, c, '/actions', { type: 'dispute', reason: 'The money never arrived.' });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).status).not.toBe('resolved');

    const other = await resolvedCase('payout_delay');
    await stepUp(other);
    later(STEP_UP.validSeconds + 1);
    expect((await post(act, other, '/actions', { type: 'dispute', reason: 'The money never arrived.' })).statusCode).toBe(403);
  });

  it("one case's verification does not open another's", async () => {
    const verified = await resolvedCase('payout_delay');
    const other = await resolvedCase('payout_delay');
    await stepUp(verified);
    expect((await post(act, other, '/actions', { type: 'dispute', reason: 'The money never arrived.' })).statusCode).toBe(403);
  });

  it('needs no step-up for actions that are not sensitive: accepting a payout resolution, disputing a technical one', async () => {
    const payout = await resolvedCase('payout_delay');
    expect((await post(act, payout, '/actions', { type: 'acceptResolution' })).statusCode).toBe(200);
    const technical = await resolvedCase('technical_issue');
    expect((await post(act, technical, '/actions', { type: 'dispute', reason: 'Still cannot log in.' })).statusCode).toBe(200);
  });

  it('an escalation the case would refuse anyway gets its own answer, not a request for a code', async () => {
    const c = await resolvedCase('payout_delay');
    expect((await post(act, c, '/actions', { type: 'acceptResolution' })).statusCode).toBe(200);
    expect((await post(act, c, '/actions', { type: 'dispute', reason: 'Changed my mind.' })).statusCode).toBe(410);
  });

  it('a wrong access token is still the same 404 as a missing case, before any step-up question', async () => {
    const c = await resolvedCase('payout_delay');
    const stranger = await post(act, { id: c.id, accessToken: 'x'.repeat(43) }, '/actions', { type: 'dispute', reason: 'The money never arrived.' });
    expect(stranger.statusCode).toBe(404);
  });
});
