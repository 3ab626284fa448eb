import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PolicyNotifier } from '../../functions/adapters/notifier';
import { sendCaseOutbox } from '../../functions/core/use-cases/send-outbox';
import { claims, jwtEvent } from './action-fixtures';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result } from './events';
import { fileCase, newWorld, world, WORLD_ENV } from './identity-world';
import { testCustomerKey } from '../support/customer-index';

/**
 * Privacy rights through the handlers: the customer corrects their contact details and erases their data after a
 * fresh step-up (403 and nothing changed without one); an admin corrects on the record, never the values.
 */

vi.mock('../../functions/adapters/wiring', async (importOriginal) => (await import('./identity-world')).wiringWithWorld(importOriginal));
vi.mock('../../functions/channels/attachments/s3-case-files', async () => (await import('./identity-world')).s3CaseFilesInWorld());
vi.mock('../../functions/channels/email/s3-raw-mail', async (importOriginal) => (await import('./identity-world')).s3RawMailInWorld(importOriginal));
Object.assign(process.env, TEST_ENV, WORLD_ENV);

type Handler = (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
let send: Handler, verify: Handler, contact: Handler, staffContact: Handler, erasure: Handler, reveal: Handler, customerGet: Handler, staffExport: Handler;
beforeAll(async () => {
  const load = async (path: string) => ((await import(/* @vite-ignore */ path)) as unknown as { handler: Handler }).handler;
  send = await load('../../functions/api/identity/step-up-request');
  verify = await load('../../functions/api/identity/step-up-verify');
  contact = await load('../../functions/api/identity/customer-contact');
  staffContact = await load('../../functions/api/identity/staff-contact');
  erasure = await load('../../functions/api/identity/customer-erasure');
  reveal = await load('../../functions/api/sealed/reveal-field');
  customerGet = await load('../../functions/api/get-complaint');
  staffExport = await load('../../functions/api/identity/staff-export');
});
beforeEach(() => {
  world.current = newWorld();
});

type Opened = { id: string; accessToken: string };
const asCustomer = (h: Handler, c: Opened, path: string, method = 'POST', body?: unknown) =>
  h(httpEvent({ method, path: `/complaints/${c.id}${path}`, pathParameters: { id: c.id }, headers: { authorization: `Bearer ${c.accessToken}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }), lambdaContext);
const asStaff = (h: Handler, id: string, path: string, who: Record<string, unknown>, body: unknown) =>
  h(jwtEvent({ method: 'POST', path: `/staff/complaints/${id}${path}`, pathParameters: { id }, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), claims: who }), lambdaContext);
const h = (handler: Handler, event: ReturnType<typeof jwtEvent>) => handler(event, lambdaContext);
async function stepUp(c: Opened) {
  expect((await asCustomer(send, c, '/step-up')).statusCode).toBe(202);
  const code = /code is (\d{6})/.exec(world.current.mailer.sent.at(-1)!.text)![1]!;
  expect((await asCustomer(verify, c, '/step-up/verify', 'POST', { code })).statusCode).toBe(200);
}
const admin = claims(['admin'], 'adm-1');
const finance = { ...claims(['finance'], 'fin-1'), 'custom:department': 'payments' };
const ada = { name: 'Ada Obi', email: 'ada@example.com' };

describe('correction of contact details', () => {
  it('without a fresh step-up: 403 step-up-required, nothing changed', async () => {
    const c = await fileCase(world.current, 'payout_delay', ada);
    const before = await world.current.store.getWithTimeline(c.id);
    const res = await asCustomer(contact, c, '/contact', 'POST', { email: 'ada.new@example.net' });
    expect(res.statusCode).toBe(403);
    expect(json(res).type).toBe('urn:redress:problem:step-up-required');
    expect(await world.current.store.getWithTimeline(c.id)).toEqual(before);
  });

  it('a bad value is 422 naming the field; an empty correction names name', async () => {
    const c = await fileCase(world.current, 'payout_delay', ada);
    await stepUp(c);
    const bad = await asCustomer(contact, c, '/contact', 'POST', { email: 'not an address' });
    expect(bad.statusCode).toBe(422);
    expect(json(bad).errors).toEqual([expect.objectContaining({ field: 'email' })]);
    const empty = await asCustomer(contact, c, '/contact', 'POST', {});
    expect(empty.statusCode).toBe(422);
    expect(json(empty).errors).toEqual([expect.objectContaining({ field: 'name' })]);
    const extra = await asCustomer(contact, c, '/contact', 'POST', { phone: '0803' });
    expect(extra.statusCode).toBe(422);
  });

  it('after a step-up a new address moves every case of the customer, re-seals the account number under the new key and drops the old key', async () => {
    const first = await fileCase(world.current, 'payout_delay', ada);
    const second = await fileCase(world.current, 'technical_issue', ada);
    const bola = await fileCase(world.current, 'payout_delay', { name: 'Bola Ade', email: 'bola@example.com' });
    const sealedBefore = (await world.current.store.get(first.id))!.sealed!.accountNumber!;
    await stepUp(first);

    const mailedBefore = world.current.mailer.sent.length;
    const res = await asCustomer(contact, first, '/contact', 'POST', { name: 'Ada Obi-Eze', email: 'Ada.New@example.net' });

    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).changed).toEqual(['name', 'email']);
    expect((json(res).cases as string[]).sort()).toEqual([first.id, second.id].sort());
    for (const id of [first.id, second.id]) {
      const { theCase, timeline } = (await world.current.store.getWithTimeline(id))!;
      expect(theCase.customer).toEqual({ name: 'Ada Obi-Eze', email: 'Ada.New@example.net' });
      expect(timeline.at(-1)).toMatchObject({ type: 'contact_corrected', visibility: 'customer', actor: { kind: 'customer' } });
      // The event names what changed, never the values.
      expect(JSON.stringify(timeline.at(-1))).not.toMatch(/Ada\.New|Obi-Eze|ada@example/);
    }
    expect(await world.current.store.casesOf('ada@example.com')).toEqual([]);
    expect((await world.current.store.casesOf('ada.new@example.net')).sort()).toEqual([first.id, second.id].sort());
    expect((await world.current.store.get(bola.id))!.customer.email).toBe('bola@example.com');
    // The old key is gone; the account number opens under the new one (finance's reveal), sealed anew.
    expect(await world.current.customerKeys.wrapped(testCustomerKey('ada@example.com'))).toBeUndefined();
    expect(await world.current.customerKeys.wrapped(testCustomerKey('ada.new@example.net'))).toBeDefined();
    expect((await world.current.store.get(first.id))!.sealed!.accountNumber).not.toBe(sealedBefore);
    const revealed = await asStaff(reveal, first.id, '/reveal', finance, { field: 'accountNumber' });
    expect(json(revealed)).toEqual({ field: 'accountNumber', value: '0123456789' });
    // The customer reads their timeline: the correction is on it.
    const view = json(await asCustomer(customerGet, first, '', 'GET'));
    expect(JSON.stringify(view.timeline)).toContain('You corrected the contact name and email on this case.');

    // The old address is told once (from the case asked about, through its outbox), the new one masked.
    const sender = { store: world.current.store, notifier: new PolicyNotifier(world.current.mailer, 'https://redress.example'), policies: world.current.policies, now: () => world.current.now };
    for (const id of [first.id, second.id]) await sendCaseOutbox(sender, id);
    const notices = world.current.mailer.sent.slice(mailedBefore).filter((m) => m.to === 'ada@example.com');
    expect(notices.map((m) => m.subject)).toEqual([expect.stringMatching(/^Case .+: the email address was changed$/)]);
    const caseNumber = (await world.current.store.get(first.id))!.caseNumber;
    expect(notices[0]!.text).toContain(`The email address on your case ${caseNumber} was changed on `);
    expect(notices[0]!.text).toContain('to A***@example.net.');
    expect(notices[0]!.text).toMatch(/If you did not, contact us straight away/);
    expect(notices[0]!.text + notices[0]!.html).not.toMatch(/ada\.new@example\.net/i);
    expect(notices[0]!.caseId).toBeUndefined();
  });

  it('an admin corrects on the audit log (the action, never the values); other roles 403 on the log too', async () => {
    const c = await fileCase(world.current, 'payout_delay', ada);
    expect((await asStaff(staffContact, c.id, '/contact', { ...claims(['supervisor'], 'sup-1') }, { name: 'X Y' })).statusCode).toBe(403);
    const res = await asStaff(staffContact, c.id, '/contact', admin, { email: 'ada.obi@example.org' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({ changed: ['email'], cases: [c.id] });
    expect((await world.current.store.get(c.id))!.customer.email).toBe('ada.obi@example.org');
    const entries = world.current.audit.all().filter((e) => e.action === 'correct_contact');
    expect(entries.map((e) => [e.actor.role, e.outcome])).toEqual([
      ['supervisor', 'refused'],
      ['admin', 'allowed'],
    ]);
    expect(JSON.stringify(world.current.audit.all())).not.toContain('ada.obi@example.org');
    const { timeline } = (await world.current.store.getWithTimeline(c.id))!;
    expect(timeline.at(-1)).toMatchObject({ type: 'contact_corrected', summary: 'Our data protection team corrected the contact email on this case.', actor: { kind: 'staff', role: 'admin' } });
    // The same values again change nothing and write nothing.
    expect(json(await asStaff(staffContact, c.id, '/contact', admin, { email: 'ada.obi@example.org' }))).toEqual({ changed: [], cases: [] });
    expect((await world.current.store.getWithTimeline(c.id))!.timeline).toHaveLength(timeline.length);
  });
});

describe("the customer's own erasure", () => {
  it('without a fresh step-up: 403, nothing erased; an unconfirmed request is 422 naming confirm', async () => {
    const c = await fileCase(world.current, 'payout_delay', ada);
    const res = await asCustomer(erasure, c, '/erasure', 'POST', { confirm: true });
    expect(res.statusCode).toBe(403);
    expect(json(res).type).toBe('urn:redress:problem:step-up-required');
    expect((await world.current.store.get(c.id))!.erasedAt).toBeUndefined();
    expect(await world.current.customerKeys.wrapped(testCustomerKey(ada.email))).toBeDefined();
    await stepUp(c);
    const unconfirmed = await asCustomer(erasure, c, '/erasure', 'POST', { confirm: 'yes' });
    expect(unconfirmed.statusCode).toBe(422);
    expect(json(unconfirmed).errors).toEqual([expect.objectContaining({ field: 'confirm' })]);
  });

  it('after a step-up: every case of the address erased, its files and raw emails deleted, the key shredded, the case page still opens (anonymized)', async () => {
    const first = await fileCase(world.current, 'payout_delay', ada);
    const second = await fileCase(world.current, 'technical_issue', ada);
    const bola = await fileCase(world.current, 'payout_delay', { name: 'Bola Ade', email: 'bola@example.com' });
    const bytes = new TextEncoder().encode('%PDF- statement');
    const rawMail = world.current.rawMail;
    for (const c of [first, second, bola]) {
      await world.current.files.putCaseFile(c.id, 'statement.pdf', bytes);
      await world.current.files.putUpload(c.id, 'pending-1', bytes);
      // A raw email that became the case, as the inbound handler records it.
      rawMail.stored.set(`inbound/${c.id}-mail`, new TextEncoder().encode('From: someone'));
      await rawMail.recordCase(`inbound/${c.id}-mail`, c.id);
    }
    await stepUp(first);
    const res = await asCustomer(erasure, first, '/erasure', 'POST', { confirm: true });
    expect(res.statusCode, res.body).toBe(200);
    expect((json(res).cases as string[]).sort()).toEqual([first.id, second.id].sort());
    for (const id of [first.id, second.id]) expect((await world.current.store.get(id))!).toMatchObject({ customer: { name: '(erased)' }, subject: '(erased)' });
    expect(await world.current.customerKeys.wrapped(testCustomerKey(ada.email))).toBeUndefined();
    expect((await world.current.store.get(bola.id))!.customer.name).toBe('Bola Ade');
    for (const id of [first.id, second.id]) {
      expect(await world.current.files.files(id)).toEqual([]);
      expect(await world.current.files.pendingUploads(id)).toEqual([]);
    }
    expect(await world.current.files.files(bola.id)).toEqual([{ name: 'statement.pdf', size: bytes.byteLength }]);
    expect(await world.current.files.pendingUploads(bola.id)).toHaveLength(1);
    expect([...rawMail.stored.keys()]).toEqual([`inbound/${bola.id}-mail`]);
    expect((await asCustomer(customerGet, first, '', 'GET')).statusCode).toBe(200);
    // Asking again finishes what was done (no address is left to send a code to).
    expect((await asCustomer(erasure, first, '/erasure', 'POST', { confirm: true })).statusCode).toBe(200);

    // On the audit log: one entry per erased case by the customer after a step-up, then the second ask (by the
    // access token alone) on the case asked about; the refused 403 before a step-up is not there. Bola's has none.
    const erasures = world.current.audit.all().filter((e) => e.action === 'erase_customer');
    expect(erasures.map((e) => [e.caseId, e.actor, e.route, e.outcome]).sort()).toEqual(
      [
        [first.id, { role: 'customer', provedBy: 'step_up' }, 'POST /complaints/{id}/erasure', 'allowed'],
        [second.id, { role: 'customer', provedBy: 'step_up' }, 'POST /complaints/{id}/erasure', 'allowed'],
        [first.id, { role: 'customer', provedBy: 'access_token' }, 'POST /complaints/{id}/erasure', 'allowed'],
      ].sort(),
    );
    for (const value of [ada.name, ada.email, testCustomerKey(ada.email)]) expect(JSON.stringify(erasures)).not.toContain(value);
    // An export includes them with the case's other audit entries.
    const exported = await h(staffExport, jwtEvent({ method: 'GET', path: `/staff/complaints/${second.id}/export`, pathParameters: { id: second.id }, claims: admin }));
    expect(exported.statusCode, exported.body).toBe(200);
    const audit = (json(exported).cases as { id: string; audit: { action: string; actor: unknown }[] }[]).find((c) => c.id === second.id)!.audit;
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'erase_customer', actor: { role: 'customer', provedBy: 'step_up' } })]));
  });
});

describe('payout details on the customer\'s case view', () => {
  it('are hidden without a fresh step-up (the view says what unlocks them), shown after one with the account number masked', async () => {
    const c = await fileCase(world.current, 'payout_delay', ada);
    const locked = await asCustomer(customerGet, c, '', 'GET');
    expect(locked.statusCode).toBe(200);
    expect(json(locked).payoutDetails).toBeUndefined();
    expect(json(locked).payoutDetailsLocked).toMatch(/confirm it is you/);
    expect(locked.body).not.toMatch(/GTBank|6789/);

    await stepUp(c);
    const open = json(await asCustomer(customerGet, c, '', 'GET'));
    expect(open.payoutDetails).toEqual([
      { name: 'bankName', label: expect.any(String), value: 'GTBank' },
      { name: 'accountLast4', label: expect.any(String), value: '6789' },
      { name: 'accountNumber', label: expect.any(String), value: '••••6789' },
    ]);
    expect(open.payoutDetailsLocked).toBeUndefined();
    expect(JSON.stringify(open)).not.toContain('0123456789');

    // The verification lasts 30 minutes; then they are hidden again.
    world.current.now = new Date(world.current.now.getTime() + 31 * 60_000);
    expect(json(await asCustomer(customerGet, c, '', 'GET')).payoutDetails).toBeUndefined();
  });

  it('a case without payout details says nothing about them', async () => {
    const c = await fileCase(world.current, 'technical_issue', ada);
    const view = json(await asCustomer(customerGet, c, '', 'GET'));
    expect(view.payoutDetails).toBeUndefined();
    expect(view.payoutDetailsLocked).toBeUndefined();
  });
});
