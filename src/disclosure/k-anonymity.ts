// k-anonymisation of microdata exports (domain-spec §4.3, §11.3: k = 11 as CTDC, "no query returns
// fewer than 10"): a bottom-up search over the lattice of generalisation levels, by total height, with
// record suppression up to a share; among the feasible nodes of the lowest height, the least loss.
import type { Hierarchy, MicrodataRecord, MicrodataValue } from './hierarchies.ts';
import type { BilingualText } from './types.ts';

export interface QuasiIdentifier {
  field: string;
  hierarchy: Hierarchy;
  /** Never publish finer than this level (e.g. 1 for dates: no day, §11.3). Default 0. */
  minLevel?: number;
  /** Never generalise beyond this level. Default: the top ("*"). */
  maxLevel?: number;
}

export interface KAnonymityOptions {
  /** Minimum size of every combination of quasi-identifier values (default 11). */
  k?: number;
  /** Largest share of records that may be withheld to reach k (default 0.05). */
  maxSuppressedShare?: number;
}

export interface AppliedGeneralisation {
  field: string;
  level: number;
  levelName: string;
  /** Number of levels of the field's hierarchy. */
  levels: number;
}

export interface KAnonymityResult {
  /** The released records: quasi-identifiers generalised, other fields untouched, small classes removed. */
  records: Record<string, MicrodataValue>[];
  generalisation: AppliedGeneralisation[];
  suppressedRecords: number;
  /** False when even the most general node allowed exceeds the suppression share (records still k-anonymous). */
  withinSuppressionLimit: boolean;
  k: number;
  equivalenceClasses: number;
  smallestClass: number;
  /** Mean generalisation height per quasi-identifier (0 recorded … 1 withheld), plus the share of records withheld. */
  informationLoss: number;
  nodesEvaluated: number;
  report: BilingualText;
}

interface Classes {
  codes: Int32Array; // class-major: codes[c * q + i]
  counts: Int32Array;
  size: number;
}

interface FieldLevels {
  /** Per level: code → label. */
  labels: string[][];
  /** Per level: record → code. Only the lowest level is kept per record; others come via `up`. */
  recordCodes: Int32Array;
  /** Per level l: code at l → code at l + 1. */
  up: Int32Array[];
}

/**
 * Es: k-anonimiza registros: generaliza los cuasi-identificadores y suprime los registros sobrantes para que cada combinación aparezca ≥ k veces.
 * En: k-anonymises records: generalises the quasi-identifiers and withholds leftover records so that every combination occurs ≥ k times.
 *
 * Following CTDC (§4.3) the quasi-identifiers should be all released columns; fields not listed are
 * copied unchanged, so anything not listed must be safe to release as it is.
 */
export function kAnonymise(records: readonly MicrodataRecord[], quasiIdentifiers: readonly QuasiIdentifier[], options: KAnonymityOptions = {}): KAnonymityResult {
  const k = options.k ?? 11;
  const maxShare = options.maxSuppressedShare ?? 0.05;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const n = records.length;
  const q = quasiIdentifiers.length;
  const allowed = Math.floor(maxShare * n);
  const low = quasiIdentifiers.map((qi) => qi.minLevel ?? 0);
  const high = quasiIdentifiers.map((qi) => Math.min(qi.maxLevel ?? qi.hierarchy.levels.length - 1, qi.hierarchy.levels.length - 1));
  low.forEach((l, i) => {
    if (l < 0 || l > high[i]!) throw new RangeError(`bad level range for ${quasiIdentifiers[i]!.field}`);
  });
  const fields = quasiIdentifiers.map((qi, i) => encodeField(records, qi, low[i]!, high[i]!));
  const cardinality = (i: number, level: number) => fields[i]!.labels[level]!.length;
  // Information loss: the generalisation height of each field relative to its hierarchy (Sweeney's
  // precision), averaged, plus the share of records withheld. Heights, not distinct counts, so that
  // a field with many values (age) is not generalised to "*" just because its bands look cheap.
  const tops = quasiIdentifiers.map((qi) => qi.hierarchy.levels.length - 1);
  const loss = (levels: readonly number[], suppressed: number) => {
    let total = 0;
    levels.forEach((l, i) => {
      total += tops[i]! === 0 ? 0 : l / tops[i]!;
    });
    return (q === 0 ? 0 : total / q) + (n === 0 ? 0 : suppressed / n);
  };

  // Bottom node: group the records.
  let previous = new Map<string, Classes>();
  const bottom = groupRecords(fields, low, n, q, (i, l) => cardinality(i, l));
  previous.set(low.join(','), bottom);
  let nodesEvaluated = 0;
  let best: { levels: number[]; suppressed: number; loss: number } | undefined;
  let fallback: { levels: number[]; suppressed: number } | undefined;
  const maxHeight = high.reduce((s, h, i) => s + h - low[i]!, 0);
  for (let height = 0; height <= maxHeight && !best; height++) {
    const current = new Map<string, Classes>();
    for (const levels of nodesOfHeight(low, high, height)) {
      const id = levels.join(',');
      let classes: Classes;
      if (height === 0) classes = bottom;
      else {
        // Roll up from the predecessor with the fewest classes.
        let parent: Classes | undefined;
        let raised = -1;
        for (let i = 0; i < q; i++) {
          if (levels[i]! === low[i]) continue;
          const down = levels.slice();
          down[i]! -= 1;
          const candidate = previous.get(down.join(','));
          if (candidate && (!parent || candidate.size < parent.size)) {
            parent = candidate;
            raised = i;
          }
        }
        if (!parent) throw new Error('lattice predecessor missing');
        classes = rollUp(parent, raised, fields[raised]!.up[levels[raised]! - 1]!, levels, q, (i, l) => cardinality(i, l));
      }
      current.set(id, classes);
      nodesEvaluated++;
      let suppressed = 0;
      for (let c = 0; c < classes.size; c++) if (classes.counts[c]! < k) suppressed += classes.counts[c]!;
      if (suppressed <= allowed) {
        const l = loss(levels, suppressed);
        if (!best || l < best.loss - 1e-12) best = { levels, suppressed, loss: l };
      }
      if (height === maxHeight) fallback = { levels, suppressed };
    }
    previous = current;
  }
  const chosen = best ?? fallback ?? { levels: low, suppressed: n };
  return release(records, quasiIdentifiers, fields, chosen.levels, k, n, q, nodesEvaluated, best !== undefined, loss);
}

