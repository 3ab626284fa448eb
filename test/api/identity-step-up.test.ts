import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { STEP_UP } from '../../functions/domain/identity/step-up';
import { STEP_UP_LIMITS } from '../../functions/core/use-cases/step-up';
import { claims, jwtEvent } from './action-fixtures';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result } from './events';
import { fileCase, newWorld, world } from './identity-world';

/** Customer step-up through its two routes: one-time codes by email, their limits and their lock-out. */

vi.mock('../../functions/adapters/wiring', async (importOriginal) => (await import('./identity-world')).wiringWithWorld(importOriginal));
Object.assign(process.env, TEST_ENV);

type Handler = (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
let send: Handler, verify: Handler, staffRead: Handler;
beforeAll(async () => {
  send = ((await import('../../functions/api/identity/step-up-request')) as unknown as { handler: Handler }).handler;
  verify = ((await import('../../functions/api/identity/step-up-verify')) as unknown as { handler: Handler }).handler;
  staffRead = ((await import('../../functions/api/staff-get-complaint')) as unknown as { handler: Handler }).handler;
});
beforeEach(() => {
  world.current = newWorld();
});

const withIp = (e: ReturnType<typeof httpEvent>, ip: string) => ({ ...e, requestContext: { ...e.requestContext, http: { ...e.requestContext.http, sourceIp: ip } } });
const ask = (c: { id: string; accessToken: string }, ip = '203.0.113.7') =>
  send(withIp(httpEvent({ path: `/complaints/${c.id}/step-up`, pathParameters: { id: c.id }, headers: { authorization: `Bearer ${c.accessToken}` } }), ip), lambdaContext);
const tryCode = (c: { id: string; accessToken: string }, code: string, ip = '203.0.113.7') =>
  verify(
    withIp(httpEvent({ path: `/complaints/${c.id}/step-up/verify`, pathParameters: { id: c.id }, headers: { authorization: `Bearer ${c.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ code }) }), ip),
    lambdaContext,
  );
const lastCode = () => /code is (\d{6})/.exec(world.current.mailer.sent.at(-1)!.text)![1]!;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const later = (seconds: number) => (world.current.now = new Date(world.current.now.getTime() + seconds * 1000));

describe('customer step-up', () => {
  it('mails a six-digit code to the case address, names the address only masked, and stores only a salted hash', async () => {
    const c = await fileCase(world.current, 'payout_delay', { name: 'Ada Obi', email: 'ada@example.com' });
    const res = await ask(c);
    expect(res.statusCode).toBe(202);
    expect(json(res)).toEqual({ sentTo: 'a***@example.com', expiresAt: new Date(world.current.now.getTime() + STEP_UP.ttlSeconds * 1000).toISOString() });
    expect(world.current.mailer.sent.at(-1)!.to).toBe('ada@example.com');
    const code = lastCode();
    const stored = JSON.stringify(await world.current.stepUps.challenge(c.id));
    expect(stored).not.toContain(code);
    expect(stored).toMatch(/"codeHash":"[0-9a-f]{64}"/);
  });

  it("a customer who opened the case from an email's link (not its access token) steps up too; a link of another case does not", async () => {
    const c = await fileCase(world.current, 'payout_delay');
    const other = await fileCase(world.current, 'payout_delay');
    const { accessLinksFromEnv } = await import('../../functions/adapters/wiring');
    const links = accessLinksFromEnv();
    const until = new Date(world.current.now.getTime() + 86_400_000);
    expect((await ask({ id: c.id, accessToken: await links.sign(c.id, 'act', until) })).statusCode).toBe(202);
    expect((await ask({ id: c.id, accessToken: await links.sign(other.id, 'act', until) })).statusCode).toBe(404);
  });

  it('verifies the right code once: staff see when and how; the same code again is refused', async () => {
    const c = await fileCase(world.current, 'payout_delay');
    await ask(c);
    const code = lastCode();
    const ok = await tryCode(c, code);
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toEqual({ verifiedAt: world.current.now.toISOString(), method: 'email_code', validUntil: new Date(world.current.now.getTime() + STEP_UP.validSeconds * 1000).toISOString() });
    const staffView = await staffRead(jwtEvent({ method: 'GET', path: `/staff/complaints/${c.id}`, pathParameters: { id: c.id }, claims: claims(['supervisor'], 'sup-1') }), lambdaContext);
    expect(json(staffView).customerVerification).toEqual(json(ok));
    const reused = await tryCode(c, code);
    expect(reused.statusCode).toBe(410);
    expect(json(reused).detail).toMatch(/already used/);
  });

  it('refuses an expired code', async () => {
    const c = await fileCase(world.current, 'payout_delay');
    await ask(c);
    later(STEP_UP.ttlSeconds + 1);
    const res = await tryCode(c, lastCode());
    expect(res.statusCode).toBe(410);
    expect(json(res).detail).toMatch(/expired/);
  });

  it('brute force stops at the limit: a lock-out with Retry-After that even the right code cannot pass, lifted after its time', async () => {
    // Prepare
    const c = await fileCase(world.current, 'payout_delay');
    await ask(c);
    const code = lastCode();
    // Act: every attempt but the last says how many are left
    const answers: number[] = [];
    for (let i = 1; i < STEP_UP.maxAttempts; i++) {
      const res = await tryCode(c, wrong(code));
      answers.push(res.statusCode);
      expect(json(res).detail).toContain(`${STEP_UP.maxAttempts - i} attempt`);
    }
    const last = await tryCode(c, wrong(code));
    // Assess
    expect(answers).toEqual(Array(STEP_UP.maxAttempts - 1).fill(422));
    expect(last.statusCode).toBe(429);
    expect(last.headers['retry-after']).toBe(String(STEP_UP.lockoutSeconds));
    expect(last.headers['content-type']).toBe('application/problem+json');
    expect(json(last).detail).toMatch(/locked.*15 minutes/);
    expect((await tryCode(c, code)).statusCode).toBe(429);
    expect((await ask(c)).statusCode).toBe(429);
    later(STEP_UP.lockoutSeconds + 1);
    expect((await ask(c)).statusCode).toBe(202);
    expect((await tryCode(c, lastCode())).statusCode).toBe(200);
  });

  it('limits codes per address and per client with 429 and Retry-After, and a wrong access token learns nothing', async () => {
    const c = await fileCase(world.current, 'payout_delay', { name: 'Ada Obi', email: 'ada@example.com' });
    for (let i = 0; i < STEP_UP_LIMITS.codesPerAddress; i++) expect((await ask(c, `198.51.100.${i}`)).statusCode).toBe(202);
    const limited = await ask(c, '198.51.100.200');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address from the same client still works until the client's own limit.
    const others = await Promise.all(Array.from({ length: STEP_UP_LIMITS.codesPerClient + 1 }, (_, i) => fileCase(world.current, 'technical_issue', { name: 'B', email: `b${i}@example.com` })));
    const statuses: number[] = [];
    for (const o of others) statuses.push((await ask(o, '192.0.2.1')).statusCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(STEP_UP_LIMITS.codesPerClient);
    expect(statuses.at(-1)).toBe(429);
    const stranger = await ask({ id: c.id, accessToken: 'x'.repeat(43) });
    const missing = await ask({ id: crypto.randomUUID(), accessToken: c.accessToken });
    expect([stranger.statusCode, stranger.body]).toEqual([404, missing.body]);
  });
});
