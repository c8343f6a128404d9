// Candidate pairs: the union of several blocking rules, each built on at most two fields, so
// that any single field missing or wrong still leaves a rule that brings the pair together.
import { nameViews } from './record.ts';
import type { PreparedRecord } from './record.ts';
import { hashString } from './similarity.ts';

export interface BlockingRule {
  readonly name: string;
  keys(record: PreparedRecord): string[];
}

function initial(s: string | undefined): string {
  return s ? s[0] as string : '';
}

function fullBirthDate(r: PreparedRecord): string {
  return r.birthYear > 0 && r.birthMonth > 0 && r.birthDay > 0 ? `${r.birthYear}-${r.birthMonth}-${r.birthDay}` : '';
}

function nameKeys(r: PreparedRecord): string[] {
  // Unordered pair of (given, surname) phonetic keys: survives swapped surnames, a missing
  // surname, and given/surname written in each other's fields. The second given name is
  // paired with the first surname too ("Carmen Quispe" ~ "María del Carmen Quispe Huamán").
  const keys: string[] = [];
  const pair = (g: string, s: string): void => {
    const key = g < s ? `${g}|${s}` : `${s}|${g}`;
    if (!keys.includes(key)) keys.push(key);
  };
  const g1 = r.givenPhonetic[0];
  const g2 = r.givenPhonetic[1];
  if (g1 !== undefined) for (const s of r.surnamePhonetic.slice(0, 2)) pair(g1, s);
  if (g2 !== undefined && r.surnamePhonetic[0] !== undefined) pair(g2, r.surnamePhonetic[0]);
  return keys;
}

export const DEFAULT_BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'document', keys: (r) => (r.documentNumber.length >= 5 ? [r.documentNumber] : []) },
  { name: 'given+surname', keys: nameKeys },
  {
    name: 'both surnames',
    keys: (r) => {
      const p = r.surnamePhonetic;
      if (p.length < 2) return [];
      const a = p[0] as string;
      const b = p[1] as string;
      return [a < b ? `${a}|${b}` : `${b}|${a}`];
    },
  },
  {
    name: 'birth date+given initial',
    keys: (r) => {
      const d = fullBirthDate(r);
      return d && r.given.length > 0 ? [`${d}|${initial(r.given[0])}`] : [];
    },
  },
  {
    name: 'birth date+surname initial',
    keys: (r) => {
      const d = fullBirthDate(r);
      return d ? [...new Set(r.surnames.map((s) => `${d}|${initial(s)}`))] : [];
    },
  },
  {
    name: 'given+birth year',
    keys: (r) => {
      const y = r.birthYear;
      return y > 0 && r.givenPhonetic.length > 0 ? [`${r.givenPhonetic[0]}|${y}`] : [];
    },
  },
  {
    name: 'surname+birth year',
    keys: (r) => {
      const y = r.birthYear;
      return y > 0 ? r.surnamePhonetic.map((s) => `${s}|${y}`) : [];
    },
  },
  {
    name: 'place+given',
    keys: (r) => {
      const place = r.postcode || r.locality;
      return place && r.givenPhonetic.length > 0 ? [`${place}|${r.givenPhonetic[0]}`] : [];
    },
  },
  {
    name: 'place+surname',
    keys: (r) => {
      const place = r.postcode || r.locality;
      return place ? r.surnamePhonetic.map((s) => `${place}|${s}`) : [];
    },
  },
  { name: 'phone', keys: (r) => (r.phone ? [r.phone] : []) },
];

export interface BlockingOptions {
  /** Blocks larger than this are not paired all-to-all but by sorted neighbourhood. */
  readonly maxBlockSize: number;
  /** Sorted-neighbourhood window inside an oversized block (0: oversized blocks are skipped). */
  readonly window: number;
}

export const DEFAULT_BLOCKING_OPTIONS: BlockingOptions = { maxBlockSize: 16, window: 4 };

/** Packs a pair (i < j) into one float: exact for indices below 2^26 (67 M records). */
export const PAIR_SHIFT = 0x4000000;

