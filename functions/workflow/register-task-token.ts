import * as z from 'zod';
import { caseStoreFromEnv, systemClock } from '../adapters/wiring';
import { registerStep } from '../core/use-cases/register-step';
import { WorkflowStepSchema } from '../domain/lifecycle';
import { eventHandler } from '../adapters/event-handler';

/**
 * The callback waits: `{ caseId, taskToken, step, enteredAt?, attempt? }`. Stores the token on the case while it
 * is in `step`; throws `StepMovedOnError` when it is not (the wait's Catch routes to Apply due clocks) and
 * `TaskTokenConflictError` for a stale registration.
 */

const deps = { store: caseStoreFromEnv(), now: systemClock };

export const RegisterTaskTokenInputSchema = z.object({
  caseId: z.uuid(),
  taskToken: z.string().min(1).max(1024),
  step: WorkflowStepSchema.exclude(['acknowledge', 'done']),
  enteredAt: z.iso.datetime({ offset: true }).optional(),
  attempt: z.number().int().nonnegative().optional(),
});

/** The error name the state machine's Catch matches. */
export class StepMovedOnError extends Error {
  override name = 'StepMovedOnError';
}

export const handler = eventHandler(async (event: unknown) => {
  const input = RegisterTaskTokenInputSchema.parse(event);
  const result = await registerStep(deps, input);
  if ('moved' in result) throw new StepMovedOnError(`case ${input.caseId} is no longer in step ${input.step}`);
  return result;
});
