// Reads canonical person-record CSV files (DESIGN §5) strictly: any problem is an
// InputError naming the file, line and column, in Spanish and English.
import { readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse';
import { CANONICAL_COLUMNS, REQUIRED_COLUMNS } from '../domain/person-record.ts';
import type { CanonicalColumn, CanonicalRecord } from '../domain/person-record.ts';

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string,
    readonly spanish: string,
    readonly english: string,
  ) {
    super(`${file}: línea ${line}, columna ${column}: ${spanish} / ${file}: line ${line}, column ${column}: ${english}`);
  }
}

/** Largest record accepted; anything bigger is a broken file, not a person. */
export const MAX_RECORD_BYTES = 1_000_000;

/** Finds the first byte that breaks UTF-8, for the error message. */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i] as number;
    let extra = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) extra = 1;
    else if (b >= 0xe0 && b <= 0xef) extra = 2;
    else if (b >= 0xf0 && b <= 0xf4) extra = 3;
    else return i;
    if (i + extra >= n) return i;
    for (let k = 1; k <= extra; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    const second = buf[i + 1] as number;
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += extra + 1;
  }
  return -1;
}

function isBlank(buf: Buffer): boolean {
  let start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  for (; start < buf.length; start++) {
    const b = buf[start];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  }
  return true;
}

function lineAndColumnAt(buf: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Column as a field number: count the commas before the offset on that line (quotes ignored).
  let column = 1;
  for (let i = lineStart; i < offset; i++) if (buf[i] === 0x2c) column++;
  return { line, column };
}

export interface ReadOptions {
  /** Called for each record; return value ignored. Lets the caller prepare records as they stream in. */
  readonly onRecord: (record: CanonicalRecord, line: number) => void;
  /** Keys `source\u0000record_id` already seen (across files), to reject duplicates. */
  readonly seenIds: Set<string>;
}

/** Reads one file; returns the number of records. Throws InputError on bad input. */
export async function readCanonicalCsv(file: string, options: ReadOptions): Promise<number> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(file, 0, '-', `no se puede leer el archivo (${reason})`, `cannot read the file (${reason})`);
  }
  if (isBlank(buf)) {
    throw new InputError(file, 1, '1', 'el archivo está vacío: se espera una cabecera con source,record_id,…', 'the file is empty: a header with source,record_id,… is expected');
  }
  if (!isUtf8(buf)) {
    const at = firstInvalidUtf8(buf);
    const { line, column } = lineAndColumnAt(buf, Math.max(at, 0));
    throw new InputError(file, line, String(column), `texto no válido en UTF-8 (byte ${at + 1})`, `invalid UTF-8 text (byte ${at + 1})`);
  }

  let header: string[] | undefined;
  let indexOf: Partial<Record<CanonicalColumn, number>> = {};
  let count = 0;
  let failure: InputError | undefined;
  const columnName = (index: number): string => header?.[index] ?? String(index + 1);

  const parser = parse({
    cast: false,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    on_record: (row: string[], context: { lines: number }) => {
      if (failure) return null;
      try {
        if (!header) {
          header = row.map((h) => h.trim().toLowerCase());
          indexOf = {};
          for (const column of CANONICAL_COLUMNS) {
            const at = header.indexOf(column);
            if (at >= 0) indexOf[column] = at;
          }
          for (const required of REQUIRED_COLUMNS) {
            if (indexOf[required] === undefined) {
              throw new InputError(file, context.lines, required, `falta la columna obligatoria «${required}»`, `required column "${required}" is missing`);
            }
          }
          return null;
        }
        const record: Record<string, string> = {};
        for (const column of CANONICAL_COLUMNS) {
          const at = indexOf[column];
          if (at === undefined) continue;
          const value = row[at];
          if (value !== undefined && value !== '') {
            const trimmed = value.trim();
            if (trimmed !== '') record[column] = trimmed;
          }
        }
        for (const required of REQUIRED_COLUMNS) {
          if (!record[required]) {
            throw new InputError(file, context.lines, required, `el valor de «${required}» está vacío`, `"${required}" is empty`);
          }
        }
        const key = `${record.source}\u0000${record.record_id}`;
        if (options.seenIds.has(key)) {
          throw new InputError(
            file,
            context.lines,
            'record_id',
            `record_id «${record.record_id}» repetido en la fuente «${record.source}»`,
            `duplicated record_id "${record.record_id}" in source "${record.source}"`,
          );
        }
        options.seenIds.add(key);
        options.onRecord(record as CanonicalRecord, context.lines);
        count++;
      } catch (error) {
        failure = error instanceof InputError ? error : new InputError(file, context.lines, '-', String(error), String(error));
      }
      return null;
    },
  });

  await new Promise<void>((resolve, reject) => {
    parser.on('readable', () => {
      while (parser.read() !== null) {
        /* records are consumed in on_record */
      }
    });
    parser.on('error', (error: Error & { lines?: number; column?: number | string | null; code?: string }) => {
      const line = typeof error.lines === 'number' ? error.lines : 0;
      const column = typeof error.column === 'number' ? columnName(error.column) : String(error.column ?? '-');
      if (error.code === 'CSV_MAX_RECORD_SIZE') {
        reject(new InputError(file, line, column, `registro demasiado grande (más de ${MAX_RECORD_BYTES} bytes)`, `record too large (more than ${MAX_RECORD_BYTES} bytes)`));
      } else {
        reject(new InputError(file, line, column, `CSV mal formado (${error.message})`, `malformed CSV (${error.message})`));
      }
    });
    parser.on('end', () => resolve());
    const chunk = 1 << 20;
    for (let offset = 0; offset < buf.length; offset += chunk) parser.write(buf.subarray(offset, offset + chunk));
    parser.end();
  });
  if (failure) throw failure;
  if (!header) {
    throw new InputError(file, 1, '1', 'el archivo está vacío: se espera una cabecera con source,record_id,…', 'the file is empty: a header with source,record_id,… is expected');
  }
  return count;
}
