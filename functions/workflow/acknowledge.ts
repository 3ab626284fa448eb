import * as z from 'zod';
import { ConfigurationSetName, EmailAddress, PolicyPreset, PublicBaseUrl, readConfig, TableName } from '../adapters/config';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoTicketStore } from '../adapters/dynamodb-ticket-store';
import { SesMailer, sesClient } from '../adapters/ses-mailer';
import { loadPolicy } from '../domain/policy';
import { acknowledgeComplaint } from './services/acknowledge-complaint';

/** State `Acknowledge`: `{ ticketId }` → `{ waits: { firstResponseSeconds } }` (docs/contracts.md). */

const config = readConfig({
  TABLE_NAME: TableName,
  SENDER_ADDRESS: EmailAddress,
  SES_CONFIGURATION_SET: ConfigurationSetName,
  PUBLIC_BASE_URL: PublicBaseUrl,
  POLICY_PRESET: PolicyPreset,
});
const deps = {
  store: new DynamoTicketStore(documentClient, config.TABLE_NAME),
  mailer: new SesMailer(sesClient, config.SENDER_ADDRESS, config.SES_CONFIGURATION_SET),
  policy: loadPolicy(config.POLICY_PRESET),
  publicBaseUrl: config.PUBLIC_BASE_URL,
};

export const AcknowledgeInputSchema = z.object({ ticketId: z.uuid() });

export const handler = async (event: unknown) => acknowledgeComplaint(deps, AcknowledgeInputSchema.parse(event).ticketId);
