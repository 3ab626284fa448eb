import { sentMailOf } from '../adapters/ses-send-event';
import { caseStoreFromEnv } from '../adapters/wiring';
import { confirmSentMail } from '../core/use-cases/confirm-sent-mail';
import { eventHandler } from '../adapters/event-handler';

/**
 * SES's "Email Sent" events (the configuration set publishes them to EventBridge; locally the SES catcher does):
 * each marks its outbox message sent, so a sender that died after SES took the mail does not get it sent twice.
 */

const deps = { store: caseStoreFromEnv() };

export const handler = eventHandler(async (event: unknown) => {
  const mail = sentMailOf(event);
  return confirmSentMail(deps, mail ? [mail] : []);
});
