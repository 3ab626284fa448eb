import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicy, queueComparator } from '../../../functions/domain/policy';
import { decide, queueDue, queueKeys, startLifecycle, type LifecycleState } from '../../../functions/domain/lifecycle';
import { actors, at, plus } from './helpers';

/**
 * The staff queue in the order the policy states (`policy.queue.order`): the GSI sort key built from the case alone
 * (no policy at hand in the store) sorts exactly as `queueComparator(policy)` does, with the case id as the last tie.
 */

const byKey = (a: LifecycleState, b: LifecycleState) => {
  const [x, y] = [queueKeys(a).gsi1sk, queueKeys(b).gsi1sk];
  return x < y ? -1 : x > y ? 1 : 0;
};

describe('queue order as the policy states it', () => {
  it.each(['ecomstore', 'earnway', 'itc', 'promptearn'])('%s: sorting by the GSI key equals sorting by the policy comparator', (name) => {
    const policy = loadPolicy(name);
    const compare = queueComparator(policy);
    const byPolicy = (a: LifecycleState, b: LifecycleState) =>
      compare({ due: queueDue(a), priority: a.priority, receivedAt: a.receivedAt }, { due: queueDue(b), priority: b.priority, receivedAt: b.receivedAt }) || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);
    const T0 = Date.parse('2026-11-23T14:00:00Z');
    const item = fc.record({
      caseId: fc.uuid(),
      category: fc.constantFrom(...policy.categories.map((c) => c.slug)),
      priority: fc.constantFrom(...policy.priorities.map((p) => p.slug)),
      channel: fc.constantFrom(...(['web', 'email'] as const)),
      // A few shared instants so that ties on due time and arrival happen often.
      receivedAt: fc.constantFrom(0, 1, 2, 30, 61, 600).map((m) => new Date(T0 + m * 60_000)),
      acknowledged: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 2, maxLength: 25 }), (raw) => {
        const cases = raw.map((r) => {
          const s = startLifecycle(policy, { caseId: r.caseId, category: r.category, priority: r.priority, channel: r.channel, receivedAt: r.receivedAt, eventSeq: 1 });
          if (!r.acknowledged) return s;
          const d = decide(s, { type: 'acknowledge' }, actors.system, plus(r.receivedAt, 30_000), policy);
          return d.ok ? d.state : s;
        });
        expect(cases.toSorted(byKey).map((c) => c.caseId)).toEqual(cases.toSorted(byPolicy).map((c) => c.caseId));
      }),
      { numRuns: 150 },
    );
  });

  it('earnway: a critical case comes before a routine one due earlier', () => {
    const earnway = loadPolicy('earnway');
    const T0 = at('2026-11-23T09:00:00Z');
    const routine = startLifecycle(earnway, { caseId: 'a', category: 'feature_guidance', priority: 'routine', channel: 'web', receivedAt: T0, eventSeq: 1 });
    const critical = startLifecycle(earnway, { caseId: 'b', category: 'feature_guidance', priority: 'critical', channel: 'web', receivedAt: plus(T0, 48 * 3_600_000), eventSeq: 1 });
    expect(Date.parse(queueDue(routine))).toBeLessThan(Date.parse(queueDue(critical)));
    expect([routine, critical].toSorted(byKey).map((c) => c.priority)).toEqual(['critical', 'routine']);
  });

  it('itc (deadline first, then arrival): a case due earlier comes first, whatever its priority', () => {
    const itc = loadPolicy('itc');
    const T0 = at('2026-11-23T02:00:00Z');
    const urgentLater = startLifecycle(itc, { caseId: 'a', category: 'hosting_domain', priority: 'urgent', channel: 'web', receivedAt: plus(T0, 24 * 3_600_000), eventSeq: 1 });
    const normalFirst = startLifecycle(itc, { caseId: 'b', category: 'quotation', priority: 'normal', channel: 'web', receivedAt: T0, eventSeq: 1 });
    expect([urgentLater, normalFirst].toSorted(byKey).map((c) => c.caseId)).toEqual(['b', 'a']);
  });
});
