/**
 * LOCAL ONLY — the development identity provider behind `npm start`. NEVER DEPLOYED: nothing in infra/ imports it,
 * and on AWS the staff routes are guarded by API Gateway's JWT authorizer against the Cognito user pool.
 *
 * What it does:
 * - At start, a fresh ES256 key pair (jose) lives in memory only; its public half is served as a JWKS at
 *   `GET /_local/jwks.json`.
 * - `POST /_local/dev-token { sub, name?, email?, groups: [...], ttlSeconds?, tokenUse? }` mints a short-lived JWT
 *   (default 1 h of *virtual* time) with the issuer and audience the template's JWT authorizer expects (read from the
 *   route's authorizer in the model), shaped as Cognito shapes an access token (`token_use: "access"`, the client in
 *   `client_id`, the console's scopes in `scope`, no `aud`); `tokenUse: "id"` gives an ID token instead (the client
 *   in `aud`, no scope), which the staff routes refuse as they do on AWS. On AWS that issuer is the Cognito user
 *   pool URL: locally the token is signed with the local key instead, and the local gateway verifies against the
 *   local key — a token minted here is worthless anywhere else (Cognito never signed it), and a real Cognito token
 *   is refused locally.
 * - `authorizeJwt` (the gateway hook) does what API Gateway's JWT authorizer does: bearer token from the
 *   identity source (Authorization header), signature (against the local JWKS), `exp`/`nbf`, `iss` equal to the
 *   route's issuer, `aud` (or, only when there is no `aud`, Cognito's `client_id`) one of the route's audiences, one
 *   of the route's scopes if it names any; then hands the claims to the Lambda with array claims flattened to
 *   "[a b]" strings, exactly as API Gateway does.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { errors, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload, createLocalJWKSet } from 'jose';
import * as z from '../functions/domain/zod';
import { PROBLEM_CONTENT_TYPE } from '../functions/api/http/problem';
import { CONSOLE_SCOPES } from '../functions/domain/identity/staff-tokens';
import { StaffRoleSchema } from '../functions/domain/lifecycle/model';
import type { JwtAuthorizer, JwtAuthorizerContext } from './gateway';
import { gatewayProblem } from './gateway-problems';
import type { LocalModel, LocalRoute } from './template';

export const DEV_TOKEN_PATH = '/_local/dev-token';
export const JWKS_PATH = '/_local/jwks.json';
/**
 * The staff directory as Cognito's API (`cognito-idp`, AWS JSON 1.1) answers it, for the handlers' real SDK client:
 * point `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` here. Its members are the people tokens were minted for.
 */
export const COGNITO_IDP_PATH = '/_local/cognito-idp';
/** Used when the template has no JWT authorizer yet (then no route needs a token anyway). */
const FALLBACK = { issuer: 'https://redress.local/dev-identity', audience: ['redress-local'] };
const ALG = 'ES256';

/** The groups a local token may carry: the staff roles the handlers know, the same list as the Cognito groups. */
const STAFF_GROUPS = StaffRoleSchema.options;

export const DevTokenRequestSchema = z.strictObject({
    sub: z._default(z.string().check(z.trim(), z.minLength(1, 'sub is required'), z.maxLength(128, 'at most 128 characters')), 'dev-agent'),
    name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
    email: z.optional(z.email('must be an email address')),
    groups: z.array(z.enum(STAFF_GROUPS, { error: `one of ${STAFF_GROUPS.join(', ')}` })).check(z.minLength(1, 'at least one group')),
    /** Lifetime in seconds of virtual time: 1 minute to 12 hours, default 1 hour (Cognito's default access token). */
    ttlSeconds: z._default(z.number().check(z.int(), z.gte(60), z.lte(43_200)), 3_600),
    /** `id`: a Cognito ID token of the same person, to see the staff routes refuse it. */
    tokenUse: z._default(z.enum(['access', 'id']), 'access'),
  });
export type DevTokenRequest = z.input<typeof DevTokenRequestSchema>;

export interface DevUser {
  sub: string;
  groups: readonly string[];
  email?: string;
  createdAt: Date;
}

