// XLSX sheets as tables. `SheetReader` is the seam: the built-in reader below handles what
// agencies' exports contain (shared strings, inline strings, numbers, booleans, errors, cached
// formula results, sparse rows); another reader (e.g. a library) can be plugged in instead.
import { ImportFileError } from './errors.ts';
import { isBlankRow, uniqueColumnNames, type SourceRow, type Table } from './table.ts';
import { scanXml, XmlError } from './xml.ts';
import { ZipArchive, ZipError } from './zip.ts';

export interface SheetRow {
  /** 1-based row number in the sheet. */
  line: number;
  /** Cell texts by column index (0 = A); missing cells are ''. */
  cells: string[];
}

export interface SheetData {
  sheet: string;
  rows: SheetRow[];
  /** The workbook counts dates from 1904 (old Mac Excel) instead of 1900. */
  date1904: boolean;
}

export interface SheetReader {
  /** Reads one sheet (by name; the first when omitted). Throws ImportFileError. */
  read(bytes: Uint8Array, options: { sheet?: string; file?: string }): SheetData;
}

/** "BC12" → 54 (0-based column of a cell reference). */
export function columnIndex(reference: string): number {
  let index = 0;
  let i = 0;
  for (; i < reference.length; i++) {
    const c = reference.charCodeAt(i);
    if (c >= 65 && c <= 90) index = index * 26 + (c - 64);
    else if (c >= 97 && c <= 122) index = index * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : index - 1;
}

/** OOXML escapes characters XML cannot hold as _xHHHH_ ("_x000D_" is a carriage return). */
function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function resolveTarget(target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

function readSharedStrings(zip: ZipArchive, path: string): string[] {
  if (!zip.has(path)) return [];
  const strings: string[] = [];
  let current: string[] | undefined;
  let inText = false;
  let phonetic = 0;
  scanXml(zip.readText(path), {
    open: (name, _attributes, selfClosing) => {
      if (name === 'si') current = [];
      else if (name === 'rPh') phonetic += selfClosing ? 0 : 1;
      else if (name === 't' && !selfClosing) inText = true;
    },
    close: (name) => {
      if (name === 'si') {
        strings.push(unescapeOoxml((current ?? []).join('')));
        current = undefined;
      } else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 't') inText = false;
    },
    // Phonetic runs (furigana) carry a reading, not part of the text.
    text: (text) => {
      if (inText && phonetic === 0 && current) current.push(text);
    },
  });
  return strings;
}

function normaliseNumber(text: string): string {
  const trimmed = text.trim();
  if (/e/i.test(trimmed)) {
    const n = Number(trimmed);
    if (Number.isSafeInteger(n)) return String(n);
  }
  return trimmed;
}

/** The built-in reader: node:zlib for the archive, a hand-written scanner for the XML. */
export const builtInSheetReader: SheetReader = {
  read(bytes, options) {
    const file = options.file ?? '-';
    try {
      const zip = new ZipArchive(bytes);
      const sheets: { name: string; relationId: string }[] = [];
      let date1904 = false;
      scanXml(zip.readText('xl/workbook.xml'), {
        open: (name, a) => {
          if (name === 'sheet') sheets.push({ name: a.name ?? '', relationId: a['r:id'] ?? a.id ?? '' });
          else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
        },
      });
      const targets = new Map<string, string>();
      let sharedStringsPath = 'xl/sharedStrings.xml';
      if (zip.has('xl/_rels/workbook.xml.rels')) {
        scanXml(zip.readText('xl/_rels/workbook.xml.rels'), {
          open: (name, a) => {
            if (name !== 'Relationship' || !a.Id || !a.Target) return;
            targets.set(a.Id, resolveTarget(a.Target));
            if ((a.Type ?? '').endsWith('/sharedStrings')) sharedStringsPath = resolveTarget(a.Target);
          },
        });
      }
      const chosen = options.sheet === undefined ? sheets[0] : sheets.find((s) => s.name === options.sheet);
      if (!chosen) throw new ImportFileError(file, { line: 0 }, 'import.noSheet', { sheet: options.sheet ?? '1' });
      const sheetPath = targets.get(chosen.relationId) ?? 'xl/worksheets/sheet1.xml';
      const shared = readSharedStrings(zip, sharedStringsPath);

      const rows: SheetRow[] = [];
      let row: SheetRow | undefined;
      let nextLine = 1;
      let cell: { column: number; type: string; value: string[]; formula: string[]; inValue: boolean; inFormula: boolean; inInline: boolean } | undefined;
      let nextColumn = 0;
      scanXml(zip.readText(sheetPath), {
        open: (name, a, selfClosing) => {
          if (name === 'row') {
            const line = a.r ? Number(a.r) : nextLine;
            row = { line: Number.isSafeInteger(line) && line > 0 ? line : nextLine, cells: [] };
            nextLine = row.line + 1;
            nextColumn = 0;
            if (selfClosing) row = undefined;
          } else if (name === 'c' && row) {
            const column = a.r ? columnIndex(a.r) : nextColumn;
            cell = { column: column >= 0 ? column : nextColumn, type: a.t ?? 'n', value: [], formula: [], inValue: false, inFormula: false, inInline: false };
            nextColumn = cell.column + 1;
            if (selfClosing) cell = undefined;
          } else if (cell && !selfClosing) {
            if (name === 'v') cell.inValue = true;
            else if (name === 'f') cell.inFormula = true;
            else if (name === 't' && cell.type === 'inlineStr') cell.inInline = true;
          }
        },
        close: (name) => {
          if (name === 'row') {
            if (row) rows.push(row);
            row = undefined;
          } else if (name === 'c' && cell && row) {
            const raw = cell.value.join('');
            let text: string;
            switch (cell.type) {
              case 's':
                text = shared[Number(raw)] ?? '';
                break;
              case 'inlineStr':
              case 'str':
                text = unescapeOoxml(raw);
                break;
              case 'b':
                text = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
                break;
              case 'n':
                text = normaliseNumber(raw);
                break;
              default:
                text = raw;
            }
            // A formula without a cached result is shown as the formula, so that it gets flagged.
            if (text === '' && cell.formula.length > 0) text = `=${cell.formula.join('')}`;
            while (row.cells.length < cell.column) row.cells.push('');
            row.cells[cell.column] = text;
            cell = undefined;
          } else if (cell) {
            if (name === 'v') cell.inValue = false;
            else if (name === 'f') cell.inFormula = false;
            else if (name === 't') cell.inInline = false;
          }
        },
        text: (text) => {
          if (!cell) return;
          if (cell.inValue || cell.inInline) cell.value.push(text);
          else if (cell.inFormula) cell.formula.push(text);
        },
      });
      return { sheet: chosen.name, rows, date1904 };
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      if (error instanceof ZipError || error instanceof XmlError) throw new ImportFileError(file, { line: 0 }, 'import.notXlsx', { detail: error.message });
      throw new ImportFileError(file, { line: 0 }, 'import.notXlsx', { detail: error instanceof Error ? error.message : String(error) });
    }
  },
};

/** The first non-empty row is the header; the rest are data rows, keyed by their sheet row number. */
export function sheetToTable(sheet: SheetData): Table {
  const headerAt = sheet.rows.findIndex((r) => !isBlankRow(r.cells));
  if (headerAt === -1) return { format: 'xlsx', columns: [], rows: [], blankRows: 0, sheet: sheet.sheet, date1904: sheet.date1904 };
  const header = sheet.rows[headerAt] as SheetRow;
  const columns = uniqueColumnNames(header.cells);
  const rows: SourceRow[] = [];
  let blankRows = 0;
  let rowNumber = 0;
  for (const r of sheet.rows.slice(headerAt + 1)) {
    rowNumber++;
    if (isBlankRow(r.cells)) {
      blankRows++;
      continue;
    }
    const row: SourceRow = { rowNumber, line: r.line, values: columns.map((_, c) => r.cells[c] ?? '') };
    const lastFilled = r.cells.reduce((last, v, i) => (v.trim() !== '' ? i : last), -1);
    if (lastFilled >= columns.length) {
      row.width = lastFilled + 1;
      row.extra = r.cells.slice(columns.length, lastFilled + 1);
    }
    rows.push(row);
  }
  return { format: 'xlsx', columns, rows, blankRows, sheet: sheet.sheet, date1904: sheet.date1904 };
}
