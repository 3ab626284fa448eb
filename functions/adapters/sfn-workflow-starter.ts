import { DescribeExecutionCommand, ExecutionAlreadyExists, ExecutionDoesNotExist, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ExecutionStatus, WorkflowExecutions } from '../core/ports';

/**
 * One complaint workflow per case. The first execution's name is the case id, so starting twice cannot run two
 * workflows: Step Functions answers a repeated start (same name, same input) with the running execution, or
 * ExecutionAlreadyExists once it has finished. The input is derived from the case alone (`{ caseId }`), so an
 * execution with that name is always this case's workflow and ExecutionAlreadyExists means "started". A restart
 * (the reconciler's) runs under a derived name.
 */
export class SfnWorkflowStarter implements WorkflowExecutions {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  start(caseId: string): Promise<void> {
    return this.startNamed(caseId, caseId);
  }

  async startNamed(caseId: string, name: string): Promise<void> {
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify({ caseId }) }));
    } catch (e) {
      if (e instanceof ExecutionAlreadyExists) return;
      throw e;
    }
  }

  async status(name: string): Promise<ExecutionStatus | undefined> {
    try {
      const out = await this.client.send(new DescribeExecutionCommand({ executionArn: executionArnOf(this.stateMachineArn, name) }));
      return out.status;
    } catch (e) {
      if (e instanceof ExecutionDoesNotExist) return undefined;
      throw e;
    }
  }
}

/**
 * An execution's ARN from its state machine's and its name: `arn:<partition>:states:<region>:<account>:execution:<machine>:<name>`
 * (the documented format, which DescribeExecution requires; no API returns it from a name).
 */
export function executionArnOf(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length !== 7 || parts[2] !== 'states' || parts[5] !== 'stateMachine') throw new Error('not a state machine ARN');
  return [...parts.slice(0, 5), 'execution', parts[6], name].join(':');
}
