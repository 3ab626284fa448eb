// EventBridge schedule expressions as the local runtime evaluates them (UTC, like EventBridge).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoadedFunction } from '../../local/lambda-runtime';
import { nextCron, nextRun, startSchedules } from '../../local/schedules';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('nextRun', () => {
  it('counts rate schedules from their start', () => {
    const origin = at('2026-11-23T10:00:00Z');
    expect(iso(nextRun('rate(5 minutes)', origin, origin))).toBe('2026-11-23T10:05:00.000Z');
    expect(iso(nextRun('rate(5 minutes)', origin, at('2026-11-23T10:07:00Z')))).toBe('2026-11-23T10:10:00.000Z');
    expect(iso(nextRun('rate(1 hour)', origin, origin))).toBe('2026-11-23T11:00:00.000Z');
    expect(iso(nextRun('rate(2 days)', origin, origin))).toBe('2026-11-25T10:00:00.000Z');
  });

  it('evaluates cron expressions in UTC', () => {
    // Weekdays at 08:30 UTC: from Friday evening the next is Monday.
    expect(iso(nextCron('30 8 ? * MON-FRI *', at('2026-11-27T18:00:00Z')))).toBe('2026-11-30T08:30:00.000Z');
    expect(iso(nextCron('0/15 * * * ? *', at('2026-11-23T10:07:00Z')))).toBe('2026-11-23T10:15:00.000Z');
    expect(iso(nextCron('0 0 1 * ? *', at('2026-11-23T10:00:00Z')))).toBe('2026-12-01T00:00:00.000Z');
    expect(iso(nextRun('cron(0 12 * * ? *)', 0, at('2026-11-23T12:00:00Z')))).toBe('2026-11-24T12:00:00.000Z');
  });

  it('evaluates a Scheduler cron on the wall clock of its time zone, across daylight-saving changes', () => {
    // 07:00 in Ho Chi Minh City (UTC+7) is midnight UTC; from 06:59 local the next run is a minute later.
    expect(iso(nextRun('cron(0 7 * * ? *)', 0, at('2026-11-30T23:59:00Z'), 'Asia/Ho_Chi_Minh'))).toBe('2026-12-01T00:00:00.000Z');
    expect(iso(nextRun('cron(0 7 * * ? *)', 0, at('2026-12-01T00:00:00Z'), 'Asia/Ho_Chi_Minh'))).toBe('2026-12-02T00:00:00.000Z');
    // Mondays and the 1st, local: Mon 7 Dec 07:00 and 1 Jan 07:00 local are still the day before in UTC.
    expect(iso(nextRun('cron(0 7 ? * MON *)', 0, at('2026-12-01T00:00:00Z'), 'Asia/Ho_Chi_Minh'))).toBe('2026-12-07T00:00:00.000Z');
    expect(iso(nextRun('cron(0 7 1 * ? *)', 0, at('2026-12-01T00:00:00Z'), 'Asia/Ho_Chi_Minh'))).toBe('2027-01-01T00:00:00.000Z');
    expect(iso(nextRun('cron(0 7 1 * ? *)', 0, at('2026-12-31T23:00:00Z'), 'Asia/Ho_Chi_Minh'))).toBe('2027-01-01T00:00:00.000Z');
    // 07:00 in Berlin is 06:00 UTC in winter and 05:00 UTC in summer (clocks forward on 29 Mar 2026).
    expect(iso(nextRun('cron(0 7 * * ? *)', 0, at('2026-03-28T12:00:00Z'), 'Europe/Berlin'))).toBe('2026-03-29T05:00:00.000Z');
    expect(iso(nextRun('cron(0 7 * * ? *)', 0, at('2026-03-27T12:00:00Z'), 'Europe/Berlin'))).toBe('2026-03-28T06:00:00.000Z');
  });

  it('refuses what it does not understand', () => {
    expect(() => nextRun('every 5 minutes', 0, 0)).toThrow(/unsupported/);
    expect(() => nextRun('cron(0 12 * *)', 0, 0)).toThrow(/6 fields/);
  });
});

describe('startSchedules', () => {
  afterEach(() => vi.useRealTimers());

  it('runs a monthly schedule once a month, though a month is longer than a timer can wait', async () => {
    // A delay beyond 2^31-1 ms (24.8 days) fires after 1 ms in Node and in fake timers.
    vi.useFakeTimers({ now: at('2026-11-30T12:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const runs: string[] = [];
    const fn = { logicalId: 'Report', entry: 'report.ts', handler: async (event: unknown) => void runs.push((event as { scheduledTime: string }).scheduledTime) } as unknown as LoadedFunction;
    const schedule = { logicalId: 'Monthly', ruleArn: 'arn:aws:scheduler:::schedule/monthly', expression: 'cron(0 7 1 * ? *)', functionLogicalId: 'Report', input: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}', timeZone: 'Asia/Ho_Chi_Minh' };
    const runner = startSchedules([schedule], new Map([['Report', fn]]), 'us-east-1', () => {});
    try {
      await vi.advanceTimersByTimeAsync(70 * 86_400_000);
    } finally {
      runner.stop();
    }
    expect(runs).toEqual(['2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z']);
  });
});
