import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoStaffDirectory } from '../../functions/adapters/cognito-staff-directory';
import { COGNITO_IDP_PATH, createDevIdentity, mountDevIdentity, type DevIdentity } from '../../local/dev-identity';

/**
 * The Cognito staff directory through the real SDK client, against the local dev identity's Cognito endpoint (the
 * one `npm start` serves): the same requests the adapter sends to the staff user pool on AWS.
 */

let server: Server;
let identity: DevIdentity;
let client: CognitoIdentityProviderClient;
let requests: string[] = [];

beforeAll(async () => {
  identity = await createDevIdentity({ routes: [] });
  server = createServer((_req, res) => res.writeHead(404).end());
  mountDevIdentity(server, identity);
  server.prependListener('request', (req) => void requests.push(String(req.headers['x-amz-target'] ?? '')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new CognitoIdentityProviderClient({ endpoint: `http://127.0.0.1:${port}${COGNITO_IDP_PATH}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('CognitoStaffDirectory on the local dev identity', () => {
  it('knows a person a staff token was minted for, by the token sub', async () => {
    // Prepare
    await identity.mint({ sub: 'agent-42', groups: ['agent'], email: 'agent-42@example.com' });
    const directory = new CognitoStaffDirectory(client, 'us-east-1_local');

    // Act
    const known = await directory.knows('agent-42');

    // Assess
    expect(known).toBe(true);
  });

  it('does not know anyone else', async () => {
    const directory = new CognitoStaffDirectory(client, 'us-east-1_local');
    expect(await directory.knows('agent-404')).toBe(false);
  });

  it('never puts an id that could break out of the filter in a request', async () => {
    // Prepare
    const directory = new CognitoStaffDirectory(client, 'us-east-1_local');
    requests = [];

    // Act
    const answers = await Promise.all(['x" or sub ^= "', 'a\\b', '', ' agent-42'].map((id) => directory.knows(id)));

    // Assess
    expect(answers).toEqual([false, false, false, false]);
    expect(requests).toEqual([]);
  });

  it('answers as Cognito does for what the local directory does not serve', { timeout: 10_000 }, async () => {
    const { ListUsersInGroupCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    await expect(client.send(new ListUsersInGroupCommand({ UserPoolId: 'us-east-1_local', GroupName: 'agent' }))).rejects.toMatchObject({ name: 'InvalidActionException' });
  });
});
