// The local HTTP API: the template's AWS::ApiGatewayV2::Route resources mapped onto the handler modules, with
// API Gateway HTTP API payload format 2.0 events in and the 2.0 response mapping out; plus the static site in
// web/ at / and the runtime's own endpoints under /_local/ (virtual clock, health).
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve as resolvePath, sep } from 'node:path';
import type { APIGatewayProxyEventV2WithRequestContext, APIGatewayEventRequestContextV2 } from 'aws-lambda';
import * as z from '../functions/domain/zod';
import { problemResponse, type Problem } from '../functions/api/http/problem';
import { routeTemplate } from '../functions/api/http/route-template';
import { SITE_SECURITY_HEADERS } from '../infra/constructs/site-headers';
import { gatewayProblem } from './gateway-problems';
import type { JumpReport } from './jump-report';
import { invoke, type LoadedFunction } from './lambda-runtime';
import type { LocalRoute } from './template';
import { parseDuration, type VirtualClock } from './virtual-clock';

/** The local gateway's stand-in for a client's source address (see where the event is built). */
export const LOCAL_SOURCE_IP_HEADER = 'x-redress-local-source-ip';

/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface JwtAuthorizerContext {
  claims: Record<string, string | number | boolean | string[]>;
  scopes: string[] | null;
}
export type GatewayEvent = APIGatewayProxyEventV2WithRequestContext<
  APIGatewayEventRequestContextV2 & { authorizer?: { jwt?: JwtAuthorizerContext; [k: string]: unknown } }
>;

/** A refused token, with the reason the local 401 gives (API Gateway gives none; locally it saves a search). */
export interface JwtRefusal {
  refused: string;
}

/**
 * Hook for routes whose AuthorizationType is JWT. Given the route and the event, return the verified claims
 * (they become `requestContext.authorizer.jwt`), or a refusal (or null) to answer 401 as API Gateway does.
 * Without a hook, JWT routes answer 401.
 */
export type JwtAuthorizer = (route: LocalRoute, event: GatewayEvent) => Promise<JwtAuthorizerContext | JwtRefusal | null>;

export interface GatewayOptions {
  port: number;
  routes: LocalRoute[];
  /** loaded handlers by logical id */
  functions: Map<string, LoadedFunction>;
  webDir?: string;
  /** `jump`, when given, also says what fired (POST /_local/clock answers it as `fired`) */
  clock: VirtualClock & { jump?(ms: number): Promise<{ now: number; fired?: JumpReport }> };
  authorizeJwt?: JwtAuthorizer;
  /** Called once the actual port is known, before the first request is served. */
  log?: (line: string) => void;
}

export interface Gateway {
  url: string;
  port: number;
  server: Server;
  /** HTTP requests currently being handled. */
  busy(): number;
  stop(): Promise<void>;
}

interface CompiledRoute {
  route: LocalRoute;
  regex: RegExp;
  params: string[];
  score: number;
}

function compile(route: LocalRoute): CompiledRoute {
  const { regex, params, score } = routeTemplate(route.path);
  if (route.path === '$default') return { route, regex, params, score };
  return { route, regex, params, score: score + (route.method === 'ANY' ? 0 : 1) };
}

const TEXT_TYPES = /^(text\/|application\/(json|.*\+json|xml|.*\+xml|x-www-form-urlencoded|javascript|graphql))/i;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

function apiGatewayTime(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Builds the payload format 2.0 event API Gateway would send for this request. */
export function buildEvent(req: IncomingMessage, body: Buffer, route: LocalRoute, pathParameters: Record<string, string> | undefined, host: string): GatewayEvent {
  const url = new URL(req.url ?? '/', `http://${host}`);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const value = req.rawHeaders[i + 1];
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((c) => c.trim()).filter(Boolean));
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const now = new Date();
  // LOCAL ONLY: a test stands for many customers' machines (the fault suites' load, under the per-client intake
  // limit) with this header. API Gateway takes the source address from the connection; no header changes it there.
  const sourceIp = headers[LOCAL_SOURCE_IP_HEADER] ?? (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  delete headers[LOCAL_SOURCE_IP_HEADER];
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    cookies: cookies.length ? cookies : undefined,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: host.split(':')[0],
      domainPrefix: 'local',
      http: { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: !isText,
    stageVariables: undefined,
  } as GatewayEvent;
}

const StructuredResult = z.looseObject({
  statusCode: z.number().check(z.int(), z.gte(100), z.lte(599)),
  headers: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
  multiValueHeaders: z.optional(z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()])))),
  cookies: z.optional(z.array(z.string())),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
});

