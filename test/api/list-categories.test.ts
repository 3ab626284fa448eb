import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../functions/domain/policy';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result } from './events';

Object.assign(process.env, TEST_ENV);
let handler: (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
beforeAll(async () => {
  ({ handler } = (await import('../../functions/api/list-categories')) as unknown as { handler: typeof handler });
});

describe('GET /categories', () => {
  it("lists the policy's categories with their detail fields and nothing internal", async () => {
    const res = await handler(httpEvent({ method: 'GET', path: '/categories' }), lambdaContext);
    expect(res.statusCode).toBe(200);
    const body = json(res) as { policy: unknown; categories: { slug: string; details: { name: string }[] }[] };
    const policy = loadPolicy('promptearn');
    expect(body.policy).toEqual({ name: 'promptearn', version: policy.version, messages: { ...(policy.messages.greeting ? { greeting: policy.messages.greeting } : {}), closing: policy.messages.closing } });
    expect(body.categories.map((c) => c.slug)).toEqual(policy.categories.map((c) => c.slug));
    expect(body.categories.find((c) => c.slug === 'commission_dispute')!.details.map((d) => d.name)).toContain('prospectEmail');
    expect(res.body).not.toContain('defaultPriority');
    expect(res.body).not.toContain('"department"');
  });
});
