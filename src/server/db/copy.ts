// Rows written in PostgreSQL's binary COPY format (the bulk path of imports and the demo seed).
// A parameterised INSERT … SELECT FROM unnest($1::bytea[], …) made node-postgres escape every
// array element into text (bytea as hex) and the server parse it all back: about a third of an
// import's CPU. In the binary format each value goes over as its bytes, and the server stores
// them without parsing more than the JSON.
// Format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4

import type { Queryable } from './database.ts';

export type CopyType = 'uuid' | 'text' | 'jsonb' | 'bytea' | 'int4' | 'bool' | 'date' | 'timestamptz' | 'text[]';

/** A column of a COPY and the type its values are written in (the column's own type). */
export interface CopyColumn {
  name: string;
  type: CopyType;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const TEXT_OID = 25;
const MS_2000 = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const TWO_32 = 2 ** 32;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Hex digit values by character code, -1 for anything else. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;
for (let i = 10; i < 16; i++) HEX['ABCDEF'.charCodeAt(i - 10)] = i;

/**
 * Builds the COPY data of one table: `add` each row's values in column order (null or undefined
 * for SQL NULL), then `finish`. Values of the wrong shape throw here, before anything is sent.
 */
export class CopyRows {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private length = 0;
  private lastInstant: string | undefined;
  private lastInstantMs = Number.NaN;
  rows = 0;

  constructor(readonly columns: readonly CopyColumn[]) {
    this.ensure(SIGNATURE.length + 8);
    SIGNATURE.copy(this.buffer, 0);
    this.length = SIGNATURE.length;
    this.int32(0); // flags: no OIDs
    this.int32(0); // header extension length
  }

  add(values: readonly unknown[]): void {
    if (values.length !== this.columns.length) throw new Error(`COPY: ${values.length} values for ${this.columns.length} columns`);
    const start = this.length;
    this.ensure(2);
    this.buffer.writeInt16BE(this.columns.length, this.length);
    this.length += 2;
    try {
      for (let i = 0; i < values.length; i++) this.value((this.columns[i] as CopyColumn).type, values[i]);
    } catch (error) {
      // A row is written whole or not at all.
      this.length = start;
      throw error;
    }
    this.rows++;
  }

  /** COPY data built elsewhere (another thread's `finish()`), as rows to write. */
  static prebuilt(columns: readonly CopyColumn[], data: Buffer, rows: number): CopyRows {
    const out = new CopyRows(columns);
    out.finished = data;
    out.rows = rows;
    return out;
  }

  private finished: Buffer | undefined;

  /** The complete data, trailer included. */
  finish(): Buffer {
    if (this.finished) return this.finished;
    this.ensure(2);
    this.buffer.writeInt16BE(-1, this.length);
    this.length += 2;
    return this.buffer.subarray(0, this.length);
  }

  private value(type: CopyType, value: unknown): void {
    if (value === null || value === undefined) return this.int32(-1);
    switch (type) {
      case 'uuid':
        return this.uuid(value as string);
      case 'text':
        return this.text(value as string);
      case 'jsonb':
        // jsonb's binary form: a version byte (1), then the JSON text.
        return this.text(typeof value === 'string' ? value : JSON.stringify(value), 1);
      case 'bytea': {
        const bytes = value as Uint8Array;
        this.int32(bytes.length);
        this.ensure(bytes.length);
        this.buffer.set(bytes, this.length);
        this.length += bytes.length;
        return;
      }
      case 'int4':
        this.int32(4);
        return this.int32(value as number);
      case 'bool':
        this.int32(1);
        this.ensure(1);
        this.buffer[this.length++] = value ? 1 : 0;
        return;
      case 'date': {
        // Date.parse would take 2026-02-30 for 2 March: the day must read back the same.
        const ms = Date.parse(`${value as string}T00:00:00Z`);
        if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) throw new Error(`COPY: not a date: ${String(value)}`);
        this.int32(4);
        return this.int32((ms - MS_2000) / DAY_MS);
      }
      case 'timestamptz': {
        const ms = value instanceof Date ? value.getTime() : this.instant(value as string);
        if (Number.isNaN(ms)) throw new Error(`COPY: not a timestamp: ${String(value)}`);
        // Microseconds since 2000-01-01 UTC as a signed 64-bit integer, in two halves.
        const micros = (ms - MS_2000) * 1000;
        const high = Math.floor(micros / TWO_32);
        this.int32(8);
        this.int32(high);
        this.ensure(4);
        this.buffer.writeUInt32BE(micros - high * TWO_32, this.length);
        this.length += 4;
        return;
      }
      case 'text[]':
        return this.sized(() => this.textArray(value as readonly string[]));
    }
  }

