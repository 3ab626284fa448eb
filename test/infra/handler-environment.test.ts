import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromRepo } from '../../infra/paths';
import { synthTemplate } from '../../infra/synth';
import { readTemplate, type LocalFunction } from '../../local/template';

/**
 * Every handler starts with exactly the environment the stack gives its function: its module (which reads its
 * configuration when it loads, and fails naming a missing or malformed variable) is imported with the template's
 * variables and nothing else. Intrinsics resolve to well-formed ARNs and names, as the local runtime resolves them;
 * the secrets they name answer with values of the documented shape. So a variable a handler's wiring reads that no
 * construct sets on its function fails here, and not at the first cold start on AWS.
 */

const functions = readTemplate(synthTemplate(), { region: 'us-east-1', publicBaseUrl: 'https://complaints.example.org' }).functions;

/** What each secret of the stack holds once its owner filled it in (infra/README.md). */
const SECRET_VALUES: [RegExp, string][] = [
  [/:secret:InboundMailReplySigningSecret/, 'r'.repeat(64)],
  [/:secret:InboundMailSocialWebhookSecret/, JSON.stringify({ verifyToken: 'verify-token-0123', appSecret: 'a'.repeat(64) })],
  [/:secret:PaymentsProviderApiKey/, 'sk_live_0123456789abcdef'],
  [/:secret:PaymentsWebhookSecret/, 'whsec_0123456789abcdef'],
];

const secretsManager = mockClient(SecretsManagerClient);
const savedEnv = { ...process.env };

beforeAll(() => {
  secretsManager.on(GetSecretValueCommand).callsFake(({ SecretId }: { SecretId: string }) => {
    const value = SECRET_VALUES.find(([pattern]) => pattern.test(SecretId))?.[1];
    if (value === undefined) throw new Error(`no test value for secret ${SecretId}`);
    return { SecretString: value };
  });
});
afterEach(() => {
  process.env = { ...savedEnv };
});
afterAll(() => {
  secretsManager.restore();
});

/** Imports the function's module afresh (shared modules re-read their configuration) under only its template environment. */
async function coldStart(fn: LocalFunction, environment: Record<string, string> = fn.environment): Promise<unknown> {
  vi.resetModules();
  // The runtime's own variables; everything else is the template's.
  process.env = { PATH: savedEnv.PATH, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', ...environment };
  const module = (await import(fromRepo(fn.entry))) as Record<string, unknown>;
  return module[fn.exportName];
}

describe('each handler starts with the environment its function gets', () => {
  it('the template names every function with its entry', () => {
    expect(functions.length).toBeGreaterThan(30);
  });

  it.each(functions.map((f) => [f.logicalId, f] as const))('%s', async (_id, fn) => {
    expect(await coldStart(fn)).toBeTypeOf('function');
  });

  it('a variable the wiring reads and the function lacks stops the cold start, naming it', async () => {
    // Prepare: the refund decision without the provider URL the Payments construct sets.
    const decideRefund = functions.find((f) => f.logicalId === 'DecideRefundFunction')!;
    const { PAYMENT_PROVIDER_URL: _url, ...withoutUrl } = decideRefund.environment;

    // Act, Assess
    await expect(coldStart(decideRefund, withoutUrl)).rejects.toThrow(/PAYMENT_PROVIDER_URL: is not set/);
  });
});
