import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessCalendar } from '../../../functions/domain/calendar';
import {
  compareQueue,
  decide,
  dueClocks,
  isFinal,
  nextTimer,
  queueKeys,
  type Actor,
  type ClockId,
  type LifecycleState,
} from '../../../functions/domain/lifecycle';
import { actors, at, caseIn, h, ok, plus, promptearn } from './helpers';

const policy = promptearn();
const T0 = at('2026-09-28T09:00:00Z');

/** Every action anyone might try, with who tries it. */
const MOVES: [unknown, Actor][] = [
  [{ type: 'acknowledge' }, actors.system],
  [{ type: 'claim' }, actors.agent],
  [{ type: 'claim' }, actors.agent2],
  [{ type: 'reply', message: 'Update' }, actors.agent],
  [{ type: 'reply', message: 'Update' }, actors.senior],
  [{ type: 'reply', message: 'Update' }, actors.dispute],
  [{ type: 'reply', message: 'Answer' }, actors.customer],
  [{ type: 'note', text: 'internal' }, actors.agent],
  [{ type: 'requestInfo', questions: 'More?' }, actors.agent],
  [{ type: 'requestInfo', questions: 'More?' }, actors.senior],
  [{ type: 'requestInfo', questions: 'More?' }, actors.dispute],
  [{ type: 'resolve', summary: 'Done' }, actors.agent],
  [{ type: 'resolve', summary: 'Done' }, actors.senior],
  [{ type: 'resolve', summary: 'Done' }, actors.dispute],
  [{ type: 'escalate', reason: 'Hard' }, actors.agent],
  [{ type: 'escalate', reason: 'Hard' }, actors.senior],
  [{ type: 'recommendMediation', reason: 'Stuck' }, actors.dispute],
  [{ type: 'close', reason: 'Done' }, actors.agent],
  [{ type: 'close', reason: 'Dup' }, actors.supervisor],
  [{ type: 'assign', to: 'agent-2' }, actors.supervisor],
  [{ type: 'acceptResolution' }, actors.customer],
  [{ type: 'dispute', reason: 'No' }, actors.customer],
  [{ type: 'dispute', reason: 'No' }, actors.stranger],
  [{ type: 'rate', score: 4 }, actors.customer],
];

/**
 * A step: wait some minutes (mostly short, sometimes days, firing every clock that fell due as the workflow's timer
 * would), then try a move. Walks start from every status, so final states and pauses are actually reached (the
 * properties below check that they were, so they cannot pass vacuously).
 */
const step = fc.record({
  wait: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 120 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 10 * 24 * 60 }), weight: 1 }),
  move: fc.integer({ min: 0, max: MOVES.length - 1 }),
  fire: fc.boolean(),
});
const STATUSES = ['received', 'acknowledged', 'in_progress', 'awaiting_customer', 'resolved', 'escalated_senior', 'dispute_review', 'closed', 'mediation_recommended'] as const;
const startStatus = fc.constantFrom(...STATUSES);

function walk(from: (typeof STATUSES)[number], steps: { wait: number; move: number; fire: boolean }[], visit: (before: LifecycleState, after: LifecycleState, now: Date) => void) {
  let s = caseIn(policy, from, T0);
  let now = plus(T0, 10 * 60_000);
  visit(s, s, now);
  const apply = (action: unknown, actor: Actor) => {
    const d = decide(s, action, actor, now, policy);
    if (d.ok) {
      expect(d.events.map((e) => e.seq)).toEqual(d.events.map((_, i) => s.eventSeq + 1 + i));
      visit(s, d.state, now);
      s = d.state;
    } else {
      expect([403, 409, 410, 422]).toContain(d.status);
    }
  };
  for (const st of steps) {
    now = plus(now, st.wait * 60_000);
    if (st.fire) for (const clock of dueClocks(s, now)) apply({ type: 'timeout', clock }, actors.system);
    const [action, actor] = MOVES[st.move]!;
    apply(action, actor);
  }
  return s;
}

