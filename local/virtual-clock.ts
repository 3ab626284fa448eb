// The local runtime's virtual clock: the whole process runs on @sinonjs/fake-timers with real time flowing, and `advance()` jumps forward, firing every timer that falls due on the way in order
// (Wait states, task timeouts, retry backoffs) and letting the work each one starts settle before moving on,
// so a handler that runs at "T+48h" sees T+48h in Date.now().
import FakeTimers from '@sinonjs/fake-timers';
import { Duration } from 'luxon';

/** Largest delay Node (and fake-timers) honour; a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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

/** The installed clock, with counters of the jumps so far. */
export type InstalledClock = VirtualClock & { stats(): JumpStats };

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
  /**
   * A jump fires the timers due within this many virtual ms of the earliest due one together, then lets their work
   * settle once (default 60 000: a minute). 0 fires one due time at a time. See `advance`.
   */
  batchWindowMs?: number;
  /** At most this many timers in one batch (default 64): bounds the work in flight at once, so each task's real latency stays short of its (virtual, flowing) timeout. */
  batchMaxTimers?: number;
}

/** What jumps have done so far (the scale bench reports it). */
export interface JumpStats {
  /** timers fired in the jumps' batches (those that real time flowing fires between batches are not counted) */
  timers: number;
  /** batches they were fired in (each followed by one settle) */
  batches: number;
  /** real ms spent waiting for the work the batches started */
  settleMs: number;
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
function routeTimers(clock: FakeClock, real: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout }, batchEnd: () => number | undefined): void {
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
    // While a jump fires a batch, a timer set by the batch's work counts its delay from the batch's end, as if the
    // work had started then: a task timeout set at the batch's first timer must not fire at its last one while the
    // task is still running (the batch's work has not settled yet).
    const end = batchEnd();
    const requested = Number(ms ?? 0);
    const delay = end !== undefined && requested > 0 ? requested + Math.max(end - clock.now, 0) : requested;
    if (!(delay > MAX_TIMER_MS)) return fakeSet(fn, delay === requested ? ms : delay, ...args);
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

export function installVirtualClock(options: InstallOptions = {}): InstalledClock {
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
  let firingUntil: number | undefined;
  routeTimers(clock, { setTimeout: realSetTimeout, clearTimeout: realClearTimeout }, () => firingUntil);
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
    // Bounded so a stuck handler cannot hang a jump forever: it gives up once the work in flight has not changed
    // for about 6 s (a batch's work on a busy machine may take longer than that in all, while still moving).
    await realDelay(0, realSetTimeout);
    let last = busy();
    let since = performance.now();
    for (let i = 0; ; i++) {
      const now = busy();
      if (now === 0) return;
      if (now !== last) {
        last = now;
        since = performance.now();
      } else if (i >= 5 && performance.now() - since > 6000) return;
      await realDelay(i < 5 ? 0 : 2, realSetTimeout);
    }
  }

  const window = Math.max(options.batchWindowMs ?? 60_000, 0);
  const maxTimers = Math.max(options.batchMaxTimers ?? 64, 1);
  const stats: JumpStats = { timers: 0, batches: 0, settleMs: 0 };

  /**
   * The end of the next batch: the earliest due time up to `limit`, widened by the window (never past `limit`), and
   * narrowed so that at most `maxTimers` timers fall in it. Undefined when nothing is due. Also says how many fire.
   */
  function nextBatch(limit: number): { end: number; count: number } | undefined {
    const timers = (clock as unknown as { timers?: Map<unknown, TimerLike> }).timers;
    const due: number[] = [];
    for (const t of timers?.values() ?? []) if (t.callAt <= limit) due.push(t.callAt);
    if (due.length === 0) return undefined;
    due.sort((a, b) => a - b);
    let end = Math.min(due[0]! + window, limit);
    let count = due.findIndex((at) => at > end);
    if (count === -1) count = due.length;
    if (count > maxTimers) {
      // Cut at the last due time that fits: timers due at the same instant are never split.
      end = due[maxTimers - 1]!;
      count = due.findIndex((at) => at > end);
      if (count === -1) count = due.length;
    }
    return { end, count };
  }

  /**
   * Fires every timer due up to `ms` from now. Timers due close together (within the window, up to the cap) fire in
   * one batch, in due order, each with Date.now() at its own due time; then the work they started (handlers, HTTP
   * requests) settles once before the next batch. One settle per batch instead of one per due time is what lets a
   * jump over thousands of waiting cases run their work side by side. The price: the work of one batch may read a
   * clock up to the window later than its timer's due time (as a slow Lambda would), never earlier; and the timers
   * that work sets while the batch fires count from the batch's end (routeTimers), so they fire at most a window late.
   * With a window of 0 this is the former one-due-time-at-a-time jump.
   */
  async function doAdvance(ms: number): Promise<number> {
    const target = clock.now + ms;
    await settle();
    for (;;) {
      const batch = nextBatch(target);
      if (batch === undefined) break;
      firingUntil = batch.end;
      try {
        await clock.tickAsync(Math.max(batch.end - clock.now, 0));
      } finally {
        firingUntil = undefined;
      }
      stats.timers += batch.count;
      stats.batches++;
      const t0 = performance.now();
      await settle();
      stats.settleMs += performance.now() - t0;
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
    stats: () => ({ ...stats }),
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
