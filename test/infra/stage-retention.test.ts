import { describe, expect, it } from 'vitest';
import { resourcesOfType, synthTemplate, type CfnTemplate } from '../../infra/synth';

/**
 * The README's deploy section promises: a `prod` stack keeps its data (tables, user pool, the buckets of mail, files
 * and KPI facts, the KMS keys that seal them) when it is deleted, with deletion protection on the tables and the
 * user pool; any other stage deletes them with the stack. Every such resource of the synthesized template is checked, so a new table or bucket that forgets the
 * stage's `retain` fails here.
 */
const DATA_TYPES = ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::S3::Bucket', 'AWS::KMS::Key'] as const;
const PROTECTED_TYPES: Record<string, string> = {
  'AWS::DynamoDB::Table': 'DeletionProtectionEnabled',
  'AWS::Cognito::UserPool': 'DeletionProtection',
};

/**
 * Resources that hold no complaint data and are the same in every stage, each with the reason (logical id prefixes).
 * Any other table, user pool, bucket or key follows the stage.
 */
const SAME_IN_EVERY_STAGE: Record<string, 'Retain' | 'Delete'> = {
  WebSite: 'Retain', // the static site, rewritten by every deploy (CDK's default for a bucket)
  WebAccessLogs: 'Retain', // the CloudFront and S3 access logs: who asked for what, kept after the stack for audit
  AnalyticsQueryResults: 'Delete', // Athena's scratch results, re-created by the next query
  ObservabilityAlarmTopicKey: 'Delete', // encrypts alarm messages in flight only; nothing stored under it
};
const fixedPolicy = (id: string) => Object.entries(SAME_IN_EVERY_STAGE).find(([prefix]) => id.startsWith(prefix))?.[1];

function dataResources(template: CfnTemplate) {
  return DATA_TYPES.flatMap((type) => resourcesOfType(template, type).map(([id, r]) => ({ id, type, r })))
    .filter(({ id, r }) => {
      const fixed = fixedPolicy(id);
      if (fixed) expect({ id, policy: r.DeletionPolicy }).toEqual({ id, policy: fixed });
      return !fixed;
    });
}

describe('what a stack keeps when it is deleted, per stage', () => {
  it('prod keeps every table, user pool, bucket and key, and protects the tables and the user pool', () => {
    const resources = dataResources(synthTemplate({ stage: 'prod' }));
    expect(resources.filter((x) => x.type === 'AWS::DynamoDB::Table').length).toBeGreaterThanOrEqual(2);
    for (const { id, type, r } of resources) {
      expect({ id, policy: r.DeletionPolicy }).toEqual({ id, policy: 'Retain' });
      const flag = PROTECTED_TYPES[type];
      if (flag === 'DeletionProtectionEnabled') expect({ id, on: r.Properties?.[flag] }).toEqual({ id, on: true });
      if (flag === 'DeletionProtection') expect({ id, on: r.Properties?.[flag] }).toEqual({ id, on: 'ACTIVE' });
    }
  });

  it('any other stage deletes them with the stack', () => {
    const resources = dataResources(synthTemplate({ stage: 'dev' }));
    expect(resources.map((x) => x.id).sort()).toEqual(
      dataResources(synthTemplate({ stage: 'prod' })).map((x) => x.id).sort(),
    );
    for (const { id, r } of resources) expect({ id, policy: r.DeletionPolicy }).toEqual({ id, policy: 'Delete' });
  });
});