function encodeField(records: readonly MicrodataRecord[], qi: QuasiIdentifier, low: number, high: number): FieldLevels {
  const distinct = new Map<string, number>();
  const rawIndex = new Int32Array(records.length);
  const raws: MicrodataValue[] = [];
  records.forEach((r, j) => {
    const value = r[qi.field];
    const key = value === null || value === undefined ? '\u0000' : `${typeof value}:${String(value)}`;
    let index = distinct.get(key);
    if (index === undefined) {
      index = raws.length;
      distinct.set(key, index);
      raws.push(value);
    }
    rawIndex[j] = index;
  });
  const labels: string[][] = [];
  const codeOfRaw: Int32Array[] = [];
  for (let level = 0; level <= high; level++) {
    if (level < low) {
      labels.push([]);
      codeOfRaw.push(new Int32Array(0));
      continue;
    }
    const codes = new Map<string, number>();
    const perRaw = new Int32Array(raws.length);
    raws.forEach((raw, i) => {
      const label = qi.hierarchy.generalise(raw, level);
      let code = codes.get(label);
      if (code === undefined) {
        code = codes.size;
        codes.set(label, code);
      }
      perRaw[i] = code;
    });
    labels.push([...codes.keys()]);
    codeOfRaw.push(perRaw);
  }
  const up: Int32Array[] = [];
  for (let level = 0; level < high; level++) {
    if (level < low) {
      up.push(new Int32Array(0));
      continue;
    }
    const map = new Int32Array(labels[level]!.length).fill(-1);
    raws.forEach((_, i) => {
      const from = codeOfRaw[level]![i]!;
      const to = codeOfRaw[level + 1]![i]!;
      if (map[from] !== -1 && map[from] !== to) throw new Error(`hierarchy of ${qi.field} is not nested at level ${level}`);
      map[from] = to;
    });
    up.push(map);
  }
  const recordCodes = new Int32Array(records.length);
  for (let j = 0; j < records.length; j++) recordCodes[j] = codeOfRaw[low]![rawIndex[j]!]!;
  return { labels, recordCodes, up };
}

/**
 * Class index of a tuple key: open addressing over typed arrays for numeric keys (much faster than a
 * Map for the hundreds of thousands of lookups per lattice node), a Map for text keys.
 */
