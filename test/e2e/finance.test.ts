import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { browserSession, post, settle, waitFor } from './session';

/**
 * The finance page in real Chromium against the real local stack: finance signs in (local identity), filters the
 * queue, approves a refund above the agent limit that an agent proposed, and downloads the reconciliation CSV,
 * which the test parses back; finance follows a refund's case number into the console and reads the case's money
 * history on its timeline, on a refund request and on a commission dispute (no money category) that carries a refund.
 */

const session = browserSession();
const { api } = session;
const json = post;

async function agentProposes(caseId: string, amountMinor: number, currency: string): Promise<string> {
  const { token } = (await (await api('/_local/dev-token', json({ sub: 'agent-e2e', groups: ['agent'] }))).json()) as { token: string };
  const res = await api(
    `/staff/complaints/${caseId}/refunds`,
    json({ amount: { amountMinor, currency }, reason: 'Course never delivered', reference: { kind: 'order', value: `ORD-${amountMinor}` } }, { authorization: `Bearer ${token}` }),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { refund: { refundId: string } }).refund.refundId;
}

describe('finance page (real Chromium)', () => {
  it('finance signs in, filters, approves an above-limit refund proposed by an agent and exports the CSV', async () => {
    // Prepare: a complaint with two refunds proposed by an agent, one above the USD limit and one small NGN one.
    const filed = await api(
      '/complaints',
      json({
        customer: { name: 'Ada Obi', email: 'ada.finance@example.com' },
        category: 'commission_dispute',
        subject: 'Commission missing for a sale',
        description: 'My prospect bought the course on Monday but my dashboard shows nothing.',
        details: { prospectName: 'Chidi Eze', prospectEmail: 'chidi@example.com' },
      }),
    );
    const { id: caseId } = (await filed.json()) as { id: string };
    const big = await agentProposes(caseId, 25_000, 'USD');
    const small = await agentProposes(caseId, 9_000_000, 'NGN');
    const page = await session.browser.context.newPage();

    // Act: sign in as finance, filter to USD refunds above 100, approve with a reason, download the CSV.
    await page.goto(`${session.stack.urls.web}console/finance.html`);
    await page.selectOption('#local-role', 'finance');
    await page.fill('#local-sub', 'fin-e2e');
    await page.click('#local-login button[type=submit]');
    await page.waitForSelector(`#queue tr[data-id="${small}"]`, settle);
    await page.selectOption('#f-type', 'refund');
    await page.fill('#f-currency', 'USD');
    await page.fill('#f-min', '100.01');
    await page.click('#filters button[type=submit]');
    await page.waitForSelector(`#queue tr[data-id="${small}"]`, { ...settle, state: 'detached' });
    const rows = await page.$$eval('#queue tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-id')));
    await page.fill(`#reason-${big}`, 'Payment verified with the bank');
    await page.click(`form[data-refund="${big}"] button[value=approve]`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('Refund approved'), undefined, settle);
    const status = await page.textContent('#status');
    await page.waitForSelector('#totals figure[data-currency="USD"]', settle);
    const [download] = await Promise.all([page.waitForEvent('download', settle), page.click('#export')]);
    const csv = readFileSync((await download.path())!, 'utf8');

    // Assess
    expect(rows).toEqual([big]);
    expect(status).toContain('USD 250.00');
    const parsed = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    const row = parsed.find((r) => r.id === big);
    expect(row).toMatchObject({ type: 'refund', case_id: caseId, amount: '250.00', currency: 'USD', decided_by: 'fin-e2e', decision_reason: 'Payment verified with the bank' });
    expect(['approved', 'processing', 'succeeded']).toContain(row!.status);
    expect(parsed.find((r) => r.id === small)).toMatchObject({ status: 'requested', amount: '90000.00', currency: 'NGN', decided_by: '' });
    await page.close();
  });

  it("finance opens a refund's case from the queue and reads its money history on the case's timeline, whatever the case's category", async () => {
    // Prepare: a refund request with two refunds an agent proposed above the limit; finance approved the first by the API.
    const filed = await api(
      '/complaints',
      json({ customer: { name: 'Ada Obi', email: 'ada.refundcase@example.com' }, category: 'refund_request', subject: 'Refund for the course', description: 'The course never opened; I would like my money back.', details: { orderReference: 'ORD-5310', amount: { amountMinor: 53_000, currency: 'USD' }, reason: 'The course never opened.' } }, { 'idempotency-key': crypto.randomUUID() }),
    );
    expect(filed.status).toBe(201);
    const { id: caseId, caseNumber } = (await filed.json()) as { id: string; caseNumber: string };
    const first = await agentProposes(caseId, 26_000, 'USD');
    const second = await agentProposes(caseId, 27_000, 'USD');
    const decided = await session.staffRequest('finance', `/staff/refunds/${first}/decision`, { outcome: 'approve', reason: 'Bank statement matches the order' }, 'fin-e2e-lead');
    expect(decided.status).toBe(200);
    const other = await api(
      '/complaints',
      json({ customer: { name: 'Ada Obi', email: 'ada.othercase@example.com' }, category: 'commission_dispute', subject: 'Commission missing', description: 'My prospect bought the course but my dashboard shows nothing.', details: { prospectName: 'Chidi Eze', prospectEmail: 'chidi@example.com' } }, { 'idempotency-key': crypto.randomUUID() }),
    );
    const { id: otherId, caseNumber: otherNumber } = (await other.json()) as { id: string; caseNumber: string };
    const otherRefund = await agentProposes(otherId, 28_000, 'USD');
    const page = await session.browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // Act: sign in on the finance page, follow the pending refund's case number.
    await page.goto(`${session.stack.urls.web}console/finance.html`);
    await page.selectOption('#local-role', 'finance');
    await page.fill('#local-sub', 'fin-e2e-case');
    await page.click('#local-login button[type=submit]');
    await page.waitForSelector(`#queue tr[data-id="${second}"] a[data-case="${caseId}"]`, settle);
    const linkText = await page.textContent(`#queue tr[data-id="${second}"] a[data-case]`);
    await page.click(`#queue tr[data-id="${second}"] a[data-case]`);
    await page.waitForFunction((n) => document.getElementById('case-title')?.textContent?.includes(n), caseNumber, settle);
    await page.waitForSelector('#case-timeline li', settle);
    const timeline = await page.locator('#case-timeline li').allTextContents();
    // A commission dispute is no money category: the refund proposed on it is what lets finance open it.
    await page.goto(`${session.stack.urls.web}console/finance.html`);
    await page.waitForSelector(`#queue tr[data-id="${otherRefund}"] a[data-case="${otherId}"]`, settle);
    await page.click(`#queue tr[data-id="${otherRefund}"] a[data-case]`);
    await page.waitForFunction((n) => document.getElementById('case-title')?.textContent?.includes(n), otherNumber, settle);
    await page.waitForSelector('#case-timeline li', settle);
    const otherTimeline = await page.locator('#case-timeline li').allTextContents();
    const otherStatus = await page.textContent('#status');
    const otherActions = { text: await page.textContent('#case-actions'), forms: await page.locator('#case-actions form').count() };

    // Assess
    expect(linkText).toBe(caseNumber);
    const money = timeline.filter((t) => t.startsWith('Finance update'));
    // Each line says what happened, who did it and, on internal lines, why (an approval's reason is not on its customer-visible line).
    expect(money.some((t) => t.includes('Refund of USD 260.00 proposed') && t.includes('agent-e2e, agent') && t.includes('Course never delivered'))).toBe(true);
    expect(money.some((t) => t.includes('Refund of USD 270.00 proposed'))).toBe(true);
    expect(money.some((t) => t.includes('Refund of USD 260.00 approved') && t.includes('fin-e2e-lead, finance'))).toBe(true);
    expect(otherTimeline.filter((t) => t.startsWith('Finance update')).some((t) => t.includes('Refund of USD 280.00 proposed') && t.includes('agent-e2e, agent'))).toBe(true);
    expect(otherStatus).not.toContain('No such complaint');
    // Reading is not acting: the console offers finance no lifecycle action on a case its own team works.
    expect(otherActions).toEqual({ text: expect.stringContaining('You read this case for its refunds and chargebacks'), forms: 0 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("finance submits a chargeback's evidence (the pack built and sent by its digest) and accepts another, from the queue", async () => {
    // Prepare: two disputes the fake provider opens on a complaint
    const filed = await api(
      '/complaints',
      json({
        customer: { name: 'Ada Obi', email: 'ada.chargeback@example.com' },
        category: 'commission_dispute',
        subject: 'Commission missing for a sale',
        description: 'My prospect bought the course on Monday but my dashboard shows nothing.',
        details: { prospectName: 'Chidi Eze', prospectEmail: 'chidi@example.com' },
      }),
    );
    const { id: caseId } = (await filed.json()) as { id: string };
    const dispute = async (charge: string) => {
      const res = await fetch(`${session.stack.urls.payments}/_fake/disputes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ charge, amount: 4_900, currency: 'usd', reason: 'product_not_received', caseId }) });
      return `cb_${((await res.json()) as { id: string }).id}`;
    };
    const contested = await dispute('ch_e2e_1');
    const conceded = await dispute('ch_e2e_2');
    // The provider's events open the chargebacks a moment later: wait for both in the queue before the page loads it.
    await waitFor('both chargebacks in the finance queue', async () => {
      const queue = await session.staffRequest('finance', '/staff/finance/queue?type=chargeback');
      const ids = (queue.body.items as { id: string }[]).map((item) => item.id);
      return ids.includes(contested) && ids.includes(conceded) ? true : undefined;
    });
    const page = await session.browser.context.newPage();

    // Act: sign in as finance, submit evidence on one, accept the other
    await page.goto(`${session.stack.urls.web}console/finance.html`);
    await page.selectOption('#local-role', 'finance');
    await page.fill('#local-sub', 'fin-e2e-cb');
    await page.click('#local-login button[type=submit]');
    await page.waitForSelector(`form[data-chargeback="${contested}"]`, settle);
    await page.waitForSelector(`form[data-chargeback="${conceded}"]`, settle);
    await page.fill(`#reason-${contested}`, 'The customer opened every module; delivery proof attached.');
    await page.click(`form[data-chargeback="${contested}"] button[value=submit_evidence]`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('evidence submitted'), undefined, settle);
    const submitted = await page.textContent('#status');
    await page.waitForSelector(`form[data-chargeback="${contested}"]`, { ...settle, state: 'detached' });
    await page.fill(`#reason-${conceded}`, 'Charged twice; we do not contest it.');
    await page.click(`form[data-chargeback="${conceded}"] button[value=accept]`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('Chargeback accepted'), undefined, settle);
    const accepted = await page.textContent('#status');

    // Assess: the page's words, and the records as finance's export lists them
    expect(submitted).toContain('USD 49.00 (now submitted)');
    expect(accepted).toContain('USD 49.00 (now accepted)');
    const { token } = (await (await api('/_local/dev-token', json({ sub: 'fin-e2e-cb', groups: ['finance'] }))).json()) as { token: string };
    const csv = await (await api('/staff/finance/export.csv', { headers: { authorization: `Bearer ${token}` } })).text();
    const rows = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.find((r) => r.id === contested)).toMatchObject({ type: 'chargeback', status: 'submitted' });
    expect(rows.find((r) => r.id === conceded)).toMatchObject({ type: 'chargeback', status: 'accepted' });
    await page.close();
  });
});