export interface CandidatePairs {
  /** Packed pairs `i * PAIR_SHIFT + j`, i < j, sorted and unique. */
  readonly pairs: Float64Array;
  readonly perRule: { rule: string; pairs: number; oversizedBlocks: number }[];
}

class PairBuffer {
  data = new Float64Array(1 << 16);
  length = 0;
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

/** Sort string inside an oversized block: neighbours share birth dates, then names. */
function neighbourhoodKey(r: PreparedRecord): string {
  const birth = r.birthYear > 0 ? `${r.birthYear}-${r.birthMonth}-${r.birthDay}` : r.ageBirthYear > 0 ? `~${r.ageBirthYear}` : '';
  return `${birth}|${[...r.surnamePhonetic].sort().join(' ')}|${r.givenPhonetic.join(' ')}`;
}

export function candidatePairs(
  records: readonly PreparedRecord[],
  rules: readonly BlockingRule[] = DEFAULT_BLOCKING_RULES,
  options: BlockingOptions = DEFAULT_BLOCKING_OPTIONS,
): CandidatePairs {
  const n = records.length;
  if (n > ID_SHIFT) throw new Error(`blocking supports at most ${ID_SHIFT} records per batch`);
  const buffer = new PairBuffer();
  const sortKeys: (string | undefined)[] = new Array(n);
  const sortKeyOf = (i: number): string => (sortKeys[i] ??= neighbourhoodKey(records[i] as PreparedRecord));
  const perRule: CandidatePairs['perRule'] = [];
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
    const rule = rules[ruleIndex] as BlockingRule;
    const before = buffer.length;
    let oversized = 0;
    // Entries `hash31 * 2^22 + index`: sorting them groups each block together.
    let entries = new Float64Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const record = records[i] as PreparedRecord;
      const keys = record.alternativeNames ? nameViews(record).flatMap((view) => rule.keys(view)) : rule.keys(record);
      for (let k = 0; k < keys.length; k++) {
        if (k > 0 && keys.indexOf(keys[k] as string) < k) continue;
        const h = hashString(`${ruleIndex}:${keys[k]}`) % 0x7fffffff;
        if (count === entries.length) {
          const next = new Float64Array(entries.length * 2);
          next.set(entries);
          entries = next;
        }
        entries[count++] = h * ID_SHIFT + i;
      }
    }
    const sorted = entries.subarray(0, count).sort();
    let start = 0;
    const members: number[] = [];
    while (start < count) {
      const h = Math.floor((sorted[start] as number) / ID_SHIFT);
      let end = start + 1;
      while (end < count && Math.floor((sorted[end] as number) / ID_SHIFT) === h) end++;
      if (end - start > options.maxBlockSize && options.window === 0) oversized++;
      if (end - start > 1) {
        members.length = 0;
        for (let k = start; k < end; k++) members.push((sorted[k] as number) % ID_SHIFT);
        if (members.length <= options.maxBlockSize) {
          for (let x = 0; x < members.length; x++) {
            const i = members[x] as number;
            for (let y = x + 1; y < members.length; y++) {
              const j = members[y] as number;
              if (i !== j) buffer.push(i < j ? i * PAIR_SHIFT + j : j * PAIR_SHIFT + i);
            }
          }
        } else if (options.window > 0) {
          oversized++;
          const keyed = members.map((i) => ({ i, key: sortKeyOf(i) }));
          keyed.sort((p, q) => (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
          for (let x = 0; x < keyed.length; x++) {
            const i = (keyed[x] as { i: number }).i;
            const last = Math.min(keyed.length, x + 1 + options.window);
            for (let y = x + 1; y < last; y++) {
              const j = (keyed[y] as { i: number }).i;
              if (i !== j) buffer.push(i < j ? i * PAIR_SHIFT + j : j * PAIR_SHIFT + i);
            }
          }
        }
      }
      start = end;
    }
    perRule.push({ rule: rule.name, pairs: buffer.length - before, oversizedBlocks: oversized });
  }
  const all = buffer.data.subarray(0, buffer.length).sort();
  let unique = 0;
  for (let k = 0; k < all.length; k++) {
    if (k === 0 || all[k] !== all[k - 1]) all[unique++] = all[k] as number;
  }
  return { pairs: all.slice(0, unique), perRule };
}
