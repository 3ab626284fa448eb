import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFactFiles } from '../../functions/analytics/local-fact-files';
import { aggregateKpis, kpiTargetsFor, kpiReport, periodsOf } from '../../functions/domain/kpi';
import { loadPolicy } from '../../functions/domain/policy';
import { allFacts, handComputedCases } from '../domain/kpi/hand-computed-cases';
import { browserSession, settle } from './session';

// Seed 004's section 16 targets, as the ecomstore preset's `kpis` section carries them.
const ecomstoreTargets = kpiTargetsFor(loadPolicy('ecomstore'));

/**
 * The KPI dashboard in real Chromium against the real local stack (gateway, JWT check, the KPI handler with DuckDB
 * over fact files). The facts are the hand-computed cases written as fact files, as the change-stream consumer
 * writes them (the local stream poller that feeds it is not part of this test). Screenshots land in
 * test/e2e/output/ for a person to look at; they are not assertions.
 */

const facts = allFacts(handComputedCases());
let factsDir: string;

// Before the session's stack starts (hooks run in the order they are declared): the local stack's handlers share
// this process's environment, and the KPI handler reads the files named here.
beforeAll(async () => {
  factsDir = await mkdtemp(join(tmpdir(), 'redress-kpi-e2e-'));
  await writeFactFiles(factsDir, facts, 'e2e');
  process.env.KPI_FACTS_DIR = factsDir;
});
afterAll(async () => {
  delete process.env.KPI_FACTS_DIR;
  await rm(factsDir, { recursive: true, force: true });
});

const session = browserSession({ policy: 'ecomstore' });
const dashboard = () => session.web('/console/kpis.html');

async function show(page: Page, query: { period: string; from: string; to: string; dimension: string }) {
  await page.selectOption('#kpi-period', query.period);
  await page.fill('#kpi-from', query.from);
  await page.fill('#kpi-to', query.to);
  await page.selectOption('#kpi-dimension', query.dimension);
  await page.evaluate(() => delete document.body.dataset.loaded);
  await page.click('#kpi-filters button[type=submit]');
  await page.waitForSelector('body[data-loaded=true]', settle);
}

const cells = (page: Page, table: string) => page.$$eval(`#${table} tbody tr`, (rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent ?? '')));

