import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy';
import { aggregateKpis, kpiTargetsFor, kpiReport, nearestRank, periodsOf, type KpiFact, type KpiRows, type Period } from '../../../functions/domain/kpi';
import { allFacts, handComputedCases, HOUR } from './hand-computed-cases';

// Seed 004's section 16 targets, as the ecomstore preset's `kpis` section carries them.
const ecomstoreTargets = kpiTargetsFor(loadPolicy('ecomstore'));

/**
 * The hand-computed cases aggregated per ISO week in Ho Chi Minh City: W1 is Mon 23 – Sun 29 Nov (D and A received,
 * D's first response breached), W2 is Mon 30 Nov – Sun 6 Dec (every response and resolution). Every expected number
 * below is worked out by hand from the case list in hand-computed-cases.ts.
 */

const W1 = '2026-11-23';
const W2 = '2026-11-30';
let facts: KpiFact[];
let periods: Period[];
let rows: KpiRows;

beforeAll(() => {
  facts = allFacts(handComputedCases());
  periods = periodsOf({ grain: 'week', from: W1, to: '2026-12-07', timeZone: 'Asia/Ho_Chi_Minh' });
  rows = aggregateKpis(facts, periods);
});

const duration = (period: string, measure: string, dimension = 'all', value = 'all') =>
  rows.durations.find((r) => r.period === period && r.measure === measure && r.dimension === dimension && r.dim_value === value);
const counts = (period: string) => rows.counts.find((r) => r.period === period && r.dimension === 'all');
const sla = (period: string) =>
  Object.fromEntries(rows.sla.filter((r) => r.period === period && r.dimension === 'all').map((r) => [r.clock, { met: r.met, breached: r.breached }]));

describe('per week, all cases', () => {
  it('FRT: median and p90 by nearest rank of [1, 3, 65.5, 143] h calendar and [1, 1.5, 2, 27] h business, all in W2', () => {
    expect(duration(W2, 'frt_calendar')).toMatchObject({ n: 4, median_ms: 3 * HOUR, p90_ms: 143 * HOUR });
    expect(duration(W2, 'frt_business')).toMatchObject({ n: 4, median_ms: 1.5 * HOUR, p90_ms: 27 * HOUR });
    expect(duration(W1, 'frt_calendar')).toBeUndefined();
  });

  it('resolution time: [4.5, 21, 66.5, 192] h calendar and [3, 3, 5.5, 42] h business', () => {
    expect(duration(W2, 'resolution_calendar')).toMatchObject({ n: 4, median_ms: 21 * HOUR, p90_ms: 192 * HOUR });
    expect(duration(W2, 'resolution_business')).toMatchObject({ n: 4, median_ms: 3 * HOUR, p90_ms: 42 * HOUR });
  });

  it('SLA attainment per clock, each verdict in the week it was reached', () => {
    expect(sla(W1)).toEqual({ acknowledgment: { met: 2, breached: 0 }, firstResponse: { met: 0, breached: 1 } });
    expect(sla(W2)).toEqual({
      acknowledgment: { met: 3, breached: 0 },
      firstResponse: { met: 3, breached: 1 },
      resolution: { met: 3, breached: 1 },
      maxProcessing: { met: 3, breached: 1 },
      seniorResponse: { met: 1, breached: 0 },
    });
  });

  it('received, escalated, FCR and CSAT counts', () => {
    expect(counts(W1)).toMatchObject({ received: 2, escalated: 1, closed_resolved: 0, fcr: 0, rated: 0 });
    expect(counts(W2)).toMatchObject({ received: 3, escalated: 0, closed_resolved: 4, fcr: 1, rated: 3, satisfied: 2, csat_sum: 12 });
  });

  it('backlog at the end of each week: A and D open on Mon 30 Nov 00:00 (56 h and 86 h old), only E on Mon 7 Dec (81 h)', () => {
    expect(duration(W1, 'backlog_age')).toMatchObject({ n: 2, median_ms: 56 * HOUR, p90_ms: 86 * HOUR });
    expect(duration(W2, 'backlog_age')).toMatchObject({ n: 1, median_ms: 81 * HOUR, p90_ms: 81 * HOUR });
  });
});

