import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handlers, type HandlerSpec } from '../../infra/handlers';
import { PROBLEM_CONTENT_TYPE, problemTypes } from '../../functions/api/http/problem';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result } from './events';

// The $default route's function, with the route keys the API construct gives it (every other route).
const routeKeys = Object.values(handlers as Record<string, HandlerSpec>).flatMap((h) => (h.route ? [`${h.route.method} ${h.route.path}`] : []));
Object.assign(process.env, TEST_ENV, { API_ROUTE_KEYS: routeKeys.join(',') });

let handler: (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
beforeAll(async () => {
  ({ handler } = (await import('../../functions/api/not-found')) as unknown as { handler: typeof handler });
});

/** As API Gateway sends a request its `$default` route takes: routeKey `$default`, the raw path as asked. */
const unrouted = (method: string, path: string) => ({ ...httpEvent({ method, path }), routeKey: '$default' });

describe('a request no route takes ($default)', () => {
  it('answers problem+json 404 naming the method and path, for an unknown path', async () => {
    const res = await handler(unrouted('GET', '/complaint'), lambdaContext);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(json(res)).toEqual({ type: problemTypes.notFound, title: 'Not Found', status: 404, detail: 'No route or page for GET /complaint.' });
  });

  it('answers 405 with Allow when the path exists under other methods (a path parameter matches one segment)', async () => {
    const res = await handler(unrouted('DELETE', '/complaints/4b1f2c9e-0000-4000-8000-000000000001'), lambdaContext);
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expect(json(res)).toMatchObject({ type: problemTypes.methodNotAllowed, status: 405 });

    const attachments = await handler(unrouted('PUT', '/complaints/x/attachments/'), lambdaContext);
    expect(attachments.headers.allow).toBe('GET, POST');
    expect((await handler(unrouted('GET', '/complaints/x/y/attachments'), lambdaContext)).statusCode).toBe(404);
  });

  it('cuts what it echoes: a long path or method does not come back whole', async () => {
    const res = await handler(unrouted('GET', `/${'a'.repeat(5000)}`), lambdaContext);
    expect(res.statusCode).toBe(404);
    expect(res.body.length).toBeLessThan(400);
  });

  it('refuses to start without the route keys, naming the variable', async () => {
    const keys = process.env.API_ROUTE_KEYS;
    delete process.env.API_ROUTE_KEYS;
    vi.resetModules();
    try {
      await expect(import('../../functions/api/not-found')).rejects.toThrow(/API_ROUTE_KEYS: is not set/);
    } finally {
      process.env.API_ROUTE_KEYS = keys;
    }
  });
});