/** API Gateway's payload 2.0 response mapping, including its inference for results without statusCode. */
function writeResult(res: ServerResponse, result: unknown, head: boolean): number {
  const structured = StructuredResult.safeParse(result);
  if (!structured.success) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(head ? undefined : body);
    return 200;
  }
  const r = structured.data;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  for (const [k, v] of Object.entries(r.multiValueHeaders ?? {})) headers[k.toLowerCase()] = v.map(String).join(',');
  if (r.cookies?.length) headers['set-cookie'] = r.cookies;
  const body = r.body === undefined ? undefined : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : Buffer.from(r.body, 'utf8');
  if (body && !headers['content-type']) headers['content-type'] = 'application/json';
  if (body) headers['content-length'] = String(body.length);
  res.writeHead(r.statusCode, headers);
  res.end(head ? undefined : body);
  return r.statusCode;
}

function json(res: ServerResponse, status: number, body: unknown): number {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  return status;
}

/** Every error the gateway itself answers is the API's problem+json (functions/api/http/problem.ts). */
function problem(res: ServerResponse, p: Problem, headers: Record<string, string> = {}, head = false): number {
  return writeResult(res, problemResponse(p, headers), head);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

const ClockRequest = z.object({ advance: z.string().check(z.minLength(1), z.maxLength(64)) });

async function serveClock(req: IncomingMessage, res: ServerResponse, body: Buffer, clock: GatewayOptions['clock']): Promise<number> {
  const state = () => ({ now: new Date(clock.now()).toISOString(), offsetMs: clock.offset() });
  if (req.method === 'GET') return json(res, 200, state());
  if (req.method !== 'POST') return problem(res, gatewayProblem.methodNotAllowed(req.method ?? '', '/_local/clock', ['GET', 'POST']), { allow: 'GET, POST' });
  let parsed: z.util.SafeParseResult<z.infer<typeof ClockRequest>>;
  try {
    parsed = ClockRequest.safeParse(JSON.parse(body.toString('utf8') || '{}'));
  } catch {
    return problem(res, gatewayProblem.malformedJson());
  }
  if (!parsed.success) return problem(res, gatewayProblem.invalidField(400, 'advance', 'give a duration such as "PT48H", "+48h" or "5d"'));
  let ms: number;
  try {
    ms = parseDuration(parsed.data.advance);
  } catch (err) {
    return problem(res, gatewayProblem.invalidField(400, 'advance', (err as Error).message));
  }
  const before = clock.now();
  const fired = clock.jump ? (await clock.jump(ms)).fired : (await clock.advance(ms), undefined);
  return json(res, 200, { ...state(), advancedMs: clock.now() - before, ...(fired ? { fired } : {}) });
}

function staticPath(webDir: string | undefined, pathname: string): string | undefined {
  if (!webDir) return undefined;
  const root = resolvePath(webDir);
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return undefined;
  }
  const file = join(root, rel);
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

async function staticExists(webDir: string | undefined, pathname: string): Promise<boolean> {
  const file = staticPath(webDir, pathname);
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  return !!info && (info.isFile() || info.isDirectory());
}

async function serveStatic(webDir: string | undefined, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<number> {
  const notFound = () => problem(res, gatewayProblem.noRoute(req.method ?? 'GET', pathname), {}, req.method === 'HEAD');
  if (!webDir || (req.method !== 'GET' && req.method !== 'HEAD')) return notFound();
  let file = staticPath(webDir, pathname);
  if (!file) return notFound();
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return notFound();
  // The same security headers as CloudFront's response headers policy (infra/constructs/site-headers.ts).
  res.writeHead(200, { 'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream', 'content-length': info.size, 'cache-control': 'no-cache', ...SITE_SECURITY_HEADERS });
  if (req.method === 'HEAD') {
    res.end();
    return 200;
  }
  await new Promise<void>((resolve) => createReadStream(file).on('end', resolve).on('error', () => resolve()).pipe(res));
  return 200;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const compiled = options.routes.map(compile).sort((a, b) => b.score - a.score);
  let inFlight = 0;

  /** The route for the request, or the methods the path does allow (405), or nothing (404). */
  function match(method: string, pathname: string): { route: LocalRoute; params?: Record<string, string> } | { allowed: string[] } | undefined {
    const allowed = new Set<string>();
    for (const c of compiled) {
      const m = c.regex.exec(pathname);
      if (!m) continue;
      if (c.route.method !== 'ANY' && c.route.method !== method) {
        if (c.route.path !== '$default') allowed.add(c.route.method);
        continue;
      }
      // A malformed escape (`%E0%A4%A`) throws URIError here: the caller answers 400.
      const params = c.params.length ? Object.fromEntries(c.params.map((p, i) => [p, decodeURIComponent(m[i + 1])])) : undefined;
      return { route: c.route, params };
    }
    return allowed.size ? { allowed: [...allowed].sort() } : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const host = req.headers.host ?? `127.0.0.1:${port}`;
    const method = (req.method ?? 'GET').toUpperCase();
    const head = method === 'HEAD';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
      decodeURIComponent(url.pathname);
    } catch {
      return problem(res, gatewayProblem.malformedUrl(), {}, head);
    }
    const body = await readBody(req);
    if (!body) return problem(res, gatewayProblem.tooLarge(MAX_BODY_BYTES), { connection: 'close' }, head);
    if (url.pathname === '/_local/clock') return serveClock(req, res, body, options.clock);
    if (url.pathname === '/_local/health') return json(res, 200, { ok: true });
    const found = match(head ? 'GET' : method, url.pathname);
    const isStaticRead = method === 'GET' || head;
    if (!found || ('allowed' in found && isStaticRead && (await staticExists(options.webDir, url.pathname)))) {
      return serveStatic(options.webDir, req, res, url.pathname);
    }
    if ('allowed' in found) {
      return problem(res, gatewayProblem.methodNotAllowed(method, url.pathname, found.allowed), { allow: found.allowed.join(', ') }, head);
    }
    if (found.route.path === '$default' && isStaticRead && (await staticExists(options.webDir, url.pathname))) {
      return serveStatic(options.webDir, req, res, url.pathname);
    }
    const { route, params } = found;
    const fn = options.functions.get(route.functionLogicalId);
    if (!fn) return problem(res, gatewayProblem.internal(), {}, head);
    const event = buildEvent(req, body, route, params, host);
    if (route.authorizationType === 'JWT') {
      const verdict = options.authorizeJwt ? await options.authorizeJwt(route, event) : null;
      if (!verdict || 'refused' in verdict) {
        return problem(res, gatewayProblem.unauthorized(verdict?.refused), { 'www-authenticate': 'Bearer' }, head);
      }
      event.requestContext.authorizer = { jwt: verdict };
    }
    try {
      return writeResult(res, await invoke(fn, event), head);
    } catch (err) {
      // API Gateway answers a failed invocation with a bare 500; the details stay in the local log only.
      options.log?.(`[api] ${route.routeKey} handler failed: ${(err as Error).name}: ${(err as Error).message.slice(0, 300)}`);
      return problem(res, gatewayProblem.internal(), {}, head);
    }
  }

  const server = createServer((req, res) => {
    // The runtime's own endpoints do not count as work: a clock jump must not wait for itself.
    const counted = !(req.url ?? '').startsWith('/_local/');
    if (counted) inFlight++;
    const started = performance.now();
    handle(req, res)
      .then((status) => options.log?.(`[api] ${req.method} ${(req.url ?? '').split('?')[0]} ${status} ${Math.round(performance.now() - started)} ms`))
      .catch((err: unknown) => {
        options.log?.(`[api] internal error: ${(err as Error).message}`);
        if (!res.headersSent) problem(res, gatewayProblem.internal());
        else res.end();
      })
      .finally(() => {
        if (counted) inFlight--;
      });
  });
  // Requests Node's parser refuses before any handler sees them (headers over 16 KiB, a broken request line):
  // answered as problem+json too, not with Node's bare status line.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const p = err.code === 'HPE_HEADER_OVERFLOW' ? gatewayProblem.headersTooLarge() : gatewayProblem.malformedRequest();
    const text = JSON.stringify(p);
    const reason = err.code === 'HPE_HEADER_OVERFLOW' ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(
      `HTTP/1.1 ${p.status} ${reason}\r\ncontent-type: application/problem+json\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    busy: () => inFlight,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
