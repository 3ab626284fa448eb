import * as z from '../zod';
import { businessCalendar, type BusinessCalendar } from '../calendar/business-calendar';
import { plusLocalDays } from '../calendar/zoned-time';
import type { Channel, ClockName, ClockTargets, Policy, Target } from '../policy/schema';
import { PauseSchema, type Deadline, type Pause } from './deadline';

/**
 * SLA clocks: start, pause (with a reason), resume with the remaining time recomputed, stop.
 *
 * A clock holds a *budget*: the amount of its basis time (wall-clock ms for calendar targets, open ms of the
 * calendar for business targets) between its start and its first due instant. Pausing freezes the consumed part;
 * resuming adds what is left from the resume instant, on the same basis. So "48 hours, paused 5 hours" is due 53
 * hours after the start, and "3 business days, paused over a weekend" loses nothing for the weekend.
 *
 * The state is plain JSON (ISO strings) so it can live on the case and in Step Functions input.
 */

const instant = z.iso.datetime({ offset: true });

export const ClockStateSchema = z.strictObject({
    clock: z.string(),
    clause: z.string(),
    basis: z.enum(['calendar', 'business']),
    amount: z.number(),
    unit: z.enum(['minutes', 'hours', 'days']),
    calendar: z.string(),
    startedAt: instant,
    budgetMs: z.number().check(z.nonnegative()),
    consumedMs: z.number().check(z.nonnegative()),
    status: z.enum(['running', 'paused', 'stopped']),
    /** Start of the current running stretch (absent while paused or stopped). */
    runningSince: z.optional(instant),
    due: z.optional(instant),
    pauses: z.array(PauseSchema),
    stoppedAt: z.optional(instant),
    /** Set on stop: was the promise kept? */
    met: z.optional(z.boolean()),
  });
export type ClockState = z.infer<typeof ClockStateSchema>;

export interface CaseFacts {
  category: string;
  priority: string;
  channel: Channel;
}

type When = Date | string;
const toDate = (w: When): Date => {
  const d = typeof w === 'string' ? new Date(w) : w;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a valid instant: ${String(w)}`);
  return d;
};
export const iso = (d: Date): string => d.toISOString().replace(/\.000Z$/, 'Z');

/** The targets in force for a case: the policy's defaults, overridden by every matching rule in order. */
export function targetsFor(policy: Policy, facts: CaseFacts): ClockTargets {
  const matches = (values: string[] | undefined, value: string) => values === undefined || values.includes(value);
  return policy.sla.rules
    .filter((r) => matches(r.when.category, facts.category) && matches(r.when.priority, facts.priority) && matches(r.when.channel, facts.channel))
    .reduce<ClockTargets>((acc, r) => ({ ...acc, ...r.targets }), { ...policy.sla.defaults });
}

/**
 * The target a case gets for one clock, or undefined when the policy does not run that clock. A target without its
 * own calendar is measured on the calendar of the category's department when it has one (itc's 24/24 technical desk),
 * else on the policy's default calendar.
 */
export function clockTarget(policy: Policy, facts: CaseFacts, clock: ClockName): Target | undefined {
  const target = targetsFor(policy, facts)[clock];
  if (!target || target.calendar) return target;
  const department = policy.departments.find((d) => d.slug === policy.categories.find((c) => c.slug === facts.category)?.department);
  return department?.calendar ? { ...target, calendar: department.calendar } : target;
}

export function calendarOf(policy: Policy, name?: string): BusinessCalendar {
  const calendarName = name ?? policy.defaultCalendar;
  const spec = policy.calendars[calendarName];
  if (!spec) throw new Error(`policy "${policy.name}" has no calendar "${calendarName}"`);
  return businessCalendar(calendarName, spec);
}

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/** The first due instant of a target started at `start` (no pauses). */
export function dueFrom(policy: Policy, target: Target, start: Date): Date {
  const cal = calendarOf(policy, target.calendar);
  if (target.basis === 'business') {
    if (target.unit === 'days') return cal.addBusinessDays(start, target.amount);
    return cal.addBusinessMs(start, target.amount * UNIT_MS[target.unit]);
  }
  // Calendar days keep the local wall-clock time in the calendar's zone (a DST day is 23 or 25 hours long).
  if (target.unit === 'days') return new Date(plusLocalDays(start.getTime(), target.amount, cal.timeZone));
  return new Date(start.getTime() + target.amount * UNIT_MS[target.unit]);
}

/** Basis time between two instants: wall-clock ms, or the calendar's open ms. */
function measure(cal: BusinessCalendar, basis: Target['basis'], from: Date, to: Date): number {
  return basis === 'business' ? cal.businessMsBetween(from, to) : to.getTime() - from.getTime();
}

function advance(cal: BusinessCalendar, basis: Target['basis'], from: Date, ms: number): Date {
  return basis === 'business' ? cal.addBusinessMs(from, Math.max(0, ms)) : new Date(from.getTime() + Math.max(0, ms));
}

export function describeTarget(t: Pick<Target, 'amount' | 'unit' | 'basis'>): string {
  const unit = t.amount === 1 ? t.unit.replace(/s$/, '') : t.unit;
  return `${t.amount} ${t.basis === 'business' ? 'business ' : ''}${unit}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Mon 23 Nov 2026, 16:00 GMT+1" in the calendar's zone; one cached Intl formatter per zone (luxon's is ~50× slower). */
export function formatLocal(d: Date, zone: string): string {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
    formatters.set(zone, f);
  }
  const part: Record<string, string> = {};
  for (const p of f.formatToParts(d)) part[p.type] = p.value;
  return `${part.weekday} ${part.day} ${part.month} ${part.year}, ${part.hour}:${part.minute} ${part.timeZoneName}`;
}

function formatSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d && `${d} d`, h && `${h} h`, (m || (!d && !h)) && `${m} min`].filter(Boolean).join(' ');
}

const DAYS_SEMANTICS = 'whole open days starting at or after the start; due at the close of the last one';

/** The deadline a person reads on the case: due instant plus clause, calendar, basis, pauses and a sentence. */
export function toDeadline(policy: Policy, state: ClockState): Deadline {
  if (!state.due) throw new Error(`clock ${state.clock} is ${state.status}: it has no due instant`);
  const cal = calendarOf(policy, state.calendar);
  const due = new Date(state.due);
  const target = { amount: state.amount, unit: state.unit, basis: state.basis };
  const basisText =
    state.basis === 'business'
      ? `${describeTarget(target)} on the business calendar ${cal.describe()}${state.unit === 'days' ? ` (${DAYS_SEMANTICS})` : ', counted only while open'}`
      : `${describeTarget(target)} of calendar time${state.unit === 'days' ? ` (same local time in ${cal.timeZone})` : ''}`;
  const paused = state.pauses.filter((p) => p.to);
  const pausedText = paused.length
    ? `, plus ${paused.length} pause(s): ${paused.map((p) => `${p.reason} from ${formatLocal(new Date(p.from), cal.timeZone)} to ${formatLocal(new Date(p.to!), cal.timeZone)}`).join('; ')}; ${formatSpan(Math.max(0, state.budgetMs - state.consumedMs))} of ${state.basis} time remained at the last resume`
    : '';
  return {
    clock: state.clock,
    due: state.due,
    startedAt: state.startedAt,
    target,
    explanation: {
      clause: state.clause,
      calendar: state.calendar,
      basis: state.basis,
      pauses: state.pauses,
      text: `Due ${formatLocal(due, cal.timeZone)}: ${basisText}, from ${formatLocal(new Date(state.startedAt), cal.timeZone)}${pausedText}, as the policy promises ("${state.clause}").`,
    },
  };
}

/** Starts a clock for a given target at `start`. */
export function startClock(policy: Policy, clock: string, target: Target, start: When): ClockState {
  const at = toDate(start);
  const calendar = target.calendar ?? policy.defaultCalendar;
  const cal = calendarOf(policy, calendar);
  const due = dueFrom(policy, target, at);
  return {
    clock,
    clause: target.clause,
    basis: target.basis,
    amount: target.amount,
    unit: target.unit,
    calendar,
    startedAt: iso(at),
    budgetMs: measure(cal, target.basis, at, due),
    consumedMs: 0,
    status: 'running',
    runningSince: iso(at),
    due: iso(due),
    pauses: [],
  };
}

