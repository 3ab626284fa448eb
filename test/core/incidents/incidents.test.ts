import { beforeAll, describe, expect, it, vi } from 'vitest';
import { InMemoryCaseStore } from '../../../functions/adapters/memory/case-store';
import { InMemoryIncidentStore } from '../../../functions/adapters/memory/incident-store';
import { RecordingMailer } from '../../../functions/adapters/memory/mailer';
import { PolicyNotifier } from '../../../functions/adapters/notifier';
import { policyBook } from '../../../functions/core/policy-book';
import type { TaskCallbacks } from '../../../functions/core/ports';
import { acknowledge } from '../../../functions/core/use-cases/acknowledge';
import { declareIncident } from '../../../functions/core/use-cases/incidents/declare-incident';
import type { IncidentDeps } from '../../../functions/core/use-cases/incidents/incident-deps';
import { postIncidentUpdate } from '../../../functions/core/use-cases/incidents/post-incident-update';
import { runQueuedFanOut } from '../../../functions/core/use-cases/incidents/fan-out';
import { resolveIncident } from '../../../functions/core/use-cases/incidents/resolve-incident';
import { generateAccessToken, hashAccessToken } from '../../../functions/domain/access-token';
import { openCase, parseComplaintRequest } from '../../../functions/domain/complaint';
import type { StaffActor } from '../../../functions/domain/lifecycle/model';
import { loadPolicy } from '../../../functions/domain/policy';

/**
 * Seed 004 section 14 on the core with its in-memory adapters and the policy notifier: an outage explains 20 open
 * cases (by category or by a word in the complaint), each customer hears of each update exactly once, a new case is
 * linked after its acknowledgment, and resolving the incident closes every link.
 */
const policy = loadPolicy('ecomstore');
let clock = new Date('2026-12-03T14:00:00Z');
const now = () => clock;
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
const store = new InMemoryCaseStore(now);
const incidents = new InMemoryIncidentStore();
const mailer = new RecordingMailer(now);
// Incident actions complete no workflow wait; resolving a case does, and finds none here (the case re-reads itself).
const callbacks: TaskCallbacks = { complete: async () => 'gone' };
const deps: IncidentDeps = {
  store,
  incidents,
  policies: policyBook(policy),
  notifier: new PolicyNotifier(mailer, 'https://complaints.example'),
  callbacks,
  now,
};
const supervisor: StaffActor = { role: 'supervisor', staffId: 'sup-1' };
const TITLE = 'Checkout payments fail';

let sequence = 0;
async function file(email: string, complaint: { category: string; subject: string; description: string; details?: Record<string, unknown> }) {
  const parsed = parseComplaintRequest(policy, { customer: { name: 'Customer', email }, details: {}, ...complaint });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const accessToken = generateAccessToken();
  const { theCase, firstEvent } = openCase(policy, parsed.value, { id: crypto.randomUUID(), caseSequence: ++sequence, receivedAt: now(), accessToken, accessTokenHash: hashAccessToken(accessToken) });
  await store.create(theCase, firstEvent);
  await acknowledge({ ...deps }, theCase.id);
  return theCase.id;
}
const incidentMail = (email: string) => mailer.sent.filter((m) => m.to === email && m.subject.includes(TITLE));

const matching: { id: string; email: string }[] = [];
const others: { id: string; email: string }[] = [];

beforeAll(async () => {
  for (let i = 0; i < 20; i++) {
    const email = `affected-${i}@customer.example`;
    // Half match by category, half by a keyword in a complaint of another category.
    const id = i % 2 === 0
      ? await file(email, { category: 'billing_payment', subject: `Charged twice ${i}`, description: 'My card was charged twice for one order.' })
      : await file(email, { category: 'technical_issue', subject: `Cannot pay ${i}`, description: 'The CHECKOUT page shows an error when I pay.' });
    matching.push({ id, email });
  }
  for (let i = 0; i < 3; i++) {
    const email = `other-${i}@customer.example`;
    others.push({ id: await file(email, { category: 'technical_issue', subject: 'Password reset', description: 'The reset link expired.' }), email });
  }
});

