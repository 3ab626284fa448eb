import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { messageIdKey, type ReplySigning } from '../channels/email/case-reference';
import { outboundHeaders } from '../channels/email/outbound-headers';
import type { Mailer, OutboundEmail } from '../core/ports';
import { traced } from './tracer';

/**
 * Mail about a case threads: a signed Reply-To (SES's own `ReplyToAddresses`), `Auto-Submitted` on mail no person
 * wrote, and the SES message id remembered against the case so that an In-Reply-To finds it (SES replaces our
 * Message-ID with its own). The signing secrets load once per container (Secrets Manager on AWS).
 */
export interface MailThreading {
  signing: Promise<ReplySigning>;
  recordSent(key: string, caseId: string): Promise<void>;
}

/** Created once per container; the SDK reads `AWS_REGION` and, locally, `AWS_ENDPOINT_URL_SESV2` itself. */
export const sesClient = traced(new SESv2Client({}));

/**
 * Sends through SES v2 with the configuration set, so every message's delivery, bounce and complaint events are
 * published where the configuration set says (CloudWatch on AWS). Extra headers (the outbox's idempotency key) go
 * in `Content.Simple.Headers`; SES keeps custom headers as given (it replaces only the ones it owns, Message-ID).
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSetName: string,
    private readonly threading?: MailThreading,
  ) {}

  async send(message: OutboundEmail): Promise<{ messageId: string }> {
    const thread = message.caseId && this.threading ? outboundHeaders({ caseId: message.caseId, nonce: 'ses', signing: await this.threading.signing, omitMessageId: true, ...(message.automatic ? { automatic: message.automatic } : {}) }) : undefined;
    const { 'Reply-To': replyTo, ...threadHeaders } = thread ?? {};
    const headers: Record<string, string> = { ...threadHeaders, ...message.headers };
    const out = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        ...(replyTo ? { ReplyToAddresses: [replyTo] } : {}),
        ConfigurationSetName: this.configurationSetName,
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
            ...(message.attachments?.length
              ? {
                  Attachments: message.attachments.map((a) => ({
                    FileName: a.filename,
                    ContentType: a.contentType,
                    RawContent: typeof a.content === 'string' ? new TextEncoder().encode(a.content) : a.content,
                    ...(a.contentId ? { ContentDisposition: 'INLINE' as const, ContentId: a.contentId } : {}),
                  })),
                }
              : {}),
            ...(Object.keys(headers).length > 0 ? { Headers: Object.entries(headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
          },
        },
      }),
    );
    if (!out.MessageId) throw new Error('SES accepted the message but returned no message id');
    // Sent already: a failed record only costs In-Reply-To threading (the signed Reply-To still threads).
    if (message.caseId && this.threading) await this.threading.recordSent(messageIdKey(out.MessageId), message.caseId).catch(() => undefined);
    return { messageId: out.MessageId };
  }
}
