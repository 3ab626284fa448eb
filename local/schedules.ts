// EventBridge schedule rules (AWS::Events::Rule with a ScheduleExpression and a Lambda target) on the virtual
// clock: rate(...) and cron(...) in UTC, invoking the target handler with the Scheduled Event AWS sends.
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { addDays, instantOf, localFields, type LocalDate } from '../functions/domain/calendar/zoned-time';
import { invoke, type LoadedFunction } from './lambda-runtime';
import { LOCAL_ACCOUNT, type LocalSchedule } from './template';

const UNIT_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

/**
 * During a clock jump a 5-minute schedule would run 576 times per virtual 48 h. While a jump is under way a
 * schedule therefore runs at most once per this many real ms; runs in between are skipped, and a schedule
 * that skipped any runs once more when the jump ends (EventBridge delivering late). At real speed nothing is
 * skipped.
 */
const MIN_REAL_GAP_MS = 250;

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

/** The next time (ms) strictly after `after` that an EventBridge cron (UTC, minute precision) fires. */
export function nextCron(expression: string, after: number): number {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`cron needs 6 fields: ${expression}`);
  const [mi, h, dom, mon, dow, yr] = fields;
  const minutes = cronField(mi, 0, 59);
  const hours = cronField(h, 0, 23);
  const days = cronField(dom, 1, 31);
  const months = cronField(mon, 1, 12, ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']);
  const weekdays = cronField(dow, 1, 7, ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']);
  const years = cronField(yr, 1970, 2199);
  const t = new Date(Math.floor(after / 60_000) * 60_000 + 60_000);
  for (let i = 0; i < 60 * 24 * 366 * 5; i++) {
    if (
      (!minutes || minutes.has(t.getUTCMinutes())) &&
      (!hours || hours.has(t.getUTCHours())) &&
      (!days || days.has(t.getUTCDate())) &&
      (!months || months.has(t.getUTCMonth() + 1)) &&
      (!weekdays || weekdays.has(t.getUTCDay() + 1)) &&
      (!years || years.has(t.getUTCFullYear()))
    ) {
      return t.getTime();
    }
    t.setTime(t.getTime() + 60_000);
  }
  throw new Error(`cron(${expression}) never fires`);
}

/** The next time after `after` a schedule expression fires; rate schedules count from `origin`. */
export function nextRun(expression: string, origin: number, after: number): number {
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (rate) {
    const period = Number(rate[1]) * UNIT_MS[rate[2]];
    return origin + (Math.floor((after - origin) / period) + 1) * period;
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) return nextCron(cron[1], after);
  throw new Error(`unsupported schedule expression ${expression}`);
}

/** The point after which the next run is looked for when `n` runs are skipped in a row. */
function nextRunAfterSkipping(expression: string, origin: number, now: number, n: number): number {
  let t = now;
  for (let i = 1; i < n; i++) t = nextRun(expression, origin, t);
  return t;
}

const JsonValue = z.json();

export interface ScheduleRunner {
  /** Before a clock jump. */
  beginJump(): void;
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
    const run = (now: number) => {
      const event = constant ?? {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: LOCAL_ACCOUNT,
        time: new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
        region,
        resources: [s.ruleArn],
        detail: {},
      };
      invoke(fn, event).catch((err: Error) => log(`[local] schedule ${s.logicalId} -> ${fn.entry} failed: ${err.name}`));
    };
    const arm = (after: number) => {
      if (stopped) return;
      const previous = timers.get(scheduleIndex);
      if (previous) clearTimeout(previous);
      let at: number;
      try {
        at = nextRun(s.expression, origin, after);
      } catch (err) {
        log(`[local] schedule ${s.logicalId} not run: ${(err as Error).message}`);
        return;
      }
      timers.set(scheduleIndex, setTimeout(() => {
        const now = Date.now();
        const realNow = performance.now();
        const skip = jumping && realNow - lastRealRun < MIN_REAL_GAP_MS;
        if (skip) skipped++;
        else {
          lastRealRun = realNow;
          skipAhead = 0;
          run(now);
        }
        if (skip) skipAhead = Math.min(Math.max(1, skipAhead * 2), 1024);
        arm(skip ? nextRunAfterSkipping(s.expression, origin, now, skipAhead) : now);
      }, Math.max(at - Date.now(), 0)));
    };
    arm(origin);
    rearm.push(() => {
      if (skipped > 0) run(Date.now());
      skipped = 0;
      skipAhead = 0;
      lastRealRun = -Infinity;
      arm(Date.now());
    });
    log(`[local] schedule ${s.expression} -> ${fn.entry}`);
  }
  return {
    beginJump: () => {
      jumping = true;
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

/**
 * A schedule at a wall-clock time in a time zone, as EventBridge Scheduler runs one with ScheduleExpressionTimezone
 * (the daily KPI report at 07:00 in the policy's zone): every local day at `hour`:`minute`, on the process's clock,
 * so a virtual-clock jump over several days runs it once per local day, in order. The template's
 * AWS::Scheduler::Schedule is not read here; the caller names the function and the local time.
 */
export function startLocalTimeSchedule(options: {
  fn: LoadedFunction;
  timeZone: string;
  hour: number;
  minute?: number;
  log: (line: string) => void;
}): { next(): number; stop(): void } {
  const { fn, timeZone, hour, minute = 0, log } = options;
  const nextAfter = (now: number) => {
    const today = localFields(now, timeZone);
    const at = (d: LocalDate) => instantOf(timeZone, { ...d, hour, minute });
    const candidate = at(today);
    return candidate > now ? candidate : at(addDays(today, 1));
  };
  let due = nextAfter(Date.now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(() => void run(), Math.max(0, due - Date.now()));
  };
  const run = async () => {
    const scheduledAt = due;
    due = nextAfter(scheduledAt);
    try {
      await invoke(fn, { scheduledTime: new Date(scheduledAt).toISOString(), timeZone });
    } catch (err) {
      log(`[local] schedule ${fn.logicalId} at ${new Date(scheduledAt).toISOString()} failed: ${(err as Error).message}`);
    }
    arm();
  };
  arm();
  return {
    next: () => due,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
