import { describe, expect, it } from 'vitest';
import { breachAlarmThreshold, DEFAULT_SLA_ATTAINMENT, MINIMUM_DAILY_INTAKE } from '../../../functions/domain/kpi';
import { loadPolicy } from '../../../functions/domain/policy';

describe('breach alarm threshold from the policy', () => {
  it('a policy with an attainment target allows 1 − target of its cases to break each of its clocks', () => {
    const t = breachAlarmThreshold({ kpis: { slaAttainment: { atLeast: 0.95, clocks: ['acknowledgment', 'resolution'], clause: '16. KPIs: 95 % of promises kept' } } });
    expect(t).toEqual({ clocks: ['acknowledgment', 'resolution'], maxBreachShare: 0.05, minimumDailyIntake: MINIMUM_DAILY_INTAKE, basis: '16. KPIs: 95 % of promises kept' });
  });

  it('a preset without one is held to the house default and says so', () => {
    const t = breachAlarmThreshold(loadPolicy('ecomstore'));
    expect(t.clocks).toEqual(DEFAULT_SLA_ATTAINMENT.clocks);
    expect(t.maxBreachShare).toBe(0.1);
    expect(t.basis).toMatch(/house default/);
  });
});
