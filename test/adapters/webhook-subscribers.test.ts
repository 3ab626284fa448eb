import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { webhookTargetsFromEnv } from '../../functions/adapters/webhook-subscribers';

/** WEBHOOK_SUBSCRIBERS as the CaseEvents construct sets it: secret ARNs, each fetched once per container. */

const secretsManager = mockClient(SecretsManagerClient);
afterAll(() => secretsManager.restore());

const KEY_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:CaseEventsErpKey-AbCdEf';
const SIGNING_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:CaseEventsErpSigningSecret-AbCdEf';

describe('webhook subscribers from the environment', () => {
  it('reads the key and the signing secret from their secrets, once', async () => {
    // Prepare
    secretsManager.on(GetSecretValueCommand, { SecretId: KEY_ARN }).resolves({ SecretString: 'k'.repeat(40) });
    secretsManager.on(GetSecretValueCommand, { SecretId: SIGNING_ARN }).resolves({ SecretString: 's'.repeat(64) });
    const targets = webhookTargetsFromEnv(
      { WEBHOOK_SUBSCRIBERS: JSON.stringify([{ name: 'Erp', url: 'https://erp.example.com/redress', keySecretArn: KEY_ARN, signingSecretArn: SIGNING_ARN }]) },
      new SecretsManagerClient({ region: 'us-east-1' }),
    );
    // Act
    const first = await targets('Erp');
    await targets('Erp');
    // Assess
    expect(first).toEqual({ url: 'https://erp.example.com/redress', key: 'k'.repeat(40), secret: 's'.repeat(64) });
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(await targets('Unknown')).toBeUndefined();
  });

  it('stops the cold start naming the variable when it is missing or malformed', () => {
    const client = new SecretsManagerClient({ region: 'us-east-1' });
    expect(() => webhookTargetsFromEnv({}, client)).toThrow(/WEBHOOK_SUBSCRIBERS: is not set/);
    expect(() => webhookTargetsFromEnv({ WEBHOOK_SUBSCRIBERS: '[{"name":"x","url":"https://x.test"}]' }, client)).toThrow(/WEBHOOK_SUBSCRIBERS/);
    expect(webhookTargetsFromEnv({ WEBHOOK_SUBSCRIBERS: '[]' }, client)).toBeTypeOf('function');
  });
});
