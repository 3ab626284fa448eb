import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import type { EvidencePackInput } from '../../../functions/domain/finance/chargeback/evidence-pack';
import { renderEvidencePdf, toWinAnsi } from '../../../functions/domain/finance/chargeback/evidence-pdf';
import { evidencePackFromCase } from '../../../functions/domain/finance/chargeback/evidence-from-case';
import type { Chargeback } from '../../../functions/domain/finance/chargeback/model';

const pack = (extra: Partial<EvidencePackInput> = {}): EvidencePackInput => ({
  merchantName: 'Promptearn',
  chargeback: { chargebackId: 'cb-1', providerDisputeId: 'dp_1', reason: 'product_not_received', amount: { amountMinor: 1_500_000, currency: 'NGN' }, evidenceDueAt: '2026-12-04T16:00:00Z' },
  case: { caseNumber: 'PE-2026-000042', subject: 'Course access never arrived', category: 'course_access', customerName: 'Ada Obi', receivedAt: '2026-11-20T09:15:00Z' },
  transaction: { reference: 'ch_3PqX9', amount: { amountMinor: 1_500_000, currency: 'NGN' }, paidAt: '2026-11-18T14:02:00Z', method: 'card ending 4242', description: 'Prompt engineering course' },
  statement: 'The customer was given access on 20 November and opened the first lesson the same day.',
  timeline: [
    { at: '2026-11-20T09:15:00Z', actor: 'customer', summary: 'Complaint received' },
    { at: '2026-11-20T10:00:00Z', actor: 'agent Bola', summary: 'Access link re-sent' },
  ],
  messages: [{ at: '2026-11-20T10:00:00Z', from: 'Promptearn support', subject: 'Your course access', body: 'Dear Ada, here is your access link again. Lesson one is unlocked.' }],
  attachments: [{ name: 'access-log.csv', contentType: 'text/csv', sizeBytes: 2048, sha256: 'b'.repeat(64) }],
  generatedAt: '2026-12-01T10:00:00Z',
  timeZone: 'Africa/Lagos',
  ...extra,
});

async function textOf(pdf: Uint8Array): Promise<string> {
  // pdf-parse hands the buffer to pdf.js, which detaches it: parse a copy so the test can still read the original.
  const parser = new PDFParse({ data: pdf.slice() });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('chargeback evidence pack PDF', () => {
  it('is one PDF whose text holds the transaction facts, the timeline, the customer communication and the attachment list', async () => {
    // Act
    const rendered = await renderEvidencePdf(pack());
    const text = await textOf(rendered.pdf);

    // Assess
    expect(Buffer.from(rendered.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    for (const fact of [
      'Chargeback evidence - Promptearn',
      'Reference: ch_3PqX9',
      'Amount: NGN 15000.00',
      'Method: card ending 4242',
      'Reason given: product_not_received',
      'Case PE-2026-000042: Course access never arrived',
      'Customer: Ada Obi',
      'agent Bola: Access link re-sent',
      'Lesson one is unlocked.',
      'access-log.csv (text/csv, 2.0 KB)',
      'Paid: Wed 18 Nov 2026, 15:02 GMT+1',
    ]) {
      expect(text).toContain(fact);
    }
    expect(rendered.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is byte-identical for the same facts, so the stored digest identifies what was submitted', async () => {
    const a = await renderEvidencePdf(pack());
    const b = await renderEvidencePdf(pack());
    const c = await renderEvidencePdf(pack({ statement: 'A different statement.' }));

    expect(b.sha256).toBe(a.sha256);
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('wraps long messages over several pages and keeps every word', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const many = Array.from({ length: 60 }, (_, i) => ({ at: '2026-11-21T10:00:00Z', from: 'Ada Obi', body: `Message number ${i}: ${long.slice(0, 300)}` }));

    const rendered = await renderEvidencePdf(pack({ messages: [{ at: '2026-11-21T10:00:00Z', from: 'Ada Obi', body: long }, ...many] }));
    const text = (await textOf(rendered.pdf)).replace(/\s+/g, ' ');

    expect(rendered.pages).toBeGreaterThan(2);
    expect(text).toContain('word0 word1 word2');
    expect(text).toContain('word398 word399');
    expect(text).toContain('Message number 59');
  });

  it('writes text outside the standard fonts transliterated or as "?", never failing', async () => {
    const rendered = await renderEvidencePdf(pack({ case: { ...pack().case!, customerName: 'Nguyễn Văn Anh – Zoë' }, statement: 'Paid ₦15,000 ✓' }));
    const text = await textOf(rendered.pdf);

    expect(toWinAnsi('Nguyễn Văn Anh – Zoë')).toBe('Nguyen Van Anh – Zoë');
    expect(text).toContain('Customer: Nguyen Van Anh');
    expect(text).toContain('Paid ?15,000 ?');
  });
});

describe('evidence pack from a case', () => {
  const chargeback: Chargeback = {
    chargebackId: 'cb-7',
    providerDisputeId: 'dp_7',
    transactionReference: 'ch_7',
    amount: { amountMinor: 1_500_000, currency: 'NGN' },
    reason: 'product_not_received',
    status: 'open',
    evidenceDueAt: '2026-12-04T16:00:00Z',
    evidenceDueSource: 'provider',
    evidenceDueExplanation: 'network deadline',
    reminders: [],
    openedBy: { role: 'provider' },
    openedAt: '2026-11-30T10:00:00Z',
    provider: {},
    version: 0,
  };
  const staffActor = { kind: 'staff' as const, role: 'agent' as const, staffId: 'agent-2', name: 'Bola Internal' };

  it('carries what the customer saw, staff by role; internal notes and staff names stay out', async () => {
    // Prepare
    const input = evidencePackFromCase({
      theCase: { caseNumber: 'PE-2026-000007', subject: 'No course access', category: 'course_access', customer: { name: 'Ada Obi', email: 'ada@example.com' }, createdAt: '2026-11-20T09:15:00Z', description: 'I paid but got no link.' },
      events: [
        { at: '2026-11-20T09:15:00Z', type: 'received', actor: { kind: 'customer', role: 'customer' }, summary: 'Complaint received', visibility: 'customer' },
        { at: '2026-11-20T09:40:00Z', type: 'note', actor: staffActor, summary: 'secret note: customer seems upset', visibility: 'internal' },
        { at: '2026-11-20T10:00:00Z', type: 'staff_replied', actor: staffActor, summary: 'Here is your access link again.', visibility: 'customer' },
      ],
      chargeback,
      transaction: { reference: 'ch_7', amount: chargeback.amount },
      attachments: [{ name: 'login-history.csv', contentType: 'text/csv', sizeBytes: 512 }],
      statement: 'Access was granted and used.',
      merchantName: 'Promptearn',
      timeZone: 'Africa/Lagos',
      now: new Date('2026-12-01T10:00:00Z'),
    });

    // Act
    const text = await textOf((await renderEvidencePdf(input)).pdf);

    // Assess
    expect(text).toContain('I paid but got no link.');
    expect(text).toContain('from Support representative');
    expect(text).toContain('Here is your access link again.');
    expect(text).toContain('login-history.csv');
    expect(text).not.toContain('secret note');
    expect(text).not.toContain('Bola Internal');
    expect(text).not.toContain('ada@example.com');
  });
});
