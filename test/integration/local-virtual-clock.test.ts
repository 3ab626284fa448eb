// The local runtime's virtual clock on its own: durations, jumps that fire timers in order with Date.now()
// at each timer's due time, delays beyond 2^31-1 ms, waiting for work a timer started, transport timers.
import { afterEach, describe, expect, it } from 'vitest';
import { installVirtualClock, parseDuration, type InstalledClock } from '../../local/virtual-clock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let clock: InstalledClock | undefined;

afterEach(() => {
  clock?.uninstall();
  clock = undefined;
});

describe('parseDuration', () => {
  it.each([
    ['PT48H', 48 * HOUR],
    ['P5D', 5 * DAY],
    ['P1DT12H', 36 * HOUR],
    ['+48h', 48 * HOUR],
    ['2d3h', 2 * DAY + 3 * HOUR],
    ['90m', 90 * 60_000],
    ['1w', 7 * DAY],
    ['1500ms', 1500],
    ['3600', HOUR],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['soon', '', '5x', 'h48', 'P'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(RangeError);
  });
});

describe('installVirtualClock', () => {
  it('fires due timers in order during a jump, each seeing its own due time in Date.now()', async () => {
    clock = installVirtualClock();
    const start = Date.now();
    const seen: [string, number][] = [];
    setTimeout(() => seen.push(['48h', Date.now() - start]), 48 * HOUR);
    setTimeout(() => seen.push(['1h', Date.now() - start]), HOUR);
    setTimeout(() => seen.push(['72h', Date.now() - start]), 72 * HOUR);
    await clock.advance(48 * HOUR);
    expect(seen.map(([name]) => name)).toEqual(['1h', '48h']);
    expect(seen[0][1]).toBeGreaterThanOrEqual(HOUR);
    expect(seen[0][1]).toBeLessThan(HOUR + 1000);
    expect(seen[1][1]).toBeGreaterThanOrEqual(48 * HOUR);
    expect(seen[1][1]).toBeLessThan(48 * HOUR + 1000);
  });

  it('waits 30 days for a 30-day timer instead of firing it at once (beyond 2^31-1 ms)', async () => {
    clock = installVirtualClock();
    let fired = 0;
    const handle = setTimeout(() => fired++, 30 * DAY);
    const cleared = setTimeout(() => fired += 100, 40 * DAY);
    clearTimeout(cleared);
    await clock.advance(DAY / 24);
    expect(fired).toBe(0);
    await clock.advance(28 * DAY);
    expect(fired).toBe(0);
    await clock.advance(2 * DAY);
    expect(fired).toBe(1);
    await clock.advance(20 * DAY);
    expect(fired).toBe(1);
    void handle;
  });

  it('lets the work a timer starts finish before moving on to the next timer', async () => {
    let busy = 0;
    clock = installVirtualClock({ busy: () => busy });
    const start = Date.now();
    const order: string[] = [];
    setTimeout(() => {
      busy++;
      // Real I/O-like work: finishes on a macrotask, not a microtask.
      setImmediate(() =>
        setImmediate(() => {
          order.push(`work done at ${Math.round((Date.now() - start) / HOUR)}h`);
          busy--;
        }),
      );
    }, HOUR);
    setTimeout(() => order.push(`next timer at ${Math.round((Date.now() - start) / HOUR)}h`), 2 * HOUR);
    await clock.advance(3 * HOUR);
    expect(order).toEqual(['work done at 1h', 'next timer at 2h']);
  });

  it('fires timers due close together in one batch, each at its own due time, and settles once per batch', async () => {
    clock = installVirtualClock({ batchWindowMs: 60_000, batchMaxTimers: 512 });
    const start = Date.now();
    const seen: number[] = [];
    // 300 waiting cases whose deadlines fall within 30 s of each other, and one an hour later.
    for (let i = 0; i < 300; i++) setTimeout(() => seen.push(Date.now() - start), HOUR + i * 100);
    setTimeout(() => seen.push(Date.now() - start), 2 * HOUR);
    await clock.advance(3 * HOUR);
    expect(seen).toHaveLength(301);
    for (let i = 0; i < 300; i++) {
      expect(seen[i]).toBeGreaterThanOrEqual(HOUR + i * 100);
      expect(seen[i]).toBeLessThan(HOUR + i * 100 + 1000);
    }
    expect(clock.stats()).toMatchObject({ timers: 301, batches: 2 });
  });

  it("caps a batch, and a timer set by a batch's work counts from the batch's end (a task timeout waits for the task)", async () => {
    let busy = 0;
    clock = installVirtualClock({ busy: () => busy, batchWindowMs: 60_000, batchMaxTimers: 100 });
    const start = Date.now();
    const order: string[] = [];
    for (let i = 0; i < 250; i++) setTimeout(() => undefined, HOUR + i);
    // A "task" starts at T+1h+10s with a 20 s timeout and takes a few macrotasks of real work: its timeout is due
    // inside the batch's window, yet must fire only after the work settled, and at most a window late.
    setTimeout(() => {
      busy++;
      const timeout = setTimeout(() => order.push(`timeout at ${Math.round((Date.now() - start - HOUR) / 1000)}s`), 20_000);
      setImmediate(() =>
        setImmediate(() => {
          order.push('task done');
          busy--;
          void timeout;
        }),
      );
    }, HOUR + 10_000);
    await clock.advance(2 * HOUR);
    expect(order[0]).toBe('task done');
    const late = Number(/timeout at (\d+)s/.exec(order[1] ?? '')?.[1]);
    expect(late).toBeGreaterThanOrEqual(30);
    expect(late).toBeLessThanOrEqual(10 + 20 + 60);
    // 252 timers, at most 100 a batch (real time flowing between batches may fire a few of these 1 ms-apart ones itself).
    expect(clock.stats().batches).toBeGreaterThanOrEqual(3);
  });

  it('keeps real time flowing and starts ahead by a restored offset', async () => {
    clock = installVirtualClock({ offsetMs: 5 * DAY });
    expect(clock.offset()).toBeGreaterThanOrEqual(5 * DAY - 50);
    const before = clock.now();
    await new Promise<void>((resolve) => setTimeout(resolve, 60));
    expect(clock.now() - before).toBeGreaterThanOrEqual(50);
  });

  it('restores the real timers on uninstall', () => {
    const realSetTimeout = globalThis.setTimeout;
    clock = installVirtualClock();
    expect(globalThis.setTimeout).not.toBe(realSetTimeout);
    clock.uninstall();
    clock = undefined;
    expect(globalThis.setTimeout).toBe(realSetTimeout);
  });

  it('refuses a negative jump', async () => {
    clock = installVirtualClock();
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
  });
});
