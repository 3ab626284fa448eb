/**
 * The policy clauses the docs call enforced, driven through the running system's use cases on DynamoDB Local:
 * intake (fileComplaint), the workflow's steps (acknowledge, register step, apply due clocks, through the simulated
 * state machine that routes as the real one does) and people's actions (actOnCase), mail sent through SES to the
 * local catcher (test/core/running-system.ts). docs/policies.md names these tests as the proof of each clause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { RecordingMailer } from '../../functions/adapters/memory/mailer';
import { PolicyNotifier } from '../../functions/adapters/notifier';
import { packagedPolicies } from '../../functions/adapters/wiring';
import { policyBook } from '../../functions/core/policy-book';
import { actOnCase } from '../../functions/core/use-cases/act-on-case';
import { acknowledge } from '../../functions/core/use-cases/acknowledge';
import { fileComplaint } from '../../functions/core/use-cases/file-complaint';
import { listQueue } from '../../functions/core/use-cases/list-queue';
import { listPresets, loadPolicy, parsePolicy } from '../../functions/domain/policy';
import type { ScenarioInput } from '../../tools/simulate/scenario';
import { RunningSystem } from './running-system';

let sys: RunningSystem;
let store: DynamoCaseStore;
beforeAll(async () => {
  sys = await RunningSystem.start();
  store = sys.store;
});
afterAll(async () => sys?.stop());

/** A scenario through the core on DynamoDB Local, mail through SES to the catcher (each test on its own days, so cases never mix). */
const run = (scenario: ScenarioInput) => sys.run(scenario);
/** The queue reads the whole shared table, where earlier tests left cases of other presets: the book knows them all. */
const everyPreset = (current: string) => policyBook(loadPolicy(current), listPresets().filter((p) => p !== current).map((p) => loadPolicy(p)));
const caseOf = (r: Awaited<ReturnType<typeof run>>, id: string) => r.cases.find((c) => c.complaint === id)!;

describe('escalation triggers', () => {
  it('ecomstore: a billing dispute of USD 100.01 goes to a supervisor when acknowledged; one of exactly USD 100.00 stays on the front line', async () => {
    const billing = (id: string, amountMinor: number) => ({ id, category: 'billing_payment', channel: 'web' as const, receivedAt: '2031-01-06T10:00:00-05:00', details: { disputedAmount: { amountMinor, currency: 'USD' } } });
    const r = await run({ policy: 'ecomstore', complaints: [billing('over', 10_001), billing('at', 10_000)] });
    expect(caseOf(r, 'over').level).toBe(1);
    expect(caseOf(r, 'over').timeline.map((e) => e.type)).toContain('escalated_senior');
    expect(r.emails.filter((m) => m.to === 'over@customer.example').map((m) => m.subject)).toEqual([expect.any(String), expect.stringMatching(/escalated/i)]);
    expect(caseOf(r, 'at').level).toBe(0);
  });

  it('ecomstore: a complaint that says "my lawyer will take legal action" is escalated; a later customer message with such words escalates too', async () => {
    const r = await run({
      policy: 'ecomstore',
      complaints: [
        { id: 'legal', category: 'general_question', channel: 'email', receivedAt: '2031-01-07T10:00:00-05:00', description: 'My lawyer will take legal action.' },
        { id: 'later', category: 'general_question', channel: 'email', receivedAt: '2031-01-07T10:00:00-05:00', actions: [{ at: '2031-01-07T10:30:00-05:00', by: 'customer', type: 'reply', message: 'I am talking to my attorney.' }] },
      ],
    });
    expect(caseOf(r, 'legal').level).toBe(1);
    expect(caseOf(r, 'later').level).toBe(1);
  });

  it("ecomstore: a security incident goes straight to management, past the supervisor rung, with the rung's notifications", async () => {
    const r = await run({ policy: 'ecomstore', complaints: [{ id: 'breach', category: 'security_incident', channel: 'web', receivedAt: '2031-01-08T10:00:00-05:00', description: 'Someone logged into my account.' }] });
    expect(caseOf(r, 'breach')).toMatchObject({ status: 'escalated_senior', level: 2 });
    // The management rung notifies the supervisor (policy `escalation.rungs[].notify`), not the customer.
    const number = caseOf(r, 'breach').caseNumber;
    expect(r.emails.map((m) => m.subject)).toContain(`[supervisor] escalated senior: case ${number}`);
  });

  it('earnway: a complaint about staff conduct goes to the support supervisor when acknowledged', async () => {
    const r = await run({ policy: 'earnway', complaints: [{ id: 'conduct', category: 'staff_conduct', channel: 'web', receivedAt: '2031-01-08T10:00:00Z' }] });
    expect(caseOf(r, 'conduct')).toMatchObject({ status: 'escalated_senior', level: 1 });
  });
});

