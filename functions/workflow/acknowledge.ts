import * as z from 'zod';
import { workflowContext } from './context';
import { acknowledgeComplaint } from './services/acknowledge-complaint';

/** State `Acknowledge`: `{ ticketId }` → `$.next` `{ step, status, waitSeconds, timer? }` (docs/contracts.md). */

const deps = workflowContext();

export const AcknowledgeInputSchema = z.object({ ticketId: z.uuid() });

export const handler = async (event: unknown) => acknowledgeComplaint(deps, AcknowledgeInputSchema.parse(event).ticketId);
