import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectSesFault } from '../../local/ses';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { eventually } from './local-helpers';

/**
 * Finance on the local stack, end to end over HTTP: the routes from the template, the fake payment provider
 * answering an approved refund and posting signed events back to the webhook route, the finance sweep on the
 * schedule under virtual time, SES catching the mail.
 */

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ ports: 0, inMemory: true, log: () => undefined });
});
afterAll(async () => {
  injectSesFault(undefined);
  await stack?.stop();
});

const tokens = new Map<string, string>();
async function tokenFor(sub: string, groups: string[]): Promise<string> {
  const key = `${sub}:${groups.join(',')}`;
  if (!tokens.has(key)) {
    const res = await fetch(stack.urls.devToken, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub, groups, ttlSeconds: 43_200 }) });
    tokens.set(key, ((await res.json()) as { token: string }).token);
  }
  return tokens.get(key)!;
}
const as = async (sub: string, groups: string[], path: string, init: RequestInit = {}) =>
  fetch(`${stack.urls.api}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${await tokenFor(sub, groups)}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? {}) },
  });

async function fileComplaint(key: string): Promise<string> {
  const res = await fetch(`${stack.urls.api}/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({
      customer: { name: 'Ada Obi', email: `${key}@example.com` },
      category: 'commission_dispute',
      subject: 'Commission missing for a sale',
      description: 'My prospect bought the course on Monday but my dashboard shows nothing.',
      details: { prospectName: 'Chidi Eze', prospectEmail: 'chidi@example.com' },
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const propose = async (caseId: string, amountMinor: number, currency = 'USD') =>
  as('agent-1', ['agent'], `/staff/complaints/${caseId}/refunds`, {
    method: 'POST',
    body: JSON.stringify({ amount: { amountMinor, currency }, reason: 'Course never delivered', reference: { kind: 'order', value: 'ORD-77' } }),
  });

type Mail = { subject: string; destination: { to: string[] } };
const mail = async () => ((await (await fetch(stack.urls.sesStore)).json()) as { emails: Mail[] }).emails;

describe('finance on the local stack', () => {
  it('only finance and supervisors read the queue, totals and export (403 otherwise)', async () => {
    for (const path of ['/staff/finance/queue', '/staff/finance/totals', '/staff/finance/export.csv']) {
      expect((await as('agent-1', ['agent'], path)).status, path).toBe(403);
      expect((await as('senior-1', ['senior'], path)).status, path).toBe(403);
      expect((await as('fin-1', ['finance'], path)).status, path).toBe(200);
      expect((await as('sup-1', ['supervisor'], path)).status, path).toBe(200);
    }
  });

  it('a refund above the limit: proposed by an agent, refused to another agent, approved by finance, paid by the provider through signed webhooks', async () => {
    // Prepare
    const caseId = await fileComplaint('finance-e2e-1');
    const proposed = await propose(caseId, 15_000);
    expect(proposed.status).toBe(201);
    const { refund } = (await proposed.json()) as { refund: { refundId: string; route: string } };
    expect(refund.route).toBe('finance');
    const queue = (await (await as('fin-1', ['finance'], '/staff/finance/queue?type=refund&currency=USD&minAmount=100.01')).json()) as { items: { id: string }[] };
    expect(queue.items.map((i) => i.id)).toContain(refund.refundId);
    // Act
    const byAgent = await as('agent-2', ['agent'], `/staff/refunds/${refund.refundId}/decision`, { method: 'POST', body: JSON.stringify({ outcome: 'approve', reason: 'Looks fine' }) });
    const byFinance = await as('fin-1', ['finance'], `/staff/refunds/${refund.refundId}/decision`, { method: 'POST', body: JSON.stringify({ outcome: 'approve', reason: 'Payment verified' }) });
    const again = await as('fin-2', ['finance'], `/staff/refunds/${refund.refundId}/decision`, { method: 'POST', body: JSON.stringify({ outcome: 'reject', reason: 'Too late' }) });
    // Assess
    expect(byAgent.status).toBe(403);
    expect(byAgent.headers.get('content-type')).toContain('application/problem+json');
    expect(byFinance.status).toBe(200);
    expect(again.status).toBe(409);
    const csvRow = await eventually(async () => {
      const res = await as('fin-1', ['finance'], '/staff/finance/export.csv');
      const rows = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
      const row = rows.find((r) => r.id === refund.refundId);
      return row?.status === 'succeeded' ? row : undefined;
    }, 'the provider to settle the refund');
    expect(csvRow).toMatchObject({ type: 'refund', case_id: caseId, amount: '150.00', currency: 'USD', decided_by: 'fin-1', decision_reason: 'Payment verified', outcome: 'refunded' });
    expect(csvRow.case_number).toMatch(/^[A-Z]+-\d{4}-\d{6}$/);
    // The fake records a delivery's status once it has read the answer, just after the handler committed.
    const events = await eventually(async () => {
      const all = (await (await fetch(`${stack.urls.payments}/_fake/events`)).json()) as { type: string; deliveries: number[] }[];
      return all.every((e) => e.deliveries.length > 0) ? all : undefined;
    }, 'the deliveries to be answered');
    expect(events.map((e) => [e.type, e.deliveries])).toEqual([
      ['refund.created', [200]],
      ['refund.updated', [200]],
    ]);
    const subjects = (await mail()).filter((m) => m.destination.to.includes('finance-e2e-1@example.com')).map((m) => m.subject);
    expect(subjects.filter((s) => s.includes('is approved'))).toHaveLength(1);
    expect(subjects.filter((s) => s.includes('is paid'))).toHaveLength(1);
  });

  it('a forged webhook is refused with 400 and a replayed one changes nothing', async () => {
    const forged = await fetch(`${stack.urls.api}/webhooks/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'payment-signature': `t=${Math.floor(stack.clock.now() / 1000)},v1=${'0'.repeat(64)}` },
      body: JSON.stringify({ id: 'evt_forged', type: 'refund.updated', created: 1, data: { object: {} } }),
    });
    expect(forged.status).toBe(400);
    const redelivered = (await (await fetch(`${stack.urls.payments}/_fake/events/evt_2/redeliver`, { method: 'POST' })).json()) as { deliveries: number[] };
    expect(redelivered.deliveries.at(-1)).toBe(200);
  });

  it("a provider's dispute opens a chargeback on the complaint; finance builds its evidence pack, stored on the local S3 with the case's files and downloaded through a short-lived link", async () => {
    // Prepare: the fake provider opens a dispute naming the complaint.
    const caseId = await fileComplaint('finance-e2e-cb');
    const opened = await fetch(`${stack.urls.payments}/_fake/disputes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ charge: 'ch_local_9', amount: 4_900, currency: 'usd', reason: 'product_not_received', caseId }) });
    const { id: disputeId } = (await opened.json()) as { id: string };
    const chargebackId = `cb_${disputeId}`;
    const build = (sub: string, groups: string[]) =>
      as(sub, groups, `/staff/chargebacks/${chargebackId}/evidence-pack`, { method: 'POST', body: JSON.stringify({ statement: 'The course was delivered: the customer opened every module.' }) });

    // Act
    const byAgent = await build('agent-1', ['agent']);
    const built = await eventually(async () => {
      const res = await build('fin-1', ['finance']);
      return res.status === 201 ? ((await res.json()) as { evidencePack: { key: string; sha256: string }; caseId: string; url: string; size: number }) : undefined;
    }, 'the evidence pack of the chargeback the dispute opened');

    // Assess: stored with the case, listed with its files, the link serves the very bytes whose digest was returned.
    expect(byAgent.status).toBe(403);
    expect(built.caseId).toBe(caseId);
    const download = await fetch(built.url);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(download.status).toBe(200);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(built.evidencePack.sha256);
    const listed = (await (await as('sup-1', ['supervisor'], `/staff/complaints/${caseId}/attachments`)).json()) as { files: { id: string; type: string; size: number }[] };
    expect(listed.files).toContainEqual(expect.objectContaining({ id: built.evidencePack.key.replace(/\.pdf$/, ''), type: 'application/pdf', size: built.size }));
  });

  it('finance submits the stored evidence pack over HTTP: other roles refused, a stale digest or no reason refused naming the field with nothing changed, then final', async () => {
    // Prepare: a dispute on a complaint, and its pack built by finance
    const caseId = await fileComplaint('finance-e2e-cb-decide');
    const opened = await fetch(`${stack.urls.payments}/_fake/disputes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ charge: 'ch_local_10', amount: 2_500, currency: 'usd', reason: 'product_not_received', caseId }) });
    const chargebackId = `cb_${((await opened.json()) as { id: string }).id}`;
    const pack = await eventually(async () => {
      const res = await as('fin-1', ['finance'], `/staff/chargebacks/${chargebackId}/evidence-pack`, { method: 'POST', body: JSON.stringify({ statement: 'Delivered: every module was opened.' }) });
      return res.status === 201 ? ((await res.json()) as { evidencePack: { key: string; sha256: string } }).evidencePack : undefined;
    }, 'the evidence pack of the chargeback the dispute opened');
    const decide = (sub: string, groups: string[], body: object) => as(sub, groups, `/staff/chargebacks/${chargebackId}/decision`, { method: 'POST', body: JSON.stringify(body) });
    const statusInQueue = async () => ((await (await as('fin-1', ['finance'], '/staff/finance/queue?type=chargeback')).json()) as { items: { id: string; status: string }[] }).items.find((i) => i.id === chargebackId)?.status;
    const submit = { outcome: 'submit_evidence', reason: 'Delivery proof attached', evidencePack: pack };

    // Act
    const byAgent = await decide('agent-1', ['agent'], submit);
    const bySupervisor = await decide('sup-1', ['supervisor'], { outcome: 'accept', reason: 'Not worth contesting' });
    const stale = await decide('fin-1', ['finance'], { ...submit, evidencePack: { key: pack.key, sha256: 'f'.repeat(64) } });
    const missing = await decide('fin-1', ['finance'], { ...submit, evidencePack: { key: pack.key.replace(/\d{6}Z/, '235959Z'), sha256: pack.sha256 } });
    const noReason = await decide('fin-1', ['finance'], { outcome: 'submit_evidence', evidencePack: pack });
    const openAfterRefusals = await statusInQueue();
    const submitted = await decide('fin-1', ['finance'], submit);
    const again = await decide('fin-2', ['finance'], { outcome: 'accept', reason: 'Changed my mind' });

    // Assess
    expect(byAgent.status).toBe(403);
    expect(bySupervisor.status).toBe(403);
    expect(byAgent.headers.get('content-type')).toContain('application/problem+json');
    const errorsOf = async (res: Response) => [res.status, res.headers.get('content-type'), ((await res.json()) as { errors?: { field: string }[] }).errors?.map((e) => e.field)];
    expect(await errorsOf(stale)).toEqual([422, expect.stringContaining('application/problem+json'), ['evidencePack.sha256']]);
    expect(await errorsOf(missing)).toEqual([422, expect.stringContaining('application/problem+json'), ['evidencePack.key']]);
    expect(await errorsOf(noReason)).toEqual([422, expect.stringContaining('application/problem+json'), ['reason']]);
    expect(openAfterRefusals).toBe('open');
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toMatchObject({ chargeback: { chargebackId, status: 'submitted', submission: { evidencePack: pack, reason: 'Delivery proof attached' } } });
    expect(again.status).toBe(409);
    expect(await statusInQueue()).toBeUndefined();
  });

  it('a refund waiting for finance past the policy timeout escalates to the finance lead and tells the customer, under virtual time', async () => {
    const caseId = await fileComplaint('finance-e2e-2');
    const { refund } = (await (await propose(caseId, 20_000)).json()) as { refund: { refundId: string; decisionDue: string } };
    const before = (await mail()).length;

    await stack.clock.advance(Date.parse(refund.decisionDue) - stack.clock.now() + 10 * 60_000);
    tokens.clear(); // minted before the jump, expired after it

    const after = await eventually(async () => {
      const m = (await mail()).slice(before);
      const lead = m.some((x) => x.subject.includes('[finance_lead] refund decision overdue'));
      const customer = m.some((x) => x.destination.to.includes('finance-e2e-2@example.com') && x.subject.includes('with our finance lead'));
      return lead && customer ? m : undefined;
    }, 'the escalation mail to the finance lead and the customer');
    expect(after.filter((m) => m.subject.includes('refund decision overdue'))).toHaveLength(1);
    const queue = (await (await as('fin-1', ['finance'], '/staff/finance/queue')).json()) as { items: { id: string; status: string }[] };
    expect(queue.items.find((i) => i.id === refund.refundId)).toMatchObject({ status: 'requested' });
  });

  it("a finance decision whose mail fails after the commit still reaches the customer, exactly once, and a retried decision sends nothing", async () => {
    // Prepare: a refund waiting for finance; then SES refuses every message.
    const caseId = await fileComplaint('finance-e2e-fault');
    const { refund } = (await (await propose(caseId, 15_000)).json()) as { refund: { refundId: string } };
    const toCustomer = async (words: string) => (await mail()).filter((m) => m.destination.to.includes('finance-e2e-fault@example.com') && m.subject.includes(words));
    let refused = 0;
    injectSesFault(() => (refused++, true));

    // Act: finance approves. The decision commits with its notice in the outbox; the request's own send after the
    // commit, and the change stream's, are refused by SES.
    const decided = await as('fin-1', ['finance'], `/staff/refunds/${refund.refundId}/decision`, { method: 'POST', body: JSON.stringify({ outcome: 'approve', reason: 'Payment verified' }) });
    await stack.streams.drain();
    const refusedWhileDown = refused;
    const deliveredWhileDown = (await toCustomer('is approved')).length;
    injectSesFault(undefined);
    // SES is back: the outbox's sweep (every minute) sends what is due once its retry time comes.
    await stack.clock.advance('10m');
    const approved = await eventually(async () => {
      const m = await toCustomer('is approved');
      return m.length > 0 ? m : undefined;
    }, 'the approval mail after SES came back');
    const again = await as('fin-2', ['finance'], `/staff/refunds/${refund.refundId}/decision`, { method: 'POST', body: JSON.stringify({ outcome: 'approve', reason: 'Payment verified' }) });
    await stack.clock.advance('2h');
    await stack.streams.drain();

    // Assess: accepted at once; nothing went while SES was down; then exactly one approval (the retry is refused and
    // sends nothing) and exactly one "paid" mail, whose webhook mail was refused too while SES was down.
    expect(decided.status, await decided.clone().text()).toBe(200);
    expect(refusedWhileDown).toBeGreaterThan(0);
    expect(deliveredWhileDown).toBe(0);
    expect(approved).toHaveLength(1);
    expect(again.status).toBe(409);
    await eventually(async () => ((await toCustomer('is paid')).length > 0 ? true : undefined), 'the paid mail');
    expect(await toCustomer('is approved')).toHaveLength(1);
    expect(await toCustomer('is paid')).toHaveLength(1);
  });
});
