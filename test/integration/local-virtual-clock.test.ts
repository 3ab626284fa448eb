// The local runtime's virtual clock on its own: durations, jumps that fire timers in order with Date.now()
// at each timer's due time, delays beyond 2^31-1 ms, waiting for work a timer started, transport timers.
import { afterEach, describe, expect, it } from 'vitest';
import { installVirtualClock, parseDuration, type VirtualClock } from '../../local/virtual-clock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let clock: VirtualClock | undefined;

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

  it('keeps real time flowing and starts ahead by a restored offset', async () => {
    // Ahead by the offset, less the real time since the install (a loaded machine may pause this process for a while).
    const installing = performance.now();
    clock = installVirtualClock({ offsetMs: 5 * DAY });
    const offset = clock.offset();
    expect(offset).toBeLessThanOrEqual(5 * DAY);
    expect(offset).toBeGreaterThanOrEqual(5 * DAY - Math.ceil(performance.now() - installing) - 1);
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
