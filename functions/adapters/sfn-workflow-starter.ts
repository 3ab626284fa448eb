import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowStarter } from '../core/ports';

/**
 * Starts one complaint workflow per ticket. The execution name is the ticket id, so starting twice cannot run
 * two workflows: Step Functions answers a repeated start (same name, same input) with the running execution,
 * or ExecutionAlreadyExists once it has finished. The input is derived from the name alone (`{ ticketId }`),
 * so an execution with that name is always *this* ticket's workflow and ExecutionAlreadyExists means "started".
 */
export class SfnWorkflowStarter implements WorkflowStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(ticketId: string): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: ticketId, input: JSON.stringify({ ticketId }) }),
      );
    } catch (e) {
      if (e instanceof ExecutionAlreadyExists) return;
      throw e;
    }
  }
}
