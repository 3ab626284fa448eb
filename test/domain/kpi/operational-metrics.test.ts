import { describe, expect, it } from 'vitest';
import { intakeMetric, operationalMetricsOf } from '../../../functions/domain/kpi';
import { decide, type Accepted, type LifecycleState } from '../../../functions/domain/lifecycle';
import { loadPolicy } from '../../../functions/domain/policy';
import { handComputedCases, vn } from './hand-computed-cases';

const policy = loadPolicy('itc');
const D = handComputedCases().D;
const system = { role: 'system' } as const;
const accepted = (d: ReturnType<typeof decide>): Accepted => {
  if (!d.ok) throw new Error(d.problem.detail);
  return d;
};

describe('operational metrics of a committed change', () => {
  it('a case that appears counts one intake by its channel', () => {
    expect(operationalMetricsOf(undefined, D.states[0]!)).toEqual([intakeMetric(D.states[0]!)]);
    expect(intakeMetric(D.states[0]!)).toEqual({ name: 'Intake', dimensions: { channel: 'web' }, value: 1 });
  });

  it('a first response that falls due counts one breach of that clock', () => {
    // Prepare: D acknowledged, nobody answered.
    const acknowledged = D.states[1]!;
    // Act
    const d = accepted(decide(acknowledged, { type: 'timeout', clock: 'firstResponse' }, system, vn('2026-11-27 16:30'), policy));
    // Assess
    expect(operationalMetricsOf(acknowledged, d.state)).toEqual([{ name: 'Breaches', dimensions: { clock: 'firstResponse' }, value: 1 }]);
  });

  it('the automatic escalation counts one escalation to the Customer Room and no breach already counted', () => {
    const breached = D.states[2]!;
    const d = accepted(decide(breached, { type: 'timeout', clock: 'autoEscalation' }, system, vn('2026-12-01 10:00'), policy));
    expect(operationalMetricsOf(breached, d.state)).toEqual([{ name: 'Escalations', dimensions: { to: 'customer_room', trigger: 'automatic' }, value: 1 }]);
  });

  it('a reply counts nothing, and the same change seen again counts nothing new', () => {
    const d = accepted(decide(D.states[3]!, { type: 'reply', message: 'On it.' }, { role: 'senior', staffId: 'room-1' }, vn('2026-12-02 09:00'), policy));
    expect(operationalMetricsOf(D.states[3]!, d.state)).toEqual([]);
    expect(operationalMetricsOf(d.state, d.state)).toEqual([]);
  });

  it('every fact of a whole lifecycle counts once: the sum over its writes is one intake, each breach, each escalation', () => {
    // Prepare: D's states in the order the table held them (intake first).
    const writes = D.states.map((after, i) => ({ before: i === 0 ? undefined : D.states[i - 1], after }));
    // Act
    const all = writes.flatMap(({ before, after }) => operationalMetricsOf(before, after));
    // Assess
    const last = D.states.at(-1)!;
    expect(all.filter((m) => m.name === 'Intake')).toHaveLength(1);
    expect(all.filter((m) => m.name === 'Breaches').map((m) => m.dimensions.clock).sort()).toEqual(Object.keys(last.breaches).sort());
    expect(all.filter((m) => m.name === 'Escalations')).toHaveLength(last.escalations.length);
  });

  it('moving to mediation counts one escalation to mediation', () => {
    const open = D.states[3]! as LifecycleState;
    expect(operationalMetricsOf(open, { ...open, status: 'mediation_recommended' })).toEqual([{ name: 'Escalations', dimensions: { to: 'mediation', trigger: 'exhausted' }, value: 1 }]);
  });
});