describe('KPI dashboard', () => {
  it('a supervisor sees a chart per KPI group, each with the table behind it, equal to the pure aggregation, and the targets', async () => {
    // Prepare
    const page = await session.signedInPage('supervisor', 'supervisor-kpi');
    await page.goto(dashboard());
    await page.waitForSelector('body[data-loaded=true]', settle);
    // Act
    await show(page, { period: 'week', from: '2026-11-23', to: '2026-12-07', dimension: 'all' });
    // Assess: six charts drawn by uPlot, each followed by its table.
    expect(await page.$$eval('.kpi-chart', (s) => s.map((x) => x.id))).toEqual(['chart-frt', 'chart-resolution', 'chart-sla', 'chart-satisfaction', 'chart-received', 'chart-backlog']);
    expect(await page.$$eval('.kpi-chart .uplot canvas', (c) => c.length)).toBe(6);
    // The FRT table's week of 30 Nov: the numbers of the domain aggregation of the same facts.
    // ecomstore runs on New York time and carries seed 004's KPI targets.
    const periods = periodsOf({ grain: 'week', from: '2026-11-23', to: '2026-12-07', timeZone: 'America/New_York' });
    const week = kpiReport(aggregateKpis(facts, periods)).find((l) => l.period === '2026-11-30' && l.dimension === 'all')!;
    const frt = await cells(page, 'table-frt');
    const row = frt.find((r) => r[0] === '2026-11-30')!;
    expect(row.slice(1, 3)).toEqual([`${week.times.frt_calendar!.median_ms / 3_600_000} h`, `${week.times.frt_calendar!.p90_ms / 3_600_000} h`]);
    expect((await cells(page, 'table-received')).map((r) => r[1])).toEqual(periods.map((p) => String(kpiReport(aggregateKpis(facts, periods)).find((l) => l.period === p.period && l.dimension === 'all')?.received ?? '—')));
    // The targets of the latest week, as the domain judges them.
    const targets = await cells(page, 'kpi-targets');
    expect(targets.map((r) => r[0])).toEqual(['Customer satisfaction', 'First response time', 'Resolution time', 'First-contact resolution']);
    const judged = kpiReport(aggregateKpis(facts, periods), ecomstoreTargets).find((l) => l.period === '2026-11-30' && l.dimension === 'all')!.targets;
    expect(targets.map((r) => r[3])).toEqual(judged.map((t) => (t.met === null ? 'no data' : t.met ? 'met' : 'missed')));
    expect(targets[0]![4]).toBe('16. KPIs: customer satisfaction target 90%+');
    await session.shot(page, 'kpis-week');
  });

  it("each chart's table downloads as CSV with the same numbers; the whole KPI table too", async () => {
    const page = await session.signedInPage('supervisor', 'supervisor-kpi');
    await page.goto(dashboard());
    await page.waitForSelector('body[data-loaded=true]', settle);
    await show(page, { period: 'week', from: '2026-11-23', to: '2026-12-07', dimension: 'all' });
    // Act
    const [one] = await Promise.all([page.waitForEvent('download'), page.click('#csv-frt')]);
    const [all] = await Promise.all([page.waitForEvent('download'), page.click('#kpi-csv-all')]);
    // Assess
    const frtCsv = (await readFile((await one.path())!, 'utf8')).trimEnd().split('\r\n');
    expect(frtCsv[0]).toBe('period,median,p90,"median, business hours",target');
    expect(frtCsv.slice(1).every((l) => l.endsWith(',2'))).toBe(true); // the policy's "<2 hours" on every row
    const table = await cells(page, 'table-frt');
    expect(frtCsv.slice(1).map((l) => l.split(',')[0])).toEqual(table.map((r) => r[0]));
    // The median column: the same number as the table's cell (shown rounded, with its unit).
    const medians = frtCsv.slice(1).map((l) => l.split(',')[1]!);
    expect(medians.map((m) => (m === '' ? '—' : `${Math.round(Number(m) * 10) / 10} h`))).toEqual(table.map((r) => r[1]));
    expect(one.suggestedFilename()).toBe('kpis-frt-week-all-2026-11-23.csv');
    const whole = (await readFile((await all.path())!, 'utf8')).split('\r\n');
    expect(whole[0]).toMatch(/^period,dimension,value,received,frt_calendar_n,/);
    expect(whole.filter((l) => l.startsWith('2026-11-30,all,all,'))).toHaveLength(1);
  });

  it('by channel: one series per channel value, and an agent is told KPIs are for supervisors', async () => {
    const page = await session.signedInPage('supervisor', 'supervisor-kpi');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(dashboard());
    await page.waitForSelector('body[data-loaded=true]', settle);
    await show(page, { period: 'month', from: '2026-11-01', to: '2027-01-01', dimension: 'channel' });
    const channels = [...new Set(facts.map((f) => f.channel))].sort();
    expect(await page.$$eval('#table-received thead th', (th) => th.map((t) => t.textContent))).toEqual(['Period', ...channels]);
    await session.shot(page, 'kpis-month-by-channel-390');

    const agentPage = await session.signedInPage('agent', 'agent-kpi');
    await agentPage.goto(dashboard());
    await agentPage.waitForFunction(() => /supervisors/.test(document.getElementById('kpi-status')?.textContent ?? ''), undefined, settle);
    expect(await agentPage.$$('.kpi-chart')).toHaveLength(0);
  });

  it('the charting library is the installed uPlot, unchanged', () => {
    const vendored = readFileSync(new URL('../../web/console/kpis.uplot.min.js', import.meta.url));
    expect(vendored.equals(readFileSync(new URL('../../node_modules/uplot/dist/uPlot.iife.min.js', import.meta.url)))).toBe(true);
    expect(readFileSync(new URL('../../web/console/kpis.uplot.min.css', import.meta.url)).equals(readFileSync(new URL('../../node_modules/uplot/dist/uPlot.min.css', import.meta.url)))).toBe(true);
  });
});
