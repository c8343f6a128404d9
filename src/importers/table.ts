// The shape every readable file becomes: named columns and rows of text, each row with where it
// came from. Values are never cast: "030101" and "01234567" keep their leading zeros.

export type FileFormat = 'csv' | 'xlsx' | 'json';

export interface SourceRow {
  /** 1-based number of the data row in the file (the header is not counted). */
  rowNumber: number;
  /** 1-based line (CSV, JSON: line where the record starts) or sheet row number (XLSX). */
  line: number;
  /** One value per column of the table, '' when absent. Extra fields beyond the header go to `extra`. */
  values: string[];
  /** Fields beyond the header's width (a row that is wider than the header). */
  extra?: string[];
  /** Number of fields the row really had, when it differs from the header's. */
  width?: number;
}

export interface Table {
  format: FileFormat;
  columns: string[];
  rows: SourceRow[];
  /** Rows with no value at all, not mapped; counted so that nothing disappears unseen. */
  blankRows: number;
  /** CSV only. */
  delimiter?: string;
  /** CSV and JSON: the encoding the text was decoded from. */
  encoding?: string;
  /** XLSX: the workbook counts dates from 1904 (old Mac Excel). */
  date1904?: boolean;
  /** XLSX: the sheet read. */
  sheet?: string;
}

/** Header names as written, trimmed; empty ones get "#n" and repeated ones " (2)", " (3)"… */
export function uniqueColumnNames(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((name, index) => {
    let base = name.replace(/^\uFEFF/, '').trim();
    if (base === '') base = `#${index + 1}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

export function isBlankRow(values: readonly string[]): boolean {
  return values.every((v) => v.trim() === '');
}
