import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, STAFF_UNAUTHORIZED } from '../../functions/api/openapi';
import { loadPolicy } from '../../functions/domain/policy';

// The OpenAPI document as integrators read it: linted by Redocly's recommended rules, with operation ids, tags,
// servers and explicit `security: []` where no credential is needed.

type Operation = { operationId?: string; tags?: string[]; security?: Record<string, string[]>[] };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operations(doc: { paths?: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>> }) {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, op: item[m]! })));
}

describe.each(['promptearn', 'itc', 'ecomstore', 'earnway', 'generic'])('OpenAPI document (%s policy)', (preset) => {
  const doc = buildOpenApiDocument(loadPolicy(preset));

  it("has zero errors under Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
    // What remains is a warning we chose to leave: the project states no license.
    expect(problems.map((p) => p.ruleId)).toEqual(['info-license']);
  });

  it('names every operation once, tags it with a declared tag, and says who may call it', () => {
    const ops = operations(doc as never);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const declared = new Set((doc.tags ?? []).map((t) => t.name));
    for (const { key, op } of ops) expect(op.tags?.length && op.tags.every((t) => declared.has(t)), key).toBe(true);

    const security = Object.fromEntries(ops.map(({ key, op }) => [key, op.security]));
    expect(security).toEqual({
      'GET /categories': [],
      'POST /complaints': [],
      'GET /complaints/{id}': [{ caseAccessToken: [] }],
      'POST /complaints/{id}/actions': [{ caseAccessToken: [] }],
      'GET /staff/queue': [{ staffJwt: [] }],
      'GET /staff/attention': [{ staffJwt: [] }],
      'GET /staff/complaints/{id}': [{ staffJwt: [] }],
      'POST /staff/complaints/{id}/actions': [{ staffJwt: [] }],
      'GET /staff/kpis': [{ staffJwt: [] }],
      'GET /staff/reports/{grain}/{period}/{file}': [{ staffJwt: [] }],
      'GET /openapi.json': [],
      // finance
      'POST /staff/complaints/{id}/refunds': [{ staffJwt: [] }],
      'POST /staff/refunds/{refundId}/decision': [{ staffJwt: [] }],
      'POST /staff/chargebacks/{chargebackId}/evidence-pack': [{ staffJwt: [] }],
      'POST /staff/chargebacks/{chargebackId}/decision': [{ staffJwt: [] }],
      'GET /staff/finance/queue': [{ staffJwt: [] }],
      'GET /staff/finance/totals': [{ staffJwt: [] }],
      'GET /staff/finance/export.csv': [{ staffJwt: [] }],
      'POST /webhooks/payments': [],
      // channels
      'POST /complaints/{id}/attachments': [{ caseAccessToken: [] }],
      'GET /complaints/{id}/attachments': [{ caseAccessToken: [] }],
      'POST /staff/complaints/{id}/attachments': [{ staffJwt: [] }],
      'GET /staff/complaints/{id}/attachments': [{ staffJwt: [] }],
      'POST /staff/complaints/{id}/attention/lift': [{ staffJwt: [] }],
      'GET /webhooks/social/{platform}': [],
      'POST /webhooks/social/{platform}': [],
      'GET /staff/audit': [{ staffJwt: [] }],
      'POST /complaints/{id}/step-up': [{ caseAccessToken: [] }],
      'POST /complaints/{id}/step-up/verify': [{ caseAccessToken: [] }],
      'GET /complaints/{id}/export': [{ caseAccessToken: [] }],
      'GET /staff/complaints/{id}/export': [{ staffJwt: [] }],
      'POST /staff/complaints/{id}/reveal': [{ staffJwt: [] }],
      'POST /staff/complaints/{id}/erasure': [{ staffJwt: [] }],
      'POST /complaints/{id}/erasure': [{ caseAccessToken: [] }],
      'POST /complaints/{id}/contact': [{ caseAccessToken: [] }],
      'POST /staff/complaints/{id}/contact': [{ staffJwt: [] }],
      'POST /staff/complaints/{id}/legal-hold': [{ staffJwt: [] }],
      'POST /staff/complaints/{id}/legal-hold/release': [{ staffJwt: [] }],
      // outage incidents
      'GET /incidents/active': [],
      'GET /staff/incidents': [{ staffJwt: [] }],
      'POST /staff/incidents': [{ staffJwt: [] }],
      'POST /staff/incidents/{incidentId}/updates': [{ staffJwt: [] }],
      'POST /staff/incidents/{incidentId}/resolution': [{ staffJwt: [] }],
    });
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it("describes every staff operation's 401 once, as both bodies it can have: problem+json locally, API Gateway's message on AWS", () => {
    const staffOps = operations(doc as never).filter(({ op }) => op.security?.[0] && 'staffJwt' in op.security[0]);
    expect(staffOps.length).toBeGreaterThan(20);
    for (const { key, op } of staffOps) expect((op as { responses: Record<string, unknown> }).responses['401'], key).toEqual({ $ref: `#/components/responses/${STAFF_UNAUTHORIZED}` });
    const unauthorized = (doc.components?.responses as Record<string, { content: Record<string, unknown>; headers: Record<string, unknown> }>)[STAFF_UNAUTHORIZED]!;
    expect(unauthorized.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      'application/json': { schema: { $ref: '#/components/schemas/GatewayMessage' } },
    });
    expect(Object.keys(unauthorized.headers)).toEqual(['WWW-Authenticate']);
    // Public operations keep their own answers: no staff 401 where no staff token is asked for.
    for (const { key, op } of operations(doc as never).filter(({ op }) => !op.security?.[0] || !('staffJwt' in op.security[0]))) {
      expect(JSON.stringify(op), key).not.toContain(STAFF_UNAUTHORIZED);
    }
  });
});
