import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHART_PNG_SCALE, chartPng } from '../../functions/analytics/chart-png';
import { aggregateKpis, kpiReport, kpiReportChart, kpiTargetsFor, periodsOf } from '../../functions/domain/kpi';
import { loadPolicy } from '../../functions/domain/policy';
import { allFacts, handComputedCases } from '../domain/kpi/hand-computed-cases';

/**
 * The report chart as PNG: decoded here by the PNG format itself (signature, chunks with their CRCs, IHDR, the
 * inflated image data: one filter byte and width × 4 RGBA bytes per row), so a broken or mis-sized image fails.
 */

interface Decoded {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  rows: Buffer[];
}

function decodePng(png: Uint8Array): Decoded {
  const bytes = Buffer.from(png);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let header: Omit<Decoded, 'rows'> | undefined;
  const data: Buffer[] = [];
  for (;;) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length), `${type} CRC`).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8]!, colourType: body[9]! };
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (!header) throw new Error('no IHDR');
  const raw = inflateSync(Buffer.concat(data));
  const stride = 1 + header.width * 4;
  expect(raw.length).toBe(header.height * stride);
  return { ...header, rows: Array.from({ length: header.height }, (_, y) => raw.subarray(y * stride, (y + 1) * stride)) };
}

const svgSize = (svg: string) => {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

describe('the report chart as PNG', () => {
  it('decodes as an RGBA PNG at twice the SVG size, with the bars and the text drawn', async () => {
    // Prepare: the chart of the hand-computed week under ecomstore's targets.
    const [week] = periodsOf({ grain: 'week', from: '2026-11-30', to: '2026-12-07', timeZone: 'Asia/Ho_Chi_Minh' });
    const svg = kpiReportChart('Weekly KPI report 2026-11-30', kpiReport(aggregateKpis(allFacts(handComputedCases()), [week!]), kpiTargetsFor(loadPolicy('ecomstore'))));
    if (!svg) throw new Error('no chart');

    // Act
    const png = await chartPng(svg);

    // Assess
    const decoded = decodePng(png);
    const { width, height } = svgSize(svg);
    expect({ width: decoded.width, height: decoded.height, bitDepth: decoded.bitDepth, colourType: decoded.colourType }).toEqual({ width: width * CHART_PNG_SCALE, height: height * CHART_PNG_SCALE, bitDepth: 8, colourType: 6 });
    // Not a blank image: more than the background's one row shape (bars, ticks and glyphs make rows differ).
    expect(new Set(decoded.rows.map((r) => r.toString('base64'))).size).toBeGreaterThan(decoded.height / 4);
    // The title's glyphs are drawn with the bundled font (without one resvg drops text): the title band is not blank.
    const titleRows = decoded.rows.slice(8 * CHART_PNG_SCALE, 22 * CHART_PNG_SCALE);
    expect(titleRows.some((r) => new Set(r.subarray(1)).size > 2)).toBe(true);
  });
});
