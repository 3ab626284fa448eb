import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFactFiles } from '../../functions/analytics/local-fact-files';
import { DAILY_REPORT_LOCAL_HOUR } from '../../functions/analytics/send-kpi-report';
import { KpiFactSchema, type KpiFact } from '../../functions/domain/kpi';
import type { LoadedFunction } from '../../local/lambda-runtime';
import { startLocalTimeSchedule } from '../../local/schedules';
import { handComputedCases, vn } from '../domain/kpi/hand-computed-cases';

/**
 * The daily report under virtual time on the ITC policy (Ho Chi Minh City, UTC+7): the local schedule fires at
 * 07:00 local (00:00 UTC), and the report it sends covers the previous local day 00:00–24:00, so a case received at
 * 23:59 is in it and one received at 00:01 the next day is not, though all three fall on the same UTC date. The
 * handler runs as deployed: DuckDB over fact files standing in for Athena, SES mocked at the SDK.
 */

const ses = mockClient(SESv2Client);
let root: string;
let handler: LoadedFunction['handler'];

/** A fresh case received (and still open) at a local time, from the hand-computed case A's first fact. */
function receivedAt(id: string, local: string): KpiFact {
  const base = handComputedCases().A.facts[0]!;
  const at = vn(local).getTime();
  return KpiFactSchema.parse({ ...base, fact_id: `${id}#1`, case_id: id, as_of: new Date(at).toISOString(), as_of_ms: at, received_at: new Date(at).toISOString(), received_ms: at });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'redress-daily-report-'));
  await writeFactFiles(
    root,
    [receivedAt('c-midnight-start', '2026-11-30 00:00'), receivedAt('c-before-midnight', '2026-11-30 23:59'), receivedAt('c-after-midnight', '2026-12-01 00:01'), receivedAt('c-day-before', '2026-11-29 23:59')],
    'report',
  );
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    POLICY_PRESET: 'itc',
    KPI_FACTS_DIR: root,
    SENDER_ADDRESS: 'complaints@example.com',
    SES_CONFIGURATION_SET: 'redress-test',
    SUPERVISOR_ADDRESS: 'supervisors@example.com',
  });
  ({ handler } = (await import('../../functions/analytics/send-daily-report')) as unknown as { handler: LoadedFunction['handler'] });
});

afterAll(async () => {
  vi.useRealTimers();
  await rm(root, { recursive: true, force: true });
});

const fn = (): LoadedFunction => ({
  logicalId: 'SendDailyReportFunction',
  functionName: 'send-daily-report',
  arn: 'arn:aws:lambda:us-east-1:000000000000:function:send-daily-report',
  entry: 'functions/analytics/send-daily-report.ts',
  exportName: 'handler',
  environment: {},
  timeoutSeconds: 60,
  handler,
});

describe('daily KPI report on the virtual clock (Asia/Ho_Chi_Minh)', () => {
  it('fires at 07:00 local and mails the supervisors the previous local day, cases near midnight on the right side', async () => {
    // Prepare: 23:00 local on Mon 30 Nov (16:00 UTC); SES accepts.
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    vi.useFakeTimers({ now: Date.parse('2026-11-30T16:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const schedule = startLocalTimeSchedule({ fn: fn(), timeZone: 'Asia/Ho_Chi_Minh', hour: DAILY_REPORT_LOCAL_HOUR, log: () => {} });
    try {
      // Assess the plan: 07:00 local on 1 Dec is 00:00 UTC.
      expect(new Date(schedule.next()).toISOString()).toBe('2026-12-01T00:00:00.000Z');
      // Act: to 06:59 local nothing is sent; at 07:00 the report goes.
      await vi.advanceTimersByTimeAsync(8 * 3_600_000 - 60_000);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(() => expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1), { timeout: 20_000, interval: 50 });
    } finally {
      schedule.stop();
      vi.useRealTimers();
    }
    // Assess the mail: to the supervisors, about Mon 30 Nov local, two cases received (00:00 and 23:59), the CSV attached.
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Destination?.ToAddresses).toEqual(['supervisors@example.com']);
    expect(input.Content?.Simple?.Subject?.Data).toBe('Daily KPI report 2026-11-30');
    expect(input.Content?.Simple?.Body?.Text?.Data).toContain('Cases received: 2');
    const [attachment] = input.Content?.Simple?.Attachments ?? [];
    expect(attachment).toMatchObject({ FileName: 'kpis-day-2026-11-30.csv', ContentType: 'text/csv' });
    const rows = parse(new TextDecoder().decode(attachment!.RawContent), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.dimension === 'all')).toMatchObject({ period: '2026-11-30', received: '2' });
    // The next run is the next local morning.
    expect(new Date(schedule.next()).toISOString()).toBe('2026-12-02T00:00:00.000Z');
  });
});
