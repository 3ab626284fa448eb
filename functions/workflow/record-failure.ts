import * as z from '../domain/zod';
import { caseStoreFromEnv, notifierFromEnv, systemClock } from '../adapters/wiring';
import { recordFailure } from '../core/use-cases/record-failure';
import { eventHandler } from '../adapters/event-handler';

/** State `Case needs attention`: `{ caseId, error }` → the supervisors mailed and the case flagged. */

const deps = { store: caseStoreFromEnv(), notifier: notifierFromEnv(), now: systemClock };

export const RecordFailureInputSchema = z.object({ caseId: z.uuid(), error: z.string().check(z.minLength(1), z.maxLength(256)) });

export const handler = eventHandler(async (event: unknown) => {
  const { caseId, error } = RecordFailureInputSchema.parse(event);
  return recordFailure(deps, caseId, error);
});
