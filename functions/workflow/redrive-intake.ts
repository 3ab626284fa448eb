import { readConfig, StateMachineArn, TableName } from '../adapters/config';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoTicketStore } from '../adapters/dynamodb-ticket-store';
import { SfnWorkflowStarter, sfnClient } from '../adapters/sfn-workflow-starter';
import { redriveIntake } from './services/redrive-intake';

/**
 * Scheduled (e.g. every 5 minutes): starts the workflow of accepted complaints whose start failed after their
 * write (see functions/api/services/complaint-intake.ts). Needs TABLE_NAME (read) and STATE_MACHINE_ARN
 * (states:StartExecution).
 */

const config = readConfig({ TABLE_NAME: TableName, STATE_MACHINE_ARN: StateMachineArn });
const store = new DynamoTicketStore(documentClient, config.TABLE_NAME);
const workflow = new SfnWorkflowStarter(sfnClient, config.STATE_MACHINE_ARN);

export const handler = async () => redriveIntake(store, workflow, new Date());
