import * as z from 'zod';
import { SLA_CLOCKS } from './sla-clocks';

/**
 * KPI targets as policy data: a proposal for a `kpis` section of the policy schema (functions/domain/policy/schema.ts),
 * kept here until it is merged there and into the presets. Each target carries the policy's words, as clock targets
 * do, so a report can say which promise a number is held to.
 */

const share = z.number().min(0).max(1);
const clause = z.string().min(1);

/** A time KPI: a statistic of the measured times, below a span of wall-clock or business time. */
const TimeTargetSchema = z
  .object({
    statistic: z.enum(['median', 'p90']),
    /** Minutes or hours: a business *day* is a whole open day, not a number of milliseconds to compare with. */
    below: z.object({ amount: z.number().positive(), unit: z.enum(['minutes', 'hours']), basis: z.enum(['calendar', 'business']) }).strict(),
    clause,
  })
  .strict();
export type TimeTarget = z.infer<typeof TimeTargetSchema>;

export const KpiTargetsSchema = z
  .object({
    /** Share of ratings of 4 or 5 out of 5. */
    csat: z.object({ atLeast: share, clause }).strict().optional(),
    firstResponseTime: TimeTargetSchema.optional(),
    resolutionTime: TimeTargetSchema.optional(),
    /** Share of resolved, closed cases resolved at first contact. */
    firstContactResolution: z.object({ atLeast: share, clause }).strict().optional(),
    /** Share of kept promises per clock (met / (met + breached)). */
    slaAttainment: z.object({ atLeast: share, clocks: z.array(z.enum(SLA_CLOCKS)).min(1), clause }).strict().optional(),
    /** Share of received cases that climbed a rung. */
    escalationRate: z.object({ atMost: share, clause }).strict().optional(),
  })
  .strict();
export type KpiTargets = z.infer<typeof KpiTargetsSchema>;

/**
 * Seed 004 (ecomstore) section 16, "KPIs", as targets: the proposed `kpis` of policies/ecomstore.json. The seed says
 * "<2 hours" and "<24 hours" without naming a statistic; the median is proposed (half the customers wait less), the
 * SLA clocks already hold every single case to the same numbers.
 */
export const ECOMSTORE_KPI_TARGETS: KpiTargets = {
  csat: { atLeast: 0.9, clause: '16. KPIs: customer satisfaction target 90%+' },
  firstResponseTime: { statistic: 'median', below: { amount: 2, unit: 'hours', basis: 'calendar' }, clause: '16. KPIs: first response time target <2 hours' },
  resolutionTime: { statistic: 'median', below: { amount: 24, unit: 'hours', basis: 'calendar' }, clause: '16. KPIs: resolution time target <24 hours' },
  firstContactResolution: { atLeast: 0.85, clause: '16. KPIs: first-call resolution target 85%+' },
};

/**
 * The KPI targets of a policy. Until the policy schema carries a `kpis` section, the proposal above is keyed by
 * preset name here; a policy with none gets no targets (its KPIs are shown without a verdict).
 */
const TARGETS_BY_POLICY: Readonly<Record<string, KpiTargets>> = { ecomstore: ECOMSTORE_KPI_TARGETS };
export const kpiTargetsFor = (policy: { name: string }): KpiTargets => TARGETS_BY_POLICY[policy.name] ?? {};