describe('the top of the ladder', () => {
  it('ecomstore: a customer disputing the resolution by management gets a final decision, never mediation', async () => {
    const r = await run({
      policy: 'ecomstore',
      complaints: [
        {
          id: 'top',
          category: 'security_incident',
          channel: 'web',
          receivedAt: '2031-01-09T10:00:00-05:00',
          description: 'Unknown login.',
          actions: [
            { at: '2031-01-09T10:30:00-05:00', by: 'supervisor', type: 'resolve', summary: 'Password reset, sessions revoked.' },
            { at: '2031-01-09T11:00:00-05:00', by: 'customer', type: 'dispute', reason: 'Not enough.' },
          ],
        },
      ],
    });
    expect(caseOf(r, 'top').status).toBe('closed');
    const mail = r.emails.filter((m) => m.to === 'top@customer.example');
    expect(mail.at(-1)!.text).toMatch(/final/i);
    expect(JSON.stringify(mail)).not.toMatch(/mediation/i);
  });

  it('promptearn: the same dispute after the Dispute Resolution Team ends in a recommendation of mediation', async () => {
    const r = await run({
      policy: 'promptearn',
      complaints: [
        {
          id: 'ladder',
          category: 'payout_delay',
          channel: 'web',
          receivedAt: '2031-01-13T10:00:00+01:00',
          details: { bankName: 'GTBank', accountLast4: '1234', amount: { amountMinor: 2500000, currency: 'NGN' }, withdrawalDate: '2031-01-10' },
          actions: [
            { at: '2031-01-13T10:10:00+01:00', by: 'agent', type: 'escalate', reason: 'Needs a senior.' },
            { at: '2031-01-13T10:20:00+01:00', by: 'senior', type: 'escalate', reason: 'Needs the team.' },
            { at: '2031-01-13T10:30:00+01:00', by: 'dispute_team', type: 'resolve', summary: 'Partial refund.' },
            { at: '2031-01-13T10:40:00+01:00', by: 'customer', type: 'dispute', reason: 'No.' },
          ],
        },
      ],
    });
    expect(r.refused).toEqual([]);
    expect(caseOf(r, 'ladder').status).toBe('mediation_recommended');
    expect(r.emails.filter((m) => m.to === 'ladder@customer.example').at(-1)!.text).toMatch(/mediat/i);
  });
});

describe('per-customer sequencing', () => {
  it("itc: the customer's next issue is due within 24 hours of the previous one's resolution", async () => {
    const r = await run({
      policy: 'itc',
      complaints: [
        { id: 'first', customer: 'seq-1', category: 'mail_setup', channel: 'web', receivedAt: '2031-02-03T09:00:00+07:00', actions: [{ at: '2031-02-04T10:00:00+07:00', by: 'agent', type: 'resolve' }] },
        { id: 'second', customer: 'seq-1', category: 'product_guidance', channel: 'web', receivedAt: '2031-02-04T12:00:00+07:00' },
        { id: 'other', customer: 'seq-2', category: 'product_guidance', channel: 'web', receivedAt: '2031-02-04T12:00:00+07:00' },
      ],
    });
    expect(caseOf(r, 'second').clocks.nextIssue).toMatchObject({ status: 'running', due: '2031-02-05T03:00:00Z' });
    expect(caseOf(r, 'other').clocks.nextIssue).toBeUndefined();
  });

  it("itc: a resolution makes the customer's oldest case already waiting the next issue, and only that one", async () => {
    const r = await run({
      policy: 'itc',
      complaints: [
        { id: 'a', customer: 'seq-3', category: 'mail_setup', channel: 'web', receivedAt: '2031-02-17T09:00:00+07:00', actions: [{ at: '2031-02-18T10:00:00+07:00', by: 'agent', type: 'resolve' }] },
        { id: 'b', customer: 'seq-3', category: 'product_guidance', channel: 'web', receivedAt: '2031-02-17T09:30:00+07:00', actions: [{ at: '2031-02-18T15:00:00+07:00', by: 'agent', type: 'resolve' }] },
        { id: 'c', customer: 'seq-3', category: 'product_guidance', channel: 'web', receivedAt: '2031-02-17T09:40:00+07:00' },
        { id: 'd', customer: 'seq-3', category: 'product_guidance', channel: 'web', receivedAt: '2031-02-17T09:50:00+07:00' },
      ],
    });
    // b was next after a (resolved 10:00, so due 10:00 the next day) and met it when resolved at 15:00.
    expect(caseOf(r, 'b').clocks.nextIssue).toMatchObject({ status: 'stopped', met: true });
    expect(caseOf(r, 'b').timeline.map((e) => e.type)).toContain('next_issue_scheduled');
    // c is next after b: its clock starts at b's resolution; d waits its turn behind c.
    expect(caseOf(r, 'c').clocks.nextIssue).toMatchObject({ status: 'running', due: '2031-02-19T08:00:00Z' });
    expect(caseOf(r, 'd').clocks.nextIssue).toBeUndefined();
  });
});

