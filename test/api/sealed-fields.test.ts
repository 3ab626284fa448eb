import { beforeEach, describe, expect, it, vi } from 'vitest';
import { claims, jwtEvent } from './action-fixtures';
import { json, lambdaContext, TEST_ENV, type Result } from './events';
import { fileCase, newWorld, world, WORLD_ENV } from './identity-world';
import { testCustomerKey } from '../support/customer-index';

/**
 * Sealed fields through the handlers: the full account number filed at intake is stored sealed and shown masked;
 * finance alone reveals it, each attempt on the audit log without the value; after erasure it is gone for good.
 */

vi.mock('../../functions/adapters/wiring', async (importOriginal) => (await import('./identity-world')).wiringWithWorld(importOriginal));
vi.mock('../../functions/channels/attachments/s3-case-files', async () => (await import('./identity-world')).s3CaseFilesInWorld());
vi.mock('../../functions/channels/email/s3-raw-mail', async (importOriginal) => (await import('./identity-world')).s3RawMailInWorld(importOriginal));
Object.assign(process.env, TEST_ENV, WORLD_ENV);

const { handler: createComplaint } = await import('../../functions/api/create-complaint');
const { handler: staffGet } = await import('../../functions/api/staff-get-complaint');
const { handler: reveal } = await import('../../functions/api/sealed/reveal-field');
const { handler: erase } = await import('../../functions/api/sealed/erase-customer-data');

const ACCOUNT = '30571869241234';
const finance = { ...claims(['finance'], 'fin-1'), 'custom:department': 'payments' };
const agent = { ...claims(['agent'], 'agent-1'), 'custom:department': 'payments' };
const supervisor = claims(['supervisor'], 'sup-1');
const admin = claims(['admin'], 'adm-1');

type Handler = (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
const askReveal = (id: string, who: Record<string, unknown>, field = 'accountNumber') =>
  (reveal as unknown as Handler)(jwtEvent({ method: 'POST', path: `/staff/complaints/${id}/reveal`, pathParameters: { id }, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ field }), claims: who }), lambdaContext);

async function file(): Promise<string> {
  const res = await (createComplaint as unknown as Handler)(
    jwtEvent({
      method: 'POST',
      path: '/complaints',
      // Each call is a new complaint of the same words: its own key (without one, a repeat is a keyless replay).
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        customer: { name: 'Ngozi Eze', email: 'ngozi@example.com' },
        category: 'payout_delay',
        subject: 'Withdrawal missing',
        description: 'My withdrawal has not arrived.',
        details: { bankName: 'GTBank', accountLast4: '1234', accountNumber: ACCOUNT, amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2026-11-21' },
      }),
    }),
    lambdaContext,
  );
  expect(res.statusCode, res.body).toBe(201);
  return (json(res) as { id: string }).id;
}

beforeEach(() => {
  world.current = newWorld();
});

describe('sealed fields', () => {
  it('intake stores the account number sealed, and staff see it masked', async () => {
    const id = await file();
    const stored = (await world.current.store.get(id))!;
    expect(stored.details.accountNumber).toBe('••••1234');
    expect(stored.sealed?.accountNumber).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(ACCOUNT);
    const read = await (staffGet as unknown as Handler)(jwtEvent({ method: 'GET', path: `/staff/complaints/${id}`, pathParameters: { id }, claims: supervisor }), lambdaContext);
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(ACCOUNT);
    expect((json(read).details as Record<string, unknown>).accountNumber).toBe('••••1234');
    expect(read.body).not.toContain('sealed');
  });

  it('finance reveals the value, not cached, and the audit log names the field but never the value', async () => {
    const id = await file();
    const res = await askReveal(id, finance);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({ field: 'accountNumber', value: ACCOUNT });
    expect(res.headers?.['cache-control']).toBe('no-store');
    const entries = world.current.audit.all().filter((e) => e.caseId === id);
    expect(entries).toEqual([expect.objectContaining({ action: 'reveal:accountNumber', actor: { staffId: 'fin-1', role: 'finance' }, outcome: 'allowed', route: 'POST /staff/complaints/{id}/reveal' })]);
    expect(JSON.stringify(world.current.audit.all())).not.toContain(ACCOUNT);
  });

  it('an agent and a supervisor are refused (403), on the record', async () => {
    const id = await file();
    expect((await askReveal(id, agent)).statusCode).toBe(403);
    expect((await askReveal(id, supervisor)).statusCode).toBe(403);
    expect(world.current.audit.all().filter((e) => e.caseId === id).map((e) => [e.actor.role, e.outcome])).toEqual([
      ['agent', 'refused'],
      ['supervisor', 'refused'],
    ]);
  });

  it('a field that is not sensitive is refused naming the field; a missing case is 404', async () => {
    const id = await file();
    const res = await askReveal(id, finance, 'bankName');
    expect(res.statusCode).toBe(422);
    expect(json(res).errors).toEqual([expect.objectContaining({ field: 'field' })]);
    expect((await askReveal(crypto.randomUUID(), finance)).statusCode).toBe(404);
  });

  it('a value sealed for another case does not open on this one (a copied ciphertext is refused)', async () => {
    const a = await file();
    const b = await file();
    const stolen = (await world.current.store.get(a))!.sealed!.accountNumber!;
    const target = (await world.current.store.get(b))!;
    // Rewritten in the store behind the use case's back, as a tampered item would be.
    (world.current.store as unknown as { cases: Map<string, unknown> }).cases.set(b, { ...target, sealed: { accountNumber: stolen } });
    expect((await askReveal(b, finance)).statusCode).toBe(500);
  });

  it("after erasure the value is gone (410), the case's files too, and the reveal of the erased case is refused on the record", async () => {
    const id = await file();
    await world.current.files.putCaseFile(id, 'bank-statement.pdf', new TextEncoder().encode('%PDF- 30571869241234'));
    expect(await world.current.customerKeys.wrapped(testCustomerKey('ngozi@example.com'))).toBeDefined();
    const erased = await (erase as unknown as Handler)(jwtEvent({ method: 'POST', path: `/staff/complaints/${id}/erasure`, pathParameters: { id }, claims: admin }), lambdaContext);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(json(erased).cases).toEqual([id]);
    expect((await askReveal(id, finance)).statusCode).toBe(410);
    expect(await world.current.customerKeys.wrapped(testCustomerKey('ngozi@example.com'))).toBeUndefined();
    expect(await world.current.files.files(id)).toEqual([]);
  });

  it('only an admin erases', async () => {
    const { id } = await fileCase(world.current, 'payout_delay');
    await world.current.files.putCaseFile(id, 'receipt.pdf', new Uint8Array([1]));
    for (const who of [agent, finance, supervisor]) {
      expect((await (erase as unknown as Handler)(jwtEvent({ method: 'POST', path: `/staff/complaints/${id}/erasure`, pathParameters: { id }, claims: who }), lambdaContext)).statusCode).toBe(403);
    }
    expect((await world.current.store.get(id))!.erasedAt).toBeUndefined();
    expect(await world.current.files.files(id)).toEqual([{ name: 'receipt.pdf', size: 1 }]);
  });
});
