import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { browserSession, post, settle } from './session';

/**
 * The finance page in real Chromium against the real local stack: finance signs in (local identity), filters the
 * queue, approves a refund above the agent limit that an agent proposed, and downloads the reconciliation CSV,
 * which the test parses back.
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
});