describe('department scope', () => {
  it("itc: staff of another department may not act on a business case; the business department and supervisors may", async () => {
    const r = await run({
      policy: 'itc',
      complaints: [
        {
          id: 'mail',
          category: 'mail_setup',
          channel: 'web',
          receivedAt: '2031-02-10T09:00:00+07:00',
          actions: [
            { at: '2031-02-10T09:10:00+07:00', by: 'agent', department: 'technical', type: 'reply', message: 'Hello.' },
            { at: '2031-02-10T09:20:00+07:00', by: 'agent', department: 'business', type: 'reply', message: 'Hello.' },
          ],
        },
      ],
    });
    expect(r.refused.map((x) => [x.step, x.reason])).toEqual([['reply', 'forbidden']]);
    expect(caseOf(r, 'mail').timeline.filter((e) => e.type === 'staff_replied')).toHaveLength(1);
    // The queue of a technical agent does not show it; a business agent's does.
    const queueOf = (department: string) => listQueue({ store, policies: everyPreset('itc'), now: () => new Date('2031-02-10T03:00:00Z'), cursorKeys: { secrets: ['clauses-test-cursor-secret-32-characters'] } }, { role: 'agent', staffId: `a-${department}`, department }, { limit: '100' });
    const id = r.caseIds.get('mail')!;
    const technical = await queueOf('technical');
    const business = await queueOf('business');
    expect(technical.ok && technical.items.map((i) => i.id)).not.toContain(id);
    expect(business.ok && business.items.map((i) => i.id)).toContain(id);
  });
});

describe('queue order', () => {
  it('earnway: critical first, even before a routine case due earlier', async () => {
    const r = await run({
      policy: 'earnway',
      until: '2031-03-05T09:30:00Z',
      complaints: [
        { id: 'routine', category: 'feedback', channel: 'web', receivedAt: '2031-03-03T10:00:00Z' },
        { id: 'critical', category: 'system_failure', channel: 'web', receivedAt: '2031-03-05T09:00:00Z', details: { affectedFeature: 'Payouts' } },
      ],
    });
    const queue = await listQueue({ store, policies: everyPreset('earnway'), now: () => new Date('2031-03-05T09:30:00Z'), cursorKeys: { secrets: ['clauses-test-cursor-secret-32-characters'] } }, { role: 'supervisor', staffId: 'sup' }, { limit: '100' });
    const order = queue.ok ? queue.items.map((i) => i.id).filter((id) => [...r.caseIds.values()].includes(id)) : [];
    expect(order).toEqual([r.caseIds.get('critical'), r.caseIds.get('routine')]);
    const routineDue = Date.parse(queue.ok ? queue.items.find((i) => i.id === r.caseIds.get('routine'))!.due! : '');
    const criticalDue = Date.parse(queue.ok ? queue.items.find((i) => i.id === r.caseIds.get('critical'))!.due! : '');
    expect(routineDue).toBeLessThan(criticalDue);
  });
});

