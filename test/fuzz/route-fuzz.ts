// Fuzzes every route of the running stack's OpenAPI document (GET /openapi.json): requests built from the
// route's own schemas and then broken (see openapi-arbitraries.ts), sent one at a time, each answer checked:
//   - no 5xx;
//   - every error is application/problem+json in the API's Problem shape, with the status it was sent with;
//   - a rejected request (4xx) wrote nothing: the table's item count (audit lines and rate counters aside) is the same before and after it;
//   - an accepted body holds no key its schema forbids (`__proto__`, unknown fields).
// Shared by the test (a few hundred cases per route) and `npm run bench:fuzz` (thousands).
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import * as fc from 'fast-check';
import { ProblemSchema } from '../../functions/api/http/problem';
import { arbitraries, SchemaArbitraries, type JsonSchema } from './openapi-arbitraries';

interface Operation {
  method: string;
  path: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  components: { schemas: Record<string, JsonSchema> };
}

export interface FuzzTarget {
  api: string;
  dynamodbEndpoint: string;
  region: string;
  tableName: string;
  /** work in flight in the stack (handlers, workflow tasks, requests): counts are taken when it is 0 */
  busy(): number;
  /** a real case and its access token, so that routes on a case get past "not found" */
  caseId: string;
  accessToken: string;
  /** a staff token with every group */
  staffToken: string;
  /** accepted request bodies by route (`POST /complaints`), mixed into the schema's values before mutation */
  examples?: Record<string, unknown[]>;
  /**
   * Values that get past a parameter's check, by parameter name (`hub.verify_token`); a path parameter without
   * any (and without an enum in its schema) gets the real case's id.
   */
  knownValues?: Record<string, string[]>;
  /** Signs a body the way the route's caller would (a webhook's HMAC header), by route; used on most requests */
  signers?: Record<string, (body: string) => Record<string, string>>;
  /** real-time sleep (the stack's virtual clock fakes setTimeout) */
  sleep(ms: number): Promise<void>;
  /** hands what the table's change stream holds to its consumers (writes an accepted request starts later) */
  settle?(): Promise<void>;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Violation {
  route: string;
  reason: string;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  status: number;
  response: string;
}

export interface RouteReport {
  route: string;
  cases: number;
  statuses: Record<string, number>;
  /** requests the client could not even send (a header value fetch refuses) */
  unsendable: number;
  violations: Violation[];
}

export function operations(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })));
}

/** encodeURIComponent refuses lone surrogates; a client would send U+FFFD instead. */
const encode = (s: string) => encodeURIComponent((s as string & { toWellFormed(): string }).toWellFormed());

const MALFORMED_SEGMENTS = ['%E0%A4%A', '%', '%zz', '..%2f..%2f', '%00', '%C0%AF', encodeURIComponent('𝕳'.repeat(300))];
const RAW_BODIES = ['{', '', 'null', '[]', '"text"', '{"a":', '1e999', '{"customer":{"name":"x"}}}', '\u0000', `{"x":"${'y'.repeat(300_000)}"}`];

