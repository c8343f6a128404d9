// The persons of a statistical scope (a region, an agency: src/server/policies/statistics.ts) as
// facts of their own, so that every count, table and protection reads them as it reads the nation:
// the persons kept, in order, and the records of other kinds (referrals, proceedings, stays…) of
// those persons only, their person index renumbered. Pure.
import type { PersonFacts } from './facts.ts';

type Column = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

const isColumn = (v: unknown): v is Column => ArrayBuffer.isView(v) && !(v instanceof DataView);

/** Records joined to persons: a row per record, `person` the index of its person (-1 unknown). */
export interface PersonRecords {
  size: number;
  person: Int32Array;
}

export function isPersonRecords(v: unknown): v is PersonRecords {
  return typeof v === 'object' && v !== null && 'person' in v && v.person instanceof Int32Array && 'size' in v && typeof v.size === 'number';
}

function pick<T extends Column>(column: T, rows: readonly number[]): T {
  const out = new (column.constructor as new (n: number) => T)(rows.length);
  rows.forEach((r, i) => {
    out[i] = column[r] as number;
  });
  return out;
}

/**
 * The persons with `keep[i] === 1`, in their order, and for each old index its new one (-1 when
 * left out).
 */
export function keepPersons(facts: PersonFacts, keep: Uint8Array): { facts: PersonFacts; index: Int32Array } {
  const index = new Int32Array(facts.size).fill(-1);
  const rows: number[] = [];
  for (let i = 0; i < facts.size; i++) if (keep[i] === 1) index[i] = rows.push(i) - 1;
  const codes = Object.fromEntries(Object.entries(facts.codes).map(([d, c]) => [d, pick(c, rows)])) as PersonFacts['codes'];
  // A plain loop: spreading the national map into arrays of pairs cost most of a narrowing (100,000 persons).
  let groups: Map<string, number> | undefined;
  if (facts.groups) {
    groups = new Map();
    for (const [id, g] of facts.groups) {
      const kept = index[g] as number;
      if (kept >= 0) groups.set(id, kept);
    }
  }
  return {
    index,
    facts: {
      size: rows.length,
      dimensions: facts.dimensions,
      codes,
      agencies: pick(facts.agencies, rows),
      records: pick(facts.records, rows),
      ...(facts.lastDetected ? { lastDetected: pick(facts.lastDetected, rows) } : {}),
      ...(groups ? { groups } : {}),
    },
  };
}

/**
 * The records of the persons kept, renumbered by `index` (from keepPersons); records of no known
 * person are left out. Every typed-array column has a row per record, except nested rows: an
 * `<x>Start` column of size + 1 offsets into the columns named `<x>…` (a plan's goals). Any other
 * column of another length is refused, so that a kind of record added later is never passed on
 * unnarrowed.
 */
export function keepRecords<T extends PersonRecords>(records: T, index: Int32Array): T {
  const rows: number[] = [];
  for (let i = 0; i < records.size; i++) {
    const p = records.person[i] as number;
    if (p >= 0 && (index[p] as number) >= 0) rows.push(i);
  }
  const entries = Object.entries(records);
  const nested = new Map<string, Int32Array>();
  for (const [key, value] of entries) if (key.endsWith('Start') && value instanceof Int32Array && value.length === records.size + 1) nested.set(key.slice(0, -'Start'.length), value);
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (key === 'size') out[key] = rows.length;
    else if (key === 'person') out[key] = Int32Array.from(rows, (r) => index[records.person[r] as number] as number);
    else if (nested.has(key.slice(0, -'Start'.length)) && key.endsWith('Start')) {
      const starts = value as Int32Array;
      const kept = new Int32Array(rows.length + 1);
      rows.forEach((r, i) => {
        kept[i + 1] = (kept[i] as number) + (starts[r + 1] as number) - (starts[r] as number);
      });
      out[key] = kept;
    } else if (isColumn(value)) {
      const prefix = [...nested.keys()].find((p) => key.startsWith(p));
      if (prefix !== undefined) {
        const starts = nested.get(prefix) as Int32Array;
        const inner: number[] = [];
        for (const r of rows) for (let g = starts[r] as number; g < (starts[r + 1] as number); g++) inner.push(g);
        out[key] = pick(value, inner);
      } else if (value.length === records.size) out[key] = pick(value, rows);
      else throw new RangeError(`column ${key} has ${value.length} rows for ${records.size} records`);
    } else out[key] = value;
  }
  return out as T;
}