  /** The rows of a bulk write mostly share one instant (their registration): it is parsed once. */
  private instant(text: string): number {
    if (text !== this.lastInstant) {
      this.lastInstant = text;
      this.lastInstantMs = Date.parse(text);
    }
    return this.lastInstantMs;
  }

  /** One-dimensional text array: dimensions, null flag, element type, size and lower bound, elements. */
  private textArray(items: readonly string[]): void {
    if (items.length === 0) {
      this.int32(0);
      this.int32(0);
      return this.int32(TEXT_OID);
    }
    this.int32(1);
    this.int32(0);
    this.int32(TEXT_OID);
    this.int32(items.length);
    this.int32(1);
    for (const item of items) this.text(item);
  }

  private uuid(text: string): void {
    if (text.length !== 36) throw new Error(`COPY: not a uuid: ${text}`);
    this.int32(16);
    this.ensure(16);
    let out = this.length;
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) {
        if (text.charCodeAt(i) !== 45) throw new Error(`COPY: not a uuid: ${text}`);
        continue;
      }
      const high = HEX[text.charCodeAt(i)] ?? -1;
      const low = HEX[text.charCodeAt(++i)] ?? -1;
      if (high < 0 || low < 0) throw new Error(`COPY: not a uuid: ${text}`);
      this.buffer[out++] = (high << 4) | low;
    }
    this.length = out;
  }

  /** Writes a length word, then whatever `write` appends, then fills the length in. */
  private sized(write: () => void): void {
    this.ensure(4);
    const at = this.length;
    this.length += 4;
    write();
    this.buffer.writeInt32BE(this.length - at - 4, at);
  }

  /** Its length, an optional leading byte (jsonb's version), then the text in UTF-8. */
  private text(text: string, leadingByte?: number): void {
    this.ensure(5 + text.length * 3);
    const at = this.length;
    this.length += 4;
    if (leadingByte !== undefined) this.buffer[this.length++] = leadingByte;
    this.length += this.buffer.write(text, this.length, 'utf8');
    this.buffer.writeInt32BE(this.length - at - 4, at);
  }

  private int32(n: number): void {
    this.ensure(4);
    this.buffer.writeInt32BE(n, this.length);
    this.length += 4;
  }

  private ensure(more: number): void {
    if (this.length + more <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + more) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }
}

/** `COPY table (columns) FROM <source> (FORMAT binary)`, the source named by the engine. */
export function copyStatement(table: string, columns: readonly CopyColumn[], source: 'STDIN' | "'/dev/blob'"): string {
  if (!IDENTIFIER.test(table) || columns.some((c) => !IDENTIFIER.test(c.name))) throw new Error(`COPY: bad identifier in ${table}`);
  return `COPY ${table} (${columns.map((c) => c.name).join(', ')}) FROM ${source} (FORMAT binary)`;
}

/** Writes the rows into `table` in the caller's transaction (both engines can; a plain connection cannot). */
export function copyInto(tx: Queryable, table: string, rows: CopyRows): Promise<void> {
  if (!tx.copyRows) throw new Error(`COPY into ${table} needs a transaction`);
  return tx.copyRows(table, rows);
}
