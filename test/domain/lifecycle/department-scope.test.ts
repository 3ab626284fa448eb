import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy';
import { decide, mayWorkOn, type LifecycleState, type StaffActor } from '../../../functions/domain/lifecycle';
import { actors, at, newCase, ok, plus } from './helpers';

/**
 * itc, clause 4: "Employees only solve problems within their scope, never another employee's or department's"
 * (every itc department is `exclusive`). The same predicate decides what a person sees (`mayWorkOn`, for the queue
 * and the reads) and what `decide` lets them do.
 */

const itc = loadPolicy('itc');
const T0 = at('2026-11-23T02:00:00Z'); // Monday 09:00 in Ho Chi Minh City
const staff = (role: 'agent' | 'senior' | 'supervisor', department?: string): StaffActor =>
  department ? { role, staffId: `${role}-${department}`, department } : { role, staffId: `${role}-nodept` };

function acknowledged(category: string): LifecycleState {
  return ok(itc, newCase(itc, T0, { category }), { type: 'acknowledge' }, actors.system, plus(T0, 60_000)).state;
}
const claim = (s: LifecycleState, who: StaffActor) => decide(s, { type: 'claim' }, who, plus(T0, 120_000), itc);

describe('department routing and scope (itc)', () => {
  it('the case records its category department', () => {
    expect(newCase(itc, T0, { category: 'hosting_domain' }).department).toBe('technical');
    expect(newCase(itc, T0, { category: 'design_request' }).department).toBe('design');
  });

  it('staff of another department get 403 from decide and do not see the case; their own department and supervisors do', () => {
    // Prepare
    const s = acknowledged('hosting_domain');
    // Act + Assess
    const refused = claim(s, staff('agent', 'business'));
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect(!refused.ok && refused.problem.detail).toMatch(/technical/i);
    expect(mayWorkOn(itc, staff('agent', 'business'), s)).toBe(false);
    expect(claim(s, staff('agent', 'technical'))).toMatchObject({ ok: true });
    expect(mayWorkOn(itc, staff('agent', 'technical'), s)).toBe(true);
    expect(claim(s, staff('supervisor', 'business'))).toMatchObject({ ok: true });
    expect(mayWorkOn(itc, staff('supervisor', 'business'), s)).toBe(true);
  });

  it('every staff action is scoped, not only claims', () => {
    const s = acknowledged('design_request');
    const outsider = staff('agent', 'technical');
    for (const action of [{ type: 'reply', message: 'Hi' }, { type: 'note', text: 'x' }, { type: 'resolve', summary: 'Done' }, { type: 'requestInfo', questions: 'Which?' }]) {
      expect(decide(s, action, outsider, plus(T0, 120_000), itc)).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('on the Customer Room rung the Customer Room works the case, whatever department it came from', () => {
    const s = ok(itc, acknowledged('hosting_domain'), { type: 'dispute', reason: 'Too slow.' }, actors.customer, plus(T0, 120_000)).state;
    expect(s).toMatchObject({ rung: 'customer_room', department: 'technical' });
    expect(mayWorkOn(itc, staff('senior', 'customer_room'), s)).toBe(true);
    expect(mayWorkOn(itc, staff('senior', 'technical'), s)).toBe(false);
    expect(decide(s, { type: 'claim' }, staff('senior', 'technical'), plus(T0, 180_000), itc)).toMatchObject({ ok: false, status: 403 });
  });

  it('the level rule still holds inside the department: an agent does not work a Customer Room escalation', () => {
    const s = ok(itc, acknowledged('contract_documents'), { type: 'dispute', reason: 'Wrong invoice.' }, actors.customer, plus(T0, 120_000)).state;
    expect(mayWorkOn(itc, staff('agent', 'customer_room'), s)).toBe(false);
  });

  it('a person whose token names no department is not scoped', () => {
    expect(claim(acknowledged('hosting_domain'), staff('agent'))).toMatchObject({ ok: true });
  });
});

describe('department scope where the policy has no exclusive department', () => {
  it('ecomstore: any agent works any front-line case, whatever their department', () => {
    const ecomstore = loadPolicy('ecomstore');
    const s = ok(ecomstore, newCase(ecomstore, T0, { category: 'order_issue' }), { type: 'acknowledge' }, actors.system, plus(T0, 60_000)).state;
    expect(s.department).toBe('customer_service');
    expect(decide(s, { type: 'claim' }, staff('agent', 'technical_support'), plus(T0, 120_000), ecomstore)).toMatchObject({ ok: true });
  });
});
