import * as z from '../zod';
import { SLA_CLOCKS } from './sla-clocks';

/**
 * KPI targets as policy data: the policy's `kpis` section (functions/domain/policy/schema.ts). Each target carries the
 * policy's words, as clock targets do, so a report can say which promise a number is held to. Imports only the SLA
 * clock names (a type-only import of the policy schema), so the policy schema can take this one without a cycle.
 */

const share = z.number().check(z.gte(0), z.lte(1));
const clause = z.string().check(z.minLength(1));

/** A time KPI: a statistic of the measured times, below a span of wall-clock or business time. */
const TimeTargetSchema = z.strictObject({
    statistic: z.enum(['median', 'p90']),
    /** Minutes or hours: a business *day* is a whole open day, not a number of milliseconds to compare with. */
    below: z.strictObject({ amount: z.number().check(z.positive()), unit: z.enum(['minutes', 'hours']), basis: z.enum(['calendar', 'business']) }),
    clause,
  });
export type TimeTarget = z.infer<typeof TimeTargetSchema>;

export const KpiTargetsSchema = z.strictObject({
    /** Share of ratings of 4 or 5 out of 5. */
    csat: z.optional(z.strictObject({ atLeast: share, clause })),
    firstResponseTime: z.optional(TimeTargetSchema),
    resolutionTime: z.optional(TimeTargetSchema),
    /** Share of resolved, closed cases resolved at first contact. */
    firstContactResolution: z.optional(z.strictObject({ atLeast: share, clause })),
    /** Share of kept promises per clock (met / (met + breached)). */
    slaAttainment: z.optional(z.strictObject({ atLeast: share, clocks: z.array(z.enum(SLA_CLOCKS)).check(z.minLength(1)), clause })),
    /** Share of received cases that climbed a rung. */
    escalationRate: z.optional(z.strictObject({ atMost: share, clause })),
  });
export type KpiTargets = z.infer<typeof KpiTargetsSchema>;

/** The KPI targets of a policy (its `kpis` section); a policy with none gets no targets (KPIs shown without a verdict). */
export const kpiTargetsFor = (policy: { kpis?: KpiTargets | undefined }): KpiTargets => policy.kpis ?? {};
