import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Data, indexMigrationStep, type IndexMigrationStep } from '../../infra/constructs/data';

/**
 * The index migration of README "Deploying to AWS": CloudFormation adds or removes one global secondary index per
 * update, so each step differs from the one before by exactly one index.
 */
const indexesAt = (step: IndexMigrationStep): { name: string; projection: string }[] => {
  const stack = new Stack(new App(), 'IndexMigration');
  new Data(stack, 'Data', { retain: false, indexMigration: step });
  const [table] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table'));
  const indexes = (table as { Properties: { GlobalSecondaryIndexes: { IndexName: string; Projection: { ProjectionType: string } }[] } }).Properties.GlobalSecondaryIndexes;
  return indexes.map((i) => ({ name: i.IndexName, projection: i.Projection.ProjectionType }));
};

describe('index migration (byQueue → byQueueV2 + byAttention)', () => {
  it('moves one index per deploy: add byQueueV2, add byAttention, remove byQueue', () => {
    const before = [{ name: 'byQueue', projection: 'ALL' }];
    const steps = [before, indexesAt('1'), indexesAt('2'), indexesAt(undefined)];
    expect(steps.slice(1)).toEqual([
      [{ name: 'byQueue', projection: 'ALL' }, { name: 'byQueueV2', projection: 'KEYS_ONLY' }],
      [{ name: 'byQueue', projection: 'ALL' }, { name: 'byQueueV2', projection: 'KEYS_ONLY' }, { name: 'byAttention', projection: 'KEYS_ONLY' }],
      [{ name: 'byQueueV2', projection: 'KEYS_ONLY' }, { name: 'byAttention', projection: 'KEYS_ONLY' }],
    ]);
    for (let i = 1; i < steps.length; i++) {
      const names = (s: { name: string }[]) => new Set(s.map((x) => x.name));
      const [was, is] = [names(steps[i - 1]!), names(steps[i]!)];
      const changed = [...is].filter((n) => !was.has(n)).length + [...was].filter((n) => !is.has(n)).length;
      expect(changed, `step ${i}`).toBe(1);
    }
  });

  it('refuses a step it does not know, naming the context value', () => {
    expect(indexMigrationStep(undefined)).toBeUndefined();
    expect(indexMigrationStep('2')).toBe('2');
    expect(() => indexMigrationStep('3')).toThrow(/indexMigration="3"/);
  });
});
