import * as z from 'zod';
import { readConfig, TableName } from '../adapters/config';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoTicketStore } from '../adapters/dynamodb-ticket-store';
import { recordBreach } from './services/record-breach';

/** Catch of a timed-out wait: `{ ticketId, clock }` → the breach recorded on the ticket (idempotent). */

const config = readConfig({ TABLE_NAME: TableName });
const store = new DynamoTicketStore(documentClient, config.TABLE_NAME);

export const RecordBreachInputSchema = z.object({ ticketId: z.uuid(), clock: z.string().regex(/^[a-z][A-Za-z0-9]*$/) });

export const handler = async (event: unknown) => {
  const { ticketId, clock } = RecordBreachInputSchema.parse(event);
  return recordBreach(store, ticketId, clock);
};
