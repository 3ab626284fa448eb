import { AwsSolutionsChecks } from 'cdk-nag';
import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { withSynthesizedApp, type CfnResourceJson, type CfnTemplate } from '../../infra/synth';

export interface Synthesized {
  template: CfnTemplate;
  /** AwsSolutions findings left after acknowledgments, warnings included. */
  nag: PolicyValidationPluginReport;
}

/** One in-process synth (bundling skipped) plus a cdk-nag pass over the same construct tree. */
export function synthesize(context?: Record<string, string>): Synthesized {
  return withSynthesizedApp(context, ({ app, template }) => ({
    template,
    nag: new AwsSolutionsChecks(app).validateScope(app),
  }));
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every IAM statement attached (inline policies) to the role of the given function. */
export function statementsOfFunction(template: CfnTemplate, functionLogicalId: string): PolicyStatementJson[] {
  const fn = template.Resources[functionLogicalId];
  const roleArn = fn?.Properties?.Role as { 'Fn::GetAtt': [string, string] };
  const roleId = roleArn['Fn::GetAtt'][0];
  return Object.values(template.Resources)
    .filter((r: CfnResourceJson) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => (r.Properties?.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleId))
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
}

export function actionsOf(statements: PolicyStatementJson[]): string[] {
  return statements.flatMap((s) => asList(s.Action));
}
