import * as z from 'zod';
import { workflowContext } from './context';
import { recordFailure } from './services/record-failure';

/** State `Case needs attention`: `{ ticketId, error }` → the ticket flagged and the supervisor emailed. */

const deps = workflowContext();

export const RecordFailureInputSchema = z.object({ ticketId: z.uuid(), error: z.string().min(1).max(256) });

export const handler = async (event: unknown) => {
  const { ticketId, error } = RecordFailureInputSchema.parse(event);
  return recordFailure(deps, ticketId, error);
};
