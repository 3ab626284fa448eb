import * as z from '../domain/zod';
import { caseStoreFromEnv, notifierFromEnv, policiesFromEnv, outboxObserverFromEnv, systemClock } from '../adapters/wiring';
import { applyDueClocks } from '../core/use-cases/apply-due-clocks';
import { eventHandler } from '../adapters/event-handler';

/** State `Apply due clocks`: `{ caseId }` → `$.next` with the clocks applied (docs/lifecycle.md). */

const deps = { store: caseStoreFromEnv(), notifier: notifierFromEnv(), policies: policiesFromEnv(), now: systemClock, observer: outboxObserverFromEnv() };

export const ApplyDueClocksInputSchema = z.object({ caseId: z.uuid() });

export const handler = eventHandler(async (event: unknown) => applyDueClocks(deps, ApplyDueClocksInputSchema.parse(event).caseId));
