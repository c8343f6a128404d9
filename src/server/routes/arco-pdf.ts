// The right-of-access export as a PDF (A4, the standard Helvetica fonts), written with the
// report's small PDF writer (src/evidence/pdf.ts): the same content as the printable document.
import type { Lang } from '../../domain/code-lists.ts';
import { A4, PdfDocument, textWidth } from '../../evidence/pdf.ts';
import { FOLLOW_UP_SECTIONS, type PersonExport } from '../queries/arco.ts';
import { fieldRows, TEXT } from './arco-document.ts';

const MARGIN = 48;
const WIDTH = A4.width - 2 * MARGIN;
const BOTTOM = A4.height - MARGIN;

/** Writes top to bottom, starting a new page when the next block would not fit. */
class Flow {
  y = MARGIN;
  constructor(readonly doc: PdfDocument) {}

  private room(height: number): void {
    if (this.y + height > BOTTOM) {
      this.doc.addPage();
      this.y = MARGIN;
    }
  }

  heading(text: string, size = 13): void {
    this.room(size * 3);
    this.y += size * 0.6;
    this.doc.text(MARGIN, this.y + size, text, { size, bold: true });
    this.y += size * 1.8;
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; indent?: number } = {}): void {
    const size = options.size ?? 9;
    const indent = options.indent ?? 0;
    // One line at a time, so a long paragraph breaks across pages.
    for (const line of wrap(text, WIDTH - indent, size)) {
      this.room(size * 1.4);
      this.doc.text(MARGIN + indent, this.y + size, line, { size, ...(options.bold ? { bold: true } : {}) });
      this.y += size * 1.4;
    }
  }

  pair(label: string, value: string): void {
    this.paragraph(`${label}: ${value}`, { indent: 8 });
  }

  rule(): void {
    this.room(8);
    this.doc.line(MARGIN, this.y + 3, MARGIN + WIDTH, this.y + 3);
    this.y += 8;
  }
}

/** Lines of a paragraph within a width, measured as the writer measures them. */
function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

export function exportPdf(data: PersonExport, lang: Lang): Buffer {
  const t = TEXT[lang];
  const doc = new PdfDocument();
  const flow = new Flow(doc);
  flow.heading(`${t.title} ${data.agency.name}`, 15);
  flow.paragraph(`${t.generated} ${data.generatedAt}`);
  flow.paragraph(t.note, { bold: true });
  flow.heading(t.identity);
  if (data.person.erased) flow.paragraph(t.erased);
  for (const [k, v] of fieldRows(data.person)) flow.pair(k, v);
  for (const { caseFile, history, sharedWith, followUp } of data.caseFiles) {
    flow.heading(`${t.caseFile} ${caseFile.code}`);
    for (const [k, v] of fieldRows(caseFile)) flow.pair(k, v);
    for (const [section] of FOLLOW_UP_SECTIONS) {
      if (followUp[section].length === 0) continue;
      flow.heading(t.followUp[section], 11);
      for (const record of followUp[section]) {
        for (const [k, v] of fieldRows(record)) flow.pair(k, v);
        flow.paragraph('');
      }
    }
    flow.heading(t.history, 11);
    for (const h of history) flow.paragraph(`${h.at} · ${h.actor ?? '—'} · ${h.type}${h.reason ? ` · ${h.reason}` : ''}`, { indent: 8 });
    flow.heading(t.shared, 11);
    if (sharedWith.length === 0) flow.paragraph(t.none, { indent: 8 });
    for (const s of sharedWith) flow.paragraph(`${s.grantedAt} · ${s.agency.name} · ${s.basis} · ${s.reason}`, { indent: 8 });
    flow.rule();
  }
  flow.heading(t.accessLog);
  for (const l of data.accessLog) flow.paragraph(`${l.at} · ${l.user ?? '—'} · ${l.agency ?? '—'} · ${l.action}${l.purpose ? ` · ${l.purpose}` : ''}`, { indent: 8 });
  return doc.toBytes({ title: `${t.title} ${data.agency.name}` });
}
