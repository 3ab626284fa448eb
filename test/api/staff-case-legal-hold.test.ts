import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { StaffCaseReadSchema } from '../../functions/core/use-cases/read-case';
import { claims, jwtEvent } from './action-fixtures';
import { json, lambdaContext, TEST_ENV, type Result } from './events';
import { fileCase, newWorld, world, WORLD_ENV } from './identity-world';

/**
 * The staff case read shows the case's legal hold: since when, by whom (staff id) and why, as the OpenAPI schema
 * says; gone once released. Through the handlers: an admin places and releases it, a supervisor reads the case.
 */

vi.mock('../../functions/adapters/wiring', async (importOriginal) => (await import('./identity-world')).wiringWithWorld(importOriginal));
Object.assign(process.env, TEST_ENV, WORLD_ENV);

type Handler = (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
let place: Handler, release: Handler, staffRead: Handler;
beforeAll(async () => {
  const load = async (path: string) => ((await import(/* @vite-ignore */ path)) as unknown as { handler: Handler }).handler;
  place = await load('../../functions/api/privacy/place-legal-hold');
  release = await load('../../functions/api/privacy/release-legal-hold');
  staffRead = await load('../../functions/api/staff-get-complaint');
});
beforeEach(() => {
  world.current = newWorld();
});

const admin = claims(['admin'], 'adm-7');
const supervisor = claims(['supervisor'], 'sup-1');
const read = async (id: string) => {
  const res = await staffRead(jwtEvent({ method: 'GET', path: `/staff/complaints/${id}`, pathParameters: { id }, claims: supervisor }), lambdaContext);
  expect(res.statusCode, res.body).toBe(200);
  return StaffCaseReadSchema.parse(json(res));
};

describe('the legal hold on the staff case read', () => {
  it('absent without a hold; placed: since when, by whom, why; released: absent again', async () => {
    const c = await fileCase(world.current, 'payout_delay');
    expect((await read(c.id)).legalHold).toBeUndefined();

    const reason = 'Regulator inquiry REG-2291: keep everything';
    const placed = await place(
      jwtEvent({ method: 'POST', path: `/staff/complaints/${c.id}/legal-hold`, pathParameters: { id: c.id }, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason }), claims: admin }),
      lambdaContext,
    );
    expect(placed.statusCode, placed.body).toBe(201);
    expect((await read(c.id)).legalHold).toEqual({ reason, placedBy: 'adm-7', placedAt: world.current.now.toISOString() });

    const released = await release(jwtEvent({ method: 'POST', path: `/staff/complaints/${c.id}/legal-hold/release`, pathParameters: { id: c.id }, claims: admin }), lambdaContext);
    expect(released.statusCode, released.body).toBe(200);
    expect((await read(c.id)).legalHold).toBeUndefined();
  });
});
