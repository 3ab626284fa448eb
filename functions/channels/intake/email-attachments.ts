import type { AttachmentRef, InboundOutcome } from '../inbound-outcome';

/**
 * What becomes of an email's attachments: each one whose content passed `checkAttachment` (same allow-list and size
 * limit as the upload form) is kept as a case file; the others are refused and named in the message on the case, so
 * staff and customer see that "the receipt I sent" did arrive and why it was not kept. Inline images count too: a
 * screenshot pasted into the body is evidence as much as an attached one.
 */

/** More than this many files in one message are refused: a bound on what one mail can put in the bucket. */
export const MAX_FILES_PER_EMAIL = 10;

export interface KeptAttachment {
  /**
   * The upload id, derived from the content: a redelivered message (SES and SMTP deliver at least once) or the same
   * logo in every reply lands on the same key instead of a second copy.
   */
  uploadId: string;
  sha256: string;
  label: string;
}

export interface AttachmentPlan {
  keep: KeptAttachment[];
  refused: { label: string; reason: string; detail: string }[];
}

const label = (a: AttachmentRef): string => a.filename ?? `${a.inline ? 'inline ' : ''}${a.declaredType}`;

export function attachmentPlan(outcome: Exclude<InboundOutcome, { kind: 'ignored' }>): AttachmentPlan {
  const keep: KeptAttachment[] = [];
  const refused: AttachmentPlan['refused'] = [];
  for (const a of outcome.attachments) {
    if (!a.verdict.ok) refused.push({ label: label(a), reason: a.verdict.reason, detail: a.verdict.detail });
    else if (outcome.kind === 'held') refused.push({ label: label(a), reason: 'held', detail: 'the message is held for review: staff find it in the stored original' });
    else if (keep.some((k) => k.sha256 === a.sha256)) continue;
    else if (keep.length >= MAX_FILES_PER_EMAIL) refused.push({ label: label(a), reason: 'too-many', detail: `only ${MAX_FILES_PER_EMAIL} files are kept from one message` });
    else keep.push({ uploadId: `mail-${a.sha256.slice(0, 32)}`, sha256: a.sha256, label: label(a) });
  }
  return { keep, refused };
}

/** The lines added to the message's text on the case. */
export function attachmentNote(plan: AttachmentPlan): string {
  const lines = [
    ...(plan.keep.length > 0 ? [`[Kept as case files: ${plan.keep.map((k) => k.label).join(', ')}]`] : []),
    ...plan.refused.map((r) => `[Not kept: ${r.label} (${r.reason}: ${r.detail})]`),
  ];
  return lines.length > 0 ? `\n\n${lines.join('\n')}` : '';
}
