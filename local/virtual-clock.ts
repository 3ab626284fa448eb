// The local runtime's virtual clock: the whole process runs on @sinonjs/fake-timers with real time flowing, and `advance()` jumps forward, firing every timer that falls due on the way in order
// (Wait states, task timeouts, retry backoffs) and letting the work each one starts settle before moving on,
// so a handler that runs at "T+48h" sees T+48h in Date.now().
import FakeTimers from '@sinonjs/fake-timers';
import { Duration } from 'luxon';

/** Largest delay Node (and fake-timers) honour; a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface VirtualClock {
  /** Virtual now, epoch ms. */
  now(): number;
  /** Jumps forward by `ms`, firing due timers in order. Resolves with the new virtual time. */
  advance(ms: number): Promise<number>;
  /** How far virtual time is ahead of real time, ms. */
  offset(): number;
  /** Restores the real timers. */
  uninstall(): void;
}

type FakeClock = ReturnType<typeof FakeTimers.install>;
interface TimerLike {
  callAt: number;
}

/** Something that knows whether work started by a timer is still running (handlers, HTTP requests). */
export type BusyProbe = () => number;

export interface InstallOptions {
  /** Start the virtual clock this far ahead of real time (restored from the data directory). */
  offsetMs?: number;
  /** Returns how many units of work are in flight; advance() waits for 0 between timers. */
  busy?: BusyProbe;
  /** Real ms between automatic advances (how coarse "real time flows" is). */
  tickMs?: number;
}

/**
 * Transport timeouts of HTTP clients (undici behind fetch, the AWS SDK's HTTP handler) measure how long a
 * socket has been silent, which is real time: on the virtual clock a jump would fire them on every request
 * in flight ("Headers Timeout Error"), and undici's 1 s housekeeping timer would make a 48 h jump fire
 * 172,800 times. Timers created from those modules stay on the real clock.
 */
const REAL_TIME_CALLERS = /undici|@smithy[\\/]node-http-handler|node:internal\/deps/;

function createdByTransport(): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 8;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, createdByTransport);
  Error.stackTraceLimit = limit;
  return REAL_TIME_CALLERS.test(holder.stack ?? '');
}

/**
 * Routes `setTimeout`: transport timeouts to the real clock, everything else to the virtual clock, where
 * delays beyond 2^31-1 ms are honoured by chaining shorter timers (a 30-day wait waits 30 days instead of
 * firing at once, as both Node and fake-timers would do).
 */
function routeTimers(clock: FakeClock, real: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout }): void {
  const fakeSet = globalThis.setTimeout;
  const fakeClear = globalThis.clearTimeout;
  type Handle = ReturnType<typeof setTimeout>;
  const realHandles = new WeakSet<object>();
  class LongTimer {
    current: Handle;
    refd = true;
    constructor(
      private readonly fireAt: number,
      private readonly fire: () => void,
    ) {
      this.current = this.schedule();
    }
    private schedule(): Handle {
      const remaining = this.fireAt - clock.now;
      const step = Math.min(Math.max(remaining, 0), MAX_TIMER_MS);
      const h = fakeSet(() => {
        if (this.fireAt - clock.now > 0) this.current = this.schedule();
        else this.fire();
      }, step);
      if (!this.refd) (h as { unref?: () => void }).unref?.();
      return h;
    }
    ref(): this {
      this.refd = true;
      (this.current as { ref?: () => void }).ref?.();
      return this;
    }
    unref(): this {
      this.refd = false;
      (this.current as { unref?: () => void }).unref?.();
      return this;
    }
    hasRef(): boolean {
      return this.refd;
    }
    refresh(): this {
      return this;
    }
    [Symbol.toPrimitive](): number {
      return Number(this.current);
    }
  }
  const routedSet = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (createdByTransport()) {
      const h = real.setTimeout(fn, ms, ...args);
      realHandles.add(h);
      return h;
    }
    const delay = Number(ms ?? 0);
    if (!(delay > MAX_TIMER_MS)) return fakeSet(fn, ms, ...args);
    return new LongTimer(clock.now + delay, () => fn(...args)) as unknown as Handle;
  }) as typeof setTimeout;
  const routedClear = ((h?: Handle | LongTimer | string | number) => {
    if (h instanceof LongTimer) fakeClear(h.current);
    else if (typeof h === 'object' && h !== null && realHandles.has(h)) real.clearTimeout(h as Handle);
    else fakeClear(h as Handle);
  }) as typeof clearTimeout;
  globalThis.setTimeout = Object.assign(routedSet, { __promisify__: (fakeSet as { __promisify__?: unknown }).__promisify__ }) as typeof setTimeout;
  globalThis.clearTimeout = routedClear;
}

