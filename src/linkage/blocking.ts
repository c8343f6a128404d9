// Candidate pairs: the union of several blocking rules, each built on at most two fields, so
// that any single field missing or wrong still leaves a rule that brings the pair together.
import { AGE_WINDOW_YEARS, nameViews } from './record.ts';
import type { PreparedRecord } from './record.ts';
import { hashString } from './similarity.ts';

export interface BlockingRule {
  readonly name: string;
  keys(record: PreparedRecord): string[];
  /**
   * Whether an oversized block of this rule is also paired by sorted neighbourhood (default
   * true). Department sub-blocks are formed either way.
   */
  readonly neighbourhood?: boolean;
}

function initial(s: string | undefined): string {
  return s ? s[0] as string : '';
}

function fullBirthDate(r: PreparedRecord): string {
  return r.birthYear > 0 && r.birthMonth > 0 && r.birthDay > 0 ? `${r.birthYear}-${r.birthMonth}-${r.birthDay}` : '';
}

function nameKeys(r: PreparedRecord): string[] {
  // Unordered pairs of phonetic name keys — a given name with a surname, or the two surnames —
  // in one key space: survives swapped surnames, a missing surname, a given name typed in a
  // surname field ("Ccori Vanessa Condori" ~ "Vanessa Ccori Condori" share CCORI|CONDORI),
  // and the second given name in use ("Carmen Quispe" ~ "María del Carmen Quispe Huamán").
  const keys: string[] = [];
  const pair = (x: string, y: string): void => {
    if (x === y) return;
    const key = x < y ? `${x}|${y}` : `${y}|${x}`;
    if (!keys.includes(key)) keys.push(key);
  };
  const surnames = r.surnamePhonetic;
  const s1 = surnames[0];
  const s2 = surnames[1];
  for (const g of r.givenPhonetic.slice(0, 2)) {
    if (s1 !== undefined) pair(g, s1);
    if (s2 !== undefined) pair(g, s2);
  }
  if (s1 !== undefined && s2 !== undefined) pair(s1, s2);
  return keys;
}

/** Phonetic keys of the first given names and the surnames, whatever field they sit in. */
function anyNameKeys(r: PreparedRecord): string[] {
  const keys: string[] = [];
  for (const k of r.givenPhonetic.slice(0, 2)) if (!keys.includes(k)) keys.push(k);
  for (const k of r.surnamePhonetic) if (!keys.includes(k)) keys.push(k);
  return keys;
}

/**
 * Keys that two document numbers share when one character is wrong (the number with that
 * position blanked) or two neighbours are swapped (that pair written in order). Unlike halves
 * of the number, they do not put every record sharing four digits in one block.
 */
