import { caseStoreFromEnv, notifierFromEnv, outboxObserverFromEnv, policiesFromEnv, systemClock } from '../adapters/wiring';
import { sendDueOutbox } from '../core/use-cases/send-outbox';
import { eventHandler } from '../adapters/event-handler';

/**
 * Scheduled (every minute): sends the outbox messages that are due again, those whose attempt failed (the mail
 * service refused or timed out) and those whose sender died holding them (the claim's lease ran out).
 */

const deps = { store: caseStoreFromEnv(), notifier: notifierFromEnv(), policies: policiesFromEnv(), now: systemClock, observer: outboxObserverFromEnv() };

export const handler = eventHandler(async () => sendDueOutbox(deps));
