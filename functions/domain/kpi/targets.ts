import * as z from 'zod';
import { SLA_CLOCKS } from './sla-clocks';

/**
 * KPI targets as policy data: the policy's `kpis` section (functions/domain/policy/schema.ts). Each target carries the
 * policy's words, as clock targets do, so a report can say which promise a number is held to. Imports only the SLA
 * clock names (a type-only import of the policy schema), so the policy schema can take this one without a cycle.
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

/** The KPI targets of a policy (its `kpis` section); a policy with none gets no targets (KPIs shown without a verdict). */
export const kpiTargetsFor = (policy: { kpis?: KpiTargets | undefined }): KpiTargets => policy.kpis ?? {};