describe('an outage incident', () => {
  let incidentId = '';

  it('links the 20 matching open cases, moves them to the front of the queue and tells each customer the first update once', async () => {
    advance(5);
    const declared = await declareIncident(deps, supervisor, {
      title: TITLE,
      since: '2026-12-03T13:30:00Z',
      scope: { categories: ['billing_payment'], keywords: ['checkout'] },
      alternativeContacts: [{ label: 'Phone', value: '+1 555 0100' }],
      message: 'Card payments fail at checkout; we are working with the payment provider.',
    });
    if (!declared.ok) throw new Error(declared.detail);
    incidentId = declared.incident.id;
    expect(declared.linked).toBe(20);
    // Queued: the fan-out consumer links each batch (the change stream delivers them on AWS and locally).
    expect(await incidents.links(incidentId)).toEqual([]);
    for (const item of incidents.takeQueued()) await runQueuedFanOut(deps, item);
    expect((await incidents.links(incidentId)).map((l) => l.caseId).sort()).toEqual(matching.map((m) => m.id).sort());
    for (const { id, email } of matching) {
      const theCase = (await store.get(id))!;
      expect(theCase.lifecycle.incident).toMatchObject({ id: incidentId, told: 1 });
      expect(theCase.lifecycle.queue?.priorityRank).toBe(0);
      const mail = incidentMail(email);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.text).toContain('Card payments fail at checkout');
      expect(mail[0]!.text).toContain('Phone: +1 555 0100');
    }
    for (const { id, email } of others) {
      expect((await store.get(id))!.lifecycle.incident).toBeUndefined();
      expect(incidentMail(email)).toHaveLength(0);
    }
  });

  it('tells each linked customer an update exactly once, refuses a second update inside the window, and a re-run tells nobody again', async () => {
    advance(11);
    const before = mailer.sent.length;
    const posted = await postIncidentUpdate(deps, supervisor, incidentId, { message: 'A fix is being deployed; expect payments to work by 16:00.' });
    if (!posted.ok) throw new Error(posted.detail);
    expect(posted.told).toBe(20);
    // Queued, not yet told: the fan-out consumer tells each batch (the change stream delivers them on AWS and locally).
    expect(mailer.sent.length - before).toBe(0);
    for (const item of incidents.takeQueued()) await runQueuedFanOut(deps, item);
    expect(mailer.sent.length - before).toBe(20);
    for (const { email } of matching) {
      expect(incidentMail(email).map((m) => m.text.includes('A fix is being deployed'))).toEqual([false, true]);
    }
    const tooSoon = await postIncidentUpdate(deps, supervisor, incidentId, { message: 'Still deploying.' });
    expect(tooSoon).toMatchObject({ ok: false, reason: 'rate_limited' });
    // The same update once more on a case (a retried fan-out): refused by the case, nothing mailed.
    const { actForIncident, noticeOf } = await import('../../../functions/core/use-cases/incidents/incident-deps');
    expect(await actForIncident(deps, matching[0]!.id, { type: 'incidentUpdate', incident: noticeOf((await incidents.get(incidentId))!) })).toBe(false);
    expect(mailer.sent.length - before).toBe(20);
  });

  it('links a new matching case right after its acknowledgment and tells it the latest update', async () => {
    advance(1);
    const email = 'newcomer@customer.example';
    const id = await file(email, { category: 'billing_payment', subject: 'Payment failed', description: 'I could not pay.' });
    expect((await store.get(id))!.lifecycle.incident).toMatchObject({ id: incidentId, told: 2 });
    expect(incidentMail(email).map((m) => m.text.includes('A fix is being deployed'))).toEqual([true]);
    const acknowledgment = mailer.sent.findIndex((m) => m.to === email);
    expect(mailer.sent[acknowledgment]!.subject).not.toContain(TITLE);
    matching.push({ id, email });
  });

  it('resolving it resolves the linked cases with the note, gives back their queue rank and closes every link', async () => {
    advance(60);
    const resolved = await resolveIncident(deps, supervisor, incidentId, { outcome: 'resolve', note: 'The payment provider fixed the outage; please retry your payment.' });
    if (!resolved.ok) throw new Error(resolved.detail);
    expect(resolved.incident.status).toBe('resolved');
    expect(resolved.links).toHaveLength(21);
    expect(resolved.links.every((l) => l.closed?.outcome === 'resolved')).toBe(true);
    for (const { id } of matching) {
      const theCase = (await store.get(id))!;
      expect(theCase.status).toBe('resolved');
      expect(theCase.lifecycle.incident).toBeUndefined();
      expect(theCase.lifecycle.queue?.priorityRank).not.toBe(0);
    }
    expect(await postIncidentUpdate(deps, supervisor, incidentId, { message: 'late' })).toMatchObject({ ok: false, reason: 'gone' });
  });

  it('only supervisors run incidents; a malformed declaration names its fields', async () => {
    expect(await declareIncident(deps, { role: 'agent', staffId: 'a-1' }, {})).toMatchObject({ ok: false, reason: 'forbidden' });
    const bad = await declareIncident(deps, supervisor, { title: 'x', since: 'yesterday', scope: { categories: ['nope'] }, message: 'm' });
    expect(bad).toMatchObject({ ok: false, reason: 'invalid' });
    expect(!bad.ok && bad.errors?.map((e) => e.field)).toContain('since');
  });

  it('an update or a resolution for an id no incident can have is answered as a missing incident, without a read', async () => {
    // Found by fuzzing: a path id past DynamoDB's key size failed the read with a 500.
    const get = vi.spyOn(deps.incidents, 'get');
    for (const id of ['x'.repeat(3000), 'inc-UPPER', '../inc-a']) {
      expect(await postIncidentUpdate(deps, supervisor, id, { message: 'Still working on it.' })).toMatchObject({ ok: false, reason: 'not_found' });
      expect(await resolveIncident(deps, supervisor, id, { outcome: 'requeue', note: 'Fixed upstream.' })).toMatchObject({ ok: false, reason: 'not_found' });
    }
    expect(get).not.toHaveBeenCalled();
    get.mockRestore();
  });
});
