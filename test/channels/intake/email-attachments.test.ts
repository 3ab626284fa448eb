import { describe, expect, it } from 'vitest';
import type { AttachmentRef, InboundOutcome } from '../../../functions/channels/inbound-outcome';
import { attachmentNote, attachmentPlan, MAX_FILES_PER_EMAIL } from '../../../functions/channels/intake/email-attachments';

const sha = (n: number) => n.toString(16).padStart(64, '0');
const ok = (n: number, filename = `file-${n}.pdf`): AttachmentRef => ({ filename, declaredType: 'application/pdf', size: 100, sha256: sha(n), inline: false, verdict: { ok: true, type: 'application/pdf' } });
const reply = (attachments: AttachmentRef[], kind: 'reply' | 'held' | 'new-case' = 'reply'): Exclude<InboundOutcome, { kind: 'ignored' }> => {
  const base = { channel: 'email' as const, rawKey: 'inbound/x', from: { address: 'ada.obi@example.com' }, subject: 'Re: case', text: 'Attached.', attachments, receivedAt: '2026-12-03T10:00:00.000Z' };
  if (kind === 'new-case') return { ...base, kind };
  if (kind === 'held') return { ...base, kind, caseId: '3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69', via: 'reply-address', reason: 'sender-not-customer' };
  return { ...base, kind, caseId: '3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69', via: 'reply-address' };
};

describe('attachmentPlan', () => {
  it('keeps checked files under ids derived from their content, once each, and names refused ones with the reason', () => {
    // Prepare
    const oversized: AttachmentRef = { ...ok(9, 'scan.pdf'), size: 11 * 1024 * 1024, verdict: { ok: false, reason: 'too-large', detail: '11534336 bytes is over the limit of 10485760' } };
    const disguised: AttachmentRef = { ...ok(8, 'invoice.pdf'), verdict: { ok: false, reason: 'type-not-allowed', detail: 'content is application/x-msdownload' } };

    // Act
    const plan = attachmentPlan(reply([ok(1, 'receipt.pdf'), ok(1, 'receipt-copy.pdf'), oversized, disguised]));

    // Assess
    expect(plan.keep).toEqual([{ uploadId: `mail-${sha(1).slice(0, 32)}`, sha256: sha(1), label: 'receipt.pdf' }]);
    expect(plan.refused.map((r) => [r.label, r.reason])).toEqual([
      ['scan.pdf', 'too-large'],
      ['invoice.pdf', 'type-not-allowed'],
    ]);
    expect(attachmentNote(plan)).toBe(
      '\n\n[Kept as case files: receipt.pdf]\n[Not kept: scan.pdf (too-large: 11534336 bytes is over the limit of 10485760)]\n[Not kept: invoice.pdf (type-not-allowed: content is application/x-msdownload)]',
    );
  });

  it('keeps nothing from a held message (not the customer\'s word) and at most the limit from one message', () => {
    // Act
    const held = attachmentPlan(reply([ok(1)], 'held'));
    const many = attachmentPlan(reply(Array.from({ length: MAX_FILES_PER_EMAIL + 2 }, (_, i) => ok(i + 1)), 'new-case'));

    // Assess
    expect(held.keep).toEqual([]);
    expect(held.refused).toMatchObject([{ label: 'file-1.pdf', reason: 'held' }]);
    expect(many.keep).toHaveLength(MAX_FILES_PER_EMAIL);
    expect(many.refused.map((r) => r.reason)).toEqual(['too-many', 'too-many']);
    expect(attachmentNote(attachmentPlan(reply([])))).toBe('');
  });
});
