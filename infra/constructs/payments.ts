import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface PaymentsProps {
  /** The provider's API base URL (context `paymentProviderUrl`). */
  readonly providerUrl: string;
  /** Keep the secrets on stack deletion outside throwaway stages. */
  readonly retain: boolean;
}

/**
 * The payment provider as the finance functions see it: its URL, the API key refunds are asked with, and the secrets
 * its webhooks are signed with. Both secrets are issued by the provider (its dashboard), so the generated values are
 * placeholders to replace after deploying (infra/README.md, "Payments"): until then the provider refuses refund
 * requests (the refund stays approved and finance is told) and the webhook refuses every delivery.
 * A function is granted only the secret it reads.
 */
export class Payments extends Construct {
  readonly providerUrl: string;
  readonly apiKeySecret: secretsmanager.Secret;
  readonly webhookSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: PaymentsProps) {
    super(scope, id);
    this.providerUrl = props.providerUrl;
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.apiKeySecret = new secretsmanager.Secret(this, 'ProviderApiKey', {
      description: "The payment provider's secret API key (refund requests). Replace the placeholder with the provider's key.",
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    this.webhookSecret = new secretsmanager.Secret(this, 'WebhookSecret', {
      description: "The payment provider's webhook signing secrets, comma-separated, newest first. Replace the placeholder with the provider's.",
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    for (const secret of [this.apiKeySecret, this.webhookSecret]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: "Issued and rotated by the payment provider (its dashboard); a Lambda rotation cannot change the provider's side.",
      });
    }
  }

  /** For functions that ask the provider to refund: the URL, read access to the API key and the variables naming both. */
  allowRefunds(fn: LambdaFunction): void {
    this.apiKeySecret.grantRead(fn);
    fn.addEnvironment('PAYMENT_PROVIDER_URL', this.providerUrl);
    fn.addEnvironment('PAYMENT_PROVIDER_API_KEY_SECRET_ARN', this.apiKeySecret.secretArn);
  }

  /** For the webhook endpoint: read access to the signing secrets and `PAYMENT_WEBHOOK_SECRET_ARN`. */
  allowWebhooks(fn: LambdaFunction): void {
    this.webhookSecret.grantRead(fn);
    fn.addEnvironment('PAYMENT_WEBHOOK_SECRET_ARN', this.webhookSecret.secretArn);
  }
}
