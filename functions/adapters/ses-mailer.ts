import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutboundEmail } from '../core/ports';

/** Created once per container; the SDK reads `AWS_REGION` and, locally, `AWS_ENDPOINT_URL_SESV2` itself. */
export const sesClient = new SESv2Client({});

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
  ) {}

  async send(message: OutboundEmail): Promise<{ messageId: string }> {
    const out = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        ConfigurationSetName: this.configurationSetName,
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
            ...(message.attachments?.length
              ? { Attachments: message.attachments.map((a) => ({ FileName: a.filename, ContentType: a.contentType, RawContent: new TextEncoder().encode(a.content) })) }
              : {}),
            ...(message.headers ? { Headers: Object.entries(message.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
          },
        },
      }),
    );
    if (!out.MessageId) throw new Error('SES accepted the message but returned no message id');
    return { messageId: out.MessageId };
  }
}