class ClassIndex {
  // Key and class side by side, so that a probe touches one cache line; −1 marks an empty slot
  // (keys are never negative).
  private readonly table: Float64Array;
  private readonly mask: number;
  private readonly text = new Map<string, number>();
  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.table = new Float64Array(capacity * 2).fill(-1);
    this.mask = capacity - 1;
  }
  /** The class of the key, or `next` (which the caller then allocates) when the key is new. */
  findOrAdd(key: number | string, next: number): number {
    if (typeof key === 'string') {
      const found = this.text.get(key);
      if (found !== undefined) return found;
      this.text.set(key, next);
      return next;
    }
    const low = key % 4294967296;
    const high = (key - low) / 4294967296;
    // murmur3's finaliser: every key bit reaches the low bits that pick the slot.
    let h = (low | 0) ^ Math.imul(high | 0, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) & this.mask;
    const table = this.table;
    for (;;) {
      const at = h * 2;
      const stored = table[at]!;
      if (stored === -1) {
        table[at] = key;
        table[at + 1] = next;
        return next;
      }
      if (stored === key) return table[at + 1]!;
      h = (h + 1) & this.mask;
    }
  }
}

/** A key for a tuple of codes: a mixed-radix number when it fits in a double exactly, else text. */
function keyMaker(levels: readonly number[], cardinality: (i: number, level: number) => number): (codes: ArrayLike<number>, offset: number) => number | string {
  const radix = levels.map((l, i) => Math.max(1, cardinality(i, l)));
  const product = radix.reduce((p, r) => p * r, 1);
  if (product < Number.MAX_SAFE_INTEGER) {
    return (codes, offset) => {
      let key = 0;
      for (let i = 0; i < radix.length; i++) key = key * radix[i]! + codes[offset + i]!;
      return key;
    };
  }
  return (codes, offset) => Array.prototype.slice.call(codes, offset, offset + radix.length).join(',');
}

function groupRecords(fields: readonly FieldLevels[], levels: readonly number[], n: number, q: number, cardinality: (i: number, l: number) => number): Classes {
  const tuple = new Int32Array(q);
  const makeKey = keyMaker(levels, cardinality);
  const index = new ClassIndex(n);
  const codes = new Int32Array(Math.max(1, n * q));
  const counts = new Int32Array(Math.max(1, n));
  let size = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < q; i++) tuple[i] = fields[i]!.recordCodes[j]!;
    const c = index.findOrAdd(makeKey(tuple, 0), size);
    if (c === size) {
      size++;
      codes.set(tuple, c * q);
    }
    counts[c]! += 1;
  }
  return { codes, counts, size };
}

function rollUp(parent: Classes, raised: number, up: Int32Array, levels: readonly number[], q: number, cardinality: (i: number, l: number) => number): Classes {
  const radix = levels.map((l, i) => Math.max(1, cardinality(i, l)));
  const numeric = radix.reduce((p, r) => p * r, 1) < Number.MAX_SAFE_INTEGER;
  const makeKey = keyMaker(levels, cardinality);
  const index = new ClassIndex(parent.size);
  const codes = new Int32Array(Math.max(1, parent.size * q));
  const counts = new Int32Array(Math.max(1, parent.size));
  const tuple = new Int32Array(q);
  const source = parent.codes;
  let size = 0;
  for (let c = 0; c < parent.size; c++) {
    const base = c * q;
    let key: number | string;
    if (numeric) {
      // The hot loop: the mixed-radix key straight from the parent's codes, no intermediate tuple.
      let k = 0;
      for (let i = 0; i < q; i++) k = k * radix[i]! + (i === raised ? up[source[base + i]!]! : source[base + i]!);
      key = k;
    } else {
      for (let i = 0; i < q; i++) tuple[i] = source[base + i]!;
      tuple[raised] = up[tuple[raised]!]!;
      key = makeKey(tuple, 0);
    }
    const target = index.findOrAdd(key, size);
    if (target === size) {
      size++;
      const to = target * q;
      for (let i = 0; i < q; i++) codes[to + i] = source[base + i]!;
      codes[to + raised] = up[source[base + raised]!]!;
    }
    counts[target]! += parent.counts[c]!;
  }
  // Trim so that the lattice level kept in memory holds only what it needs.
  return { codes: codes.slice(0, Math.max(1, size * q)), counts: counts.slice(0, Math.max(1, size)), size };
}

function* nodesOfHeight(low: readonly number[], high: readonly number[], height: number): Generator<number[]> {
  const q = low.length;
  const levels = low.slice();
  function* place(i: number, left: number): Generator<number[]> {
    if (i === q) {
      if (left === 0) yield levels.slice();
      return;
    }
    let rest = 0;
    for (let j = i + 1; j < q; j++) rest += high[j]! - low[j]!;
    for (let step = Math.max(0, left - rest); step <= Math.min(left, high[i]! - low[i]!); step++) {
      levels[i] = low[i]! + step;
      yield* place(i + 1, left - step);
    }
    levels[i] = low[i]!;
  }
  yield* place(0, height);
}

