import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { claims, jwtEvent } from './action-fixtures';
import { json, lambdaContext, TEST_ENV, type Result } from './events';
import { fileCase, newWorld, world } from './identity-world';

/** The audit log through the staff handlers: what is recorded, who may read it, and what it never holds. */

vi.mock('../../functions/adapters/wiring', async (importOriginal) => (await import('./identity-world')).wiringWithWorld(importOriginal));
Object.assign(process.env, TEST_ENV);

type Handler = (e: ReturnType<typeof jwtEvent>, c: typeof lambdaContext) => Promise<Result>;
let readCase: Handler, act: Handler, queue: Handler, audit: Handler;
beforeAll(async () => {
  const load = async (entry: string) => ((await import(/* @vite-ignore */ `../../functions/api/${entry}`)) as { handler: Handler }).handler;
  [readCase, act, queue, audit] = await Promise.all([load('staff-get-complaint.ts'), load('staff-action.ts'), load('staff-queue.ts'), load('identity/staff-audit.ts')]);
});
beforeEach(() => {
  world.current = newWorld();
});

const supervisorClaims = claims(['supervisor'], 'sup-1');
const agentClaims = { ...claims(['agent'], 'agent-1'), 'custom:department': 'payments' };
const get = (h: Handler, path: string, who: Record<string, unknown>, extra: Partial<Parameters<typeof jwtEvent>[0]> & { query?: Record<string, string> } = {}) =>
  h(jwtEvent({ method: 'GET', path, claims: who, ...extra }), lambdaContext);
const auditOf = async (query: Record<string, string>, who = supervisorClaims) => {
  const res = await get(audit, '/staff/audit', who, { query });
  return { res, body: json(res) as { entries: { actor: { staffId: string }; action: string; caseId?: string; route: string; outcome: string; at: string }[]; cursor?: string } };
};

describe('the audit log', () => {
  it('records every staff read and action, allowed or refused, by case and by actor, newest first', async () => {
    // Prepare
    const w = world.current;
    const c = await fileCase(w, 'payout_delay');
    const technical = await fileCase(w, 'technical_issue');
    // Act
    expect((await get(readCase, `/staff/complaints/${c.id}`, agentClaims, { pathParameters: { id: c.id } })).statusCode).toBe(200);
    w.now = new Date(w.now.getTime() + 1000);
    const note = { method: 'POST', path: `/staff/complaints/${c.id}/actions`, pathParameters: { id: c.id }, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'note', text: 'Called the bank.' }), claims: agentClaims };
    expect((await act(jwtEvent(note), lambdaContext)).statusCode).toBe(200);
    w.now = new Date(w.now.getTime() + 1000);
    expect((await get(readCase, `/staff/complaints/${technical.id}`, agentClaims, { pathParameters: { id: technical.id } })).statusCode).toBe(404);
    w.now = new Date(w.now.getTime() + 1000);
    expect((await get(queue, '/staff/queue', agentClaims)).statusCode).toBe(200);
    // Assess
    const byCase = await auditOf({ caseId: c.id });
    expect(byCase.res.statusCode).toBe(200);
    expect(byCase.body.entries.map((e) => [e.action, e.outcome, e.route])).toEqual([
      ['act:note', 'allowed', 'POST /staff/complaints/{id}/actions'],
      ['read_case', 'allowed', 'GET /staff/complaints/{id}'],
    ]);
    const byActor = await auditOf({ actor: 'agent-1' });
    expect(byActor.body.entries.map((e) => [e.action, e.caseId, e.outcome])).toEqual([
      ['list_queue', undefined, 'allowed'],
      ['read_case', technical.id, 'refused'],
      ['act:note', c.id, 'allowed'],
      ['read_case', c.id, 'allowed'],
    ]);
    // Reading the log is itself on the record, under the reader.
    expect((await auditOf({ actor: 'sup-1' })).body.entries.map((e) => e.action)).toEqual(['read_audit', 'read_audit']);
  });

  it('never holds the personal data it is about: no name, email, bank detail or token in any entry', async () => {
    const w = world.current;
    const c = await fileCase(w, 'payout_delay', { name: 'Zebedee Quartermaine', email: 'zebedee.q@example.org' });
    await get(readCase, `/staff/complaints/${c.id}`, supervisorClaims, { pathParameters: { id: c.id } });
    const stored = JSON.stringify(w.audit.all());
    expect(stored).toContain(c.id);
    for (const secret of ['Zebedee', 'zebedee.q@example.org', 'GTBank', c.accessToken]) expect(stored).not.toContain(secret);
  });

  it('is read by supervisors and admins only; anyone else gets 403 whatever the case, and the attempt is recorded', async () => {
    const c = await fileCase(world.current, 'payout_delay');
    for (const role of ['agent', 'senior', 'dispute_team', 'finance']) {
      const { res } = await auditOf({ caseId: c.id }, claims([role], `${role}-9`));
      expect(res.statusCode).toBe(403);
    }
    expect((await auditOf({ caseId: crypto.randomUUID() }, claims(['agent'], 'agent-9'))).res.body).toBe((await auditOf({ caseId: c.id }, claims(['agent'], 'agent-9'))).res.body);
    expect((await auditOf({ actor: 'agent-9' }, claims(['admin'], 'admin-1'))).body.entries.every((e) => e.action === 'read_audit' && e.outcome === 'refused')).toBe(true);
  });

  it('pages newest first with a cursor it handed out, and refuses one it did not', async () => {
    const w = world.current;
    const c = await fileCase(w, 'payout_delay');
    for (let i = 0; i < 5; i++) {
      w.now = new Date(w.now.getTime() + 1000);
      await get(readCase, `/staff/complaints/${c.id}`, agentClaims, { pathParameters: { id: c.id } });
    }
    const first = await auditOf({ caseId: c.id, limit: '3' });
    expect(first.body.entries).toHaveLength(3);
    const second = await auditOf({ caseId: c.id, limit: '3', before: first.body.cursor! });
    expect(second.body.entries).toHaveLength(2);
    const instants = [...first.body.entries, ...second.body.entries].map((e) => e.at);
    expect(instants).toEqual([...instants].sort().reverse());
    expect(new Set(instants).size).toBe(5);
    expect(second.body.cursor).toBeUndefined();
    const forged = await auditOf({ caseId: c.id, before: Buffer.from('CASE').toString('base64url') });
    expect(forged.res.statusCode).toBe(422);
    expect((await auditOf({ caseId: c.id, actor: 'agent-1' })).res.statusCode).toBe(422);
    expect((await auditOf({})).res.statusCode).toBe(422);
  });

  it('answers no read it cannot record: the case is not shown when the append fails', async () => {
    const w = world.current;
    const c = await fileCase(w, 'payout_delay');
    vi.spyOn(w.audit, 'append').mockRejectedValueOnce(new Error('throttled'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await get(readCase, `/staff/complaints/${c.id}`, supervisorClaims, { pathParameters: { id: c.id } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('Ada');
    vi.restoreAllMocks();
  });
});
