import { formatLocal } from '../../functions/domain/sla/clock';
import type { SimulationResult } from './run';

/**
 * The simulation as text a person reads: per complaint, one line per timeline event with the deadlines it set (each
 * with its explanation), then the promises broken, the emails sent and the steps the system refused.
 */
export function formatSimulation(result: SimulationResult, zone: string): string {
  const t = (iso: string) => formatLocal(new Date(iso), zone);
  const lines: string[] = [`Policy ${result.policy.name} v${result.policy.version}; times in ${zone}; clocks run until ${t(result.until)}`];
  for (const c of result.cases) {
    lines.push('', `[${c.complaint}] ${c.caseNumber}: ${c.status.replace(/_/g, ' ')}${c.level ? `, escalation level ${c.level}` : ''}`);
    for (const e of c.timeline) {
      lines.push(`  ${t(e.at)}  ${e.type}${e.actor.role !== 'system' ? ` (${e.actor.role})` : ''}: ${e.summary}`);
      for (const d of e.deadlines) lines.push(`      ⏱ ${d.clock}: ${d.explanation.text}`);
    }
  }
  const breaches = result.cases.flatMap((c) => Object.entries(c.breaches).map(([clock, at]) => ({ complaint: c.complaint, clock, at: at!, clause: c.clocks[clock as keyof typeof c.clocks]?.clause ?? '' })));
  lines.push('');
  if (breaches.length === 0) lines.push('No promise breached.');
  else {
    lines.push(`${breaches.length} promise(s) breached:`);
    for (const b of breaches) lines.push(`  ✗ [${b.complaint}] ${b.clock} at ${t(b.at)} — "${b.clause}"`);
  }
  lines.push('', `${result.emails.length} email(s) sent:`);
  for (const m of result.emails) lines.push(`  ${t(m.at)}  to ${m.to}: ${m.subject}`);
  if (result.refused.length) {
    lines.push('', `${result.refused.length} step(s) refused:`);
    for (const r of result.refused) lines.push(`  ${t(r.at)}  [${r.complaint}] ${r.step}: ${r.reason} — ${r.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every promise broken in the simulation, as `complaint:clock`. */
export const breachesOf = (result: SimulationResult): string[] => result.cases.flatMap((c) => Object.keys(c.breaches).map((clock) => `${c.complaint}:${clock}`)).sort();
