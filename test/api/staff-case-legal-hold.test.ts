import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { StaffCaseReadSchema } from '../../functions/core/use-cases/read-case';
import { claims, jwtEvent } from './action-fixtures';
import { json, lambdaContext, TEST_ENV, type Result } from './events';
import { openChargeback } from '../../functions/domain/finance/chargeback/open';
import { fileCase, newWorld, step, supervisor, T0, world, WORLD_ENV } from './identity-world';

/**
 * The staff case read shows every legal hold standing on the case, as the OpenAPI schema says: an admin's (since
 * when, by whom, why; gone once released), a dispute with the Dispute Resolution Team, an unsettled chargeback.
 * Through the handlers: an admin places and releases the manual hold, a supervisor reads the case.
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
const supervisorClaims = claims(['supervisor'], 'sup-1');
const read = async (id: string) => {
  const res = await staffRead(jwtEvent({ method: 'GET', path: `/staff/complaints/${id}`, pathParameters: { id }, claims: supervisorClaims }), lambdaContext);
  expect(res.statusCode, res.body).toBe(200);
  return StaffCaseReadSchema.parse(json(res));
};

const placeHold = (id: string, reason: string) =>
  place(jwtEvent({ method: 'POST', path: `/staff/complaints/${id}/legal-hold`, pathParameters: { id }, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason }), claims: admin }), lambdaContext);
const releaseHold = (id: string) => release(jwtEvent({ method: 'POST', path: `/staff/complaints/${id}/legal-hold/release`, pathParameters: { id }, claims: admin }), lambdaContext);

/** A chargeback opened by an agent on the case, as the finance store keeps it (unsettled: open). */
async function openChargebackOn(caseId: string): Promise<string> {
  const opened = openChargeback(
    { chargebackId: `cb_${crypto.randomUUID().slice(0, 8)}`, caseId, transactionReference: 'ch_1', amount: { amountMinor: 1_500_000, currency: 'NGN' }, reason: 'Card holder disputes the charge.' },
    { staffId: 'agent-1', role: 'agent' },
    world.current.now,
    world.current.policy.finance!.chargebacks!,
    world.current.policy,
  );
  if (!opened.ok) throw new Error(opened.detail);
  await world.current.finance.createChargeback(opened.chargeback, opened.events);
  return opened.chargeback.chargebackId;
}

describe('the legal holds on the staff case read', () => {
  it('none without a hold; placed: since when, by whom, why; released: none again', async () => {
    const c = await fileCase(world.current, 'payout_delay');
    expect((await read(c.id)).legalHolds).toEqual([]);

    const reason = 'Regulator inquiry REG-2291: keep everything';
    const placed = await placeHold(c.id, reason);
    expect(placed.statusCode, placed.body).toBe(201);
    expect((await read(c.id)).legalHolds).toEqual([{ kind: 'manual', reason, placedBy: 'adm-7', since: world.current.now.toISOString() }]);

    const released = await releaseHold(c.id);
    expect(released.statusCode, released.body).toBe(200);
    expect((await read(c.id)).legalHolds).toEqual([]);
  });

  it('a case under review by the Dispute Resolution Team shows that hold, since it was taken there', async () => {
    const c = await fileCase(world.current, 'payout_delay');
    world.current.now = new Date(T0.getTime() + 3_600_000);
    await step(world.current, c.id, { type: 'escalate', reason: 'Needs a senior look.' }, supervisor);
    world.current.now = new Date(T0.getTime() + 7_200_000);
    await step(world.current, c.id, { type: 'escalate', reason: 'Needs the Dispute Resolution Team.' }, supervisor);

    const view = await read(c.id);
    expect(view.status).toBe('dispute_review');
    expect(view.legalHolds).toEqual([{ kind: 'dispute', reason: 'Under review by the Dispute Resolution Team', since: world.current.now.toISOString() }]);
  });

  it('an unsettled chargeback shows its hold; releasing a manual hold leaves it standing', async () => {
    const c = await fileCase(world.current, 'payout_delay');
    const openedAt = world.current.now.toISOString();
    const chargebackId = await openChargebackOn(c.id);
    world.current.now = new Date(T0.getTime() + 86_400_000);
    expect((await placeHold(c.id, 'Counsel asked us to keep it')).statusCode).toBe(201);
    const chargebackHold = { kind: 'chargeback', reason: `Chargeback ${chargebackId} is not settled`, since: openedAt, chargebackId };

    expect((await read(c.id)).legalHolds).toEqual([chargebackHold, { kind: 'manual', reason: 'Counsel asked us to keep it', placedBy: 'adm-7', since: world.current.now.toISOString() }]);
    expect((await releaseHold(c.id)).statusCode).toBe(200);
    expect((await read(c.id)).legalHolds).toEqual([chargebackHold]);
  });
});