describe('dimensions and cut-off', () => {
  it('per agent: agent-1 answered A (65.5 h) and C (1 h); E has nobody', () => {
    expect(duration(W2, 'frt_calendar', 'agent', 'agent-1')).toMatchObject({ n: 2, median_ms: 1 * HOUR, p90_ms: 65.5 * HOUR });
    expect(duration(W2, 'backlog_age', 'agent', 'unassigned')).toMatchObject({ n: 1 });
    expect(rows.counts.find((r) => r.period === W2 && r.dimension === 'channel' && r.dim_value === 'email')).toMatchObject({ received: 1 });
  });

  it('a range ending before the later events sees each case as it was then (A and D open and D not yet escalated, nothing of W2)', () => {
    // Act: W1 alone, cut off at Mon 30 Nov 00:00.
    const early = aggregateKpis(facts, periods.slice(0, 1));
    // Assess: the same W1 numbers; nothing of W2 leaks in.
    expect(early.sla.filter((r) => r.dimension === 'all')).toHaveLength(2);
    expect(early.durations.filter((r) => r.dimension === 'all')).toEqual([{ period: W1, dimension: 'all', dim_value: 'all', measure: 'backlog_age', n: 2, median_ms: 56 * HOUR, p90_ms: 86 * HOUR }]);
    // D climbed on Tue 1 Dec: as known at the end of W1 it had not escalated yet.
    expect(early.counts.filter((r) => r.dimension === 'all')).toEqual([{ ...counts(W1), escalated: 0 }]);
  });

  it('duplicate and shuffled facts give the same rows (a replayed stream record changes nothing)', () => {
    const replayed = aggregateKpis([...facts].reverse().concat(facts.slice(0, 5)), periods);
    expect(sortRows(replayed)).toEqual(sortRows(rows));
  });
});

describe('report lines against seed 004 targets', () => {
  it('W2: CSAT 2/3 and FCR 1/4 miss, median FRT 3 h misses < 2 h, median resolution 21 h meets < 24 h', () => {
    const line = kpiReport(rows, ecomstoreTargets).find((l) => l.period === W2 && l.dimension === 'all')!;
    expect(line.csat).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    expect(line.csatMean).toBe(4);
    expect(line.firstContactResolution.value).toBe(0.25);
    expect(line.slaAttainment.firstResponse?.value).toBe(0.75);
    expect(line.escalationRate).toEqual({ numerator: 0, denominator: 3, value: 0 });
    expect(Object.fromEntries(line.targets.map((t) => [t.kpi, [t.actual, t.met]]))).toEqual({
      csat: [2 / 3, false],
      firstResponseTime: [3 * HOUR, false],
      resolutionTime: [21 * HOUR, true],
      firstContactResolution: [0.25, false],
    });
  });

  it('W1: no data for a KPI is "no verdict", not a miss', () => {
    const line = kpiReport(rows, ecomstoreTargets).find((l) => l.period === W1 && l.dimension === 'all')!;
    expect(line.escalationRate.value).toBe(0.5);
    expect(line.targets.every((t) => t.met === null)).toBe(true);
  });
});

describe('nearest-rank percentiles', () => {
  it.each([
    [[7], 50, 7],
    [[1, 2], 50, 1],
    [[1, 2, 3], 50, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90, 10],
  ])('%j p%i = %i', (values, p, expected) => {
    expect(nearestRank(values, p)).toBe(expected);
  });
});

describe('periods', () => {
  it('weeks start on Monday in the policy zone; a month across a DST change is its true length', () => {
    const weeks = periodsOf({ grain: 'week', from: '2026-11-25', to: '2026-12-01', timeZone: 'Asia/Ho_Chi_Minh' });
    expect(weeks.map((w) => w.period)).toEqual(['2026-11-23', '2026-11-30']);
    expect(weeks[0]!.start_ms).toBe(Date.parse('2026-11-22T17:00:00Z'));
    const [november] = periodsOf({ grain: 'month', from: '2026-11-01', to: '2026-11-02', timeZone: 'America/New_York' });
    expect(november!.end_ms - november!.start_ms).toBe((30 * 24 + 1) * HOUR);
  });
});

function sortRows(r: KpiRows): KpiRows {
  const by = (x: object) => JSON.stringify(x);
  return { durations: r.durations.toSorted((a, b) => by(a).localeCompare(by(b))), counts: r.counts.toSorted((a, b) => by(a).localeCompare(by(b))), sla: r.sla.toSorted((a, b) => by(a).localeCompare(by(b))) };
}
