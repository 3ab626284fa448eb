import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy';
import { aggregateKpis, kpiTargetsFor, kpiCsv, kpiReport, periodsOf, previousPeriod } from '../../../functions/domain/kpi';
import { allFacts, handComputedCases } from './hand-computed-cases';

// Seed 004's section 16 targets, as the ecomstore preset's `kpis` section carries them.
const ecomstoreTargets = kpiTargetsFor(loadPolicy('ecomstore'));

describe('previousPeriod', () => {
  it('a daily report at 07:00 in Ho Chi Minh City covers the previous local day, which starts at 17:00 UTC two UTC dates back', () => {
    // Prepare: Tue 1 Dec 2026 07:00 local = Tue 00:00 UTC.
    const now = new Date('2026-12-01T00:00:00Z');
    // Act
    const day = previousPeriod('day', now, 'Asia/Ho_Chi_Minh');
    // Assess: Mon 30 Nov 00:00–24:00 local.
    expect(day).toEqual({ period: '2026-11-30', start_ms: Date.parse('2026-11-29T17:00:00Z'), end_ms: Date.parse('2026-11-30T17:00:00Z') });
  });

  it('a case received at 23:59 local belongs to that local day, one at 00:01 to the next', () => {
    const monday = previousPeriod('day', new Date('2026-12-01T00:00:00Z'), 'Asia/Ho_Chi_Minh');
    const at = (local: string) => Date.parse(`${local}+07:00`);
    const inside = (ms: number) => ms >= monday.start_ms && ms < monday.end_ms;
    expect([inside(at('2026-11-30T23:59:00')), inside(at('2026-12-01T00:01:00')), inside(at('2026-11-30T00:00:00'))]).toEqual([true, false, true]);
  });

  it('weekly and monthly reports cover the previous ISO week and calendar month', () => {
    const now = new Date('2026-12-02T03:00:00Z');
    expect(previousPeriod('week', now, 'Asia/Ho_Chi_Minh').period).toBe('2026-11-23');
    expect(previousPeriod('month', now, 'Asia/Ho_Chi_Minh')).toMatchObject({ period: '2026-11-01', end_ms: Date.parse('2026-11-30T17:00:00Z') });
  });
});

describe('kpiCsv', () => {
  it('one header and one CRLF line per KPI line, times in hours, the missed targets named', () => {
    // Prepare
    const periods = periodsOf({ grain: 'week', from: '2026-11-30', to: '2026-12-07', timeZone: 'Asia/Ho_Chi_Minh' });
    const lines = kpiReport(aggregateKpis(allFacts(handComputedCases()), periods), ecomstoreTargets);
    // Act
    const csv = kpiCsv(lines);
    // Assess
    const rows = csv.trimEnd().split('\r\n').map((r) => r.split(','));
    expect(rows).toHaveLength(lines.length + 1);
    const header = rows[0]!;
    const all = Object.fromEntries(header.map((h, i) => [h, rows[1]![i]]));
    expect(all).toMatchObject({ period: '2026-11-30', dimension: 'all', value: 'all', received: '3', frt_calendar_median_h: '3.00', resolution_calendar_p90_h: (192).toFixed(2), fcr: '0.25', csat: '0.6667', sla_firstResponse: '0.75' });
    expect(all.targets_missed).toBe('csat firstResponseTime firstContactResolution');
  });

  it('quotes a value holding a comma or a quote', () => {
    const line = { period: '2026-11-30', dimension: 'agent' as const, dim_value: 'Obi, "Ada"', times: {}, received: 0, escalationRate: { numerator: 0, denominator: 0, value: null }, firstContactResolution: { numerator: 0, denominator: 0, value: null }, csat: { numerator: 0, denominator: 0, value: null }, csatMean: null, slaAttainment: {}, targets: [] };
    expect(kpiCsv([line]).split('\r\n')[1]).toMatch(/^2026-11-30,agent,"Obi, ""Ada""",0,/);
  });
});
