// JSON files: an array of objects, or `{ "records": [...] }`. Nested objects become dotted column
// names ("persona.nombres"); arrays of plain values become "a;b" (the multi-value separator).
import { ImportFileError } from './errors.ts';
import { isBlankRow, type SourceRow, type Table } from './table.ts';

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value === null || value === undefined) {
    out.set(prefix, '');
  } else if (Array.isArray(value)) {
    const plain = value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
    out.set(prefix, plain ? value.map((v) => (v === null ? '' : String(v))).join(';') : JSON.stringify(value));
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix !== '') out.set(prefix, '');
    for (const [key, inner] of entries) flatten(inner, prefix === '' ? key : `${prefix}.${key}`, out);
  } else {
    out.set(prefix, String(value));
  }
}

/**
 * Where JSON text first breaks the grammar (RFC 8259), with a short English reason; undefined when
 * the text is valid. Only run after JSON.parse failed, to say where.
 */
export function jsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const n = text.length;
  class Stop extends Error {
    constructor(readonly offset: number, readonly reason: string) {
      super(reason);
    }
  }
  const space = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (reason: string): never => {
    throw new Stop(i, i >= n ? 'unexpected end of the text' : reason);
  };
  const string = () => {
    i++;
    while (i < n && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail('control character inside a string');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x') || i >= n) fail('bad escape');
      }
      i++;
    }
    if (i >= n) fail('unterminated string');
    i++;
  };
  const value = (depth: number): void => {
    if (depth > 1000) fail('nested too deeply');
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail('expected a quoted key');
        string();
        space();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        value(depth + 1);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('expected "," or "}"');
      }
    } else if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('expected "," or "]"');
      }
    } else if (c === '"') string();
    else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) fail('unexpected character');
      i += (m as RegExpExecArray)[0].length;
    }
  };
  try {
    value(0);
    space();
    if (i < n) fail('unexpected text after the end');
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Lines of increasing offsets, in one pass. */
function linesOf(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  for (const offset of offsets) {
    for (; at < offset && at < text.length; at++) if (text.charCodeAt(at) === 10) line++;
    lines.push(line);
  }
  return lines;
}

/**
 * Offsets where the records start: elements of the top-level array, or of the array under the
 * top-level key "records". One pass, aware of strings and escapes.
 */
function recordOffsets(text: string): number[] {
  const offsets: number[] = [];
  const stack: { kind: '[' | '{'; isRecords: boolean }[] = [];
  let lastKey = '';
  let expectingValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.kind === '{' && !expectingValue) lastKey = text.slice(i + 1, j);
      else if (top?.isRecords) offsets.push(i);
      expectingValue = false;
      i = j;
    } else if (c === ':') {
      expectingValue = true;
    } else if (c === ',') {
      expectingValue = false;
    } else if (c === '{' || c === '[') {
      const top = stack[stack.length - 1];
      if (top?.isRecords) offsets.push(i);
      const isRecords = c === '[' && (stack.length === 0 || (stack.length === 1 && top?.kind === '{' && lastKey === 'records'));
      stack.push({ kind: c, isRecords });
      expectingValue = false;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectingValue = false;
    } else if (c !== undefined && !/\s/.test(c)) {
      // A bare value (number, true, null) directly inside the records array: still a record slot.
      const top = stack[stack.length - 1];
      if (top?.isRecords && (offsets.length === 0 || /[[,]\s*$/.test(text.slice(Math.max(0, i - 64), i)))) offsets.push(i);
      while (i + 1 < text.length && !/[\s,\]}]/.test(text[i + 1] as string)) i++;
    }
  }
  return offsets;
}

export function parseJsonRecords(text: string, options: { file?: string } = {}): Table {
  const file = options.file ?? '-';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8's message in Node 20 gives no position; find it with a small syntax walk.
    const found = jsonSyntaxError(text);
    const offset = found?.offset ?? text.length;
    const { line, column } = lineColumn(text, offset);
    const detail = found?.reason ?? (error instanceof Error ? error.message.split('\n')[0] ?? 'error' : String(error));
    throw new ImportFileError(file, { line, column, offset }, 'import.malformedJson', { detail });
  }
  const records: unknown = Array.isArray(data) ? data : data !== null && typeof data === 'object' ? (data as Record<string, unknown>).records : undefined;
  if (!Array.isArray(records)) throw new ImportFileError(file, { line: 1 }, 'import.jsonShape');
  const offsets = recordOffsets(text);
  const lines = linesOf(text, offsets);
  const flat: Map<string, string>[] = [];
  const columns: string[] = [];
  const known = new Set<string>();
  records.forEach((record, index) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new ImportFileError(file, { line: lines[index] ?? 0 }, 'import.jsonRecordShape', { index: String(index + 1) });
    }
    const out = new Map<string, string>();
    flatten(record, '', out);
    for (const key of out.keys()) {
      if (!known.has(key)) {
        known.add(key);
        columns.push(key);
      }
    }
    flat.push(out);
  });
  const rows: SourceRow[] = [];
  let blankRows = 0;
  flat.forEach((out, index) => {
    const values = columns.map((c) => out.get(c) ?? '');
    if (isBlankRow(values)) {
      blankRows++;
      return;
    }
    rows.push({ rowNumber: index + 1, line: lines[index] ?? 0, values });
  });
  return { format: 'json', columns, rows, blankRows };
}
