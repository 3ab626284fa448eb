import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { INTAKE_LIMITS } from '../../functions/core/use-cases/file-complaint';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result } from './events';
import { newWorld, world } from './identity-world';

/** Per-address and per-client intake limits on POST /complaints, on the in-memory limiter under virtual time. */

vi.mock('../../functions/adapters/wiring', async (importOriginal) => (await import('./identity-world')).wiringWithWorld(importOriginal));
Object.assign(process.env, TEST_ENV);

type Handler = (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
let create: Handler;
beforeAll(async () => {
  create = ((await import('../../functions/api/create-complaint')) as unknown as { handler: Handler }).handler;
});
beforeEach(() => {
  world.current = newWorld();
});

const complaint = (email: string) => ({ customer: { name: 'Ada Obi', email }, category: 'technical_issue', subject: 'Cannot log in', description: 'The login page loops back to itself.' });
const file = (email: string, ip: string, key: string = crypto.randomUUID()) => {
  const e = httpEvent({ method: 'POST', path: '/complaints', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(complaint(email)) });
  return create({ ...e, requestContext: { ...e.requestContext, http: { ...e.requestContext.http, sourceIp: ip } } }, lambdaContext);
};
const later = (seconds: number) => (world.current.now = new Date(world.current.now.getTime() + seconds * 1000));

describe('intake limits', () => {
  it('per customer email: the next complaint within the hour is 429 problem+json with Retry-After; another address still files', async () => {
    for (let i = 0; i < INTAKE_LIMITS.perAddress; i++) expect((await file('Ada@Example.com', `198.51.100.${i}`)).statusCode).toBe(201);
    const limited = await file('ada@example.com', '198.51.100.99');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toBe('application/problem+json');
    expect(json(limited)).toMatchObject({ type: 'urn:redress:problem:too-many-requests', status: 429 });
    expect(json(limited).detail).toMatch(/try again in \d+ minutes?/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(INTAKE_LIMITS.windowSeconds);
    expect((await file('bola@example.com', '198.51.100.99')).statusCode).toBe(201);
    // Nothing was written for the refused one.
    expect((await world.current.store.casesOf('ada@example.com')).length).toBe(INTAKE_LIMITS.perAddress);
    later(retryAfter);
    expect((await file('ada@example.com', '198.51.100.99')).statusCode).toBe(201);
  });

  it('per client: the next complaint from the same source address is 429, whatever the email', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= INTAKE_LIMITS.perClient; i++) statuses.push((await file(`c${i}@example.com`, '192.0.2.1')).statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(INTAKE_LIMITS.perClient);
    expect(statuses.at(-1)).toBe(429);
    expect((await file('other@example.com', '192.0.2.2')).statusCode).toBe(201);
  });

  it('a replay of the same complaint (same Idempotency-Key) is not a new complaint and is not counted', async () => {
    const key = crypto.randomUUID();
    for (let i = 0; i < INTAKE_LIMITS.perAddress + 3; i++) {
      const res = await file('ada@example.com', '203.0.113.5', key);
      expect(res.statusCode).toBe(201);
    }
    for (let i = 1; i < INTAKE_LIMITS.perAddress; i++) expect((await file('ada@example.com', '203.0.113.5')).statusCode).toBe(201);
    expect((await file('ada@example.com', '203.0.113.5')).statusCode).toBe(429);
  });
});
