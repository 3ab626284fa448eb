import { describe, expect, it } from 'vitest';
import { handlers, type HandlerSpec } from '../../infra/handlers';
import { buildOpenApiDocument } from '../../functions/api/openapi';
import { loadPolicy } from '../../functions/domain/policy';

// The route table (infra/handlers.ts) drives API Gateway and the local gateway; the OpenAPI document is what
// integrators and the fuzzer read. Every route served must be documented, and nothing documented may be unserved.

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const served = Object.values(handlers as Record<string, HandlerSpec>)
  .flatMap((h) => (h.route ? [`${h.route.method} ${h.route.path}`] : []))
  .sort();

describe('the OpenAPI document and the route table', () => {
  const doc = buildOpenApiDocument(loadPolicy('promptearn'));
  const documented = Object.entries(doc.paths ?? {})
    .flatMap(([path, item]) => METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();

  it('documents every route of infra/handlers.ts, and only those', () => {
    expect(served.length).toBeGreaterThan(20);
    expect(documented).toEqual(served);
  });

  it('documents, for every route, who may call it: staff routes the staff JWT, the others a case token or nothing', () => {
    const auth = Object.fromEntries(
      Object.values(handlers as Record<string, HandlerSpec>).flatMap((h) => (h.route ? [[`${h.route.method} ${h.route.path}`, h.auth]] : [])),
    );
    for (const key of documented) {
      const [method, path] = key.split(' ') as [string, string];
      const security = (doc.paths![path] as Record<string, { security?: Record<string, string[]>[] }>)[method.toLowerCase()]!.security;
      if (auth[key] === 'staff') expect(security, key).toEqual([{ staffJwt: [] }]);
      else expect(security, key).not.toEqual([{ staffJwt: [] }]);
    }
  });
});
