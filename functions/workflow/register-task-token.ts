import * as z from 'zod';
import { WorkflowStepSchema } from '../domain/lifecycle';
import { readConfig, TableName } from '../adapters/config';
import { documentClient } from '../adapters/dynamodb-client';
import { CaseStore } from './services/case-store';
import { registerStep } from './services/register-step';

/**
 * The callback waits: `{ ticketId, taskToken, step, enteredAt?, attempt? }`. Stores the token on the ticket while
 * the case is in `step` (see services/register-step.ts); `StepMovedOnError` when it is not, `TaskTokenConflictError`
 * for a stale registration. `enteredAt` (`$$.State.EnteredTime`) and `attempt` (`$$.State.RetryCount`) let a Retry's
 * new token replace the one of a failed attempt.
 */

const config = readConfig({ TABLE_NAME: TableName });
const store = new CaseStore(documentClient, config.TABLE_NAME);

export const RegisterTaskTokenInputSchema = z.object({
  ticketId: z.uuid(),
  taskToken: z.string().min(1).max(1024),
  step: WorkflowStepSchema.exclude(['acknowledge', 'done']),
  enteredAt: z.iso.datetime({ offset: true }).optional(),
  attempt: z.number().int().nonnegative().optional(),
});

export const handler = async (event: unknown) => registerStep(store, RegisterTaskTokenInputSchema.parse(event));
