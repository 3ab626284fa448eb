// The scheduled KPI report on the whole local stack, on its virtual clock: the ITC policy (Vietnamese calendar,
// Asia/Ho_Chi_Minh). Two complaints are filed over HTTP either side of local midnight, the clock jumps to the next
// morning with their workflows running, and the template's daily Scheduler schedule fires at 07:00 local: the
// report in the SES catcher covers the previous local day, so it counts the complaint filed at 23:58 and not the one
// filed at 00:01. The facts come from the change stream; DuckDB queries them inside the jump.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, instantOf, localFields } from '../../functions/domain/calendar/zoned-time';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { eventually } from './local-helpers';

const ZONE = 'Asia/Ho_Chi_Minh';
const MINUTE = 60_000;
let stack: LocalStack;
let factsDir: string;

beforeAll(async () => {
  factsDir = await mkdtemp(join(tmpdir(), 'redress-report-schedule-'));
  process.env.KPI_FACTS_DIR = factsDir;
  stack = await startLocalStack({ ports: 0, inMemory: true, policy: 'itc', log: () => {} });
});

afterAll(async () => {
  await stack?.stop();
  delete process.env.KPI_FACTS_DIR;
  await rm(factsDir, { recursive: true, force: true });
});

interface CaughtEmail {
  subject: string;
  destination?: { to?: string[] };
  body?: { text?: string };
  attachments?: { filename?: string; content?: string }[];
}
const caught = async () => ((await (await fetch(stack.urls.sesStore)).json()) as { emails: CaughtEmail[] }).emails;

async function file(subject: string): Promise<void> {
  const res = await fetch(`${stack.urls.api}/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer: { name: 'Tran Thi Binh', email: 'binh@example.com' }, category: 'product_guidance', subject, description: 'Please explain how to configure the service.' }),
  });
  expect(res.status).toBe(201);
}

/** Jumps the stack's clock to an instant (forward only). */
const jumpTo = (at: number) => stack.clock.advance(Math.max(at - stack.clock.now(), 0));
const isoDate = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

describe('the daily KPI report on the local stack (Asia/Ho_Chi_Minh)', () => {
  it('fires at 07:00 local inside a clock jump and covers the previous local day, complaints near midnight on the right side', async () => {
    // Prepare: the next 23:58 local, a complaint then and one at 00:01.
    const today = localFields(stack.clock.now(), ZONE);
    let lateEvening = instantOf(ZONE, { ...today, hour: 23, minute: 58 });
    if (lateEvening <= stack.clock.now() + MINUTE) lateEvening = instantOf(ZONE, { ...addDays(today, 1), hour: 23, minute: 58 });
    const day = localFields(lateEvening, ZONE);
    const nextDay = addDays(day, 1);
    await jumpTo(lateEvening);
    await file('Before midnight');
    await jumpTo(instantOf(ZONE, { ...nextDay, hour: 0, minute: 1 }));
    await file('After midnight');
    const before = (await caught()).length;

    // Act: jump to 07:01 local; the workflows of both complaints run on the way.
    await jumpTo(instantOf(ZONE, { ...nextDay, hour: 7, minute: 1 }));

    // Assess: the daily report of the local day of the 23:58 complaint counts it alone.
    const subject = `Daily KPI report ${isoDate(day)}`;
    const report = await eventually(async () => (await caught()).slice(before).find((e) => e.subject.startsWith(subject)), 'the daily report');
    expect(report.destination?.to).toEqual([stack.functions.find((f) => f.logicalId === 'SendKpiReportFunction')!.environment.SUPERVISOR_ADDRESS]);
    expect(report.body?.text).toContain('Cases received: 1');
    expect(report.attachments?.map((a) => a.filename)).toContain(`kpis-day-${isoDate(day)}.csv`);
    // Kept in the local S3 server: the mail links the console's report page, which asks the report route for a
    // fresh link with the supervisor's token; the route's redirect opens the kept page, with its chart.
    const fn = stack.functions.find((f) => f.logicalId === 'SendKpiReportFunction')!;
    const link = /The report is kept at (\S+)/.exec(report.body?.text ?? '')?.[1];
    expect(link).toBe(`${fn.environment.PUBLIC_BASE_URL}/console/report.html?grain=day&period=${isoDate(day)}`);
    const { token } = (await (await fetch(stack.urls.devToken, { method: 'POST', body: JSON.stringify({ groups: ['supervisor'], ttlSeconds: 600 }) })).json()) as { token: string };
    const redirect = await fetch(`${stack.urls.api}/staff/reports/day/${isoDate(day)}/index.html`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const page = await fetch(redirect.headers.get('location')!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(subject);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    // Once: the jump ran the schedule once for that morning.
    expect((await caught()).filter((e) => e.subject.startsWith(subject))).toHaveLength(1);
  });
});