export interface ClockPlan {
  state: ClockState;
  deadline: Deadline;
}

/**
 * Starts the named clock for a case. Throws when the policy does not run that clock for the case
 * (use `clockTarget` first for optional clocks).
 */
export function planClock(policy: Policy, facts: CaseFacts, clock: ClockName, start: When): ClockPlan {
  const target = clockTarget(policy, facts, clock);
  if (!target) throw new Error(`policy "${policy.name}" sets no ${clock} target for category ${facts.category}, priority ${facts.priority}, channel ${facts.channel}`);
  const state = startClock(policy, clock, target, start);
  return { state, deadline: toDeadline(policy, state) };
}

/** Pauses a running clock (e.g. "waiting for the customer"); pausing a paused clock is an error, never a no-op. */
export function pauseClock(policy: Policy, state: ClockState, at: When, reason: string): ClockState {
  if (state.status !== 'running' || !state.runningSince) throw new Error(`clock ${state.clock} is ${state.status}; only a running clock can pause`);
  const when = toDate(at);
  const since = new Date(state.runningSince);
  if (when < since) throw new RangeError(`clock ${state.clock} cannot pause at ${iso(when)}, before it last started (${state.runningSince})`);
  const cal = calendarOf(policy, state.calendar);
  const { runningSince: _r, due: _d, ...rest } = state;
  return {
    ...rest,
    status: 'paused',
    consumedMs: state.consumedMs + measure(cal, state.basis, since, when),
    pauses: [...state.pauses, { from: iso(when), reason }],
  };
}

/** Resumes a paused clock: the remaining budget is added from `at`, on the clock's basis and calendar. */
export function resumeClock(policy: Policy, state: ClockState, at: When): ClockPlan {
  if (state.status !== 'paused') throw new Error(`clock ${state.clock} is ${state.status}; only a paused clock can resume`);
  const when = toDate(at);
  const open = state.pauses[state.pauses.length - 1]!;
  if (when < new Date(open.from)) throw new RangeError(`clock ${state.clock} cannot resume at ${iso(when)}, before its pause (${open.from})`);
  const cal = calendarOf(policy, state.calendar);
  const due = advance(cal, state.basis, when, state.budgetMs - state.consumedMs);
  const resumed: ClockState = {
    ...state,
    status: 'running',
    runningSince: iso(when),
    due: iso(due),
    pauses: [...state.pauses.slice(0, -1), { ...open, to: iso(when) }],
  };
  return { state: resumed, deadline: toDeadline(policy, resumed) };
}

/** Stops a clock and records whether the promise was kept (stopped at or before the due instant). */
export function stopClock(policy: Policy, state: ClockState, at: When): ClockState {
  if (state.status === 'stopped') throw new Error(`clock ${state.clock} is already stopped`);
  const when = toDate(at);
  const cal = calendarOf(policy, state.calendar);
  const consumed = state.status === 'running' && state.runningSince ? state.consumedMs + measure(cal, state.basis, new Date(state.runningSince), when) : state.consumedMs;
  const { runningSince: _r, ...rest } = state;
  return { ...rest, status: 'stopped', consumedMs: consumed, stoppedAt: iso(when), met: consumed <= state.budgetMs };
}

/** Whether a clock is breached at `now` (a paused clock cannot breach; a stopped one keeps its verdict). */
export function isBreached(state: ClockState, now: When): boolean {
  if (state.status === 'stopped') return state.met === false;
  if (state.status === 'paused') return state.consumedMs > state.budgetMs;
  return toDate(now).getTime() > new Date(state.due!).getTime();
}

/**
 * Whole seconds from `now` until `due`, at least 1: what a Step Functions `TimeoutSecondsPath` needs
 * (0 is rejected by the service, and an already-missed deadline should time out at once).
 */
export function secondsUntil(due: string | Date, now: When): number {
  return Math.max(1, Math.ceil((toDate(due).getTime() - toDate(now).getTime()) / 1000));
}

export type { Pause };
