import { describe, expect, it } from 'vitest';
import { OpenApiRegistry } from '../../../functions/api/openapi-registry';
import { CaseEventSchema, caseEventDetailType, caseEventOf } from '../../../functions/domain/case-events';
import { handComputedCases } from '../kpi/hand-computed-cases';

const A = handComputedCases().A;
const header = { caseNumber: 'ITC-2026-000001', department: 'business' };

describe('case events for integrators', () => {
  it('maps every timeline event of a case but internal notes, with a stable id and no staff identity', () => {
    // Prepare: A's timeline plus a note, as staff may write.
    const note = { ...A.timeline[2]!, seq: 99, type: 'note' as const, summary: 'Internal note: customer is a reseller', visibility: 'internal' as const };
    // Act
    const events = [...A.timeline, note].map((e) => caseEventOf(header, A.state, e));
    // Assess
    expect(events.filter(Boolean).map((e) => e!.type)).toEqual(['received', 'acknowledged', 'claimed', 'staff_replied', 'resolved', 'resolution_accepted', 'rated']);
    expect(events.at(-1)).toBeUndefined();
    const replied = events.find((e) => e?.type === 'staff_replied')!;
    expect(replied).toMatchObject({ id: `${A.state.caseId}#4`, case: { caseNumber: 'ITC-2026-000001', department: 'business', channel: 'web' }, event: { actorRole: 'agent' } });
    expect(JSON.stringify(events)).not.toContain('agent-1');
    expect(caseEventDetailType('resolution_accepted')).toBe('Case resolution accepted');
  });

  it('documents itself as an OpenAPI 3.1 webhook', () => {
    // Prepare
    const registry = new OpenApiRegistry();
    registry.registerWebhook({
      method: 'post',
      path: 'caseEvent',
      summary: 'A case event, delivered to a subscriber',
      request: { body: { content: { 'application/json': { schema: CaseEventSchema } } } },
      responses: { 200: { description: 'Received' } },
    });
    // Act
    const doc = registry.generateDocument({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    // Assess
    expect(Object.keys(doc.webhooks ?? {})).toEqual(['caseEvent']);
    expect(doc.components?.schemas?.CaseEvent).toMatchObject({ type: 'object', required: expect.arrayContaining(['id', 'type', 'occurredAt', 'case', 'event']) });
  });
});