/** The request arbitrary of one operation. */
export function requestArbitrary(op: Operation, doc: OpenApiDocument, target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const schemas = new SchemaArbitraries(doc.components.schemas);
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const headerParams = (op.parameters ?? []).filter((p) => p.in === 'header');
  const known = (param: { name: string; schema?: JsonSchema }): string[] | undefined =>
    target.knownValues?.[param.name] ?? (param.schema?.enum as string[] | undefined);
  const segment = (param: { name: string; schema?: JsonSchema }) =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...(known(param) ?? [target.caseId])), weight: 6 },
      { arbitrary: fc.uuid(), weight: 2 },
      { arbitrary: arbitraries.hostileString.map((s) => encode(s.slice(0, 500))), weight: 2 },
      { arbitrary: fc.constantFrom(...MALFORMED_SEGMENTS), weight: 1 },
    );
  const path = fc.tuple(...pathParams.map(segment)).map((values) => {
    let p = op.path;
    pathParams.forEach((param, i) => (p = p.replace(`{${param.name}}`, values[i]!)));
    return p;
  });
  // Opaque tokens (a queue cursor) are often base64 of JSON: forge those too, with keys and wrong types inside.
  const forgedToken = fc
    .oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ pk: fc.oneof(fc.string(), fc.record({ S: fc.string() }), fc.constant(null)), sk: fc.oneof(fc.string(), fc.integer()) }),
      fc.record({ gsi1pk: fc.constantFrom('QUEUE#closed', 'CASE#x', ''), gsi1sk: fc.string(), pk: fc.string(), sk: fc.constant('CASE') }),
    )
    .chain((v) => fc.constantFrom(Buffer.from(JSON.stringify(v)).toString('base64url'), Buffer.from(JSON.stringify(v)).toString('base64'), JSON.stringify(v)));
  // Three shapes of query, so that requests get through as well as bounce: every parameter random; only values the
  // schema (or the target) says are good, some left out; and good values with exactly one parameter broken.
  const goodValue = (param: { name: string; schema?: JsonSchema }): fc.Arbitrary<unknown> =>
    known(param) ? fc.oneof(fc.constantFrom<unknown>(...known(param)!), schemas.valid(param.schema ?? {})) : schemas.valid(param.schema ?? {});
  const badValue = fc.oneof(arbitraries.hostileScalar, forgedToken);
  const everyRandom = fc.tuple(
    ...queryParams.map((param) =>
      fc.option(fc.oneof({ arbitrary: goodValue(param), weight: 4 }, { arbitrary: arbitraries.hostileScalar, weight: 2 }, { arbitrary: forgedToken, weight: 2 }), { nil: undefined }),
    ),
  );
  const allGood = fc.tuple(...queryParams.map((param) => fc.option(goodValue(param), { nil: undefined, freq: 2 })));
  const oneBroken = queryParams.length
    ? fc.tuple(allGood, fc.nat(queryParams.length - 1), badValue).map(([values, broken, bad]) => values.map((v, i) => (i === broken ? bad : v)))
    : allGood;
  const query = fc
    .oneof(everyRandom, allGood, oneBroken)
    .map((values) => {
      const parts = queryParams.flatMap((param, i) => {
        const v = values[i];
        return v === undefined ? [] : [`${encode(param.name)}=${encode(typeof v === 'string' ? v : JSON.stringify(v))}`];
      });
      return parts.length ? `?${parts.join('&')}` : '';
    });
  const schemesOf = (op.security ?? []).flatMap((s) => Object.keys(s));
  const bearer = schemesOf.includes('staffJwt') ? target.staffToken : schemesOf.includes('caseAccessToken') ? target.accessToken : undefined;
  const auth = fc.oneof(
    { arbitrary: fc.constant(bearer ? `Bearer ${bearer}` : undefined), weight: 6 },
    { arbitrary: fc.constant(undefined), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        'Bearer ',
        'Bearer x.y.z',
        'Basic YWRtaW46YWRtaW4=',
        `Bearer ${target.accessToken}`,
        `Bearer ${target.staffToken}`,
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsImNvZ25pdG86Z3JvdXBzIjpbInN1cGVydmlzb3IiXX0.',
      ),
      weight: 2,
    },
  );
  const headerValues = fc.tuple(
    ...headerParams.map((param) =>
      fc.option(fc.oneof(schemas.valid(param.schema ?? { type: 'string' }).map(String), arbitraries.hostileString), { nil: undefined }),
    ),
  );
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const body: fc.Arbitrary<string | undefined> = bodySchema
    ? fc.oneof(
        { arbitrary: schemas.hostile(bodySchema, target.examples?.[`${op.method} ${op.path}`]).map((v) => JSON.stringify(v) ?? 'null'), weight: 10 },
        { arbitrary: fc.constantFrom(...RAW_BODIES), weight: 1 },
      )
    : fc.option(fc.constantFrom('{}', 'x', RAW_BODIES[9]!), { nil: undefined, freq: 6 });
  const contentType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 8 },
    { arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'application/json, text/html'), weight: 1 },
  );
  const signer = target.signers?.[`${op.method} ${op.path}`];
  const signed = signer ? fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }) : fc.constant(false);
  return fc.record({ path, query, auth, headerValues, body, contentType, signed }).map(({ path: p, query: q, auth: a, headerValues: hv, body: b, contentType: ct, signed: sign }) => {
    const headers: Record<string, string> = {};
    if (a !== undefined) headers.authorization = a;
    // Header values are bytes: a client sends what it can (fetch refuses anything outside Latin-1 and controls).
    headerParams.forEach((param, i) => {
      if (hv[i] !== undefined) headers[param.name.toLowerCase()] = hv[i]!.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
    });
    if (b !== undefined && ct !== undefined) headers['content-type'] = ct;
    if (sign && signer) Object.assign(headers, signer(b ?? ''));
    return { method: op.method, url: `${target.api}${p}${q}`, headers, body: op.method === 'GET' ? undefined : b };
  });
}

