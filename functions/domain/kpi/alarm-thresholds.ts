import type { SlaClock } from './sla-clocks';
import type { KpiTargets } from './targets';

/**
 * What the breach alarms (infra/constructs/observability.ts) hold each day's counts to, from the deployed policy: for
 * each clock of the policy's SLA-attainment target, the share of the day's received cases that may break it, 1 − the
 * target. A policy without that target is held to the house default, 90 % of promises kept on first response and
 * resolution. Breaches per received case stand in for breaches per promise (each case carries each clock once), and
 * a day's breaches belong to cases received earlier than its intake: steady traffic keeps the two close, a day after
 * a surge reads high. Below a minimum day's intake one breach is a large share, so those days do not alarm.
 */
export interface BreachAlarmThreshold {
  clocks: SlaClock[];
  /** Breaches of one clock per case received, per day, above which the alarm fires. */
  maxBreachShare: number;
  minimumDailyIntake: number;
  /** Where the numbers come from: the policy's clause, or the house default. */
  basis: string;
}

export const DEFAULT_SLA_ATTAINMENT = { atLeast: 0.9, clocks: ['firstResponse', 'resolution'] as SlaClock[] };
export const MINIMUM_DAILY_INTAKE = 20;

export function breachAlarmThreshold(policy: { kpis?: KpiTargets | undefined }): BreachAlarmThreshold {
  const target = policy.kpis?.slaAttainment;
  return {
    clocks: [...(target?.clocks ?? DEFAULT_SLA_ATTAINMENT.clocks)],
    // Rounded to 4 places: 1 − 0.9 is 0.09999999999999998 in floating point.
    maxBreachShare: Math.round((1 - (target?.atLeast ?? DEFAULT_SLA_ATTAINMENT.atLeast)) * 10_000) / 10_000,
    minimumDailyIntake: MINIMUM_DAILY_INTAKE,
    basis: target ? target.clause : `house default: ${DEFAULT_SLA_ATTAINMENT.atLeast * 100} % of promises kept`,
  };
}
