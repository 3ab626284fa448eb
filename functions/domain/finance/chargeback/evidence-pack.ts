import * as z from '../../zod';
import { MoneySchema } from '../../money';
import { formatLocal } from '../../sla/clock';
import { formatMoney } from '../money-format';

const instant = z.iso.datetime({ offset: true });

/**
 * Everything the evidence pack tells the card network, gathered from the case by the caller. The pack is a statement
 * of facts: the transaction, what the customer was told and when, and which files exist (names, types and digests:
 * the files themselves are attached to the submission separately).
 */
export const EvidencePackInputSchema = z.strictObject({
    chargeback: z.strictObject({ chargebackId: z.string(), providerDisputeId: z.optional(z.string()), reason: z.string(), amount: MoneySchema, evidenceDueAt: instant }),
    case: z.optional(z.strictObject({ caseNumber: z.string(), subject: z.string(), category: z.string(), customerName: z.string(), receivedAt: instant })),
    transaction: z.strictObject({ reference: z.string(), amount: MoneySchema, paidAt: z.optional(instant), method: z.optional(z.string()), description: z.optional(z.string()) }),
    /** Finance's summary of why the charge stands. */
    statement: z.string().check(z.minLength(1)),
    timeline: z._default(z.array(z.strictObject({ at: instant, actor: z.string(), summary: z.string() })), []),
    messages: z._default(z.array(z.strictObject({ at: instant, from: z.string(), subject: z.optional(z.string()), body: z.string() })), []),
    attachments: z._default(z.array(z.strictObject({ name: z.string(), contentType: z.string(), sizeBytes: z.number().check(z.int(), z.nonnegative()), sha256: z.optional(z.string()) })), []),
    generatedAt: instant,
    /** The zone times are shown in: the policy calendar's. */
    timeZone: z.string(),
    merchantName: z.string(),
  });
export type EvidencePackInput = z.input<typeof EvidencePackInputSchema>;
export type EvidencePack = z.infer<typeof EvidencePackInputSchema>;

export interface EvidenceSection {
  heading: string;
  /** Paragraphs; each is wrapped to the page width by the renderer. */
  lines: string[];
}

const kb = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

/** The pack's content in reading order, independent of the PDF library: what the network reads and in which order. */
export function evidenceSections(pack: EvidencePack): { title: string; subtitle: string; sections: EvidenceSection[] } {
  const when = (iso: string) => formatLocal(new Date(iso), pack.timeZone);
  const t = pack.transaction;
  const sections: EvidenceSection[] = [
    {
      heading: 'Transaction',
      lines: [
        `Reference: ${t.reference}`,
        `Amount: ${formatMoney(t.amount)}`,
        ...(t.paidAt ? [`Paid: ${when(t.paidAt)}`] : []),
        ...(t.method ? [`Method: ${t.method}`] : []),
        ...(t.description ? [`Description: ${t.description}`] : []),
      ],
    },
    {
      heading: 'Dispute',
      lines: [
        `Disputed amount: ${formatMoney(pack.chargeback.amount)}`,
        `Reason given: ${pack.chargeback.reason}`,
        ...(pack.chargeback.providerDisputeId ? [`Provider dispute: ${pack.chargeback.providerDisputeId}`] : []),
        `Evidence due: ${when(pack.chargeback.evidenceDueAt)}`,
      ],
    },
    { heading: 'Statement', lines: [pack.statement] },
  ];
  if (pack.case) {
    const c = pack.case;
    sections.push({
      heading: 'Customer case',
      lines: [`Case ${c.caseNumber}: ${c.subject}`, `Customer: ${c.customerName}`, `Category: ${c.category}`, `Received: ${when(c.receivedAt)}`],
    });
  }
  sections.push({
    heading: 'Timeline',
    lines: pack.timeline.length ? pack.timeline.map((e) => `${when(e.at)} - ${e.actor}: ${e.summary}`) : ['No events recorded.'],
  });
  sections.push({
    heading: 'Customer communication',
    lines: pack.messages.length
      ? pack.messages.flatMap((m) => [`${when(m.at)} - from ${m.from}${m.subject ? ` - ${m.subject}` : ''}`, m.body])
      : ['No messages exchanged.'],
  });
  sections.push({
    heading: 'Attachments',
    lines: pack.attachments.length
      ? pack.attachments.map((a) => `${a.name} (${a.contentType}, ${kb(a.sizeBytes)})${a.sha256 ? ` SHA-256 ${a.sha256}` : ''}`)
      : ['No attachments.'],
  });
  return {
    title: `Chargeback evidence - ${pack.merchantName}`,
    subtitle: `Chargeback ${pack.chargeback.chargebackId}, generated ${when(pack.generatedAt)}`,
    sections,
  };
}