describe('lifecycle properties', () => {
  it('no sequence of actions leads from a final state back to an open one', () => {
    let reachedFinal = 0;
    fc.assert(
      fc.property(startStatus, fc.array(step, { maxLength: 60 }), (from, steps) => {
        let sawFinal = isFinal(from);
        walk(from, steps, (before, after) => {
          sawFinal ||= isFinal(after.status);
          if (isFinal(before.status) && before !== after) {
            expect(after.status).toBe(before.status);
            expect(after.csat).toBeDefined(); // the only thing a final case still takes is a rating
          }
        });
        if (sawFinal) reachedFinal++;
      }),
      { numRuns: 200 },
    );
    expect(reachedFinal).toBeGreaterThan(50);
  });

  it('a paused clock never falls due while paused, and the next timer never points at one', () => {
    let pausedSeen = 0;
    fc.assert(
      fc.property(startStatus, fc.array(step, { maxLength: 50 }), fc.integer({ min: 0, max: 90 * 24 * 60 }), (from, steps, laterMinutes) => {
        walk(from, steps, (_b, after, now) => {
          const later = plus(now, laterMinutes * 60_000);
          const paused = (Object.entries(after.clocks) as [ClockId, NonNullable<LifecycleState['clocks'][ClockId]>][]).filter(([, c]) => c.status === 'paused');
          if (paused.length > 0) pausedSeen++;
          for (const [id] of paused) {
            expect(dueClocks(after, later)).not.toContain(id);
            const d = decide(after, { type: 'timeout', clock: id }, actors.system, later, policy);
            expect(d.ok ? 0 : d.status).toBe(409);
          }
          const t = nextTimer(after);
          if (t) expect(after.clocks[t.clock]?.status).toBe('running');
        });
      }),
      { numRuns: 150 },
    );
    expect(pausedSeen).toBeGreaterThan(10);
  });

  it('after a resume, the resolution clock has exactly the calendar time that was left at the pause', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 47 * 60 }), fc.integer({ min: 0, max: 20 * 24 * 60 }), (pauseAfter, waited) => {
        const s0 = caseIn(policy, 'in_progress', T0); // claimed at T0 + 2 min
        const t1 = plus(T0, pauseAfter * 60_000);
        const due = Date.parse(s0.clocks.resolution!.due!);
        const paused = ok(policy, s0, { type: 'requestInfo', questions: '?' }, actors.agent, t1).state;
        const t2 = plus(t1, Math.min(waited, 6 * 24 * 60) * 60_000); // before the 7-day silence close
        const resumed = ok(policy, paused, { type: 'reply', message: 'here' }, actors.customer, t2).state;
        expect(Date.parse(resumed.clocks.resolution!.due!) - t2.getTime()).toBe(due - t1.getTime());
        expect(Date.parse(resumed.clocks.autoEscalation!.due!) - t2.getTime()).toBe(Date.parse(s0.clocks.autoEscalation!.due!) - t1.getTime());
      }),
      { numRuns: 200 },
    );
  });

  it('after a resume, the dispute decision has exactly the business time that was left (weekends and holidays excluded)', () => {
    const cal = businessCalendar('lagos_office', policy.calendars.lagos_office!);
    const s0 = caseIn(policy, 'dispute_review', T0); // review from Mon 28 Sep 2026; Thu 1 Oct is a holiday
    const due = new Date(s0.clocks.disputeDecision!.due!);
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 6 * 24 * 60 }), fc.integer({ min: 1, max: 6 * 24 * 60 }), (pauseAfter, waited) => {
        const t1 = plus(T0, pauseAfter * 60_000);
        fc.pre(t1 < due);
        const paused = ok(policy, s0, { type: 'requestInfo', questions: '?' }, actors.dispute, t1).state;
        expect(paused.clocks.disputeDecision?.status).toBe('paused');
        const t2 = plus(t1, waited * 60_000);
        const resumed = ok(policy, paused, { type: 'reply', message: 'here' }, actors.customer, t2).state;
        const newDue = new Date(resumed.clocks.disputeDecision!.due!);
        expect(cal.businessMsBetween(t2, newDue)).toBe(cal.businessMsBetween(t1, due));
        expect(cal.isOpen(newDue) || cal.isOpen(new Date(newDue.getTime() - 1))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on arbitrary input: anything malformed is a 422 naming a field, never a half-applied change', () => {
    const states = STATUSES.map((st) => caseIn(policy, st, T0));
    const action = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom('reply', 'rate', 'resolve', 'timeout', 'assign', 'dispute'), score: fc.anything(), message: fc.anything(), clock: fc.anything(), to: fc.anything() }, { requiredKeys: ['type'] }),
    );
    const actor = fc.oneof(fc.anything(), fc.constantFrom<unknown>(...Object.values(actors)));
    fc.assert(
      fc.property(fc.nat({ max: states.length - 1 }), action, actor, (i, a, who) => {
        const before = structuredClone(states[i]!);
        const d = decide(states[i]!, a, who, plus(T0, 3_600_000), policy);
        expect(states[i]).toEqual(before);
        if (!d.ok) {
          expect([403, 409, 410, 422]).toContain(d.status);
          if (d.status === 422) expect(d.problem.errors?.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a customer never acts on another customer's case", () => {
    const states = STATUSES.map((st) => caseIn(policy, st, T0));
    const moves = MOVES.filter(([, who]) => who.role === 'customer');
    fc.assert(
      fc.property(fc.nat({ max: states.length - 1 }), fc.nat({ max: moves.length - 1 }), fc.uuid(), (i, m, otherCase) => {
        fc.pre(otherCase !== states[i]!.caseId);
        const d = decide(states[i]!, moves[m]![0], { role: 'customer', caseId: otherCase }, plus(T0, 3_600_000), policy);
        expect(d.ok ? 0 : d.status).toBe(403);
      }),
      { numRuns: 200 },
    );
  });

  it('the queue comparator and the GSI sort key give the same order', () => {
    const item = fc.record({
      caseId: fc.uuid(),
      receivedAt: fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-01-01') }),
      dueIn: fc.option(fc.integer({ min: 0, max: 10 * 24 }), { nil: undefined }),
      ms: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 2, maxLength: 30 }), (raw) => {
        const items = raw.map((r) => {
          const received = new Date(r.receivedAt);
          // Mixed precisions on purpose: `…00Z` and `…00.500Z` must still sort by time.
          const receivedAt = r.ms ? received.toISOString() : received.toISOString().replace(/\.\d{3}Z$/, 'Z');
          const due = r.dueIn === undefined ? undefined : plus(received, h(r.dueIn)).toISOString().replace('.000Z', 'Z');
          const clocks = due ? { resolution: { ...caseIn(policy, 'received', T0).clocks.resolution!, due } } : {};
          return { caseId: r.caseId, status: 'in_progress' as const, receivedAt, clocks };
        });
        const byComparator = items.toSorted(compareQueue).map((i) => i.caseId);
        const byKey = items.toSorted((a, b) => (queueKeys(a).gsi1sk < queueKeys(b).gsi1sk ? -1 : queueKeys(a).gsi1sk > queueKeys(b).gsi1sk ? 1 : 0)).map((i) => i.caseId);
        expect(byKey).toEqual(byComparator);
        // And the order is due time first, then arrival.
        for (let i = 1; i < items.length; i++) {
          const [a, b] = [items.toSorted(compareQueue)[i - 1]!, items.toSorted(compareQueue)[i]!];
          const da = a.clocks.resolution?.due ? Date.parse(a.clocks.resolution.due) : Infinity;
          const db = b.clocks.resolution?.due ? Date.parse(b.clocks.resolution.due) : Infinity;
          expect(da <= db).toBe(true);
          if (da === db) expect(Date.parse(a.receivedAt) <= Date.parse(b.receivedAt)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
