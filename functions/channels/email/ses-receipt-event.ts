import * as z from '../../domain/zod';
import type { Envelope } from './route-email';

/**
 * The event an SES receipt rule's Lambda action sends (docs: "Lambda action" of SES email receiving), validated:
 * the message itself is not in it; the rule's S3 action stored it under `<prefix><mail.messageId>`.
 */
const Verdict = z.object({ status: z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED']) });

export const SesReceiptEventSchema = z.object({
  Records: z.array(
      z.object({
        eventSource: z.literal('aws:ses'),
        ses: z.object({
          mail: z.object({ messageId: z.string().check(z.minLength(1)), timestamp: z.iso.datetime({ offset: true }) }),
          receipt: z.object({
            timestamp: z.iso.datetime({ offset: true }),
            recipients: z.array(z.string()),
            spfVerdict: z.optional(Verdict),
            dkimVerdict: z.optional(Verdict),
            dmarcVerdict: z.optional(Verdict),
            spamVerdict: z.optional(Verdict),
            virusVerdict: z.optional(Verdict),
            dmarcPolicy: z.optional(z.pipe(z.pipe(z.string(), z.transform((p) => p.toLowerCase())), z.enum(['none', 'quarantine', 'reject']))),
          }),
        }),
      }),
    ).check(z.minLength(1)),
});
export type SesReceiptEvent = z.input<typeof SesReceiptEventSchema>;

/** One envelope per record; `keyPrefix` is the receipt rule's S3 object key prefix. */
export function envelopesOf(event: unknown, keyPrefix: string): Envelope[] {
  return SesReceiptEventSchema.parse(event).Records.map(({ ses: { mail, receipt } }) => ({
    recipients: receipt.recipients.map((r) => r.toLowerCase()),
    receivedAt: receipt.timestamp,
    rawKey: `${keyPrefix}${mail.messageId}`,
    verdicts: {
      ...(receipt.spfVerdict ? { spf: receipt.spfVerdict.status } : {}),
      ...(receipt.dkimVerdict ? { dkim: receipt.dkimVerdict.status } : {}),
      ...(receipt.dmarcVerdict ? { dmarc: receipt.dmarcVerdict.status } : {}),
      ...(receipt.spamVerdict ? { spam: receipt.spamVerdict.status } : {}),
      ...(receipt.virusVerdict ? { virus: receipt.virusVerdict.status } : {}),
    },
    ...(receipt.dmarcPolicy ? { dmarcPolicy: receipt.dmarcPolicy } : {}),
  }));
}
