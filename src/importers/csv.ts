// CSV as agencies write it: comma, semicolon (Excel in a Spanish locale) or tab, quoted fields
// with embedded line breaks, CRLF or LF. The delimiter is sniffed from the header line.
import { parse } from 'csv-parse/sync';
import { ImportFileError } from './errors.ts';
import { isBlankRow, uniqueColumnNames, type SourceRow, type Table } from './table.ts';

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Largest record accepted (characters). A 1 MB line still parses (its fields are then too long and quarantined). */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/** The first line, up to a line break outside quotes (a header may hold a quoted line break). */
function headerLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length && i < 65536; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i);
  }
  return text.slice(0, 65536);
}

/**
 * The delimiter that occurs most often, outside quotes, in the header line; ties go to tab, then
 * semicolon, then comma (a Spanish header rarely has a tab or semicolon inside a name).
 */
export function sniffDelimiter(text: string): Delimiter {
  const line = headerLine(text);
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c as Delimiter)) counts.set(c as Delimiter, (counts.get(c as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of ['\t', ';', ',', '|'] as const) {
    const n = counts.get(d) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

interface CsvError extends Error {
  code?: string;
  lines?: number;
  column?: number | string | null;
}

function lineBreaks(text: string): number {
  const m = text.match(/\r\n|\n|\r/g);
  return m ? m.length : 0;
}

/**
 * Line breaks outside quoted fields become "\n" (CRLF, LF and old-Mac CR may mix in one file when
 * rows were pasted together); breaks inside quoted values are values and stay as they are.
 */
export function unifyRecordBreaks(text: string, delimiter: string): string {
  if (!text.includes('\r')) return text;
  const parts: string[] = [];
  let from = 0;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c === delimiter || c === '\n') {
      fieldStart = true;
    } else if (c === '\r') {
      parts.push(text.slice(from, i));
      if (text[i + 1] === '\n') i++;
      parts.push('\n');
      from = i + 1;
      fieldStart = true;
    } else fieldStart = false;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

export interface CsvOptions {
  delimiter?: Delimiter;
  file?: string;
  maxRecordChars?: number;
}

/** Parses decoded CSV text (header + rows). Throws ImportFileError with line and column. */
export function parseCsv(input: string, options: CsvOptions = {}): Table {
  const file = options.file ?? '-';
  // Excel honours (and some exports write) a first line "sep=;" naming the delimiter.
  const sepLine = /^sep=([,;\t|])\r?\n/i.exec(input);
  const text = sepLine ? input.slice(sepLine[0].length) : input;
  const lineOffset = sepLine ? 1 : 0;
  const delimiter = options.delimiter ?? (sepLine?.[1] as Delimiter | undefined) ?? sniffDelimiter(text);
  const maxRecordChars = options.maxRecordChars ?? MAX_RECORD_CHARS;
  const unified = unifyRecordBreaks(text, delimiter);
  let records: { record: string[]; raw: string }[];
  try {
    records = parse(unified, {
      cast: false,
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: maxRecordChars,
      raw: true,
    }) as unknown as { record: string[]; raw: string }[];
  } catch (caught) {
    const error = caught as CsvError;
    const line = typeof error.lines === 'number' ? error.lines + lineOffset : 0;
    const column = typeof error.column === 'number' ? error.column + 1 : undefined;
    const position = column === undefined ? { line } : { line, column };
    if (error.code === 'CSV_MAX_RECORD_SIZE') throw new ImportFileError(file, position, 'import.recordTooLarge', { max: String(maxRecordChars) });
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') throw new ImportFileError(file, position, 'import.unclosedQuote');
    // csv-parse messages are English only and name the line; keep the first sentence as detail.
    const detail = (error.message ?? String(caught)).split(':')[0] ?? 'error';
    throw new ImportFileError(file, position, 'import.malformedCsv', { detail });
  }
  const first = records[0];
  if (!first) throw new ImportFileError(file, { line: 1 }, 'import.noHeader');
  const columns = uniqueColumnNames(first.record);
  const rows: SourceRow[] = [];
  let blankRows = 0;
  // Lines counted from the raw text of each record: csv-parse's own count is off after a CRLF inside quotes.
  let linesBefore = lineOffset + lineBreaks(first.raw);
  for (let i = 1; i < records.length; i++) {
    const { record, raw } = records[i] as (typeof records)[number];
    const leading = /^\n*/.exec(raw)?.[0].length ?? 0;
    const line = linesBefore + leading + 1;
    linesBefore += lineBreaks(raw);
    if (isBlankRow(record)) {
      blankRows++;
      continue;
    }
    const row: SourceRow = { rowNumber: i, line, values: columns.map((_, c) => record[c] ?? '') };
    if (record.length !== columns.length) {
      row.width = record.length;
      if (record.length > columns.length) row.extra = record.slice(columns.length);
    }
    rows.push(row);
  }
  return { format: 'csv', columns, rows, blankRows, delimiter };
}
