import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readContext } from './context';
import { RedressStack } from './redress-stack';

/** Construct id of the one stack; its CloudFormation name is `redress-<stage>`. */
export const STACK_ID = 'RedressStack';

export interface RedressApp {
  readonly app: App;
  readonly stack: RedressStack;
}

/**
 * The CDK app, shared by `cdk synth|deploy` (infra/app.ts) and the in-process synth the local
 * runtime and tests use (infra/synth.ts). The stack is environment-agnostic, so synth needs no
 * credentials and no network. cdk-nag's AwsSolutions pack runs as a validation plugin: any
 * unacknowledged error-level finding fails synth.
 */
export function buildApp(props: AppProps = {}): RedressApp {
  const app = new App(props);
  const config = readContext(app.node);
  const stack = new RedressStack(app, STACK_ID, {
    stackName: `redress-${config.stage}`,
    description: `Redress complaint handling (${config.stage}, policy ${config.policyPreset})`,
    config,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
