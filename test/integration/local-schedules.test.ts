// EventBridge schedule expressions as the local runtime evaluates them (UTC, like EventBridge).
import { describe, expect, it } from 'vitest';
import { nextCron, nextRun } from '../../local/schedules';

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

  it('refuses what it does not understand', () => {
    expect(() => nextRun('every 5 minutes', 0, 0)).toThrow(/unsupported/);
    expect(() => nextRun('cron(0 12 * *)', 0, 0)).toThrow(/6 fields/);
  });
});
