import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy';
import { aggregateKpis, kpiTargetsFor, kpiReport, kpiReportEmail, periodsOf } from '../../../functions/domain/kpi';
import { allFacts, handComputedCases } from './hand-computed-cases';

// Seed 004's section 16 targets, as the ecomstore preset's `kpis` section carries them.
const ecomstoreTargets = kpiTargetsFor(loadPolicy('ecomstore'));

describe('kpiReportEmail', () => {
  const [week] = periodsOf({ grain: 'week', from: '2026-11-30', to: '2026-12-07', timeZone: 'Asia/Ho_Chi_Minh' });
  const lines = kpiReport(aggregateKpis(allFacts(handComputedCases()), [week!]), ecomstoreTargets);

  it("names the missed targets in the subject and lists every target with the policy's clause", () => {
    // Act
    const mail = kpiReportEmail({ policy: { name: 'ecomstore', version: '1.0.0' }, grain: 'week', period: week!, timeZone: 'Asia/Ho_Chi_Minh', lines });
    // Assess: the hand-computed week misses CSAT, FRT and FCR (as the CSV test of the same week says).
    expect(mail.subject).toBe('Weekly KPI report 2026-11-30 — 3 target(s) missed');
    expect(mail.text).toContain('Cases received: 3');
    expect(mail.text).toContain('- csat: ≥ 90%, MISSED — 16. KPIs: customer satisfaction target 90%+');
    expect(mail.html).toContain('<td>16. KPIs: resolution time target &lt;24 hours</td>');
    expect(mail.csv.filename).toBe('kpis-week-2026-11-30.csv');
    expect(mail.csv.content.split('\r\n').length - 2).toBe(lines.length);
  });

  it('says so when nothing happened in the period', () => {
    const mail = kpiReportEmail({ policy: { name: 'itc', version: '1' }, grain: 'day', period: week!, timeZone: 'Asia/Ho_Chi_Minh', lines: [] });
    expect([mail.subject, mail.text.includes('No case activity in this period.')]).toEqual(['Daily KPI report 2026-11-30', true]);
  });
});
