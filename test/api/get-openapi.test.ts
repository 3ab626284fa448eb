import { beforeAll, describe, expect, it } from 'vitest';
import { httpEvent, json, lambdaContext, TEST_ENV, type Result } from './events';

Object.assign(process.env, TEST_ENV);
let handler: (e: ReturnType<typeof httpEvent>, c: typeof lambdaContext) => Promise<Result>;
beforeAll(async () => {
  ({ handler } = (await import('../../functions/api/get-openapi')) as unknown as { handler: typeof handler });
});

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
  components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }>; required?: string[] }> };
};

describe('GET /openapi.json', () => {
  it('serves an OpenAPI 3.1 document generated from the request and response schemas', async () => {
    const res = await handler(httpEvent({ method: 'GET', path: '/openapi.json' }), lambdaContext);
    expect(res.statusCode).toBe(200);
    const doc = json(res) as unknown as Doc;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/categories',
      '/complaints',
      '/complaints/{id}',
      '/complaints/{id}/actions',
      '/complaints/{id}/step-up',
      '/complaints/{id}/step-up/verify',
      '/complaints/{id}/contact',
      '/complaints/{id}/erasure',
      '/complaints/{id}/export',
      '/staff/complaints/{id}/export',
      '/openapi.json',
      '/staff/attention',
      '/staff/audit',
      '/staff/complaints/{id}',
      '/staff/complaints/{id}/actions',
      '/staff/complaints/{id}/contact',
      '/staff/complaints/{id}/erasure',
      '/staff/complaints/{id}/legal-hold',
      '/staff/complaints/{id}/legal-hold/release',
      '/staff/complaints/{id}/reveal',
      '/staff/kpis',
      '/staff/queue',
      '/staff/reports/{grain}/{period}/{file}',
      // finance
      '/staff/chargebacks/{chargebackId}/decision',
      '/staff/chargebacks/{chargebackId}/evidence-pack',
      '/staff/complaints/{id}/refunds',
      '/staff/finance/export.csv',
      '/staff/finance/queue',
      '/staff/finance/totals',
      '/staff/refunds/{refundId}/decision',
      '/webhooks/payments',
      // channels
      '/complaints/{id}/attachments',
      '/staff/complaints/{id}/attachments',
      '/staff/complaints/{id}/attention/lift',
      '/webhooks/social/{platform}',
      // outage incidents
      '/incidents/active',
      '/staff/incidents',
      '/staff/incidents/{incidentId}/updates',
      '/staff/incidents/{incidentId}/resolution',
    ].sort());
    const request = doc.components.schemas.ComplaintRequest!;
    expect(request.required).toEqual(expect.arrayContaining(['customer', 'category', 'subject', 'description']));
    expect(request.properties!.category!.enum).toContain('commission_dispute');
    expect(doc.components.schemas.Details_commission_dispute!.required).toEqual(expect.arrayContaining(['prospectName', 'prospectEmail']));
    const post = doc.paths['/complaints']!.post!;
    for (const status of ['400', '409', '413', '415', '422', '500']) {
      expect(Object.keys(post.responses[status]!.content!)).toEqual(['application/problem+json']);
    }
    expect(Object.keys(post.responses['201']!.content!)).toEqual(['application/json']);
    expect(doc.components.schemas.Problem!.properties).toHaveProperty('errors');
  });

  it('documents the staff routes behind the bearer JWT scheme and the action bodies with `action` as discriminator', async () => {
    const doc = json(await handler(httpEvent({ method: 'GET', path: '/openapi.json' }), lambdaContext)) as unknown as Doc & {
      components: { securitySchemes: Record<string, { type: string; scheme: string; bearerFormat?: string }> };
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
    };
    expect(doc.components.securitySchemes.staffJwt).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const [path, method] of [['/staff/queue', 'get'], ['/staff/attention', 'get'], ['/staff/complaints/{id}', 'get'], ['/staff/complaints/{id}/actions', 'post']] as const) {
      expect(doc.paths[path]![method]!.security).toEqual([{ staffJwt: [] }]);
    }
    expect(doc.paths['/complaints/{id}/actions']!.post!.security).toEqual([{ caseAccessToken: [] }]);
    const body = JSON.stringify(doc.components.schemas.CustomerAction);
    for (const a of ['reply', 'acceptResolution', 'dispute', 'rate']) expect(body).toContain(`"${a}"`);
    expect(body).not.toContain('"resolve"');
    expect(JSON.stringify(doc.components.schemas.StaffAction)).toContain('"requestInfo"');
  });
});
