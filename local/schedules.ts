// EventBridge schedule rules (AWS::Events::Rule with a ScheduleExpression and a Lambda target) and EventBridge
// Scheduler schedules (AWS::Scheduler::Schedule, cron in their time zone) on the virtual clock: rate(...) and
// cron(...), invoking the target handler with the event AWS sends (a rule's Scheduled Event, a schedule's Input).
import { randomUUID } from 'node:crypto';
import * as z from '../functions/domain/zod';
import { instantOf, localFields } from '../functions/domain/calendar/zoned-time';
import { invoke, type LoadedFunction } from './lambda-runtime';
import { LOCAL_ACCOUNT, type LocalSchedule } from './template';
import { MAX_TIMER_MS } from './virtual-clock';

const UNIT_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

/**
 * During a clock jump a 5-minute schedule would run 576 times per virtual 48 h. While a jump is under way a
 * schedule therefore runs at most once per this many real ms; runs in between are skipped, and a schedule
 * that skipped any runs once more when the jump ends (EventBridge delivering late). At real speed nothing is
 * skipped.
 */
const MIN_REAL_GAP_MS = 250;

/**
 * A schedule in a time zone (a KPI report) runs at every firing inside a jump, so each local period is reported,
 * but only in the jump's last two virtual days: a report takes up to a second of real time, and a jump across a
 * year would otherwise run 400 of them. Earlier firings are skipped.
 */
const ZONED_CATCH_UP_MS = 2 * 86_400_000;