describe('identity verification', () => {
  it('earnway: on a flagged category a reply is refused until staff record how the identity was verified', async () => {
    const r = await run({
      policy: 'earnway',
      complaints: [
        {
          id: 'account',
          category: 'account_security',
          channel: 'web',
          receivedAt: '2031-03-10T09:00:00Z',
          actions: [
            { at: '2031-03-10T09:05:00Z', by: 'agent', type: 'reply', message: 'Your account is safe.' },
            { at: '2031-03-10T09:06:00Z', by: 'agent', type: 'verifyIdentity', method: 'callback' },
            { at: '2031-03-10T09:07:00Z', by: 'agent', type: 'reply', message: 'Your account is safe.' },
          ],
        },
      ],
    });
    expect(r.refused.map((x) => [x.step, x.reason])).toEqual([['reply', 'conflict']]);
    expect(caseOf(r, 'account').timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['identity_verified', 'staff_replied']));
  });
});

describe('contact channels', () => {
  it('ecomstore takes a complaint by live chat with its chat targets; itc, which lists no chat, refuses one', async () => {
    const ecom = await run({ policy: 'ecomstore', complaints: [{ id: 'chat', category: 'general_question', channel: 'chat', receivedAt: '2031-04-07T10:00:00-04:00' }] });
    expect(ecom.refused).toEqual([]);
    expect(caseOf(ecom, 'chat').clocks.firstResponse?.clause).toMatch(/chat/i);
    const itc = await run({ policy: 'itc', complaints: [{ id: 'chat', category: 'product_guidance', channel: 'chat', receivedAt: '2031-04-07T10:00:00+07:00' }] });
    expect(itc.refused.map((x) => [x.step, x.reason])).toEqual([['file', 'invalid']]);
  });

  it('ecomstore takes a logged phone call as a case with the phone target; itc, which lists no phone line, refuses one', async () => {
    const ecom = await run({ policy: 'ecomstore', complaints: [{ id: 'call', category: 'general_question', channel: 'phone', receivedAt: '2031-04-08T10:00:00-04:00' }] });
    expect(ecom.refused).toEqual([]);
    expect(caseOf(ecom, 'call').clocks.firstResponse?.clause).toMatch(/phone/i);
    const itc = await run({ policy: 'itc', complaints: [{ id: 'call', category: 'product_guidance', channel: 'phone', receivedAt: '2031-04-08T10:00:00+07:00' }] });
    expect(itc.refused.map((x) => [x.step, x.reason])).toEqual([['file', 'invalid']]);
  });
});

describe('closed cases, languages', () => {
  it('a reply to a closed case is refused (gone), with no promise of reopening', async () => {
    const r = await run({
      policy: 'promptearn',
      complaints: [
        {
          id: 'done',
          category: 'general_inquiry',
          channel: 'web',
          receivedAt: '2031-05-05T09:00:00Z',
          actions: [
            { at: '2031-05-05T10:00:00Z', by: 'agent', type: 'resolve' },
            { at: '2031-05-05T11:00:00Z', by: 'customer', type: 'acceptResolution' },
            { at: '2031-05-06T11:00:00Z', by: 'customer', type: 'reply', message: 'One more thing.' },
          ],
        },
      ],
    });
    expect(r.refused.map((x) => [x.step, x.reason])).toEqual([['reply', 'gone']]);
    expect(r.emails.map((m) => m.text).join('\n')).not.toMatch(/reopen/i);
  });

  it('itc: a Vietnamese-speaking customer gets every message in Vietnamese, framed by the Vietnamese greeting and closing', async () => {
    const r = await run({
      policy: 'itc',
      complaints: [{ id: 'vi', category: 'product_guidance', channel: 'web', language: 'vi', receivedAt: '2031-05-12T09:00:00+07:00', actions: [{ at: '2031-05-12T10:00:00+07:00', by: 'agent', type: 'reply', message: 'Chào bạn.' }] }],
    });
    const itc = loadPolicy('itc');
    const vi = itc.messages.translations.vi!;
    const mail = r.emails.filter((m) => m.to === 'vi@customer.example');
    expect(mail).toHaveLength(2);
    for (const m of mail) {
      expect(m.text.startsWith(vi.greeting ?? '')).toBe(true);
      expect(m.text.trimEnd().endsWith(vi.closing ?? '')).toBe(true);
    }
  });
});

