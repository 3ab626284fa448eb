import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFactFiles } from '../../functions/analytics/local-fact-files';
import { KpiFactSchema, type KpiFact } from '../../functions/domain/kpi';
import type { LoadedFunction } from '../../local/lambda-runtime';
import { startSchedules } from '../../local/schedules';
import { readTemplate } from '../../local/template';
import { synthTemplate } from '../../infra/synth';
import { handComputedCases, vn } from '../domain/kpi/hand-computed-cases';

/**
 * The daily report under virtual time on the ITC policy (Ho Chi Minh City, UTC+7): the template's EventBridge
 * Scheduler schedules, run by the local scheduler, fire the daily one at 07:00 local (00:00 UTC), and the report it
 * sends covers the previous local day 00:00–24:00, so a case received at 23:59 is in it and one received at 00:01
 * the next day is not, though all three fall on the same UTC date. The handler runs as deployed: DuckDB over fact
 * files standing in for Athena, SES mocked at the SDK. (test/integration/local-report-schedule.test.ts runs the same
 * on the whole local stack, with the SES catcher.)
 */

const ses = mockClient(SESv2Client);
const s3 = mockClient(S3Client);
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
    REPORTS_BUCKET: 'redress-reports-test',
    PUBLIC_BASE_URL: 'https://redress.example',
    // The link to the kept report is signed locally (no call): any key pair signs.
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  ({ handler } = (await import('../../functions/analytics/scheduled-report')) as unknown as { handler: LoadedFunction['handler'] });
});

afterAll(async () => {
  vi.useRealTimers();
  await rm(root, { recursive: true, force: true });
});

const model = readTemplate(synthTemplate({ policyPreset: 'itc' }), { region: 'us-east-1', publicBaseUrl: 'http://127.0.0.1' });
const reportFunction = model.functions.find((f) => f.logicalId === 'SendKpiReportFunction')!;
/** The report function's schedules as the template declares them (daily, weekly, monthly in the policy's zone). */
const reportSchedules = model.schedules.filter((s) => s.functionLogicalId === reportFunction.logicalId);

describe('scheduled KPI reports on the virtual clock (Asia/Ho_Chi_Minh)', () => {
  it('fire at 07:00 local and mail the supervisors the previous local day (and, on the 1st, month), cases near midnight on the right side', async () => {
    // Prepare: 23:00 local on Mon 30 Nov (16:00 UTC); SES accepts.
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    // Time flows on after each jump, as on the local stack's clock: the S3 client keeping the report waits on timers of its own.
    vi.useFakeTimers({ now: Date.parse('2026-11-30T16:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    expect(reportSchedules.map((r) => [r.expression, r.timeZone, r.input])).toEqual([
      ['cron(0 7 * * ? *)', 'Asia/Ho_Chi_Minh', '{"grain":"day","scheduledTime":"<aws.scheduler.scheduled-time>"}'],
      ['cron(0 7 ? * MON *)', 'Asia/Ho_Chi_Minh', '{"grain":"week","scheduledTime":"<aws.scheduler.scheduled-time>"}'],
      ['cron(0 7 1 * ? *)', 'Asia/Ho_Chi_Minh', '{"grain":"month","scheduledTime":"<aws.scheduler.scheduled-time>"}'],
    ]);
    // Each run a schedule starts is kept, to wait for its end: a report (DuckDB over the fact files, the chart) takes
    // seconds alone and several times that on a loaded CI machine, so no fixed bound fits it.
    const runs: Promise<unknown>[] = [];
    const tracked: LoadedFunction['handler'] = (event, context) => {
      const run = Promise.resolve(handler(event, context));
      runs.push(run);
      return run;
    };
    const schedule = startSchedules(reportSchedules, new Map([[reportFunction.logicalId, { ...reportFunction, handler: tracked }]]), 'us-east-1', () => {});
    try {
      // Act: to 06:59 local nothing runs; at 07:00 local on Tue 1 Dec (00:00 UTC) the daily report goes, and
      // the monthly one (the 1st; both query the one DuckDB store at once).
      await vi.advanceTimersByTimeAsync(8 * 3_600_000 - 60_000);
      expect(runs).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(runs).toHaveLength(2);
      await Promise.all(runs);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    } finally {
      schedule.stop();
      vi.useRealTimers();
    }
    // Assess the daily mail: to the supervisors, about Mon 30 Nov local, two cases received (00:00 and 23:59), the CSV and the chart attached.
    const mails = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    const input = mails.find((m) => m.Content?.Simple?.Subject?.Data?.startsWith('Daily'))!;
    expect(input.Destination?.ToAddresses).toEqual(['supervisors@example.com']);
    expect(input.Content?.Simple?.Subject?.Data).toBe('Daily KPI report 2026-11-30');
    expect(input.Content?.Simple?.Body?.Text?.Data).toContain('Cases received: 2');
    const [attachment, png, chart] = input.Content?.Simple?.Attachments ?? [];
    expect(attachment).toMatchObject({ FileName: 'kpis-day-2026-11-30.csv', ContentType: 'text/csv' });
    // The chart inline as PNG (mail clients block SVG), shown by the HTML body; the SVG attached beside it.
    expect(png).toMatchObject({ FileName: 'kpis-day-2026-11-30.png', ContentType: 'image/png', ContentDisposition: 'INLINE', ContentId: 'kpi-chart' });
    expect(Buffer.from(png!.RawContent!).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(input.Content?.Simple?.Body?.Html?.Data).toContain('<img src="cid:kpi-chart"');
    expect(chart).toMatchObject({ FileName: 'kpis-day-2026-11-30.svg', ContentType: 'image/svg+xml' });
    expect(new TextDecoder().decode(chart!.RawContent)).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Kept in S3 under reports/<grain>/<period>/, the page linked from the mail.
    const kept = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(kept.filter((k) => k.Key!.startsWith('reports/day/2026-11-30/')).map((k) => k.Key)).toEqual(['reports/day/2026-11-30/index.html', 'reports/day/2026-11-30/kpis-day-2026-11-30.csv', 'reports/day/2026-11-30/chart.svg']);
    expect(kept.every((k) => k.Bucket === 'redress-reports-test')).toBe(true);
    // The mail links the console's report page (a lasting link behind the staff sign-in), not a presigned one.
    expect(input.Content?.Simple?.Body?.Text?.Data).toMatch(/^The report is kept at https:\/\/redress\.example\/console\/report\.html\?grain=day&period=2026-11-30$/m);
    const rows = parse(new TextDecoder().decode(attachment!.RawContent), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.dimension === 'all')).toMatchObject({ period: '2026-11-30', received: '2' });
    // The monthly mail: November local, the three cases received before 1 Dec 00:00 local.
    const monthly = mails.find((m) => m.Content?.Simple?.Subject?.Data?.startsWith('Monthly'))!;
    expect(monthly.Content?.Simple?.Subject?.Data).toBe('Monthly KPI report 2026-11-01');
    expect(monthly.Content?.Simple?.Body?.Text?.Data).toContain('Cases received: 3');
    // About 6 s alone; a clean-clone CI run took 32 s (then also running the monthly report again every ms: the
    // month's wait is beyond a timer's limit, now waited in steps by local/schedules.ts). DuckDB and the chart are CPU-bound.
  }, 120_000);
});
