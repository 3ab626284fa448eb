import { describe, expect, it } from 'vitest';
import { decide, type Actor, type CaseStatus } from '../../../functions/domain/lifecycle';
import { actors, at, caseIn, CASE_ID, promptearn } from './helpers';

/**
 * Every transition of the lifecycle, allowed and refused, as a table: from a case in `from`, `action` by `actor`
 * gives either the status it leads to or the refusal status (403 not yours / wrong role, 409 out of turn or
 * repeated, 410 over, 422 malformed).
 */

const policy = promptearn();
const T0 = at('2026-11-23T09:00:00Z'); // a Monday
const NOW = at('2026-11-23T09:10:00Z'); // after the table's setup steps, before any clock falls due

type Row = [from: CaseStatus, action: Record<string, unknown>, actor: Actor, expected: CaseStatus | 403 | 409 | 410 | 422, category?: string];

const reply = { type: 'reply', message: 'Here you go.' };
const resolve = { type: 'resolve', summary: 'Refunded the order.', actionsTaken: 'Refund issued', nextSteps: 'Nothing' };
const escalate = { type: 'escalate', reason: 'Complex' };
const dispute = { type: 'dispute', reason: 'Not fixed' };
const info = { type: 'requestInfo', questions: 'Order number?' };
const rate = { type: 'rate', score: 4, comment: 'Quick.' };
const { customer, stranger, agent, agent2, senior, dispute: drt, supervisor, finance, system } = actors;

const rows: Row[] = [
  // received
  ['received', { type: 'acknowledge' }, system, 'acknowledged'],
  ['received', { type: 'acknowledge' }, agent, 403],
  ['received', { type: 'claim' }, agent, 409],
  ['received', reply, agent, 409],
  ['received', reply, customer, 'received'],
  ['received', dispute, customer, 409],
  ['received', { type: 'acceptResolution' }, customer, 409],
  ['received', rate, customer, 409],
  ['received', { type: 'timeout', clock: 'acknowledgment' }, system, 409], // not due yet
  ['received', { type: 'timeout', clock: 'seniorResponse' }, system, 409], // never started
  // acknowledged
  ['acknowledged', { type: 'acknowledge' }, system, 409],
  ['acknowledged', { type: 'claim' }, agent, 'in_progress'],
  ['acknowledged', reply, agent, 'in_progress'],
  ['acknowledged', info, agent, 'awaiting_customer'],
  ['acknowledged', resolve, agent, 'resolved'],
  ['acknowledged', resolve, senior, 'resolved'],
  ['acknowledged', resolve, drt, 403],
  ['acknowledged', escalate, agent, 'escalated_senior'],
  ['acknowledged', dispute, customer, 'escalated_senior'],
  ['acknowledged', dispute, stranger, 403],
  ['acknowledged', reply, stranger, 403],
  ['acknowledged', { type: 'claim' }, customer, 403],
  ['acknowledged', { type: 'close', reason: 'dup' }, agent, 409],
  ['acknowledged', { type: 'close', reason: 'dup' }, supervisor, 'closed'],
  ['acknowledged', { type: 'assign', to: 'agent-2' }, agent, 403],
  ['acknowledged', { type: 'assign', to: 'agent-2' }, supervisor, 'in_progress'],
  ['acknowledged', { type: 'recommendMediation', reason: 'x' }, agent, 403],
  ['acknowledged', { type: 'note', text: 'Looks like a known bug.' }, agent, 'acknowledged'],
  ['acknowledged', { type: 'timeout', clock: 'firstResponse' }, system, 409],
  ['acknowledged', { type: 'timeout', clock: 'firstResponse' }, customer, 403],
  ['acknowledged', { type: 'acceptResolution' }, customer, 409],
  // in_progress (claimed by agent-1)
  ['in_progress', { type: 'claim' }, agent, 409],
  ['in_progress', { type: 'claim' }, agent2, 409],
  ['in_progress', reply, agent2, 403],
  ['in_progress', reply, agent, 'in_progress'],
  ['in_progress', reply, customer, 'in_progress'],
  ['in_progress', resolve, senior, 'resolved'],
  ['in_progress', resolve, agent2, 403],
  ['in_progress', info, agent, 'awaiting_customer'],
  ['in_progress', { type: 'assign', to: 'agent-1' }, supervisor, 409],
  ['in_progress', { type: 'claim' }, supervisor, 'in_progress'],
  // awaiting_customer
  ['awaiting_customer', info, agent, 409],
  ['awaiting_customer', resolve, agent, 409],
  ['awaiting_customer', escalate, agent, 409],
  ['awaiting_customer', reply, customer, 'in_progress'],
  ['awaiting_customer', reply, agent, 'awaiting_customer'],
  ['awaiting_customer', dispute, customer, 'escalated_senior'],
  ['awaiting_customer', { type: 'timeout', clock: 'resolution' }, system, 409], // paused
  ['awaiting_customer', { type: 'timeout', clock: 'autoEscalation' }, system, 409], // paused
  // resolved
  ['resolved', resolve, agent, 409],
  ['resolved', escalate, agent, 409],
  ['resolved', info, agent, 409],
  ['resolved', { type: 'acceptResolution' }, customer, 'closed'],
  ['resolved', { type: 'acceptResolution' }, stranger, 403],
  ['resolved', { type: 'acceptResolution' }, agent, 403],
  ['resolved', dispute, customer, 'escalated_senior'],
  ['resolved', rate, customer, 'resolved'],
  ['resolved', { type: 'close', reason: 'done' }, agent, 409], // the customer's window on the resolution is open
  ['resolved', { type: 'close', reason: 'done' }, supervisor, 'closed'],
  ['resolved', { type: 'close', reason: 'done' }, agent2, 403],
  ['resolved', reply, customer, 'resolved'],
  ['resolved', { type: 'timeout', clock: 'resolution' }, system, 410], // stopped at the resolution
  // escalated_senior
  ['escalated_senior', resolve, agent, 403],
  ['escalated_senior', reply, agent, 403],
  ['escalated_senior', resolve, senior, 'resolved'],
  ['escalated_senior', resolve, supervisor, 'resolved'],
  ['escalated_senior', escalate, senior, 'dispute_review'],
  ['escalated_senior', info, senior, 'awaiting_customer'],
  ['escalated_senior', dispute, customer, 409],
  ['escalated_senior', { type: 'recommendMediation', reason: 'x' }, senior, 403],
  ['escalated_senior', { type: 'acceptResolution' }, customer, 409],
  ['escalated_senior', resolve, drt, 403],
  // dispute_review
  ['dispute_review', resolve, senior, 403],
  ['dispute_review', resolve, agent, 403],
  ['dispute_review', resolve, drt, 'resolved'],
  ['dispute_review', reply, drt, 'dispute_review'],
  ['dispute_review', escalate, drt, 409], // the next rung is mediation: a closing rung
  ['dispute_review', { type: 'recommendMediation', reason: 'Deadlock' }, drt, 'mediation_recommended'],
  ['dispute_review', dispute, customer, 409],
  ['dispute_review', { type: 'timeout', clock: 'disputeDecision' }, system, 409], // not due yet
  // closed
  ['closed', reply, customer, 410],
  ['closed', resolve, agent, 410],
  ['closed', { type: 'note', text: 'late' }, supervisor, 410],
  ['closed', { type: 'acceptResolution' }, customer, 410],
  ['closed', dispute, customer, 410],
  ['closed', { type: 'timeout', clock: 'followUp' }, system, 410], // stopped when the customer accepted
  ['closed', { type: 'acknowledge' }, system, 410],
  ['closed', rate, customer, 'closed'],
  ['closed', rate, stranger, 403],
  // mediation_recommended
  ['mediation_recommended', dispute, customer, 410],
  ['mediation_recommended', resolve, drt, 410],
  ['mediation_recommended', reply, customer, 410],
  ['mediation_recommended', rate, customer, 409], // nothing was resolved
  // finance decides refunds and chargebacks
  ['acknowledged', resolve, agent, 403, 'refund_request'],
  ['acknowledged', resolve, senior, 403, 'chargeback'],
  ['acknowledged', resolve, finance, 'resolved', 'refund_request'],
  ['acknowledged', resolve, supervisor, 'resolved', 'chargeback'],
  ['acknowledged', resolve, finance, 403, 'product_quality'],
  ['acknowledged', info, agent, 'awaiting_customer', 'refund_request'],
  // malformed
  ['resolved', { type: 'rate', score: 6 }, customer, 422],
  ['resolved', { type: 'rate', score: 2.5 }, customer, 422],
  ['acknowledged', { type: 'reply', message: '   ' }, agent, 422],
  ['acknowledged', { type: 'teleport' }, agent, 422],
  ['acknowledged', { type: 'reply', message: 'hi', extra: 1 }, agent, 422],
];

