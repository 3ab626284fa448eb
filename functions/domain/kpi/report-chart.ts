import { scaleBand, scaleLinear } from 'd3-scale';
import { escapeHtml } from '../policy/render';
import type { KpiLine } from './report';

/**
 * The scheduled report's chart: the whole-organisation line's shares (satisfied customers, first-contact
 * resolution, escalations, each promise kept) as horizontal bars from 0 to 100 %, green where the policy's target
 * was met, red where it was missed, grey without a target or data. A standalone SVG document built as text (d3-scale
 * places the bars and the ticks), so it renders the same in a Lambda, a mail client and a browser, with no canvas or
 * native module. Pure: the same line always gives the same bytes.
 */

const WIDTH = 640;
const BAR = 26;
const LEFT = 230;
const RIGHT = 60;
const TOP = 40;
const BOTTOM = 30;
const COLOURS = { met: '#2e7d32', missed: '#c62828', none: '#78909c' } as const;

interface Bar {
  label: string;
  value: number | null;
  verdict: keyof typeof COLOURS;
}

function barsOf(line: KpiLine): Bar[] {
  const verdict = (kpi: string): Bar['verdict'] => {
    const t = line.targets.find((c) => c.kpi === kpi);
    return t?.met === true ? 'met' : t?.met === false ? 'missed' : 'none';
  };
  return [
    { label: 'Satisfied customers (4–5 of 5)', value: line.csat.value, verdict: verdict('csat') },
    { label: 'First-contact resolution', value: line.firstContactResolution.value, verdict: verdict('firstContactResolution') },
    { label: 'Escalated', value: line.escalationRate.value, verdict: verdict('escalationRate') },
    ...Object.entries(line.slaAttainment).map(([clock, r]): Bar => ({ label: `Promises kept: ${clock}`, value: r.value, verdict: verdict(`slaAttainment.${clock}`) })),
  ];
}

/** The chart of a report's `all` line, as an SVG document; undefined when the period has no line. */
export function kpiReportChart(title: string, lines: readonly KpiLine[]): string | undefined {
  const all = lines.find((l) => l.dimension === 'all');
  if (!all) return undefined;
  const bars = barsOf(all);
  const height = TOP + bars.length * BAR + BOTTOM;
  const x = scaleLinear().domain([0, 1]).range([LEFT, WIDTH - RIGHT]);
  const y = scaleBand<number>()
    .domain(bars.map((_, i) => i))
    .range([TOP, TOP + bars.length * BAR])
    .padding(0.2);
  const pct = (v: number) => `${(Math.round(v * 1000) / 10).toFixed(1)} %`;
  const ticks = x.ticks(5).map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${TOP - 4}" y2="${height - BOTTOM}" stroke="#e0e0e0"/><text x="${x(t)}" y="${height - BOTTOM + 16}" text-anchor="middle">${Math.round(t * 100)} %</text>`);
  const rows = bars.map((b, i) => {
    const top = y(i)!;
    const middle = top + y.bandwidth() / 2 + 4;
    const label = `<text x="${LEFT - 8}" y="${middle}" text-anchor="end">${escapeHtml(b.label)}</text>`;
    if (b.value === null) return `${label}<text x="${LEFT + 4}" y="${middle}" fill="${COLOURS.none}">no data</text>`;
    const w = x(b.value) - x(0);
    return `${label}<rect x="${x(0)}" y="${top}" width="${w}" height="${y.bandwidth()}" fill="${COLOURS[b.verdict]}"><title>${escapeHtml(b.label)}: ${pct(b.value)}</title></rect><text x="${x(b.value) + 4}" y="${middle}">${pct(b.value)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeHtml(title)}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeHtml(title)}</text>`,
    ...ticks,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}
