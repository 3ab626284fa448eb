import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDevIdentity, mountDevIdentity, type DevIdentity } from '../../local/dev-identity';
import type { GatewayEvent } from '../../local/gateway';
import type { LocalRoute } from '../../local/template';

/** LOCAL ONLY development identity: minting, and verification as API Gateway's JWT authorizer does it. */

const COGNITO_ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Local';
const route = (audience = ['staff-client'], issuer = COGNITO_ISSUER, scopes: string[] = []): LocalRoute => ({
  logicalId: 'StaffQueueRoute',
  method: 'GET',
  path: '/staff/queue',
  routeKey: 'GET /staff/queue',
  functionLogicalId: 'StaffQueueFunction',
  authorizationType: 'JWT',
  authorizationScopes: scopes,
  authorizer: { logicalId: 'StaffAuthorizer', type: 'JWT', identitySource: ['$request.header.Authorization'], issuer: JSON.stringify(issuer), audience: audience.map((a) => JSON.stringify(a)) },
});
const eventWith = (authorization?: string) => ({ headers: authorization ? { authorization } : {} }) as unknown as GatewayEvent;

let identity: DevIdentity;
beforeAll(async () => {
  identity = await createDevIdentity({ routes: [route()] });
});
afterEach(() => vi.useRealTimers());

