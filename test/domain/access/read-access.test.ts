import { describe, expect, it } from 'vitest';
import { mayReadCase } from '../../../functions/domain/access/read-access';
import { decide, mayWorkOn, type LifecycleState, type StaffActor } from '../../../functions/domain/lifecycle';
import type { Policy } from '../../../functions/domain/policy';
import { actors, at, caseIn, plus, promptearn } from '../lifecycle/helpers';

/**
 * The access table's finance rule (docs/contracts.md "Who reads what"): finance reads the money categories' cases
 * and any case a refund or chargeback was raised on (`carriesMoney`, written with the record), whatever its
 * category, rung or department; reading such a case does not let finance act on it.
 */

/** Promptearn with every department exclusive, as the access matrix runs it: department scope applies to everyone. */
const policy: Policy = (() => {
  const p = promptearn();
  return { ...p, departments: p.departments.map((d) => ({ ...d, exclusive: true })) };
})();
const T0 = at('2026-11-23T09:00:00Z');
const finance: StaffActor = { role: 'finance', staffId: 'fin-1', department: 'payments' };
const agentOf = (department: string): StaffActor => ({ role: 'agent', staffId: `agent-${department}`, department });
const withRefund = (s: LifecycleState): LifecycleState => ({ ...s, carriesMoney: true });

describe('who reads a case that carries money', () => {
  it('finance reads a commission dispute with a refund, not one without', () => {
    // Prepare: a commission dispute is no money category (finance does not work it)
    const plain = caseIn(policy, 'acknowledged', T0, { category: 'commission_dispute' });
    // Act + Assess
    expect(mayReadCase(policy, finance, plain)).toBe(false);
    expect(mayReadCase(policy, finance, withRefund(plain))).toBe(true);
  });

  it('finance reads it on any rung and in any department, and the money categories as before', () => {
    // Prepare: a technical complaint (support, exclusive) with the Dispute Resolution Team, carrying a chargeback
    const technical = caseIn(policy, 'dispute_review', T0, { category: 'technical_issue' });
    const refundRequest = caseIn(policy, 'in_progress', T0, { category: 'refund_request' });
    // Act + Assess
    expect(mayReadCase(policy, finance, technical)).toBe(false);
    expect(mayReadCase(policy, finance, withRefund(technical))).toBe(true);
    expect(mayReadCase(policy, finance, refundRequest)).toBe(true);
  });

  it('the mark widens nothing for anyone else: an agent of another department is still refused, the own department still reads', () => {
    // Prepare
    const dispute = withRefund(caseIn(policy, 'acknowledged', T0, { category: 'commission_dispute' }));
    // Act + Assess
    expect(mayReadCase(policy, agentOf('support'), dispute)).toBe(false);
    expect(mayReadCase(policy, agentOf('payments'), dispute)).toBe(true);
    expect(mayReadCase(policy, { role: 'admin', staffId: 'admin-1' }, dispute)).toBe(false);
    expect(mayReadCase(policy, { role: 'senior', staffId: 'senior-1', department: 'support' }, dispute)).toBe(false);
  });

  it('reading is not acting: finance may not claim, note or resolve a non-money case it reads for its refund', () => {
    // Prepare
    const dispute = withRefund(caseIn(policy, 'acknowledged', T0, { category: 'commission_dispute' }));
    // Act
    const tries = [{ type: 'claim' }, { type: 'note', text: 'Looked at the refund.' }, { type: 'resolve', summary: 'Refunded.' }].map((action) => decide(dispute, action, finance, plus(T0, 60_000), policy));
    // Assess
    expect(mayWorkOn(policy, finance, dispute)).toBe(false);
    for (const d of tries) expect(d).toMatchObject({ ok: false, status: 403 });
    // The case's own department still works it.
    expect(decide(dispute, { type: 'claim' }, { ...actors.agent, department: 'payments' }, plus(T0, 60_000), policy)).toMatchObject({ ok: true });
  });
});
