import * as z from '../domain/zod';
import { refused, type Outcome } from '../core/outcomes';
import { fieldErrors } from '../domain/field-errors';
import {
  DimensionSchema,
  GrainSchema,
  KpiLineSchema,
  KpiTargetsSchema,
  PeriodSchema,
  kpiReport,
  kpiTargetsFor,
  periodAt,
  periodsOf,
  type Grain,
} from '../domain/kpi';
import { addDays, parseLocal } from '../domain/calendar/zoned-time';
import type { StaffActor } from '../domain/lifecycle/model';
import { calendarZone, type Policy } from '../domain/policy';
import { audited, type AuditTrail } from '../core/use-cases/audit-trail';
import type { KpiStore } from '../core/ports';

/**
 * The KPI table of a range of periods in the policy's time zone, each KPI against the policy's target: the rows
 * come from SQL over the fact files (Athena on AWS, DuckDB locally), the rates and verdicts from the domain.
 * Supervisors only: the staff roles carry no manager, and a supervisor is who the policies hold to the numbers.
 */

/** A range longer than this many periods is refused (a year of days, ten years of months). */
const MAX_PERIODS = 400;
/** Without `from`: the last 30 days, 12 weeks or 12 months, the current one included. */
const DEFAULT_SPAN: Record<Grain, number> = { day: 30, week: 12, month: 12 };

export const KpiQuerySchema = z.strictObject({
    period: z._default(GrainSchema, 'day'),
    from: z.optional(z.iso.date({ error: 'from must be a date, YYYY-MM-DD' })),
    to: z.optional(z.iso.date({ error: 'to must be a date, YYYY-MM-DD' })),
    dimension: z._default(DimensionSchema, 'all'),
    format: z._default(z.enum(['json', 'csv']), 'json'),
  });

export const KpiTableSchema = z.strictObject({
    policy: z.strictObject({ name: z.string(), version: z.string() }),
    timeZone: z.string(),
    grain: GrainSchema,
    dimension: DimensionSchema,
    from: z.iso.date(),
    /** Exclusive: the periods start before this local date. */
    to: z.iso.date(),
    periods: z.array(PeriodSchema),
    targets: KpiTargetsSchema,
    lines: z.array(KpiLineSchema),
  }).register(z.globalRegistry, { id: 'KpiTable', description: 'KPIs per period and dimension value, each with the policy target it is held to.' });
export type KpiTable = z.infer<typeof KpiTableSchema>;

const iso = (d: { year: number; month: number; day: number }) => `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

function defaultFrom(grain: Grain, to: string): string {
  const last = addDays(parseLocal(to), -1);
  if (grain === 'day') return iso(addDays(last, 1 - DEFAULT_SPAN.day));
  if (grain === 'week') return iso(addDays(last, -7 * (DEFAULT_SPAN.week - 1)));
  const back = last.year * 12 + (last.month - 1) - (DEFAULT_SPAN.month - 1);
  return iso({ year: Math.floor(back / 12), month: (back % 12) + 1, day: 1 });
}

export async function readKpis(
  deps: { store: KpiStore; policy: Policy; clock: () => Date; audit?: AuditTrail },
  actor: StaffActor,
  query: Record<string, string | undefined>,
): Promise<Outcome<{ table: KpiTable; format: 'json' | 'csv' }>> {
  if (actor.role !== 'supervisor') return audited(deps.audit, actor, 'read_kpis', undefined, refused('forbidden', 'KPIs are shown to supervisors.'));
  return audited(deps.audit, actor, 'read_kpis', undefined, await kpiTable(deps, query));
}

async function kpiTable(deps: { store: KpiStore; policy: Policy; clock: () => Date }, query: Record<string, string | undefined>): Promise<Outcome<{ table: KpiTable; format: 'json' | 'csv' }>> {
  const parsed = KpiQuerySchema.safeParse(query);
  if (!parsed.success) return refused('invalid', 'The query has invalid parameters; see errors.', fieldErrors(parsed.error.issues));
  const { period: grain, dimension, format } = parsed.data;
  const timeZone = calendarZone(deps.policy);
  // By default up to the current period, included: `to` is the local day after today.
  const today = parseLocal(periodAt('day', deps.clock(), timeZone).period);
  const to = parsed.data.to ?? iso(addDays(today, 1));
  const from = parsed.data.from ?? defaultFrom(grain, to);
  if (from >= to) return refused('invalid', '"from" must be before "to".', [{ field: 'to', message: 'must be after from' }]);
  const periods = periodsOf({ grain, from, to, timeZone });
  if (periods.length > MAX_PERIODS) return refused('invalid', `At most ${MAX_PERIODS} periods at once.`, [{ field: 'from', message: `the range holds ${periods.length} ${grain}s; at most ${MAX_PERIODS}` }]);
  const targets = kpiTargetsFor(deps.policy);
  const lines = kpiReport(await deps.store.kpiRows(periods), targets).filter((l) => l.dimension === dimension);
  return {
    ok: true,
    format,
    table: { policy: { name: deps.policy.name, version: deps.policy.version }, timeZone, grain, dimension, from, to, periods, targets, lines },
  };
}