function documentTypoKeys(r: PreparedRecord): string[] {
  const d = r.documentNumber;
  if (d.length < 6 || d.length > 16) return [];
  const keys: string[] = [];
  for (let i = 0; i < d.length; i++) keys.push(`${d.slice(0, i)}_${d.slice(i + 1)}`);
  for (let i = 0; i + 1 < d.length; i++) {
    const x = d[i] as string;
    const y = d[i + 1] as string;
    if (x !== y) keys.push(`${d.slice(0, i)}${x < y ? x + y : y + x}~${d.slice(i + 2)}`);
  }
  return keys;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The full birth date with the initials of two of her names (first given name and surnames,
 * in whichever fields), unordered: with three names, a typo, even in a first letter, or a name
 * written in another field still leaves two initials in common, while a date and one initial
 * put every María born that day in one block (a million records: 27,000 oversized blocks,
 * 6.6 M pairs; now 600 and 3.0 M). A record with one name pairs its initial with every letter,
 * so it still meets records of the same date and initial.
 */
function birthDateInitialKeys(r: PreparedRecord): string[] {
  const d = fullBirthDate(r);
  if (!d) return [];
  // Not deduplicated: María Mamani pairs M with M, as María Mamani Quispe does.
  const initials = [...r.given.slice(0, 1), ...r.surnames].map(initial);
  const keys: string[] = [];
  const pair = (x: string, y: string): void => {
    const key = x < y ? `${d}|${x}${y}` : `${d}|${y}${x}`;
    if (!keys.includes(key)) keys.push(key);
  };
  if (initials.length === 1) {
    for (const letter of LETTERS) pair(initials[0] as string, letter);
  } else {
    for (let x = 0; x < initials.length; x++) for (let y = x + 1; y < initials.length; y++) pair(initials[x] as string, initials[y] as string);
  }
  // Two names leave one pair, which a typo in either first letter breaks: records of one or
  // two names also meet each other by a single initial (FEBRL's given name and surname).
  if (initials.length <= 2) {
    for (const letter of initials) {
      const key = `${d}|${letter}`;
      if (!keys.includes(key)) keys.push(key);
    }
  }
  return keys;
}

export const DEFAULT_BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'document', keys: (r) => (r.documentNumber.length >= 5 ? [r.documentNumber] : []) },
  { name: 'document typo', keys: documentTypoKeys },
  { name: 'name pair', keys: nameKeys },
  { name: 'birth date+name initials', keys: birthDateInitialKeys },
  {
    name: 'place+name',
    keys: (r) => {
      const place = r.postcode || r.locality;
      return place ? anyNameKeys(r).map((k) => `${place}|${k}`) : [];
    },
    // A town and one common name make blocks of namesakes: neighbours in them are rarely her
    // (at 200,000 records: 387,000 pairs found by no other rule, 530 of them true).
    neighbourhood: false,
  },
  { name: 'phone', keys: (r) => (r.phone ? [r.phone] : []) },
];

export interface BlockingOptions {
  /** Blocks larger than this (raised for small batches, see blockSizeFor) are paired by sorted neighbourhood, not all-to-all. */
  readonly maxBlockSize: number;
  /** Sorted-neighbourhood window inside an oversized block (0: oversized blocks are skipped). */
  readonly window: number;
}

export const DEFAULT_BLOCKING_OPTIONS: BlockingOptions = { maxBlockSize: 16, window: 2 };

/** Packs a pair (i < j) into one float: exact for indices below 2^26 (67 M records). */
export const PAIR_SHIFT = 0x4000000;

export interface CandidatePairs {
  /** Packed pairs `i * PAIR_SHIFT + j`, i < j, sorted and unique. */
  readonly pairs: Float64Array;
  readonly perRule: { rule: string; pairs: number; oversizedBlocks: number }[];
}