/** Real-time sleep that the fake clock cannot intercept. */
export function realDelay(ms: number, realSetTimeout: typeof setTimeout): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

export function installVirtualClock(options: InstallOptions = {}): VirtualClock {
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const realSetInterval = globalThis.setInterval;
  const realClearInterval = globalThis.clearInterval;
  const realNow = Date.now;
  const clock = FakeTimers.install({
    now: realNow() + (options.offsetMs ?? 0),
    // Only timers and Date: faking setImmediate/nextTick/hrtime would slow every I/O callback down to the tick.
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    loopLimit: 1_000_000,
    // Timers created before the clock went in (SDK internals) may be cleared after: clear them for real.
    shouldClearNativeTimers: true,
  });
  routeTimers(clock, { setTimeout: realSetTimeout, clearTimeout: realClearTimeout });
  // Real time flows: every few ms the clock moves by the real time that actually elapsed. (fake-timers'
  // shouldAdvanceTime adds a fixed delta per interval, which falls behind when the machine is busy.)
  let lastReal = performance.now();
  const flow = realSetInterval(() => {
    const nowReal = performance.now();
    const delta = Math.floor(nowReal - lastReal);
    if (delta <= 0) return;
    lastReal += delta;
    clock.tick(delta);
  }, options.tickMs ?? 10);
  flow.unref();
  const busy = options.busy ?? (() => 0);
  let advancing: Promise<number> = Promise.resolve(0);

  async function settle(): Promise<void> {
    // Let the work a timer started (a handler talking to DynamoDB, the next state) finish before time moves on.
    // One macrotask turn lets promise chains reach their I/O; then wait while anything tracked is in flight.
    // Bounded so a stuck handler cannot hang a jump forever.
    await realDelay(0, realSetTimeout);
    for (let i = 0; i < 3000 && busy() > 0; i++) await realDelay(i < 5 ? 0 : 2, realSetTimeout);
  }

  function nextDue(limit: number): number | undefined {
    const timers = (clock as unknown as { timers?: Map<unknown, TimerLike> }).timers;
    let next: number | undefined;
    for (const t of timers?.values() ?? []) {
      if (t.callAt <= limit && (next === undefined || t.callAt < next)) next = t.callAt;
    }
    return next;
  }

  async function doAdvance(ms: number): Promise<number> {
    const target = clock.now + ms;
    await settle();
    for (;;) {
      const due = nextDue(target);
      if (due === undefined) break;
      await clock.tickAsync(Math.max(due - clock.now, 0));
      await settle();
    }
    if (target > clock.now) await clock.tickAsync(target - clock.now);
    await settle();
    return clock.now;
  }

  return {
    now: () => clock.now,
    advance(ms: number): Promise<number> {
      if (!Number.isFinite(ms) || ms < 0) return Promise.reject(new RangeError('advance needs a non-negative duration'));
      // Jumps queue behind each other so two callers never interleave their timers.
      advancing = advancing.then(() => doAdvance(ms), () => doAdvance(ms));
      return advancing;
    },
    offset: () => clock.now - realNow(),
    uninstall: () => {
      realClearInterval(flow);
      clock.uninstall();
    },
  };
}

/**
 * Parses "PT48H" / "P5D" (ISO 8601), "+48h", "90m", "2d3h", "1w", "3600s", "1500ms" or a bare number of
 * seconds into milliseconds.
 */
export function parseDuration(text: string): number {
  const t = text.trim().replace(/^\+/, '');
  if (/^P/i.test(t)) {
    const d = Duration.fromISO(t.toUpperCase());
    // Luxon accepts a bare "P" as zero; a duration must name at least one component.
    if (!d.isValid || !/^P(\d|T\d)/i.test(t)) throw new RangeError(`not an ISO 8601 duration: ${text}`);
    return d.as('milliseconds');
  }
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * unit[m[2]];
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== t.length) throw new RangeError(`not a duration: ${text} (try +48h, 5d, PT48H)`);
  return total;
}
