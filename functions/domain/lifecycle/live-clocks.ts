import * as z from '../zod';
import { WEEKDAYS } from '../calendar/schema';
import { calendarZone, CLOCK_NAMES, ClockNameSchema, describeTarget, formatInstant, formatSpan, type Calendar, type ClockName, type ClockState, type Policy } from '../policy';
import type { LifecycleState } from './model';

/**
 * The live clocks of a case, as the case pages show them: what is running and when it is due, what is paused and
 * how much time is left, which promises were met and which were broken, and when. Read from the lifecycle state
 * the workflow keeps (never from the deadlines written at intake), so a pause, an escalation or a hand-over to the
 * Dispute Resolution Team shows at once. Pure: the caller passes the policy the case runs under and `now`.
 */

const instant = z.iso.datetime({ offset: true });

export const LiveClockStatusSchema = z.enum(['running', 'paused', 'met', 'breached', 'stopped']);
export type LiveClockStatus = z.infer<typeof LiveClockStatusSchema>;

export const LiveClockSchema = z.strictObject({
    clock: ClockNameSchema,
    /** For people: "First response", "Senior review answer", "Dispute Resolution Team update". */
    label: z.string(),
    status: LiveClockStatusSchema,
    /** When running: when it falls due; when breached: when it was due. */
    due: z.optional(instant),
    /** `due` in the calendar's zone for people, the zone named. */
    dueText: z.optional(z.string()),
    /** When paused: the budget left, in the clock's basis (open seconds of the calendar for business time). */
    remainingSeconds: z.optional(z.number().check(z.int(), z.nonnegative())),
    /** "2 business hours 30 minutes left, paused while we wait for you". */
    remainingText: z.optional(z.string()),
    /** When it was met, breached or stopped. */
    at: z.optional(instant),
    atText: z.optional(z.string()),
    /** The policy clause behind the clock. */
    clause: z.string(),
    /** The deadline's explanation: target, calendar, basis, pauses. */
    explanation: z.string(),
  }).register(z.globalRegistry, { id: 'LiveClock' });
export type LiveClock = z.infer<typeof LiveClockSchema>;

export const CLOCK_LABELS: Record<ClockName, string> = {
  acknowledgment: 'Acknowledgment',
  firstResponse: 'First response',
  nextReply: 'Reply to the latest message',
  periodicUpdate: 'Next progress update',
  infoRequest: 'Request for missing details',
  resolution: 'Resolution',
  silenceReminder: 'Reminder while waiting for an answer',
  silenceClose: 'Case closes without an answer',
  autoEscalation: 'Automatic escalation if unresolved',
  seniorResponse: 'Senior review answer',
  disputeUpdate: 'Dispute Resolution Team update',
  disputeDecision: 'Dispute Resolution Team decision',
  followUp: 'Satisfaction survey',
  followUpClose: 'Case closes unless the resolution is disputed',
  maxProcessing: 'Maximum processing time',
  nextIssue: 'Your next request, in turn after the previous one',
  payoutArrival: 'Withdrawal expected in your bank',
};

/**
 * Clocks that start something when they fall due (an escalation, a reminder, a survey, a closure) rather than
 * measure a promise: running out is their purpose, so they end "stopped", never "met" or "breached".
 */
const TIMERS: ReadonlySet<ClockName> = new Set(['autoEscalation', 'silenceReminder', 'silenceClose', 'followUp', 'followUpClose']);

/**
 * What the customer is shown. Every promise made to them, whatever became of it; of the timers, only those that
 * ask something of them or change their case while they run: the answer we wait for before closing
 * (`silenceClose`), the window to dispute a resolution (`followUpClose`), the automatic escalation
 * (`autoEscalation`). Left out: staff bookkeeping (`infoRequest`, a target for asking, not for answering them),
 * the reminder and survey timers.
 */
const CUSTOMER_PROMISES: ReadonlySet<ClockName> = new Set([
  'acknowledgment',
  'firstResponse',
  'nextReply',
  'periodicUpdate',
  'resolution',
  'maxProcessing',
  'seniorResponse',
  'disputeUpdate',
  'disputeDecision',
  'nextIssue',
  'payoutArrival',
]);
const CUSTOMER_TIMERS_WHILE_OPEN: ReadonlySet<ClockName> = new Set(['silenceClose', 'followUpClose', 'autoEscalation']);

export interface LiveClockOptions {
  /** Who reads: the customer sees only their clocks, in words addressed to them; staff see every clock. */
  audience?: 'customer' | 'staff';
  /** The language instants are written in; the policy's own by default. */
  language?: string;
}

const sameInstant = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b);

/** A clock stopped by an escalation or a closure was superseded: its promise was neither kept nor broken. */
function superseded(state: LifecycleState, c: ClockState): boolean {
  return state.escalations.some((e) => sameInstant(e.at, c.stoppedAt)) || sameInstant(state.closure?.at, c.stoppedAt);
}

/**
 * "lagos_office (Africa/Lagos: Mon–Fri 09:00–17:00, closed on NG public holidays)": the words of
 * `BusinessCalendar.describe`, from the settings alone (test/domain/lifecycle/live-clocks.test.ts keeps the two equal).
 */