export interface DevIdentity {
  issuer: string;
  audience: string[];
  jwks: JSONWebKeySet;
  mint(request: DevTokenRequest): Promise<{ token: string; expiresAt: string; claims: JWTPayload }>;
  /** The staff known to this identity provider (everyone a token was minted for), by `sub`. */
  users: ReadonlyMap<string, DevUser>;
  authorizeJwt: JwtAuthorizer;
  /** Serves the two `/_local/` endpoints; false when the request is not one of them. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

/**
 * The template's issuer/audience of a route. The model keeps them JSON-encoded and unresolved (CDK writes the
 * Cognito issuer as `Fn::Join` of the region and the pool's `Ref`): resolve the two intrinsics that occur, with the
 * local region and the logical id standing in for the pool's physical id, e.g.
 * `https://cognito-idp.us-east-1.amazonaws.com/AuthStaffPool4E0350CB`.
 */
function resolved(v: string | undefined, region: string): string | undefined {
  if (v === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    return v;
  }
  const walk = (x: unknown): string => {
    if (typeof x === 'string') return x;
    if (x && typeof x === 'object' && 'Ref' in x) return (x as { Ref: string }).Ref === 'AWS::Region' ? region : String((x as { Ref: string }).Ref);
    if (x && typeof x === 'object' && 'Fn::Join' in x) {
      const [sep, parts] = (x as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
      return parts.map(walk).join(sep);
    }
    if (x && typeof x === 'object' && 'Fn::GetAtt' in x) return (x as { 'Fn::GetAtt': string[] })['Fn::GetAtt'].join('.');
    return JSON.stringify(x);
  };
  return walk(parsed);
}

function authorizerOf(route: LocalRoute | undefined, region: string) {
  const issuer = resolved(route?.authorizer?.issuer, region);
  const audience = (route?.authorizer?.audience ?? []).map((a) => resolved(a, region)!).filter(Boolean);
  return issuer && audience.length ? { issuer, audience } : undefined;
}

/** Claims as API Gateway passes them to Lambda: arrays become "[a b]", objects JSON, the rest as is. */
function gatewayClaims(payload: JWTPayload): JwtAuthorizerContext['claims'] {
  const out: JwtAuthorizerContext['claims'] = {};
  for (const [k, v] of Object.entries(payload)) {
    if (Array.isArray(v)) out[k] = `[${v.join(' ')}]`;
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (v !== null && v !== undefined) out[k] = JSON.stringify(v);
  }
  return out;
}

export async function createDevIdentity(model: Pick<LocalModel, 'routes'>, region = process.env.AWS_REGION ?? 'us-east-1'): Promise<DevIdentity> {
  const jwtRoutes = model.routes.filter((r) => r.authorizationType === 'JWT');
  const { issuer, audience } = jwtRoutes.map((r) => authorizerOf(r, region)).find(Boolean) ?? FALLBACK;
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `redress-local-${Date.now().toString(36)}`;
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' }] };
  const keySet = createLocalJWKSet(jwks);

  const users = new Map<string, DevUser>();
  async function mint(raw: DevTokenRequest) {
    const r = DevTokenRequestSchema.parse(raw);
    // Like a person invited to the pool: known from their first token on, in the groups of their latest one.
    users.set(r.sub, { sub: r.sub, groups: r.groups, ...(r.email ? { email: r.email } : {}), createdAt: users.get(r.sub)?.createdAt ?? new Date() });
    const now = Math.floor(Date.now() / 1000); // the virtual clock: a token expires in virtual time
    // As Cognito issues them: an access token names the client in `client_id` and carries the granted scopes; an ID
    // token names it in `aud` and has no scope.
    const claims: JWTPayload = {
      'cognito:groups': r.groups,
      token_use: r.tokenUse,
      ...(r.tokenUse === 'access' ? { client_id: audience[0]!, scope: CONSOLE_SCOPES.join(' ') } : { aud: audience[0]! }),
      ...(r.name ? { name: r.name } : {}),
      ...(r.email ? { email: r.email } : {}),
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
      .setSubject(r.sub)
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + r.ttlSeconds)
      .setJti(crypto.randomUUID())
      .sign(privateKey);
    return { token, expiresAt: new Date((now + r.ttlSeconds) * 1000).toISOString(), claims: { ...claims, sub: r.sub, iss: issuer } };
  }

  // Refusals say why (locally only: API Gateway's 401 says nothing), so a developer knows to mint a new token.
  const authorizeJwt: JwtAuthorizer = async (route, event) => {
    const header = event.headers?.authorization ?? event.headers?.Authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) return { refused: 'A staff token is required: Authorization: Bearer <token> (LOCAL: npm run dev-token -- --groups agent).' };
    const expected = authorizerOf(route, region) ?? { issuer, audience };
    try {
      const { payload } = await jwtVerify(m[1]!, keySet, { issuer: expected.issuer, algorithms: [ALG], currentDate: new Date(), clockTolerance: 0 });
      // API Gateway checks `aud` when the token has one, else `client_id` (Cognito access tokens have no `aud`).
      const auds = payload.aud !== undefined ? (Array.isArray(payload.aud) ? payload.aud : [payload.aud]) : typeof payload.client_id === 'string' ? [payload.client_id] : [];
      if (!auds.some((a) => expected.audience.includes(a))) return { refused: 'The token was issued for another audience.' };
      if (route.authorizationScopes.length) {
        const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
        if (!route.authorizationScopes.some((s) => scopes.includes(s))) {
          const idToken = payload.token_use === 'id' ? ' It is an ID token: staff routes take the access token.' : '';
          return { refused: `The token lacks the scope this route needs (${route.authorizationScopes.join(' or ')}).${idToken}` };
        }
      }
      return { claims: gatewayClaims(payload), scopes: route.authorizationScopes.length ? route.authorizationScopes : null };
    } catch (err) {
      // Bad signature, expired, not yet valid, wrong issuer, malformed: API Gateway answers 401 to each.
      if (err instanceof errors.JWTExpired) {
        const exp = typeof err.payload.exp === 'number' ? new Date(err.payload.exp * 1000).toISOString() : 'its exp';
        return { refused: `The token expired at ${exp} (virtual time now ${new Date().toISOString()}); mint a new one: npm run dev-token -- --groups agent.` };
      }
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'nbf') return { refused: 'The token is not valid yet (nbf).' };
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'iss') return { refused: 'The token was issued by another issuer.' };
      return { refused: 'The token is malformed or its signature does not verify against this stack\'s keys.' };
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '').split('?')[0];
    if (path === JWKS_PATH && req.method === 'GET') {
      send(res, 200, jwks);
      return true;
    }
    if (path?.replace(/\/$/, '') === COGNITO_IDP_PATH) {
      await answerDirectory(req, res, users);
      return true;
    }
    if (path !== DEV_TOKEN_PATH) return false;
    if (req.method !== 'POST') {
      send(res, 405, gatewayProblem.methodNotAllowed(req.method ?? '', DEV_TOKEN_PATH, ['POST']), PROBLEM_CONTENT_TYPE);
      return true;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown;
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      send(res, 400, gatewayProblem.malformedJson(), PROBLEM_CONTENT_TYPE);
      return true;
    }
    const parsed = DevTokenRequestSchema.safeParse(body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', message: i.message }));
      send(res, 422, { ...gatewayProblem.invalidField(422, 'body', ''), errors }, PROBLEM_CONTENT_TYPE);
      return true;
    }
    const minted = await mint(parsed.data);
    send(res, 200, { token: minted.token, tokenType: 'Bearer', expiresAt: minted.expiresAt, issuer, audience: audience[0], localOnly: true });
    return true;
  }

  return { issuer, audience, jwks, mint, users, authorizeJwt, handle };
}

