// File bytes to a table, whatever the format: the one entry point for reading.
import { parseCsv, type Delimiter } from './csv.ts';
import { decodeBytes, type DeclaredEncoding } from './decode.ts';
import { ImportFileError } from './errors.ts';
import { parseJsonRecords } from './json.ts';
import type { FileFormat, Table } from './table.ts';
import { builtInSheetReader, sheetToTable, type SheetReader } from './xlsx.ts';
import { looksLikeZip } from './zip.ts';

export interface ReadOptions {
  /** Name shown in errors. */
  file?: string;
  format?: FileFormat | 'auto';
  encoding?: DeclaredEncoding;
  delimiter?: Delimiter;
  /** XLSX: sheet name; the first sheet when omitted. */
  sheet?: string;
  /** XLSX reader; the built-in one by default. */
  sheetReader?: SheetReader;
  maxRecordChars?: number;
}

const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/** Format from the bytes first (a ZIP is XLSX, "[" or "{" JSON), then from the file name. */
export function detectFormat(bytes: Uint8Array, file = ''): FileFormat | undefined {
  if (looksLikeZip(bytes)) return 'xlsx';
  if (OLE2_MAGIC.every((b, i) => bytes[i] === b)) return undefined; // legacy .xls: not supported
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  // Skip a UTF-8 BOM and white space; UTF-16 text is CSV (JSON is UTF-8 by RFC 8259).
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] === 0x5b || bytes[i] === 0x7b) return 'json';
  return 'csv';
}

/** Reads a file into a table. Every failure is an ImportFileError (file, line, column; es and en). */
export function readTable(bytes: Uint8Array, options: ReadOptions = {}): Table {
  const file = options.file ?? '-';
  try {
    if (bytes.length === 0) throw new ImportFileError(file, { line: 1 }, 'import.emptyFile');
    const format = options.format && options.format !== 'auto' ? options.format : detectFormat(bytes, file);
    if (format === undefined) throw new ImportFileError(file, { line: 0 }, 'import.unknownFormat');
    if (format === 'xlsx') {
      const reader = options.sheetReader ?? builtInSheetReader;
      const readOptions: { sheet?: string; file: string } = { file };
      if (options.sheet !== undefined) readOptions.sheet = options.sheet;
      const table = sheetToTable(reader.read(bytes, readOptions));
      if (table.columns.length === 0) throw new ImportFileError(file, { line: 1 }, 'import.noHeader');
      return table;
    }
    const decoded = decodeBytes(bytes, { declared: options.encoding ?? 'auto', file });
    const csvOptions: { file: string; delimiter?: Delimiter; maxRecordChars?: number } = { file };
    if (options.delimiter) csvOptions.delimiter = options.delimiter;
    if (options.maxRecordChars) csvOptions.maxRecordChars = options.maxRecordChars;
    const table = format === 'json' ? parseJsonRecords(decoded.text, { file }) : parseCsv(decoded.text, csvOptions);
    return { ...table, encoding: decoded.encoding };
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    // Never a crash: anything unforeseen still names the file, in both languages.
    throw new ImportFileError(file, { line: 0 }, 'import.unexpected', { detail: error instanceof Error ? error.message : String(error) });
  }
}
