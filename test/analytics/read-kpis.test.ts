import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InMemoryAuditLog } from '../../functions/adapters/memory/audit-log';
import { writeFactFiles } from '../../functions/analytics/local-fact-files';
import { readKpis, type KpiTable } from '../../functions/analytics/read-kpis';
import { aggregateKpis, kpiTargetsFor, kpiReport, periodsOf, type KpiFact, type KpiRows, type Period } from '../../functions/domain/kpi';
import type { StaffActor } from '../../functions/domain/lifecycle/model';
import { loadPolicy } from '../../functions/domain/policy';
import { claims, jwtEvent } from '../api/action-fixtures';
import { lambdaContext } from '../api/events';
import { allFacts, handComputedCases, HOUR } from '../domain/kpi/hand-computed-cases';

// Seed 004's section 16 targets, as the ecomstore preset's `kpis` section carries them.
const ecomstoreTargets = kpiTargetsFor(loadPolicy('ecomstore'));

/**
 * GET /staff/kpis: the use case against the pure aggregation (the reference), and the handler as Lambda runs it,
 * locally, with DuckDB over fact files (the same SQL Athena runs).
 */

// The handler's audit trail in memory: a KPI read is put on the audit log like every staff read.
const audit = vi.hoisted(() => ({ log: undefined as InMemoryAuditLog | undefined }));
vi.mock('../../functions/adapters/wiring', async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  auditLogFromEnv: () => (audit.log ??= new InMemoryAuditLog()),
}));

const facts: KpiFact[] = allFacts(handComputedCases());
const supervisor: StaffActor = { role: 'supervisor', staffId: 'sup-1' };
/** A store that aggregates in memory: what the SQL stores are tested equal to. */
const pureStore = { kpiRows: async (periods: readonly Period[]): Promise<KpiRows> => aggregateKpis(facts, periods) };

describe('readKpis', () => {
  it("weekly KPIs by category in the policy's zone, each line with the policy's targets and verdicts", async () => {
    // Prepare: ecomstore (America/New_York) carries seed 004's targets.
    const policy = loadPolicy('ecomstore');
    // Act
    const out = await readKpis({ store: pureStore, policy, clock: () => new Date('2026-12-03T12:00:00Z') }, supervisor, { period: 'week', from: '2026-11-23', to: '2026-12-07', dimension: 'category' });
    // Assess
    if (!out.ok) throw new Error(out.detail);
    const periods = periodsOf({ grain: 'week', from: '2026-11-23', to: '2026-12-07', timeZone: 'America/New_York' });
    expect(out.table.periods).toEqual(periods);
    expect(out.table.timeZone).toBe('America/New_York');
    expect(out.table.lines).toEqual(kpiReport(aggregateKpis(facts, periods), ecomstoreTargets).filter((l) => l.dimension === 'category'));
    expect(out.table.lines.length).toBeGreaterThan(1);
    expect(out.table.lines[0]!.targets.map((t) => t.kpi)).toEqual(['csat', 'firstResponseTime', 'resolutionTime', 'firstContactResolution']);
  });

  it('without from/to: the last 30 local days up to today included', async () => {
    const out = await readKpis({ store: pureStore, policy: loadPolicy('itc'), clock: () => new Date('2026-12-03T18:30:00Z') }, supervisor, {});
    if (!out.ok) throw new Error(out.detail);
    // 18:30 UTC on 3 Dec is 01:30 on 4 Dec in Ho Chi Minh City.
    expect([out.table.from, out.table.to, out.table.periods.length, out.table.grain]).toEqual(['2026-11-05', '2026-12-05', 30, 'day']);
  });

  it.each([
    ['an agent', { role: 'agent', staffId: 'a-1' } as StaffActor, {}, 'forbidden'],
    ['a bad grain', supervisor, { period: 'year' }, 'invalid'],
    ['from after to', supervisor, { from: '2026-12-05', to: '2026-12-01' }, 'invalid'],
    ['a range of over 400 days', supervisor, { from: '2025-01-01', to: '2026-12-01' }, 'invalid'],
    ['an unknown parameter', supervisor, { groupBy: 'agent' }, 'invalid'],
  ] as const)('refuses %s', async (_, actor, query, reason) => {
    const out = await readKpis({ store: pureStore, policy: loadPolicy('itc'), clock: () => new Date('2026-12-03T12:00:00Z') }, actor, query);
    expect(out).toMatchObject({ ok: false, reason });
  });
});

describe('GET /staff/kpis (handler, DuckDB over local fact files)', () => {
  let root: string;
  let handler: (e: unknown, c: unknown) => Promise<{ statusCode: number; headers?: Record<string, string>; body?: string }>;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'redress-kpi-api-'));
    await writeFactFiles(root, facts, 'batch-1');
    Object.assign(process.env, { POLICY_PRESET: 'itc', KPI_FACTS_DIR: root });
    ({ handler } = (await import('../../functions/api/kpi/get-kpis')) as never);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const get = (query: Record<string, string>, groups = ['supervisor']) => handler(jwtEvent({ method: 'GET', path: '/staff/kpis', claims: claims(groups, 'sup-1'), query }), lambdaContext);

  it('answers the KPI table by SQL, equal to the pure aggregation', async () => {
    // Act
    const res = await get({ period: 'week', from: '2026-11-30', to: '2026-12-07' });
    // Assess
    expect(res.statusCode).toBe(200);
    const table = JSON.parse(res.body!) as KpiTable;
    const periods = periodsOf({ grain: 'week', from: '2026-11-30', to: '2026-12-07', timeZone: 'Asia/Ho_Chi_Minh' });
    expect(table.lines).toEqual(kpiReport(aggregateKpis(facts, periods)).filter((l) => l.dimension === 'all'));
    expect(table.lines[0]!.times.frt_calendar).toMatchObject({ n: 4, median_ms: 3 * HOUR });
  });

  it('format=csv: the same lines as an attachment', async () => {
    const res = await get({ period: 'week', from: '2026-11-30', to: '2026-12-07', dimension: 'channel', format: 'csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers!['content-type']).toMatch(/^text\/csv/);
    expect(res.headers!['content-disposition']).toContain('kpis-week-channel-2026-11-30.csv');
    const rows = parse(res.body!, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.dimension === 'channel')).toBe(true);
  });

  it('403 problem+json for an agent, 422 for a bad query', async () => {
    const [forbidden, invalid] = [await get({}, ['agent']), await get({ period: 'fortnight' })];
    expect([forbidden.statusCode, invalid.statusCode]).toEqual([403, 422]);
    expect(forbidden.headers!['content-type']).toBe('application/problem+json');
  });

  it('puts every KPI read on the audit log, allowed or refused, by person', async () => {
    // Act
    await get({ period: 'week', from: '2026-11-30', to: '2026-12-07' }, ['supervisor']);
    await get({}, ['agent']);
    // Assess
    const page = await audit.log!.page({ actor: 'sup-1' }, { limit: 200 });
    expect(page.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'read_kpis', route: 'GET /staff/kpis', outcome: 'refused', actor: { staffId: 'sup-1', role: 'agent' } }),
        expect.objectContaining({ action: 'read_kpis', route: 'GET /staff/kpis', outcome: 'allowed', actor: { staffId: 'sup-1', role: 'supervisor' } }),
      ]),
    );
  });
});