function release(
  records: readonly MicrodataRecord[],
  quasiIdentifiers: readonly QuasiIdentifier[],
  fields: readonly FieldLevels[],
  levels: readonly number[],
  k: number,
  n: number,
  q: number,
  nodesEvaluated: number,
  withinLimit: boolean,
  loss: (levels: readonly number[], suppressed: number) => number,
): KAnonymityResult {
  // Each record's codes at the chosen levels, by composing the one-level maps.
  const codes = fields.map((f, i) => {
    const out = new Int32Array(n);
    const from = quasiIdentifiers[i]!.minLevel ?? 0;
    for (let j = 0; j < n; j++) {
      let code = f.recordCodes[j]!;
      for (let l = from; l < levels[i]!; l++) code = f.up[l]![code]!;
      out[j] = code;
    }
    return out;
  });
  const keyOf = (j: number) => {
    let key = '';
    for (let i = 0; i < q; i++) key += `${codes[i]![j]},`;
    return key;
  };
  const sizes = new Map<string, number>();
  const keys = Array.from({ length: n }, (_, j) => keyOf(j));
  for (const key of keys) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  const released: Record<string, MicrodataValue>[] = [];
  for (let j = 0; j < n; j++) {
    if (sizes.get(keys[j]!)! < k) continue;
    const record: Record<string, MicrodataValue> = { ...records[j]! };
    quasiIdentifiers.forEach((qi, i) => {
      record[qi.field] = fields[i]!.labels[levels[i]!]![codes[i]![j]!]!;
    });
    released.push(record);
  }
  const kept = [...sizes.values()].filter((s) => s >= k);
  const suppressedRecords = n - released.length;
  const generalisation = quasiIdentifiers.map((qi, i) => ({ field: qi.field, level: levels[i]!, levelName: qi.hierarchy.levels[levels[i]!]!, levels: qi.hierarchy.levels.length }));
  return {
    records: released,
    generalisation,
    suppressedRecords,
    withinSuppressionLimit: withinLimit,
    k,
    equivalenceClasses: kept.length,
    smallestClass: kept.reduce((m, s) => Math.min(m, s), kept.length === 0 ? 0 : Infinity),
    informationLoss: loss(levels, suppressedRecords),
    nodesEvaluated,
    report: kAnonymityReport(generalisation, k, n, suppressedRecords),
  };
}

function kAnonymityReport(generalisation: readonly AppliedGeneralisation[], k: number, n: number, suppressed: number): BilingualText {
  const share = n === 0 ? '0' : ((100 * suppressed) / n).toFixed(1);
  const fields = generalisation.map((g) => g.field).join(', ');
  const applied = generalisation.filter((g) => g.level > 0).map((g) => `${g.field} → ${g.levelName}`);
  return {
    es: `Exportación k-anónima (k = ${k}): cada combinación de ${fields} aparece en al menos ${k} registros. ` +
      `Generalizaciones: ${applied.length > 0 ? applied.join('; ') : 'ninguna'}. Se retiraron ${suppressed} de ${n} registros (${share} %).`,
    en: `k-anonymous export (k = ${k}): every combination of ${fields} occurs in at least ${k} records. ` +
      `Generalisations: ${applied.length > 0 ? applied.join('; ') : 'none'}. ${suppressed} of ${n} records were withheld (${share} %).`,
  };
}

export interface KAnonymityCheck {
  ok: boolean;
  classes: number;
  smallestClass: number;
  /** Every combination of quasi-identifier values seen fewer than k times. */
  violations: { values: Record<string, string>; count: number }[];
}

/**
 * Es: verifica que cada combinación de valores de los cuasi-identificadores aparezca en al menos k registros.
 * En: verifies that every combination of quasi-identifier values occurs in at least k records.
 */
export function checkKAnonymity(records: readonly MicrodataRecord[], fields: readonly string[], k = 11): KAnonymityCheck {
  const groups = new Map<string, { values: Record<string, string>; count: number }>();
  for (const record of records) {
    const values: Record<string, string> = {};
    for (const f of fields) values[f] = record[f] === null || record[f] === undefined ? '' : String(record[f]);
    const key = JSON.stringify(fields.map((f) => values[f]));
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { values, count: 1 });
  }
  const violations = [...groups.values()].filter((g) => g.count < k);
  const sizes = [...groups.values()].map((g) => g.count);
  return { ok: violations.length === 0, classes: groups.size, smallestClass: sizes.reduce((m, s) => Math.min(m, s), sizes.length === 0 ? 0 : Infinity), violations };
}
