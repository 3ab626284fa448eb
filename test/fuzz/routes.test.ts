// Every route of the OpenAPI document, fuzzed on the local stack (test/fuzz/route-fuzz.ts says what is checked).
// A few hundred cases per route here; `npm run bench:fuzz` runs thousands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlers, type HandlerSpec } from '../../infra/handlers';
import type { LocalStack } from '../../local/stack';
import { startFuzzStack } from './fuzz-stack';
import { fuzzRoute, operations, type FuzzTarget, type OpenApiDocument } from './route-fuzz';

const CASES_PER_ROUTE = 200;
/** Fixed: a failure names a request that fails again on the next run. */
const SEED = 20261203;
/**
 * Every route the stack serves (infra/handlers.ts): a new route is fuzzed without anyone remembering to add it. The
 * staff routes go last: their actions may resolve or close the one case every route aims at, after which the
 * customer's actions could only be refused.
 */
const ROUTES = Object.values(handlers as Record<string, HandlerSpec>)
  .flatMap((h) => (h.route ? [{ key: `${h.route.method} ${h.route.path}`, staff: h.auth === 'staff' }] : []))
  .sort((a, b) => Number(a.staff) - Number(b.staff))
  .map((r) => r.key);

let stack: LocalStack;
let target: FuzzTarget;
let doc: OpenApiDocument;

beforeAll(async () => {
  ({ stack, target, doc } = await startFuzzStack());
});
afterAll(async () => {
  await stack?.stop();
});

describe('fuzzing every route of GET /openapi.json', () => {
  it('serves a document with every route the fuzzer covers', () => {
    expect(ROUTES.length).toBeGreaterThan(20);
    expect(operations(doc).map((o) => `${o.method} ${o.path}`).sort()).toEqual([...ROUTES].sort());
  });

  it.each(ROUTES)(
    '%s: no 5xx, every error problem+json, no write from a rejected request, no forbidden key accepted',
    { timeout: 300_000 },
    async (route) => {
      const op = operations(doc).find((o) => `${o.method} ${o.path}` === route);
      expect(op, `${route} is in the OpenAPI document`).toBeDefined();
      const report = await fuzzRoute(op!, doc, target, CASES_PER_ROUTE, SEED);
      expect(report.cases + report.unsendable).toBe(CASES_PER_ROUTE);
      // A route that takes input was reached on both sides: the fuzz is not only bouncing off validation.
      const takesInput = !!op!.parameters?.length || !!op!.requestBody;
      if (takesInput) expect(Object.keys(report.statuses).length, JSON.stringify(report.statuses)).toBeGreaterThan(1);
      else expect(Object.keys(report.statuses)).toEqual(['200']);
      // With accepted examples to start from, some requests get through (the fuzz reaches the write path).
      if (target.examples?.[route]) expect(Object.keys(report.statuses).some((s) => s.startsWith('2')), JSON.stringify(report.statuses)).toBe(true);
      const summary = report.violations.slice(0, 3).map((v) => `${v.reason}: ${v.status} ${v.request.method} ${v.request.url.slice(0, 200)} body ${v.request.body?.slice(0, 300)} → ${v.response.slice(0, 200)}`);
      expect(summary, `${report.violations.length} violations; statuses ${JSON.stringify(report.statuses)}`).toEqual([]);
    },
  );
});
