import { describe, expect, it } from 'vitest';
import { intakeMetric, operationalMetricsOf } from '../../../functions/domain/kpi';
import { decide, type Accepted } from '../../../functions/domain/lifecycle';
import { loadPolicy } from '../../../functions/domain/policy';
import { handComputedCases, vn } from './hand-computed-cases';

const policy = loadPolicy('itc');
const D = handComputedCases().D;
const system = { role: 'system' } as const;
const accepted = (d: ReturnType<typeof decide>): Accepted => {
  if (!d.ok) throw new Error(d.problem.detail);
  return d;
};

describe('operational metrics of a decision', () => {
  it('a first response that falls due counts one breach of that clock', () => {
    // Prepare: D acknowledged, nobody answered.
    const acknowledged = D.states[1]!;
    // Act
    const d = accepted(decide(acknowledged, { type: 'timeout', clock: 'firstResponse' }, system, vn('2026-11-27 16:30'), policy));
    // Assess
    expect(operationalMetricsOf(d)).toEqual([{ name: 'Breaches', dimensions: { clock: 'firstResponse' }, value: 1 }]);
  });

  it('the automatic escalation counts one escalation to the Customer Room and no breach', () => {
    const breached = D.states[2]!;
    const d = accepted(decide(breached, { type: 'timeout', clock: 'autoEscalation' }, system, vn('2026-12-01 10:00'), policy));
    expect(operationalMetricsOf(d)).toEqual([{ name: 'Escalations', dimensions: { to: 'customer_room', trigger: 'automatic' }, value: 1 }]);
  });

  it('a reply counts nothing; intake counts by channel', () => {
    const d = accepted(decide(D.states[3]!, { type: 'reply', message: 'On it.' }, { role: 'senior', staffId: 'room-1' }, vn('2026-12-02 09:00'), policy));
    expect(operationalMetricsOf(d)).toEqual([]);
    expect(intakeMetric(D.states[0]!)).toEqual({ name: 'Intake', dimensions: { channel: 'web' }, value: 1 });
  });
});
