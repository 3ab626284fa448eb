import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CustomerDataExportSchema } from '../../functions/domain/privacy/customer-export';
import { claims, jwtEvent } from './action-fixtures';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result } from './events';
import { fileCase, newWorld, step, world, WORLD_ENV } from './identity-world';

/** The data export (right of access), by the customer after a step-up and by an admin, through the handlers. */

vi.mock('../../functions/adapters/wiring', async (importOriginal) => (await import('./identity-world')).wiringWithWorld(importOriginal));
vi.mock('../../functions/channels/attachments/s3-case-files', async () => (await import('./identity-world')).s3CaseFilesInWorld());
Object.assign(process.env, TEST_ENV, WORLD_ENV);

type Handler = (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
let send: Handler, verify: Handler, customerExport: Handler, staffExport: Handler, staffRead: Handler;
beforeAll(async () => {
  const load = async (path: string) => ((await import(/* @vite-ignore */ path)) as unknown as { handler: Handler }).handler;
  send = await load('../../functions/api/identity/step-up-request');
  verify = await load('../../functions/api/identity/step-up-verify');
  customerExport = await load('../../functions/api/identity/customer-export');
  staffExport = await load('../../functions/api/identity/staff-export');
  staffRead = await load('../../functions/api/staff-get-complaint');
});
beforeEach(() => {
  world.current = newWorld();
});

type Opened = { id: string; accessToken: string };
const asCustomer = (h: Handler, c: Opened, path: string, method = 'POST', body?: unknown) =>
  h(httpEvent({ method, path: `/complaints/${c.id}${path}`, pathParameters: { id: c.id }, headers: { authorization: `Bearer ${c.accessToken}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }), lambdaContext);
const asStaff = (h: Handler, id: string, path: string, roles: string[], sub: string) => h(jwtEvent({ method: 'GET', path: `/staff/complaints/${id}${path}`, pathParameters: { id }, claims: claims(roles, sub) }), lambdaContext);
async function stepUp(c: Opened) {
  expect((await asCustomer(send, c, '/step-up')).statusCode).toBe(202);
  const code = /code is (\d{6})/.exec(world.current.mailer.sent.at(-1)!.text)![1]!;
  expect((await asCustomer(verify, c, '/step-up/verify', 'POST', { code })).statusCode).toBe(200);
}

/** Ada's two cases (one with a reply and an attachment, read by a supervisor) and Bola's one. */
async function threeCases() {
  const ada = { name: 'Ada Obi', email: 'ada@example.com' };
  const first = await fileCase(world.current, 'payout_delay', ada);
  const second = await fileCase(world.current, 'technical_issue', ada);
  const bola = await fileCase(world.current, 'payout_delay', { name: 'Bola Ade', email: 'bola@example.com' });
  await step(world.current, first.id, { type: 'reply', message: 'Which bank did you withdraw to?' }, { role: 'supervisor', staffId: 'sup-1' });
  world.current.files.stored.set(`${first.id}/u1.pdf`, new Uint8Array(1234));
  expect((await asStaff(staffRead, first.id, '', ['supervisor'], 'sup-1')).statusCode).toBe(200);
  return { first, second, bola };
}

describe('data export', () => {
  it('without a fresh step-up the customer gets 403 step-up-required', async () => {
    const { first } = await threeCases();
    const res = await asCustomer(customerExport, first, '/export', 'GET');
    expect(res.statusCode).toBe(403);
    expect(json(res).type).toBe('urn:redress:problem:step-up-required');
  });

  it("after a step-up: every case filed with the customer's email, details, timeline, attachments and audit entries; nobody else's", async () => {
    const { first, second, bola } = await threeCases();
    await stepUp(first);
    const res = await asCustomer(customerExport, first, '/export', 'GET');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="redress-export-[A-Z0-9-]+\.json"$/);
    const data = CustomerDataExportSchema.parse(json(res));
    expect(data.customer).toEqual({ name: 'Ada Obi', email: 'ada@example.com' });
    expect(data.cases.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect(JSON.stringify(data)).not.toContain(bola.id);
    const payout = data.cases.find((c) => c.id === first.id)!;
    expect(payout.details).toMatchObject({ bankName: 'GTBank', accountLast4: '6789' });
    // The sealed full account number is exported masked, as every view shows it; only finance's audited reveal opens it.
    expect(JSON.stringify(data)).not.toContain('0123456789');
    expect(JSON.stringify(payout.timeline)).toContain('Which bank did you withdraw to?');
    expect(payout.attachments).toEqual([{ name: 'u1.pdf', size: 1234 }]);
    expect(payout.audit).toEqual([expect.objectContaining({ action: 'read_case', actor: { staffId: 'sup-1', role: 'supervisor' }, caseId: first.id, outcome: 'allowed' })]);
    // Secrets of the case are not personal data to hand out: no token hashes, no task tokens.
    expect(JSON.stringify(data)).not.toMatch(/accessToken|taskToken/);
  });

  it('an admin exports for the customer of a case, on the audit log; other staff get 403, also on the log', async () => {
    const { first, second } = await threeCases();
    const res = await asStaff(staffExport, first.id, '/export', ['admin'], 'admin-1');
    expect(res.statusCode).toBe(200);
    expect(CustomerDataExportSchema.parse(json(res)).cases.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect((await asStaff(staffExport, first.id, '/export', ['supervisor'], 'sup-1')).statusCode).toBe(403);
    expect((await asStaff(staffExport, 'not-a-case', '/export', ['agent'], 'agent-1')).statusCode).toBe(403);
    expect((await asStaff(staffExport, crypto.randomUUID(), '/export', ['admin'], 'admin-1')).statusCode).toBe(404);
    const exports = world.current.audit.all().filter((e) => e.action === 'export_customer_data');
    expect(exports.map((e) => [e.actor.role, e.outcome])).toEqual(expect.arrayContaining([['admin', 'allowed'], ['supervisor', 'refused'], ['admin', 'refused']]));
  });
});
