import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface DataProps {
  /** Keep the table (and refuse deletes) outside throwaway stages. */
  readonly retain: boolean;
  /** Which step of the index migration a deploy is at (see {@link IndexMigrationStep}); absent once it is done. */
  readonly indexMigration?: IndexMigrationStep;
}

/** Logical id of the table in the template. */
export const TABLE_LOGICAL_ID = 'ComplaintsTable';
/**
 * The staff queue and the unsent outbox, keys only: a case write touches the index only when its queue keys move,
 * and the readers fetch the items by key (functions/adapters/dynamodb-case-store.ts). Replaces `byQueue`, which
 * projected ALL and so wrote every ~6 KB case again on every step (README, "Deploying to AWS": the migration).
 */
export const QUEUE_INDEX = 'byQueueV2';
/** Sparse: only flagged cases carry `gsi2pk`/`gsi2sk`, so the supervisors' list reads the flagged cases and nothing else. */
export const ATTENTION_INDEX = 'byAttention';
/** The index this version replaces; kept in the template only while the migration's context asks for it. */
export const LEGACY_QUEUE_INDEX = 'byQueue';

/**
 * Steps of the index migration (`-c indexMigration=…`): CloudFormation adds or removes one global secondary index per
 * update, so moving from `byQueue` to `byQueueV2` + `byAttention` takes three deploys (README, "Deploying to AWS").
 * `1`: the old index and `byQueueV2`; `2`: the old index and both new ones; absent: the new ones only.
 */
export type IndexMigrationStep = '1' | '2' | undefined;

/** The context value as a step; anything else stops synth with a message naming it. */
export function indexMigrationStep(value: unknown): IndexMigrationStep {
  if (value === undefined) return undefined;
  if (value === '1' || value === '2' || value === 1 || value === 2) return String(value) as '1' | '2';
  throw new Error(`Invalid context value indexMigration=${JSON.stringify(value)}: 1 or 2 (README, "Deploying to AWS"), or leave it out`);
}

/**
 * The single table of docs/contracts.md: cases, timeline events, outbox items, idempotency records and
 * case-number counters under `pk`/`sk`; the `byQueueV2` index orders the staff queue (and the unsent outbox), the
 * sparse `byAttention` index lists the flagged cases. Its
 * change stream (new and old images: analytics compares them) feeds the `stream` handlers (infra/constructs/functions.ts).
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: 'expiresAt',
      // The change stream starts each new case's workflow and carries each new outbox item to the sender.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      deletionProtection: props.retain,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const queueKeys = { partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING }, sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING } };
    if (props.indexMigration) this.table.addGlobalSecondaryIndex({ indexName: LEGACY_QUEUE_INDEX, ...queueKeys, projectionType: dynamodb.ProjectionType.ALL });
    this.table.addGlobalSecondaryIndex({ indexName: QUEUE_INDEX, ...queueKeys, projectionType: dynamodb.ProjectionType.KEYS_ONLY });
    if (props.indexMigration !== '1') {
      this.table.addGlobalSecondaryIndex({
        indexName: ATTENTION_INDEX,
        partitionKey: { name: 'gsi2pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'gsi2sk', type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.KEYS_ONLY,
      });
    }
    (this.table.node.defaultChild as dynamodb.CfnTable).overrideLogicalId(TABLE_LOGICAL_ID);
  }

  /** Read access plus TABLE_NAME. */
  allowRead(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.table.grantReadData(fn);
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
    this.acknowledgeIndexWildcard(fn);
  }

  /** Read/write access plus TABLE_NAME. */
  allowReadWrite(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.table.grantReadWriteData(fn);
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
    this.acknowledgeIndexWildcard(fn);
  }

  /** UpdateItem on the table's items only (no read, no index) plus TABLE_NAME: for a function that only marks items. */
  allowUpdate(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [this.table.tableArn] }));
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
  }

  /**
   * Appending to the audit log (items under `AUDIT#…` partitions) and nothing else: a function that only reads
   * cases may still record that it read them, but cannot change a case or rewrite an audit entry (PutItem only,
   * and the item must not exist). Plus TABLE_NAME, for a function that has no other use of the table (the KPIs).
   */
  allowAuditAppend(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.allowWritesUnder(fn, ['dynamodb:PutItem'], ['AUDIT#*']);
  }

  /**
   * Customer step-up: reading the case (to open it with its access token and mail its address), and writing only the
   * step-up challenge and verification (`STEPUP#…`) and the rate counters (`RATE#…`), never a case.
   */
  allowStepUp(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.allowRead(fn);
    this.allowWritesUnder(fn, ['dynamodb:PutItem', 'dynamodb:UpdateItem'], ['STEPUP#*', 'RATE#*']);
  }

  /**
   * Manual legal holds: reading the case (to know it exists), and placing or releasing the hold (`LEGALHOLD#…`), never
   * a case.
   */
  allowLegalHolds(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.allowRead(fn);
    this.allowWritesUnder(fn, ['dynamodb:PutItem', 'dynamodb:DeleteItem'], ['LEGALHOLD#*']);
  }

  /** Writes on the table's items whose partition key starts with one of `prefixes`, and no other. */
  private allowWritesUnder(fn: IFunction & { addEnvironment(key: string, value: string): unknown }, actions: string[], prefixes: string[]): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions,
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } },
      }),
    );
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
  }

  private acknowledgeIndexWildcard(fn: IFunction): void {
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${TABLE_LOGICAL_ID}.Arn>/index/*]`,
        reason: "Grants reach this table's own indexes (byQueueV2, byAttention) only; the wildcard is the index name segment under the table ARN.",
      });
    }
  }
}
