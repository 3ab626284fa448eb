import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface FieldKeysProps {
  /** Keep the key and the key table (and everything sealed under them readable) when the stack goes, outside throwaway stages. */
  readonly retain: boolean;
}

/** Logical id of the customer-keys table in the template. */
export const CUSTOMER_KEYS_TABLE_LOGICAL_ID = 'CustomerKeysTable';

type Fn = IFunction & { addEnvironment(key: string, value: string): unknown };

/**
 * The keys of sealed fields (functions/adapters/crypto/envelope-field-cipher.ts):
 *
 * - the customer-managed KMS key that wraps the per-customer data keys, rotated yearly by KMS. Only the functions
 *   that seal or open a field get it, each with the calls it makes and only for wrapping customer keys (the
 *   encryption context the cipher sends): intake makes new customer keys and opens existing ones, the reveal opens
 *   them. Nothing else decrypts;
 * - the table of wrapped customer keys, one item per customer, apart from the case table: erasure deletes the item
 *   (crypto-shredding), and a restore of the case table (point in time or backup) cannot bring it back, since no
 *   key lives there. Sealers read and add keys, openers read them, erasure and retention only delete them.
 */
export class FieldKeys extends Construct {
  readonly key: kms.Key;
  readonly customerKeys: dynamodb.Table;

  constructor(scope: Construct, id: string, props: FieldKeysProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Redress: wraps the per-customer data keys of sealed personal fields',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.customerKeys = new dynamodb.Table(this, 'CustomerKeys', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // No point-in-time recovery, on purpose: a restore must never revive a key that erasure destroyed (that would
      // make an erased customer's sealed fields readable again from any copy of the case table). The trade-off: losing
      // this table loses what it protects, the sealed fields (bank details, personal data), exactly what erasure of
      // every customer would lose; cases, events, KPIs and the audit trail stay whole in the case table.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: props.retain,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    (this.customerKeys.node.defaultChild as dynamodb.CfnTable).overrideLogicalId(CUSTOMER_KEYS_TABLE_LOGICAL_ID);
    Validations.of(this.customerKeys).acknowledge({
      id: 'AwsSolutions-DDB3',
      reason: 'Point-in-time recovery would let a restore revive customer keys that erasure destroyed (crypto-shredding); losing a key loses only what erasing it would.',
    });
  }

  /** Makes new customer keys (GenerateDataKey) and opens existing ones (Decrypt); reads and adds wrapped keys. */
  allowSealing(fn: Fn): void {
    this.allowKms(fn, ['kms:GenerateDataKey', 'kms:Decrypt']);
    this.allowOnKeyTable(fn, ['dynamodb:GetItem', 'dynamodb:UpdateItem']);
  }

  /**
   * The customers' personal-data keys (functions/adapters/crypto/personal-keys.ts), beside their data keys in the
   * same items: a function that reads case items opens them (Decrypt, GetItem); one that writes them also makes them
   * (Encrypt, UpdateItem). KMS only under the personal-key context: not the sealed fields' data keys.
   */
  allowPersonalData(fn: Fn, writes: boolean): void {
    this.allowKms(fn, writes ? ['kms:Decrypt', 'kms:Encrypt'] : ['kms:Decrypt'], 'customer-personal-key');
    this.allowOnKeyTable(fn, writes ? ['dynamodb:GetItem', 'dynamodb:UpdateItem'] : ['dynamodb:GetItem']);
  }

  /** Opens customer keys only (Decrypt); reads wrapped keys. */
  allowOpening(fn: Fn): void {
    this.allowKms(fn, ['kms:Decrypt']);
    this.allowOnKeyTable(fn, ['dynamodb:GetItem']);
  }

  /** Destroys wrapped customer keys (erasure, retention, a corrected address) and nothing else: no KMS, no read. */
  allowShredding(fn: Fn): void {
    this.allowOnKeyTable(fn, ['dynamodb:DeleteItem']);
  }

  private allowKms(fn: Fn, actions: string[], purpose = 'customer-data-key'): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions,
        resources: [this.key.keyArn],
        // The cipher wraps customer keys with this context; a field value or anything else is not this key's to open.
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': purpose } },
      }),
    );
    fn.addEnvironment('FIELD_KEY_ARN', this.key.keyArn);
  }

  private allowOnKeyTable(fn: Fn, actions: string[]): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [this.customerKeys.tableArn] }));
    fn.addEnvironment('CUSTOMER_KEYS_TABLE', this.customerKeys.tableName);
  }
}