describe('local dev identity (LOCAL ONLY)', () => {
  it("mints with the template authorizer's issuer and audience; the gateway hook passes claims as API Gateway does", async () => {
    expect(identity.issuer).toBe(COGNITO_ISSUER);
    expect(identity.audience).toEqual(['staff-client']);
    const { token } = await identity.mint({ sub: 'agent-7', email: 'a7@example.com', groups: ['agent', 'senior'] });
    const ctx = await identity.authorizeJwt(route(), eventWith(`Bearer ${token}`));
    expect(ctx && 'claims' in ctx ? ctx.claims : ctx).toMatchObject({ sub: 'agent-7', email: 'a7@example.com', iss: COGNITO_ISSUER, 'cognito:groups': '[agent senior]' });
  });

  it('resolves the issuer CDK writes as Fn::Join of the region and the pool Ref (the logical id stands in for the pool id)', async () => {
    const cdkRoute = route(['x']);
    cdkRoute.authorizer = {
      ...cdkRoute.authorizer!,
      issuer: JSON.stringify({ 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: 'AuthStaffPool1' }]] }),
      audience: [JSON.stringify({ Ref: 'AuthStaffClient1' })],
    };
    const id = await createDevIdentity({ routes: [cdkRoute] }, 'eu-west-1');
    expect(id.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/AuthStaffPool1');
    expect(id.audience).toEqual(['AuthStaffClient1']);
    const { token } = await id.mint({ sub: 's', groups: ['agent'] });
    expect(await id.authorizeJwt(cdkRoute, eventWith(`Bearer ${token}`))).not.toBeNull();
  });

  it('refuses (401) a missing token, another key’s signature, a tampered payload, the wrong audience or issuer, a missing scope', async () => {
    const other = await createDevIdentity({ routes: [route()] });
    const { token } = await identity.mint({ sub: 'agent-7', groups: ['agent'] });
    const foreign = (await other.mint({ sub: 'agent-7', groups: ['agent'] })).token;
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = [h, Buffer.from(JSON.stringify({ ...payload, 'cognito:groups': ['supervisor'] })).toString('base64url'), s].join('.');
    expect(await identity.authorizeJwt(route(), eventWith())).toHaveProperty('refused');
    expect(await identity.authorizeJwt(route(), eventWith(`Basic ${token}`))).toHaveProperty('refused');
    expect(await identity.authorizeJwt(route(), eventWith(`Bearer ${foreign}`))).toHaveProperty('refused');
    expect(await identity.authorizeJwt(route(), eventWith(`Bearer ${tampered}`))).toHaveProperty('refused');
    expect(await identity.authorizeJwt(route(['another-client']), eventWith(`Bearer ${token}`))).toHaveProperty('refused');
    expect(await identity.authorizeJwt(route(['staff-client'], 'https://evil.example'), eventWith(`Bearer ${token}`))).toHaveProperty('refused');
    expect(await identity.authorizeJwt(route(['staff-client'], COGNITO_ISSUER, ['redress/staff']), eventWith(`Bearer ${token}`))).toHaveProperty('refused');
    expect(await identity.authorizeJwt(route(), eventWith(`Bearer ${token}`))).not.toBeNull();
  });

  it('mints access tokens as Cognito does (client_id and scope, no aud); an ID token (aud, no scope) fails a staff route\'s scope', async () => {
    const staffRoute = route(['staff-client'], COGNITO_ISSUER, ['openid', 'aws.cognito.signin.user.admin']);
    const access = await identity.mint({ sub: 'agent-7', groups: ['agent'] });
    expect(access.claims).toMatchObject({ token_use: 'access', client_id: 'staff-client', scope: 'openid email profile' });
    expect(access.claims).not.toHaveProperty('aud');
    expect(await identity.authorizeJwt(staffRoute, eventWith(`Bearer ${access.token}`))).toMatchObject({ claims: { token_use: 'access', client_id: 'staff-client' } });
    const id = await identity.mint({ sub: 'agent-7', groups: ['agent'], tokenUse: 'id' });
    expect(id.claims).toMatchObject({ token_use: 'id', aud: 'staff-client' });
    expect(id.claims).not.toHaveProperty('scope');
    // Its `aud` is the client, so without a scope on the route the audience check alone would pass it (as on AWS).
    expect(await identity.authorizeJwt(route(), eventWith(`Bearer ${id.token}`))).toHaveProperty('claims');
    expect(await identity.authorizeJwt(staffRoute, eventWith(`Bearer ${id.token}`))).toEqual({ refused: expect.stringMatching(/lacks the scope .* It is an ID token/) });
  });

  it('a token expires on the (virtual) clock: valid just before exp, refused after with a reason that says it expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T10:00:00Z'));
    const { token, expiresAt } = await identity.mint({ sub: 'agent-7', groups: ['agent'], ttlSeconds: 600 });
    expect(expiresAt).toBe('2026-11-23T10:10:00.000Z');
    vi.setSystemTime(new Date('2026-11-23T10:09:59Z'));
    expect(await identity.authorizeJwt(route(), eventWith(`Bearer ${token}`))).not.toBeNull();
    vi.setSystemTime(new Date('2026-11-23T10:10:01Z'));
    expect(await identity.authorizeJwt(route(), eventWith(`Bearer ${token}`))).toEqual({
      refused: expect.stringMatching(/^The token expired at 2026-11-23T10:10:00\.000Z \(virtual time now 2026-11-23T10:10:01\.000Z\); mint a new one/),
    });
  });

  describe('POST /_local/dev-token', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((_req, res) => res.writeHead(418).end('gateway'));
      mountDevIdentity(server, identity);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('mints a verifiable token; bad requests are problem+json naming the field; other paths reach the gateway', async () => {
      const ok = await fetch(`${url}/_local/dev-token`, { method: 'POST', body: JSON.stringify({ sub: 'sup-1', groups: ['supervisor'] }) });
      expect(ok.status).toBe(200);
      const { token, localOnly } = (await ok.json()) as { token: string; localOnly: boolean };
      expect(localOnly).toBe(true);
      expect(await identity.authorizeJwt(route(), eventWith(`Bearer ${token}`))).toMatchObject({ claims: { 'cognito:groups': '[supervisor]' } });
      for (const [body, field] of [[{ groups: ['root'] }, 'groups.0'], [{ groups: [] }, 'groups'], [{ groups: ['agent'], email: 'x' }, 'email'], [{ groups: ['agent'], ttlSeconds: 10 ** 6 }, 'ttlSeconds']] as const) {
        const res = await fetch(`${url}/_local/dev-token`, { method: 'POST', body: JSON.stringify(body) });
        expect(res.status).toBe(422);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
      }
      expect((await fetch(`${url}/_local/dev-token`, { method: 'POST', body: '{' })).status).toBe(400);
      expect((await fetch(`${url}/_local/jwks.json`)).status).toBe(200);
      expect((await fetch(`${url}/staff/queue`)).status).toBe(418);
    });
  });
});
