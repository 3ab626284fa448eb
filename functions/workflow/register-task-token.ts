import * as z from 'zod';
import { readConfig, TableName } from '../adapters/config';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoTicketStore } from '../adapters/dynamodb-ticket-store';

/**
 * `.waitForTaskToken` states: `{ ticketId, taskToken, step, enteredAt?, attempt? }`. Stores the token on the
 * ticket with a condition (see DynamoTicketStore.registerTaskToken); a stale registration fails with
 * `TaskTokenConflictError`, which the state's Catch routes. `enteredAt` (`$$.State.EnteredTime`) and `attempt`
 * (`$$.State.RetryCount`) are optional; with them a Retry's new token replaces the one of a failed attempt.
 */

const config = readConfig({ TABLE_NAME: TableName });
const store = new DynamoTicketStore(documentClient, config.TABLE_NAME);

export const RegisterTaskTokenInputSchema = z.object({
  ticketId: z.uuid(),
  taskToken: z.string().min(1).max(1024),
  step: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  enteredAt: z.iso.datetime({ offset: true }).optional(),
  attempt: z.number().int().nonnegative().optional(),
});

export const handler = async (event: unknown) => {
  const input = RegisterTaskTokenInputSchema.parse(event);
  const generation = input.enteredAt ? `${input.enteredAt}#${String(input.attempt ?? 0).padStart(4, '0')}` : undefined;
  const result = await store.registerTaskToken(input.ticketId, input.step, {
    taskToken: input.taskToken,
    registeredAt: new Date().toISOString(),
    generation,
  });
  return { registered: result };
};
