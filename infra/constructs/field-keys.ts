import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface FieldKeysProps {
  /** Keep the key (and everything sealed under it readable) when the stack goes, outside throwaway stages. */
  readonly retain: boolean;
}

type Fn = IFunction & { addEnvironment(key: string, value: string): unknown };

/**
 * The customer-managed KMS key that wraps the per-customer data keys of sealed fields
 * (functions/adapters/crypto/envelope-field-cipher.ts), rotated yearly by KMS. Only the functions that seal or open a
 * field get it, each with the calls it makes and only for wrapping customer keys (the encryption context the cipher
 * sends): intake makes new customer keys and opens existing ones, the reveal opens them. Nothing else decrypts.
 */
export class FieldKeys extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: FieldKeysProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Redress: wraps the per-customer data keys of sealed personal fields',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }

  /** Makes new customer keys (GenerateDataKey) and opens existing ones (Decrypt), plus FIELD_KEY_ARN. */
  allowSealing(fn: Fn): void {
    this.allow(fn, ['kms:GenerateDataKey', 'kms:Decrypt']);
  }

  /** Opens customer keys only (Decrypt), plus FIELD_KEY_ARN. */
  allowOpening(fn: Fn): void {
    this.allow(fn, ['kms:Decrypt']);
  }

  private allow(fn: Fn, actions: string[]): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions,
        resources: [this.key.keyArn],
        // The cipher wraps customer keys with this context; a field value or anything else is not this key's to open.
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'customer-data-key' } },
      }),
    );
    fn.addEnvironment('FIELD_KEY_ARN', this.key.keyArn);
  }
}
