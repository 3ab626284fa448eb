import { formatLocal } from '../../functions/domain/sla/clock';
import type { SimulationResult } from './engine';

/** The timeline as text a person reads: one line per event, each deadline with its explanation, then the breaches. */
export function formatSimulation(result: SimulationResult, zone: string): string {
  const lines: string[] = [`Policy ${result.policy.name} v${result.policy.version}; times in ${zone}; open clocks judged at ${formatLocal(new Date(result.until), zone)}`, ''];
  for (const e of result.timeline) {
    lines.push(`${formatLocal(new Date(e.at), zone)}  [${e.complaint}] ${e.event}`);
    for (const s of e.stopped) lines.push(`    ${s.met ? '✓' : '✗'} ${s.clock}${s.due ? ` (due ${formatLocal(new Date(s.due), zone)})` : ''} ${s.met ? 'kept' : 'BREACHED'}`);
    for (const d of e.deadlines) lines.push(`    ⏱ ${d.clock}: ${d.explanation.text}`);
  }
  lines.push('');
  if (result.breaches.length === 0) {
    lines.push('No promise breached.');
  } else {
    lines.push(`${result.breaches.length} promise(s) breached:`);
    for (const b of result.breaches) {
      const when = b.stoppedAt ? `met only at ${formatLocal(new Date(b.stoppedAt), zone)}` : 'still open at the end';
      lines.push(`  ✗ [${b.complaint}] ${b.clock} due ${formatLocal(new Date(b.due), zone)}, ${when} — "${b.clause}"`);
    }
  }
  return `${lines.join('\n')}\n`;
}
