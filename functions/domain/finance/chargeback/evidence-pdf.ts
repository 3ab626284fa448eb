import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { EvidencePackInputSchema, evidenceSections, type EvidencePackInput } from './evidence-pack';

/**
 * Renders the evidence pack as one PDF with pdf-lib (pure JavaScript: no native code, no font files read from
 * disk, so it bundles into a Lambda as is). Deterministic for the same input: creation and modification dates are
 * the pack's `generatedAt`, so the digest stored with the submission identifies the exact document.
 *
 * The 14 standard PDF fonts encode WinAnsi only. Text outside it is transliterated where Unicode allows (é stays,
 * ệ becomes e) and otherwise replaced by "?", rather than embedding a font file in every bundle.
 */

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 56;
const BODY = 10;
const LEADING = 14;

// WinAnsi beyond Latin-1: the characters code page 1252 puts in 0x80–0x9F.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can encode. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\t/g, '    ')) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) {
      out += ch;
      continue;
    }
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    out += [...base].every((c) => c.codePointAt(0)! >= 0x20 && c.codePointAt(0)! <= 0x7e) && base.length > 0 ? base : '?';
  }
  return out;
}

/** Greedy word wrap by measured width; a word longer than the line is cut. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

export interface RenderedEvidencePack {
  pdf: Uint8Array;
  sha256: string;
  pages: number;
}

export async function renderEvidencePdf(input: EvidencePackInput): Promise<RenderedEvidencePack> {
  const pack = EvidencePackInputSchema.parse(input);
  const { title, subtitle, sections } = evidenceSections(pack);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const at = new Date(pack.generatedAt);
  doc.setTitle(toWinAnsi(title));
  doc.setSubject(`Chargeback ${pack.chargeback.chargebackId}`);
  doc.setProducer('Redress');
  doc.setCreator('Redress');
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = PAGE.width - 2 * MARGIN;

  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  const ensure = (height: number) => {
    if (y - height >= MARGIN) return;
    page = doc.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - MARGIN;
  };
  const write = (text: string, font: PDFFont, size: number, leading: number, color = rgb(0, 0, 0)) => {
    for (const line of wrap(toWinAnsi(text), font, size, width)) {
      ensure(leading);
      y -= leading;
      page.drawText(line, { x: MARGIN, y, size, font, color });
    }
  };

  write(title, bold, 16, 22);
  write(subtitle, regular, BODY, LEADING, rgb(0.35, 0.35, 0.35));
  for (const section of sections) {
    y -= 8;
    ensure(LEADING * 3);
    write(section.heading, bold, 12, 18);
    for (const line of section.lines) write(line, regular, BODY, LEADING);
  }
  const pages = doc.getPageCount();
  doc.getPages().forEach((p, i) => p.drawText(`${i + 1} / ${pages}`, { x: PAGE.width - MARGIN - 30, y: MARGIN / 2, size: 8, font: regular, color: rgb(0.5, 0.5, 0.5) }));
  const pdf = await doc.save({ useObjectStreams: false });
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), pages };
}