describe('decide: every transition', () => {
  it.each(rows)('%s: %j by %j -> %s (%s)', (from, action, actor, expected, category) => {
    const state = caseIn(policy, from, T0, category ? { category } : {});
    expect(state.status).toBe(from);
    const d = decide(state, action, actor, NOW, policy);
    if (typeof expected === 'number') {
      expect(d.ok).toBe(false);
      if (d.ok) return;
      expect(d.status).toBe(expected);
      expect(d.problem.status).toBe(expected);
      expect(d.problem.type).toMatch(/^https:\/\/redress\.dev\/problems\//);
      expect(d.problem.detail.length).toBeGreaterThan(0);
    } else {
      if (!d.ok) expect.fail(`refused ${d.status}: ${d.problem.detail}`);
      expect(d.state.status).toBe(expected);
      expect(d.events.length).toBeGreaterThan(0);
      expect(d.state.eventSeq).toBe(state.eventSeq + d.events.length);
    }
  });

  it('names the bad field of a malformed action', () => {
    const d = decide(caseIn(policy, 'resolved', T0), { type: 'rate', score: 9 }, actors.customer, NOW, policy);
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.problem.errors).toEqual([{ field: 'score', message: 'score must be at most 5' }]);
  });

  it('refuses a malformed actor with 422 naming it', () => {
    const d = decide(caseIn(policy, 'acknowledged', T0), { type: 'claim' }, { role: 'agent' }, NOW, policy);
    expect(d.ok ? 0 : d.status).toBe(422);
    expect(d.ok ? [] : d.problem.errors?.map((e) => e.field)).toContain('actor.staffId');
  });

  it('a refusal changes nothing: the input state is untouched', () => {
    const state = caseIn(policy, 'resolved', T0);
    const copy = structuredClone(state);
    decide(state, { type: 'resolve', summary: 'again' }, actors.agent, NOW, policy);
    decide(state, { type: 'acceptResolution' }, actors.customer, NOW, policy); // accepted, but pure
    expect(state).toEqual(copy);
  });

  it('the customer can only act on the case of their access token', () => {
    const state = caseIn(policy, 'resolved', T0);
    expect(state.caseId).toBe(CASE_ID);
    const d = decide(state, { type: 'dispute', reason: 'x' }, actors.stranger, NOW, policy);
    expect(d.ok ? 0 : d.status).toBe(403);
  });
});
