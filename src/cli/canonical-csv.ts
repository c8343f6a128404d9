// Reads canonical person-record CSV files (DESIGN §5) strictly: any problem is an
// InputError naming the file, line and column, in Spanish and English.
import { readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { parse as parseSync } from 'csv-parse/sync';
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

const EMPTY_ROW: string[] = [];

type CsvFailure = Error & { lines?: number; column?: number | string | null; code?: string };

function csvError(file: string, error: CsvFailure, header: string[] | undefined): InputError {
  const line = typeof error.lines === 'number' ? error.lines : 0;
  const column = typeof error.column === 'number' ? (header?.[error.column] ?? String(error.column + 1)) : String(error.column ?? '-');
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return new InputError(file, line, column, `registro demasiado grande (más de ${MAX_RECORD_BYTES} bytes)`, `record too large (more than ${MAX_RECORD_BYTES} bytes)`);
  }
  return new InputError(file, line, column, `CSV mal formado (${error.message})`, `malformed CSV (${error.message})`);
}

export interface ReadOptions {
  /** Called for each record; return value ignored. Lets the caller prepare records as they stream in. */
  readonly onRecord: (record: CanonicalRecord, line: number) => void;
  /**
   * Keys `source\u0000record_id` already seen (across files), to reject duplicates; undefined
   * when another reader of the same files rejects them (the CLI's helper thread).
   */
  readonly seenIds: Set<string> | undefined;
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

  const parseOptions = { cast: false, bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES } as const;
  // The whole file is parsed again only to describe a problem (line numbers are the file's).
  const failWhole = (chunkError: unknown): never => {
    try {
      parseSync(buf, parseOptions);
    } catch (error) {
      let names: string[] | undefined;
      try {
        names = (parseSync(buf, { ...parseOptions, to: 1 }) as string[][])[0]?.map((h) => h.trim().toLowerCase());
      } catch {
        names = undefined;
      }
      throw csvError(file, error as CsvFailure, names);
    }
    throw chunkError;
  };
  // Synchronous parses (much faster than per-record callbacks), a few megabytes at a time: a
  // million rows parsed at once are a million arrays of strings alive together (about 1 GB,
  // in each thread that reads the file).
  const cuts = recordCuts(buf, PARSE_CHUNK_BYTES);
  let chunk = 0;
  const nextRows = (): string[][] | undefined => {
    if (chunk + 1 >= cuts.length) return undefined;
    const from = cuts[chunk] as number;
    const to = cuts[++chunk] as number;
    try {
      return parseSync(buf.subarray(from, to), parseOptions) as string[][];
    } catch (error) {
      return failWhole(error);
    }
  };
  let rows = nextRows() ?? [];
  while (rows.length === 0 && chunk + 1 < cuts.length) rows = nextRows() ?? [];
  const header = rows[0]?.map((h) => h.trim().toLowerCase());
  if (!header) {
    throw new InputError(file, 1, '1', 'el archivo está vacío: se espera una cabecera con source,record_id,…', 'the file is empty: a header with source,record_id,… is expected');
  }
  // Line numbers are only needed for an error: found then by parsing again with positions.
  const lineOf = (rowIndex: number): number => {
    const withInfo = parseSync(buf, { ...parseOptions, info: true, to: rowIndex + 1 }) as unknown as { info: { lines: number } }[];
    return withInfo[rowIndex]?.info.lines ?? rowIndex + 1;
  };
  const indexOf: Partial<Record<CanonicalColumn, number>> = {};
  for (const column of CANONICAL_COLUMNS) {
    const at = header.indexOf(column);
    if (at >= 0) indexOf[column] = at;
  }
  for (const required of REQUIRED_COLUMNS) {
    if (indexOf[required] === undefined) {
      throw new InputError(file, lineOf(0), required, `falta la columna obligatoria «${required}»`, `required column "${required}" is missing`);
    }
  }
  const present = CANONICAL_COLUMNS.filter((c) => indexOf[c] !== undefined).map((c) => [c, indexOf[c] as number] as const);
  let count = 0;
  // k: the row's number in the whole file (0 is the header); place: its place in this chunk's rows.
  let place = 1;
  for (let k = 1; ; k++, place++) {
    while (place >= rows.length) {
      const more = nextRows();
      if (!more) return count;
      rows = more;
      place = 0;
    }
    const row = rows[place] as string[];
    rows[place] = EMPTY_ROW; // let the parsed row go as soon as it is used
    const record: Record<string, string> = {};
    for (const [column, at] of present) {
      const value = row[at];
      if (value !== undefined && value !== '') {
        const trimmed = value.trim();
        if (trimmed !== '') record[column] = trimmed;
      }
    }
    for (const required of REQUIRED_COLUMNS) {
      if (!record[required]) {
        throw new InputError(file, lineOf(k), required, `el valor de «${required}» está vacío`, `"${required}" is empty`);
      }
    }
    const key = options.seenIds ? `${record.source}\u0000${record.record_id}` : '';
    if (options.seenIds?.has(key)) {
      throw new InputError(
        file,
        lineOf(k),
        'record_id',
        `record_id «${record.record_id}» repetido en la fuente «${record.source}»`,
        `duplicated record_id "${record.record_id}" in source "${record.source}"`,
      );
    }
    options.seenIds?.add(key);
    options.onRecord(record as CanonicalRecord, k + 1);
    count++;
  }
}

/** Bytes parsed at once (see readCanonicalCsv). */
const PARSE_CHUNK_BYTES = 4 << 20;

/**
 * Offsets, every `chunkBytes` or so, where the file can be cut between records: just after a
 * line feed outside quotes (an even number of quote bytes before it; in a well-formed file
 * quotes come only around and doubled inside quoted fields). A file whose lines end in "\r"
 * alone is not cut; in one whose lines end in "\r\n", only such ends are cuts (a lone "\n" is
 * then field text). A badly quoted file fails to parse either way.
 */
function recordCuts(buf: Buffer, chunkBytes: number): number[] {
  const cuts = [0];
  const lineFeed = buf.indexOf(0x0a);
  const carriageReturn = buf.indexOf(0x0d);
  if (carriageReturn >= 0 && (lineFeed < 0 || carriageReturn < lineFeed - 1)) return [0, buf.length];
  const crlf = carriageReturn >= 0 && carriageReturn === lineFeed - 1;
  let quotesOdd = false;
  let nextQuote = buf.indexOf(0x22);
  let from = chunkBytes;
  while (from < buf.length) {
    const lineFeed = buf.indexOf(0x0a, from);
    if (lineFeed < 0) break;
    while (nextQuote >= 0 && nextQuote < lineFeed) {
      quotesOdd = !quotesOdd;
      nextQuote = buf.indexOf(0x22, nextQuote + 1);
    }
    if (!quotesOdd && (!crlf || buf[lineFeed - 1] === 0x0d)) {
      cuts.push(lineFeed + 1);
      from = lineFeed + 1 + chunkBytes;
    } else {
      from = lineFeed + 1;
    }
  }
  cuts.push(buf.length);
  return cuts;
}
