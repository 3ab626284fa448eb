import * as z from 'zod';
import { workflowContext } from './context';
import { applyDueClocks } from './services/apply-due-clocks';

/** State `Apply due clocks`: `{ ticketId }` → `$.next` with the clocks applied (docs/lifecycle.md 7.2). */

const deps = workflowContext();

export const ApplyDueClocksInputSchema = z.object({ ticketId: z.uuid() });

export const handler = async (event: unknown) => applyDueClocks(deps, ApplyDueClocksInputSchema.parse(event).ticketId);