/** One cron field ("*", "5", "1-5", "0/15", "MON-FRI", "1,15", "?") as the set of values it allows. */
function cronField(text: string, min: number, max: number, names: string[] = []): Set<number> | undefined {
  if (text === '*' || text === '?') return undefined;
  const value = (t: string) => {
    const i = names.indexOf(t.toUpperCase());
    const n = i >= 0 ? i + min : Number(t);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`unsupported cron value ${t}`);
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const [from, to] = range === '*' ? [min, max] : range.includes('-') ? range.split('-').map(value) : [value(range), stepText === undefined ? value(range) : max];
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/**
 * The next time (ms) strictly after `after` that an EventBridge cron fires (minute precision): in UTC, as an
 * EventBridge rule runs it, or at wall-clock time in `timeZone`, as EventBridge Scheduler runs one with
 * ScheduleExpressionTimezone (07:00 stays 07:00 local across daylight-saving changes). The fields are matched on the
 * local wall clock, minute by minute, and the match is turned back into an instant.
 */
export function nextCron(expression: string, after: number, timeZone = 'UTC'): number {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`cron needs 6 fields: ${expression}`);
  const [mi, h, dom, mon, dow, yr] = fields;
  const minutes = cronField(mi, 0, 59);
  const hours = cronField(h, 0, 23);
  const days = cronField(dom, 1, 31);
  const months = cronField(mon, 1, 12, ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']);
  const weekdays = cronField(dow, 1, 7, ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']);
  const years = cronField(yr, 1970, 2199);
  // The wall clock as a UTC Date (its UTC fields are the local ones); the hour before `after` is covered too so a
  // repeated hour (clocks set back) is not missed, and only instants after `after` count.
  const local = localFields(after, timeZone);
  const t = new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) - 60 * 60_000);
  for (let i = 0; i < 60 * 24 * 366 * 5; i++) {
    if (
      (!minutes || minutes.has(t.getUTCMinutes())) &&
      (!hours || hours.has(t.getUTCHours())) &&
      (!days || days.has(t.getUTCDate())) &&
      (!months || months.has(t.getUTCMonth() + 1)) &&
      (!weekdays || weekdays.has(t.getUTCDay() + 1)) &&
      (!years || years.has(t.getUTCFullYear()))
    ) {
      const date = { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
      const at = timeZone === 'UTC' ? t.getTime() : instantOf(timeZone, { ...date, hour: t.getUTCHours(), minute: t.getUTCMinutes() });
      if (at > after) return at;
    }
    t.setTime(t.getTime() + 60_000);
  }
  throw new Error(`cron(${expression}) never fires`);
}

/** The next time after `after` a schedule expression fires; rate schedules count from `origin`, cron ones in `timeZone`. */
export function nextRun(expression: string, origin: number, after: number, timeZone?: string): number {
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (rate) {
    const period = Number(rate[1]) * UNIT_MS[rate[2]];
    return origin + (Math.floor((after - origin) / period) + 1) * period;
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) return nextCron(cron[1], after, timeZone);
  throw new Error(`unsupported schedule expression ${expression}`);
}

/** A Scheduler target's Input with the scheduled time (seconds, UTC, as Scheduler writes it) in place of its placeholder. */
function schedulerInput(input: string, scheduledAt: number): unknown {
  const time = new Date(Math.floor(scheduledAt / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return JSON.parse(input.replaceAll('<aws.scheduler.scheduled-time>', time)) as unknown;
}

/** The point after which the next run is looked for when `n` runs are skipped in a row. */
function nextRunAfterSkipping(expression: string, origin: number, now: number, n: number): number {
  let t = now;
  for (let i = 1; i < n; i++) t = nextRun(expression, origin, t);
  return t;
}

const JsonValue = z.json();

export interface ScheduleRunner {
  /** Before a clock jump to `until` (ms since the epoch). */
  beginJump(until: number): void;
  /** After a clock jump: a schedule that skipped runs runs once now; all go back to their regular next run. */
  resync(): void;
  stop(): void;
}

export function startSchedules(
  schedules: LocalSchedule[],
  functions: Map<string, LoadedFunction>,
  region: string,
  log: (line: string) => void,
): ScheduleRunner {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  const rearm: (() => void)[] = [];
  let stopped = false;
  let jumping = false;
  let jumpEnd = 0;
  for (const [scheduleIndex, s] of schedules.entries()) {
    const fn = functions.get(s.functionLogicalId);
    if (!fn) continue;
    let constant: unknown;
    if (s.input !== undefined) {
      try {
        const parsed = JsonValue.safeParse(JSON.parse(s.input));
        constant = parsed.success ? parsed.data : undefined;
      } catch {
        log(`[local] schedule ${s.logicalId}: target Input is not JSON; sending the Scheduled Event instead`);
      }
    }
    const origin = Date.now();
    let lastRealRun = -Infinity;
    // Consecutive skips look further ahead each time (1, 2, 4 … periods) so a long jump costs few timer fires.
    let skipAhead = 0;
    let skipped = 0;
    const run = (now: number, scheduledAt = now) => {
      // EventBridge Scheduler passes the target's Input alone (an empty object without one), with its context
      // attribute <aws.scheduler.scheduled-time> filled in; a rule sends its Scheduled Event.
      const scheduled = s.timeZone !== undefined && s.input !== undefined && constant !== undefined ? schedulerInput(s.input, scheduledAt) : undefined;
      const event = scheduled ?? constant ?? (s.timeZone !== undefined ? {} : {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: LOCAL_ACCOUNT,
        time: new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
        region,
        resources: [s.ruleArn],
        detail: {},
      });
      invoke(fn, event).catch((err: Error) => log(`[local] schedule ${s.logicalId} -> ${fn.entry} failed: ${err.name}`));
    };
    const arm = (after: number) => {
      if (stopped) return;
      const previous = timers.get(scheduleIndex);
      if (previous) clearTimeout(previous);
      let at: number;
      try {
        at = nextRun(s.expression, origin, after, s.timeZone);
      } catch (err) {
        log(`[local] schedule ${s.logicalId} not run: ${(err as Error).message}`);
        return;
      }
      const fire = () => {
        const now = Date.now();
        const realNow = performance.now();
        const zoned = s.timeZone !== undefined;
        const skip = jumping && (zoned ? at < jumpEnd - ZONED_CATCH_UP_MS : realNow - lastRealRun < MIN_REAL_GAP_MS);
        if (skip) skipped++;
        else {
          lastRealRun = realNow;
          skipAhead = 0;
          run(now, at);
        }
        if (skip && !zoned) skipAhead = Math.min(Math.max(1, skipAhead * 2), 1024);
        arm(skip && !zoned ? nextRunAfterSkipping(s.expression, origin, now, skipAhead) : now);
      };
      // Node and fake timers fire a delay beyond 2^31-1 ms (24.8 days) after 1 ms: without steps, a monthly report's
      // next month would be sent again at once, over and over.
      const wait = () => {
        const delay = at - Date.now();
        timers.set(scheduleIndex, delay > MAX_TIMER_MS ? setTimeout(wait, MAX_TIMER_MS) : setTimeout(fire, Math.max(delay, 0)));
      };
      wait();
    };
    arm(origin);
    rearm.push(() => {
      // A zoned schedule already ran for the jump's last days: a run now would report the same period twice.
      if (skipped > 0 && s.timeZone === undefined) run(Date.now());
      skipped = 0;
      skipAhead = 0;
      lastRealRun = -Infinity;
      arm(Date.now());
    });
    log(`[local] schedule ${s.expression}${s.timeZone ? ` ${s.timeZone}` : ''} -> ${fn.entry}`);
  }
  return {
    beginJump: (until: number) => {
      jumping = true;
      jumpEnd = until;
    },
    resync: () => {
      jumping = false;
      for (const r of rearm) r();
    },
    stop: () => {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
    },
  };
}
