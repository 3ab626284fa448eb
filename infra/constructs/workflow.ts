import { type CfnResource, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { buildComplaintWorkflow, type ComplaintWorkflowFunctions } from '../../statemachines/complaint-workflow';

export interface WorkflowProps {
  readonly functions: ComplaintWorkflowFunctions;
  readonly logRetention: logs.RetentionDays;
}

/** Logical id of the state machine in the template. */
export const STATE_MACHINE_LOGICAL_ID = 'ComplaintWorkflow';

/**
 * The complaint state machine: Standard (executions live as long as the policy's clocks),
 * every event logged, X-Ray on. Execution data stays out of the logs: it may carry customer
 * replies, and the execution history already holds it for the people allowed to read it.
 */
export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(buildComplaintWorkflow(this, props.functions)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: 'One execution per complaint (execution name = case id); its states are the policy clocks.',
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    (this.stateMachine.node.defaultChild as sfn.CfnStateMachine).overrideLogicalId(STATE_MACHINE_LOGICAL_ID);

    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CloudWatch Logs vended delivery (logs:CreateLogDelivery and related) and X-Ray tracing support no resource-level permissions.',
    });
    for (const fn of Object.values(props.functions)) {
      const logicalId: string = Stack.of(this).resolve((fn.node.defaultChild as CfnResource).logicalId);
      Validations.of(this.stateMachine.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: 'lambda:InvokeFunction on the task function and its versions/aliases (the :* suffix), nothing else.',
      });
    }
  }

  /**
   * The action handlers wake a waiting step: states:SendTaskSuccess and states:SendTaskFailure on this state
   * machine only (the token names the execution; no heartbeat, no other machine).
   */
  allowCallbacks(fn: LambdaFunction): void {
    this.stateMachine.grant(fn, 'states:SendTaskSuccess', 'states:SendTaskFailure');
  }

  /** states:DescribeExecution on this state machine's executions only (the reconciler looks them up by name). */
  allowDescribe(fn: LambdaFunction): void {
    this.stateMachine.grantExecution(fn, 'states:DescribeExecution');
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"ComplaintWorkflow"}]}]}:*]',
        reason: "Executions of the complaint state machine only: the wildcard is the execution name (one per case, not known in advance).",
      });
    }
  }

  /** states:StartExecution on this state machine only, plus STATE_MACHINE_ARN. */
  allowStart(fn: LambdaFunction): void {
    this.stateMachine.grantStartExecution(fn);
    fn.addEnvironment('STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
  }
}
