import * as z from '../domain/zod';
import { caseStoreFromEnv, incidentStoreFromEnv, notifierFromEnv, policiesFromEnv, outboxObserverFromEnv, systemClock } from '../adapters/wiring';
import { acknowledge } from '../core/use-cases/acknowledge';
import { eventHandler } from '../adapters/event-handler';

/** State `Acknowledge`: `{ caseId }` → `$.next` `{ step, status, waitSeconds, timer? }` (docs/contracts.md). */

const deps = { store: caseStoreFromEnv(), notifier: notifierFromEnv(), policies: policiesFromEnv(), now: systemClock, observer: outboxObserverFromEnv(), incidents: incidentStoreFromEnv() };

export const AcknowledgeInputSchema = z.object({ caseId: z.uuid() });

export const handler = eventHandler(async (event: unknown) => acknowledge(deps, AcknowledgeInputSchema.parse(event).caseId));
