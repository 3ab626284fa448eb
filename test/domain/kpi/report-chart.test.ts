import { describe, expect, it } from 'vitest';
import { aggregateKpis, kpiReport, kpiReportChart, kpiTargetsFor, periodsOf } from '../../../functions/domain/kpi';
import { loadPolicy } from '../../../functions/domain/policy';
import { allFacts, handComputedCases } from './hand-computed-cases';

/** The report's chart on the hand-computed week (ecomstore's targets): one bar per share, coloured by its verdict. */
describe('kpiReportChart', () => {
  const [week] = periodsOf({ grain: 'week', from: '2026-11-30', to: '2026-12-07', timeZone: 'Asia/Ho_Chi_Minh' });
  const lines = kpiReport(aggregateKpis(allFacts(handComputedCases()), [week!]), kpiTargetsFor(loadPolicy('ecomstore')));
  const all = lines.find((l) => l.dimension === 'all')!;

  it('draws each share of the whole-organisation line as a bar as long as its value, red where the target was missed', () => {
    // Act
    const svg = kpiReportChart('Weekly KPI report 2026-11-30', lines)!;
    // Assess: a standalone SVG document with the title, and per bar the label, the width (0–100 % over 350 px) and the colour.
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="640"/);
    expect(svg).toContain('>Weekly KPI report 2026-11-30</text>');
    const bars = [...svg.matchAll(/<rect x="230" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="(#\w+)"><title>([^<]+)<\/title>/g)].map((m) => ({ width: Number(m[1]), fill: m[2], title: m[3] }));
    const csat = bars.find((b) => b.title.startsWith('Satisfied customers'))!;
    expect(csat.width).toBeCloseTo(all.csat.value! * 350, 6);
    expect(csat.fill).toBe('#c62828');
    const fcr = bars.find((b) => b.title.startsWith('First-contact resolution'))!;
    expect([fcr.width, fcr.fill]).toEqual([all.firstContactResolution.value! * 350, '#c62828']);
    // Every SLA clock of the line has its bar (or says it has no data).
    for (const clock of Object.keys(all.slaAttainment)) expect(svg).toContain(`Promises kept: ${clock}`);
  });

  it('draws nothing for a period without a line', () => {
    expect(kpiReportChart('Daily KPI report 2026-11-30', [])).toBeUndefined();
  });
});