/** A growing list of numbers (block entries, packed pairs), without a boxed array's cost. */
class Float64Buffer {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

const ID_SHIFT = 0x400000; // record index in the low 22 bits of a block entry (4 M records)

/**
 * Sort keys inside an oversized block, as numbers below 2^31 (so `key * 2^22 + index` sorts
 * natively): neighbours by birth date then names, or by names then birth year. Names enter as
 * the first letters of their phonetic keys, which keeps equal and similar names together.
 */
function birthFirstKey(r: PreparedRecord): number {
  // A stated age sits in the middle of the birth years it allows (AGE_WINDOW_YEARS), among
  // the dated records of those years, not after all of them.
  const date = r.birthYear > 0 ? r.birthYear * 372 + r.birthMonth * 31 + r.birthDay : r.ageBirthYear > 0 ? (r.ageBirthYear - AGE_WINDOW_YEARS / 2) * 372 + 186 : 0;
  return date * 0x400 + letters(sortedSurnames(r), 2);
}

function namesFirstKey(r: PreparedRecord): number {
  return letters(`${sortedSurnames(r)}|${r.givenPhonetic.join(' ')}`, 5) * 0x40 + ((r.birthYear || r.ageBirthYear) % 0x40);
}

function sortedSurnames(r: PreparedRecord): string {
  const p = r.surnamePhonetic;
  return p.length < 2 ? (p[0] ?? '') : [...p].sort().join(' ');
}

/** The first `count` characters of `text` as 5-bit digits, in the order the text sorts. */
function letters(text: string, count: number): number {
  let key = 0;
  for (let i = 0; i < count; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    key = key * 32 + (c >= 65 && c <= 90 ? c - 63 : c === 0 ? 0 : c < 65 ? 1 : 28);
  }
  return key;
}

/** End of the run of sorted entries `key * 2^22 + index` that share the key of entry `start`. */
function runEnd(sorted: Float64Array, start: number): number {
  const key = Math.floor((sorted[start] as number) / ID_SHIFT);
  let end = start + 1;
  while (end < sorted.length && Math.floor((sorted[end] as number) / ID_SHIFT) === key) end++;
  return end;
}

/** Block-size cap for a batch: all-to-all in small batches, tighter as the batch grows. */
export function blockSizeFor(recordCount: number, options: BlockingOptions): number {
  return Math.max(options.maxBlockSize, Math.min(200, Math.floor(500_000 / Math.max(recordCount, 1))));
}


export function candidatePairs(
  records: readonly PreparedRecord[],
  rules: readonly BlockingRule[] = DEFAULT_BLOCKING_RULES,
  options: BlockingOptions = DEFAULT_BLOCKING_OPTIONS,
): CandidatePairs {
  const n = records.length;
  if (n > ID_SHIFT) throw new Error(`blocking supports at most ${ID_SHIFT} records per batch`);
  // One pass over the records for all rules (each record is touched once, while in cache).
  // Entries are `hash31 * 2^22 + index`: sorting them groups each block together.
  const entries = rules.map(() => new Float64Buffer(n));
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    const record = records[i] as PreparedRecord;
    const views = record.alternativeNames ? nameViews(record) : undefined;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r] as BlockingRule;
      const keys = views ? views.flatMap((view) => rule.keys(view)) : rule.keys(record);
      seen.length = 0;
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k] as string;
        if (k > 0 && seen.includes(key)) continue;
        seen.push(key);
        (entries[r] as Float64Buffer).push((hashString(key, r) % 0x7fffffff) * ID_SHIFT + i);
      }
    }
  }

  const buffer = new Float64Buffer(1 << 16);
  // Sorted-neighbourhood orders, computed once for the whole batch (only if some block is
  // oversized): each record's rank by birth date and by names. Inside a block, members are
  // then ordered by a native numeric sort of `rank * 2^22 + index`.
  let birthRank: Int32Array | undefined;
  let nameRank: Int32Array | undefined;
  const rankBy = (keyOf: (r: PreparedRecord) => number): Int32Array => {
    const order = new Float64Array(n);
    for (let i = 0; i < n; i++) order[i] = keyOf(records[i] as PreparedRecord) * ID_SHIFT + i;
    order.sort();
    const rank = new Int32Array(n);
    for (let position = 0; position < n; position++) rank[(order[position] as number) % ID_SHIFT] = position;
    return rank;
  };
  let scratch = new Float64Array(64);
  const sortMembers = (members: number[], rank: Int32Array): number[] => {
    if (scratch.length < members.length) scratch = new Float64Array(members.length * 2);
    const view = scratch.subarray(0, members.length);
    for (let k = 0; k < members.length; k++) view[k] = (rank[members[k] as number] as number) * ID_SHIFT + (members[k] as number);
    view.sort();
    for (let k = 0; k < members.length; k++) members[k] = (view[k] as number) % ID_SHIFT;
    return members;
  };
  const windowPairs = (members: number[], window: number): void => {
    for (let x = 0; x < members.length; x++) {
      const i = members[x] as number;
      const last = Math.min(members.length, x + 1 + window);
      for (let y = x + 1; y < last; y++) {
        const j = members[y] as number;
        if (i !== j) buffer.push(i < j ? i * PAIR_SHIFT + j : j * PAIR_SHIFT + i);
      }
    }
  };
  const allPairs = (members: readonly number[]): void => {
    for (let x = 0; x < members.length; x++) {
      const i = members[x] as number;
      for (let y = x + 1; y < members.length; y++) {
        const j = members[y] as number;
        if (i !== j) buffer.push(i < j ? i * PAIR_SHIFT + j : j * PAIR_SHIFT + i);
      }
    }
  };
  const maxBlockSize = blockSizeFor(n, options);
  // Department sub-blocks of an oversized block: a common name pair ("María Quispe") holds
  // thousands of namesakes, and the few neighbours by birth date or names miss her records
  // whose date is missing, only an age, or a year. Among the block's records of her department
  // (the region that registered the case) she is compared with all of them, or, if they are
  // still too many, with her neighbours by birth. A record registered in another department
  // still meets her through the whole block's neighbours and the other rules.
  let departmentOf: Int32Array | undefined;
  let birthOrder: Int32Array | undefined;
  const group: number[] = [];
  const departmentPairs = (members: readonly number[]): void => {
    if (!departmentOf) {
      departmentOf = new Int32Array(n);
      const dense = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const id = (records[i] as PreparedRecord).departmentId;
        if (id < 0) continue;
        let d = dense.get(id);
        if (d === undefined) dense.set(id, (d = dense.size + 1));
        departmentOf[i] = d;
      }
    }
    birthRank ??= rankBy(birthFirstKey);
    if (!birthOrder) {
      birthOrder = new Int32Array(n);
      for (let i = 0; i < n; i++) birthOrder[birthRank[i] as number] = i;
    }
    if (scratch.length < members.length) scratch = new Float64Array(members.length * 2);
    // Sorted by department, then birth rank: each department's records in birth order.
    let located = 0;
    for (const i of members) {
      const d = departmentOf[i] as number;
      if (d > 0) scratch[located++] = d * ID_SHIFT + (birthRank[i] as number);
    }
    const keys = scratch.subarray(0, located).sort();
    for (let start = 0, end = 0; start < located; start = end) {
      end = runEnd(keys, start);
      const count = end - start;
      // A department holding the whole block adds nothing to the block's own neighbours.
      if (count > 1 && count < members.length) {
        group.length = 0;
        for (let k = start; k < end; k++) group.push(birthOrder[(keys[k] as number) % ID_SHIFT] as number);
        if (count <= maxBlockSize) allPairs(group);
        else windowPairs(group, options.window);
      }
    }
  };
  const perRule: CandidatePairs['perRule'] = [];
  const members: number[] = [];
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r] as BlockingRule;
    const before = buffer.length;
    let oversized = 0;
    const ruleEntries = entries[r] as Float64Buffer;
    const count = ruleEntries.length;
    const sorted = ruleEntries.data.subarray(0, count).sort();
    for (let start = 0, end = 0; start < count; start = end) {
      end = runEnd(sorted, start);
      const size = end - start;
      if (size > 1) {
        members.length = 0;
        for (let k = start; k < end; k++) members.push((sorted[k] as number) % ID_SHIFT);
        if (size <= maxBlockSize) {
          allPairs(members);
        } else {
          oversized++;
          // Window 0 (training samples) leaves oversized blocks out altogether.
          if (options.window > 0) {
            departmentPairs(members);
            if (rule.neighbourhood !== false) {
              // Two sorted-neighbourhood passes: one finds neighbours by birth date, the other
              // by the remaining names (for records without a usable date).
              birthRank ??= rankBy(birthFirstKey);
              nameRank ??= rankBy(namesFirstKey);
              windowPairs(sortMembers(members, birthRank), options.window);
              windowPairs(sortMembers(members, nameRank), options.window);
            }
          }
        }
      }
    }
    entries[r] = new Float64Buffer(0); // free it before the next rule
    perRule.push({ rule: rule.name, pairs: buffer.length - before, oversizedBlocks: oversized });
  }
  const all = buffer.data.subarray(0, buffer.length).sort();
  let unique = 0;
  for (let k = 0; k < all.length; k++) {
    if (k === 0 || all[k] !== all[k - 1]) all[unique++] = all[k] as number;
  }
  return { pairs: all.slice(0, unique), perRule };
}