/** `sub = "x"` or `username = "x"`: the two ListUsers filters the directory needs (Cognito has more). */
const ListUsersFilter = /^\s*(sub|username)\s*=\s*"([^"\\]*)"\s*$/;

/**
 * The part of Cognito's API the staff directory calls: ListUsers (by sub or username) and AdminListGroupsForUser,
 * with Cognito's error shape (`__type`) for what it does not serve. Usernames are the subs here.
 */
async function answerDirectory(req: IncomingMessage, res: ServerResponse, users: ReadonlyMap<string, DevUser>): Promise<void> {
  const type = 'application/x-amz-json-1.1';
  const fail = (status: number, kind: string, message: string) => send(res, status, { __type: kind, message }, type);
  if (req.method !== 'POST') return fail(400, 'InvalidParameterException', 'POST only');
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let body: Record<string, unknown>;
  try {
    body = z.record(z.string(), z.unknown()).parse(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
  } catch {
    return fail(400, 'SerializationException', 'the body is not a JSON object');
  }
  const target = String(req.headers['x-amz-target'] ?? '').replace(/^AWSCognitoIdentityProviderService\./, '');
  const asCognito = (u: DevUser) => ({
    Username: u.sub,
    Attributes: [{ Name: 'sub', Value: u.sub }, ...(u.email ? [{ Name: 'email', Value: u.email }] : [])],
    Enabled: true,
    UserStatus: 'CONFIRMED',
    UserCreateDate: u.createdAt.getTime() / 1000,
  });
  if (target === 'ListUsers') {
    const filter = typeof body.Filter === 'string' ? ListUsersFilter.exec(body.Filter) : null;
    if (body.Filter !== undefined && !filter) return fail(400, 'InvalidParameterException', 'LOCAL: only the filters sub = "…" and username = "…" are served');
    const found = filter ? [users.get(filter[2]!)].filter((u): u is DevUser => u !== undefined) : [...users.values()];
    return send(res, 200, { Users: found.map(asCognito) }, type);
  }
  if (target === 'AdminListGroupsForUser') {
    const user = users.get(String(body.Username ?? ''));
    if (!user) return fail(400, 'UserNotFoundException', 'User does not exist.');
    return send(res, 200, { Groups: user.groups.map((g) => ({ GroupName: g, UserPoolId: String(body.UserPoolId ?? '') })) }, type);
  }
  return fail(400, 'InvalidActionException', `LOCAL: ${target || 'this action'} is not served by the dev identity's directory`);
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * Puts the dev-identity endpoints in front of the gateway's own request handling (the gateway has no extension
 * point for extra local routes; its other `/_local/` endpoints stay as they are).
 */
export function mountDevIdentity(server: Server, identity: DevIdentity, onError: (e: unknown) => void = () => undefined): void {
  const original = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    if (!url.startsWith(DEV_TOKEN_PATH) && !url.startsWith(JWKS_PATH) && !url.startsWith(COGNITO_IDP_PATH)) {
      for (const l of original) l.call(server, req, res);
      return;
    }
    identity.handle(req, res).catch((e: unknown) => {
      onError(e);
      if (!res.headersSent) send(res, 500, gatewayProblem.internal(), PROBLEM_CONTENT_TYPE);
    });
  });
}