async function countItems(client: DynamoDBClient, tableName: string): Promise<number> {
  let total = 0;
  let start: Record<string, never> | undefined;
  do {
    // Audit lines and rate counters are not data a request changed: a refused staff read is recorded and a refused
    // attempt counted on purpose (docs/contracts.md).
    const page = await client.send(
      new ScanCommand({ TableName: tableName, Select: 'COUNT', FilterExpression: 'NOT begins_with(pk, :audit) AND NOT begins_with(pk, :rate)', ExpressionAttributeValues: { ':audit': { S: 'AUDIT#' }, ':rate': { S: 'RATE#' } }, ExclusiveStartKey: start }),
    );
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return total;
}

/** Waits until nothing has been in flight for a few consecutive polls (a workflow's next task may be a turn away). */
async function quiet(target: FuzzTarget): Promise<void> {
  let calm = 0;
  for (let i = 0; i < 2000 && calm < 3; i++) {
    await target.settle?.();
    calm = target.busy() === 0 ? calm + 1 : 0;
    await target.sleep(calm ? 3 : 5);
  }
}

const redact = (headers: Record<string, string>, target: FuzzTarget) =>
  Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, v.replace(target.staffToken, '<staff token>').replace(target.accessToken, '<access token>')]),
  );

/** Sends `cases` requests to one operation and checks each answer. */
export async function fuzzRoute(op: Operation, doc: OpenApiDocument, target: FuzzTarget, cases: number, seed: number): Promise<RouteReport> {
  const route = `${op.method} ${op.path}`;
  const client = new DynamoDBClient({ endpoint: target.dynamodbEndpoint, region: target.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const report: RouteReport = { route, cases: 0, statuses: {}, unsendable: 0, violations: [] };
  const schemas = new SchemaArbitraries(doc.components.schemas);
  const requests = fc.sample(requestArbitrary(op, doc, target), { numRuns: cases, seed });
  let before: number | undefined;
  try {
    for (const req of requests) {
      if (before === undefined) {
        await quiet(target);
        before = await countItems(client, target.tableName);
      }
      let res: Response;
      try {
        res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
      } catch {
        report.unsendable++;
        continue;
      }
      const text = await res.text();
      report.cases++;
      report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
      const violation = (reason: string) =>
        report.violations.push({
          route,
          reason,
          request: { method: req.method, url: req.url.slice(0, 600), headers: redact(req.headers, target), body: req.body?.slice(0, 600) },
          status: res.status,
          response: text.slice(0, 600),
        });
      if (res.status >= 500) violation('5xx');
      if (res.status >= 400) {
        const type = res.headers.get('content-type') ?? '';
        if (!type.startsWith('application/problem+json')) violation(`error with content-type ${type || 'none'}`);
        else {
          let problem: unknown;
          try {
            problem = JSON.parse(text);
          } catch {
            problem = undefined;
          }
          const parsed = ProblemSchema.safeParse(problem);
          if (!parsed.success) violation('error body is not a Problem');
          else if (parsed.data.status !== res.status) violation(`problem status ${parsed.data.status} differs from HTTP ${res.status}`);
        }
        await quiet(target);
        const after = await countItems(client, target.tableName);
        if (after !== before) violation(`rejected request changed the item count ${before} → ${after}`);
        before = after;
      } else {
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        if (bodySchema && req.body) {
          let sent: unknown;
          try {
            sent = JSON.parse(req.body);
          } catch {
            sent = undefined;
          }
          const unknown = schemas.unknownKeys(sent, bodySchema);
          if (unknown.length) violation(`accepted a body with keys the schema forbids: ${unknown.join(', ')}`);
        }
        // An accepted request may write, and start work that writes: count again once it settled.
        before = undefined;
      }
    }
  } finally {
    client.destroy();
  }
  return report;
}