export function describeCalendar(name: string, spec: Calendar | undefined): string {
  if (!spec) return name;
  if (spec.alwaysOpen) return `${name} (open 24/7, ${spec.timeZone})`;
  const groups: string[] = [];
  let run: { from: string; to: string; hours: string } | undefined;
  const flush = () => run && groups.push(`${run.from === run.to ? run.from : `${run.from}–${run.to}`} ${run.hours}`);
  for (const day of WEEKDAYS) {
    const hours = spec.weekly[day]?.map((i) => `${i.start}–${i.end}`).join(' + ') ?? '';
    const label = day[0]!.toUpperCase() + day.slice(1);
    if (run && hours && run.hours === hours) run.to = label;
    else {
      flush();
      run = hours ? { from: label, to: label, hours } : undefined;
    }
  }
  flush();
  const holidays = spec.holidays ? `, closed on ${spec.holidays.country}${spec.holidays.state ? `-${spec.holidays.state}` : ''} public holidays` : '';
  const closures = spec.closures.length ? `, ${spec.closures.length} company closure(s)` : '';
  return `${name} (${spec.timeZone}: ${groups.join(', ')}${holidays}${closures})`;
}

/**
 * The deadline's explanation: target, basis, calendar, start, pauses and clause, in English like the rest of the
 * case's wording, every instant in the one human form. Written from the clock state and the calendar's settings
 * alone (not with the business-calendar arithmetic), so the read-only case views bundle no date or holiday library.
 */
function explanation(policy: Policy, c: ClockState, remainingMs: number): string {
  const zone = calendarZone(policy, c.calendar);
  const human = (t: string) => formatInstant(t, zone, 'en');
  const target = describeTarget({ amount: c.amount, unit: c.unit, basis: c.basis });
  const basis =
    c.basis === 'business'
      ? `${target} on the business calendar ${describeCalendar(c.calendar, policy.calendars[c.calendar])}${c.unit === 'days' ? ' (whole open days starting at or after the start; due at the close of the last one)' : ', counted only while open'}`
      : `${target} of calendar time${c.unit === 'days' ? ` (same local time in ${zone})` : ''}`;
  const ended = c.pauses.filter((p) => p.to);
  const pauses = ended.length ? `; paused ${ended.map((p) => `${p.reason} from ${human(p.from)} to ${human(p.to!)}`).join('; ')}` : '';
  const open = c.status === 'paused' ? c.pauses[c.pauses.length - 1] : undefined;
  const now = open ? ` Paused since ${human(open.from)} (${open.reason}): ${formatSpan(remainingMs, c.basis)} of ${c.basis} time left, counted again from the end of the pause.` : '';
  const due = c.due && !open ? `Due ${human(c.due)}: ` : '';
  return `${due}${basis}, from ${human(c.startedAt)}${pauses}.${now} As the policy promises ("${c.clause}").`;
}

function pausedText(c: ClockState, remainingMs: number, audience: 'customer' | 'staff'): string {
  const reason = c.pauses[c.pauses.length - 1]?.reason ?? 'paused';
  const why = audience === 'customer' && reason === 'waiting for the customer' ? 'paused while we wait for you' : `paused: ${reason}`;
  return `${formatSpan(remainingMs, c.basis)} left, ${why}`;
}

/** One clock as the pages show it. */
function liveClock(state: LifecycleState, policy: Policy, now: Date, id: ClockName, c: ClockState, audience: 'customer' | 'staff', language: string): LiveClock {
  const zone = calendarZone(policy, c.calendar);
  const human = (t: string) => formatInstant(t, zone, language);
  const remainingMs = Math.max(0, c.budgetMs - c.consumedMs);
  const base = { clock: id, label: CLOCK_LABELS[id], clause: c.clause, explanation: explanation(policy, c, remainingMs) };
  const breached = (at: string): LiveClock => ({ ...base, status: 'breached', ...(c.due ? { due: c.due, dueText: human(c.due) } : {}), at, atText: human(at) });

  if (c.status === 'running') {
    // Overdue but not yet recorded (the workflow's timer fires at the due instant): already broken, say so.
    if (!TIMERS.has(id) && c.due && now.getTime() > Date.parse(c.due)) return breached(state.breaches[id] ?? c.due);
    return { ...base, status: 'running', ...(c.due ? { due: c.due, dueText: human(c.due) } : {}) };
  }
  if (c.status === 'paused') {
    return { ...base, status: 'paused', remainingSeconds: Math.floor(remainingMs / 1000), remainingText: pausedText(c, remainingMs, audience) };
  }
  const recorded = state.breaches[id];
  if (recorded) return breached(recorded);
  const at = c.stoppedAt ?? state.updatedAt;
  const stopped: LiveClock = { ...base, status: 'stopped', at, atText: human(at) };
  if (TIMERS.has(id)) return stopped;
  // Stopped after it was due: the promise was kept late, which is a broken promise all the same.
  if (c.met === false) return breached(c.due ?? at);
  if (superseded(state, c)) return stopped;
  return { ...stopped, status: 'met' };
}

/** Whether the customer is shown this clock (see CUSTOMER_PROMISES). */
function forCustomer(id: ClockName, clock: LiveClock): boolean {
  if (CUSTOMER_PROMISES.has(id)) return true;
  return CUSTOMER_TIMERS_WHILE_OPEN.has(id) && (clock.status === 'running' || clock.status === 'paused');
}

/**
 * Every clock of the case, in the order the policy model names them (acknowledgment, first response, …, the Dispute
 * Resolution Team, follow-up, maximum processing), each with its status: running (due), paused (remaining), met (when), breached (when), stopped (when, superseded or a timer
 * that did its work).
 */
export function liveClocks(state: LifecycleState, policy: Policy, now: Date, options: LiveClockOptions = {}): LiveClock[] {
  const audience = options.audience ?? 'staff';
  const language = options.language ?? policy.messages.language;
  return CLOCK_NAMES.flatMap((id) => {
    const c = state.clocks[id];
    if (!c) return [];
    const clock = liveClock(state, policy, now, id, c, audience, language);
    return audience === 'staff' || forCustomer(id, clock) ? [clock] : [];
  });
}
