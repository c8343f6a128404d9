// A small PDF writer for the regional report: A4 pages of text (the standard Helvetica fonts in
// WinAnsi encoding, enough for Spanish), filled rectangles, lines and polygons. No fonts are
// embedded and nothing is read from disk, so the report builds in milliseconds. Pure.

export type Rgb = readonly [number, number, number];

export const A4 = { width: 595.28, height: 841.89 } as const;

/** Characters of WinAnsiEncoding outside Latin-1, by their Unicode code point. */
const WIN_ANSI: Record<string, number> = { '—': 0x97, '–': 0x96, '’': 0x92, '‘': 0x91, '“': 0x93, '”': 0x94, '…': 0x85, '€': 0x80, '•': 0x95 };
const REPLACE: Record<string, string> = { '≥': '>=', '≤': '<=', '→': '->', '←': '<-', '×': 'x' };

/** A string in the PDF's single-byte encoding, escaped for a literal string. */
function encode(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const replaced = REPLACE[ch];
    if (replaced) {
      out += replaced;
      continue;
    }
    const code = WIN_ANSI[ch] ?? ch.codePointAt(0) ?? 63;
    const byte = code <= 0xff && !(code >= 0x80 && code < 0xa0 && WIN_ANSI[ch] === undefined) ? code : 63;
    const c = String.fromCharCode(byte);
    out += c === '(' || c === ')' || c === '\\' ? `\\${c}` : c;
  }
  return out;
}

const n = (v: number) => (Math.round(v * 100) / 100).toString();
const colour = (c: Rgb) => c.map((x) => n(x)).join(' ');

/** Width of a text in Helvetica, estimated (average glyph widths; enough to wrap and right-align). */
export function textWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (const ch of text) units += /[il.,:;'!|]/.test(ch) ? 280 : /[mwMW]/.test(ch) ? 850 : /[A-Z0-9]/.test(ch) ? 650 : ch === ' ' ? 278 : 540;
  return (units * size * (bold ? 1.05 : 1)) / 1000;
}

export class PdfDocument {
  private readonly pages: string[][] = [];
  private current: string[] = [];

  constructor() {
    this.pages.push(this.current);
  }

  addPage(): void {
    this.current = [];
    this.pages.push(this.current);
  }

  /** Text with its baseline at y, measured from the top of the page. */
  text(x: number, y: number, text: string, options: { size?: number; bold?: boolean; colour?: Rgb } = {}): void {
    const size = options.size ?? 10;
    this.current.push(`BT ${colour(options.colour ?? [0, 0, 0])} rg /${options.bold ? 'F2' : 'F1'} ${n(size)} Tf ${n(x)} ${n(A4.height - y)} Td (${encode(text)}) Tj ET`);
  }

  /** Wraps a paragraph to a width; returns the y below it. */
  paragraph(x: number, y: number, width: number, text: string, options: { size?: number; bold?: boolean; colour?: Rgb } = {}): number {
    const size = options.size ?? 10;
    let line = '';
    let at = y;
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && textWidth(next, size, options.bold) > width) {
        this.text(x, at, line, options);
        at += size * 1.35;
        line = word;
      } else line = next;
    }
    if (line) {
      this.text(x, at, line, options);
      at += size * 1.35;
    }
    return at;
  }

  rect(x: number, y: number, width: number, height: number, fill: Rgb, stroke?: Rgb): void {
    const op = stroke ? 'B' : 'f';
    this.current.push(`${colour(fill)} rg ${stroke ? `${colour(stroke)} RG 0.5 w ` : ''}${n(x)} ${n(A4.height - y - height)} ${n(width)} ${n(height)} re ${op}`);
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: Rgb = [0.6, 0.6, 0.6], width = 0.5): void {
    this.current.push(`${colour(stroke)} RG ${n(width)} w ${n(x1)} ${n(A4.height - y1)} m ${n(x2)} ${n(A4.height - y2)} l S`);
  }

  /** Closed polygons (rings) filled with the even-odd rule and outlined. */
  polygon(rings: readonly (readonly (readonly [number, number])[])[], fill: Rgb, stroke: Rgb, strokeWidth = 0.4): void {
    const path = rings
      .filter((r) => r.length > 2)
      .map((r) => r.map(([x, y], i) => `${n(x)} ${n(A4.height - y)} ${i === 0 ? 'm' : 'l'}`).join(' ') + ' h')
      .join(' ');
    if (path) this.current.push(`${colour(fill)} rg ${colour(stroke)} RG ${n(strokeWidth)} w ${path} B*`);
  }

  /** The document as bytes. */
  toBytes(info: { title: string }): Buffer {
    const objects: string[] = [];
    const add = (body: string) => objects.push(body) ;
    add('<< /Type /Catalog /Pages 2 0 R >>');
    const pageIds = this.pages.map((_, i) => 5 + i * 2);
    add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${this.pages.length} >>`);
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
    for (const [i, page] of this.pages.entries()) {
      const content = page.join('\n');
      add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`);
      add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    }
    add(`<< /Title (${encode(info.title)}) /Producer (Enlace) >>`);
    let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
    const offsets: number[] = [];
    objects.forEach((body, i) => {
      offsets.push(Buffer.byteLength(out, 'latin1'));
      out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    });
    const xref = Buffer.byteLength(out, 'latin1');
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
  }
}