describe('policy versions', () => {
  it('a case is decided by the version it started under; a new version applies to new cases only', async () => {
    const v1 = loadPolicy('promptearn');
    const v2 = parsePolicy({ ...structuredClone(v1), version: '9.0.0', sla: { ...v1.sla, defaults: { ...v1.sla.defaults, followUp: { ...v1.sla.defaults.followUp!, amount: 72, unit: 'hours' } } } });
    let now = new Date('2031-06-02T09:00:00Z');
    const mailer = new RecordingMailer(() => now);
    const notifier = new PolicyNotifier(mailer, 'https://redress.example', 'staff@redress.example');
    const deps = (current: typeof v1, earlier: (typeof v1)[]) => ({
      policies: policyBook(current, earlier),
      store,
      notifier,
      callbacks: { complete: async () => 'delivered' as const },
      publicBaseUrl: 'https://redress.example',
      now: () => now,
      newId: () => crypto.randomUUID(),
    });
    const complaint = { customer: { name: 'Ada', email: 'ada@example.com' }, category: 'general_inquiry', subject: 'Access', description: 'No access.' };
    const before = deps(v1, []);
    const old = await fileComplaint(before, complaint);
    if (!old.ok) throw new Error('refused');
    await acknowledge(before, old.body.id);

    // Version 9.0.0 is deployed: the follow-up survey now waits 72 h.
    const after = deps(v2, [v1]);
    now = new Date('2031-06-02T10:00:00Z');
    const fresh = await fileComplaint(after, complaint);
    if (!fresh.ok) throw new Error('refused');
    await acknowledge(after, fresh.body.id);
    const resolve = { type: 'resolve' as const, summary: 'Restored.' };
    const agent = { role: 'agent' as const, staffId: 'agent-1' };
    const oldResolved = await actOnCase(after, old.body.id, agent, resolve);
    const freshResolved = await actOnCase(after, fresh.body.id, agent, resolve);
    if (!oldResolved.ok || !freshResolved.ok) throw new Error('refused');
    expect(oldResolved.theCase.policy.version).toBe(v1.version);
    expect(oldResolved.theCase.lifecycle.clocks.followUp?.due).toBe('2031-06-03T10:00:00Z'); // v1: 24 h
    expect(freshResolved.theCase.lifecycle.clocks.followUp?.due).toBe('2031-06-05T10:00:00Z'); // v2: 72 h
    // A deployment that no longer carries the old version refuses loudly rather than deciding it by another.
    await expect(actOnCase(deps(v2, []), old.body.id, agent, { type: 'note', text: 'x' })).rejects.toThrow(/not in this deployment/);
  });

  it('an archived version is read on the first case under it, once; the package\'s own book decides such a case by it', async () => {
    const archived = parsePolicy(JSON.parse(readFileSync(new URL('../../policies/versions/promptearn/1.1.0.json', import.meta.url), 'utf8')));
    const current = loadPolicy('promptearn');
    let loads = 0;
    const lazy = policyBook(current, [{ name: 'promptearn', version: '1.1.0', load: () => (loads++, archived) }]);
    expect(lazy.of({ name: 'promptearn', version: current.version })).toBe(current);
    expect(loads).toBe(0);
    expect(lazy.of({ name: 'promptearn', version: '1.1.0' })).toBe(archived);
    expect(lazy.of({ name: 'promptearn', version: '1.1.0' })).toBe(archived);
    expect(loads).toBe(1);
    // A case filed while 1.1.0 was in force, then handled by the deployed package (policies/versions, compressed).
    const now = new Date('2031-06-02T09:00:00Z');
    const deps = (policies: ReturnType<typeof policyBook>) => ({
      policies, store, notifier: new PolicyNotifier(new RecordingMailer(() => now), 'https://redress.example', 'staff@redress.example'),
      callbacks: { complete: async () => 'delivered' as const }, publicBaseUrl: 'https://redress.example', now: () => now, newId: () => crypto.randomUUID(),
    });
    const filed = await fileComplaint(deps(policyBook(archived)), { customer: { name: 'Ada', email: 'ada@example.com' }, category: 'general_inquiry', subject: 'Old', description: 'Filed under 1.1.0.' });
    if (!filed.ok) throw new Error('refused');
    const packaged = packagedPolicies('promptearn');
    await acknowledge(deps(packaged), filed.body.id);
    const resolved = await actOnCase(deps(packaged), filed.body.id, { role: 'agent', staffId: 'agent-1' }, { type: 'resolve', summary: 'Done.' });
    if (!resolved.ok) throw new Error('refused');
    expect(resolved.theCase.policy).toEqual({ name: 'promptearn', version: '1.1.0' });
    expect(packaged.of(resolved.theCase.policy)).toEqual(archived);
    expect(packaged.current().version).not.toBe('1.1.0');
  });
});
