import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Workflow } from '../../infra/constructs/workflow';
import { stateMachineDefinition, type AslDefinition, type CfnTemplate } from '../../infra/synth';

/**
 * The complaint workflow synthesized on its own, with placeholder task functions (inline code
 * that never runs: the tests replace each task locally), so the machine's tests do not depend
 * on the handler sources or the rest of the stack.
 */
export function synthesizeWorkflow(): { template: CfnTemplate; asl: AslDefinition } {
  const app = new App();
  const stack = new Stack(app, 'WorkflowUnderTest');
  const placeholder = (id: string) => {
    const fn = new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('export const handler = async () => { throw new Error("placeholder"); };'),
    });
    (fn.node.defaultChild as lambda.CfnFunction).overrideLogicalId(`${id}Function`);
    return fn;
  };
  new Workflow(stack, 'Workflow', {
    functions: {
      acknowledge: placeholder('Acknowledge'),
      registerTaskToken: placeholder('RegisterTaskToken'),
      applyDueClocks: placeholder('ApplyDueClocks'),
      recordFailure: placeholder('RecordFailure'),
    },
    logRetention: logs.RetentionDays.ONE_DAY,
  });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  return { template, asl: stateMachineDefinition(template) };
}
