import type { Mailer, OutboundEmail } from '../../core/ports';
import { logger, type LogLines } from '../../core/logger';
import type { DirectMessageSender } from './outbound-message';

/**
 * A case opened by a direct message has no email address: its customer is `<platform>.<sender id>@social.invalid`
 * (RFC 2606 reserves `.invalid`). This mailer sends what would have been mailed to such an address as a direct message
 * through the platform instead (the acknowledgment, staff replies, requests for information), and everything else by
 * mail. With no platform sender configured, nothing is sent to a `.invalid` address (logged, counted as sent: there is
 * no one to deliver it to by mail).
 */
const SOCIAL_ADDRESS = /^(messenger|instagram)\.([0-9A-Za-z_-]+)@social\.invalid$/;

export function directMessageMailer(mail: Mailer, dms: DirectMessageSender | undefined, log: LogLines = logger): Mailer {
  return {
    async send(message: OutboundEmail) {
      const match = SOCIAL_ADDRESS.exec(message.to);
      if (!match) return mail.send(message);
      if (!dms) {
        log.warn('no direct-message sender configured; message to a social customer not sent', { caseId: message.caseId });
        return { messageId: 'not-sent' };
      }
      // The platforms allow a standard response within 24 hours of the customer's message; later replies need the
      // HUMAN_AGENT tag (`replyWindow`), which the platform refuses after 7 days: then staff answer another way.
      return dms.send({ platform: match[1] as 'messenger' | 'instagram', recipientId: match[2]!, text: `${message.subject}\n\n${message.text}`, messagingType: 'RESPONSE' });
    },
  };
}
