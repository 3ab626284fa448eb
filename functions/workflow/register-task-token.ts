import * as z from '../domain/zod';
import { caseStoreFromEnv, systemClock } from '../adapters/wiring';
import { registerStep } from '../core/use-cases/register-step';
import { WorkflowStepSchema, type WorkflowStep } from '../domain/lifecycle';
import { eventHandler } from '../adapters/event-handler';

/**
 * The callback waits: `{ caseId, taskToken, step, enteredAt?, attempt? }`. Stores the token on the case while it
 * is in `step`; throws `StepMovedOnError` when it is not (the wait's Catch routes to Apply due clocks) and
 * `TaskTokenConflictError` for a stale registration.
 */

const deps = { store: caseStoreFromEnv(), now: systemClock };

/** The steps that wait on a callback (zod/mini enums have no `.exclude`: classic's built the same enum). */
type WaitingStep = Exclude<WorkflowStep, 'acknowledge' | 'done'>;
const WAITING_STEPS = WorkflowStepSchema.options.filter((step): step is WaitingStep => step !== 'acknowledge' && step !== 'done');

export const RegisterTaskTokenInputSchema = z.object({
  caseId: z.uuid(),
  taskToken: z.string().check(z.minLength(1), z.maxLength(1024)),
  step: z.enum(WAITING_STEPS),
  enteredAt: z.optional(z.iso.datetime({ offset: true })),
  attempt: z.optional(z.number().check(z.int(), z.nonnegative())),
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
