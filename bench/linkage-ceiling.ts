// How far the fields present allow linkage to go (ENLACE_BENCH_CEILING=1; minutes at 20,000
// persons): a true pair is "dominated" when some record of another person is at least as alike
// to one of its two records on every field (each field's level weighing at least as much), so
// any score that grows with each field's agreement puts the stranger first or level. A person's
// records stay recoverable through her undominated pairs (linked through each other); the rest
// cannot be found without also taking a stranger. Strangers are looked for among the records
// sharing a blocking key, a given name or a surname (with the department) with the record —
// not all of them, so the share dominated is a lower bound and the ceiling an upper bound.
import { DEFAULT_BLOCKING_RULES } from '../src/linkage/blocking.ts';
import { compareInto } from '../src/linkage/model.ts';
import type { LinkageModel } from '../src/linkage/model.ts';
import type { PreparedRecord } from '../src/linkage/record.ts';

const MAX_BLOCK = 4000;

export interface Ceiling {
  readonly truePairs: number;
  readonly dominated: number;
  readonly recoverable: number;
  /** Pairwise F1 with every recoverable pair found and no false link. */
  readonly f1: number;
}

export function linkageCeiling(model: LinkageModel, records: readonly PreparedRecord[], personOf: readonly string[]): Ceiling {
  const width = model.comparisons.length;
  const blocks = new Map<string, number[]>();
  const keysOf = records.map((r, i) => {
    const keys: string[] = [];
    DEFAULT_BLOCKING_RULES.forEach((rule, ri) => {
      for (const k of rule.keys(r)) keys.push(`${ri}:${k}`);
    });
    for (const g of r.givenPhonetic.slice(0, 2)) keys.push(`g:${g}|${r.departmentId}`);
    for (const s of r.surnamePhonetic) keys.push(`s:${s}|${r.departmentId}`);
    for (const k of keys) {
      const list = blocks.get(k);
      if (list) list.push(i);
      else blocks.set(k, [i]);
    }
    return keys;
  });
  const near = new Map<number, number[]>();
  const neighbours = (x: number): number[] => {
    let list = near.get(x);
    if (!list) {
      const set = new Set<number>();
      for (const k of keysOf[x] as string[]) {
        const block = blocks.get(k) as number[];
        if (block.length <= MAX_BLOCK) for (const c of block) set.add(c);
      }
      list = [...set];
      near.set(x, list);
    }
    return list;
  };
  const levelWeight = (c: number, level: number): number => (model.weights[c] as number[])[level] as number;
  const byPerson = new Map<string, number[]>();
  personOf.forEach((p, i) => {
    const list = byPerson.get(p);
    if (list) list.push(i);
    else byPerson.set(p, [i]);
  });
  const pair = new Uint8Array(width);
  const other = new Uint8Array(width);
  const dominatedFrom = (s: number, o: number): boolean => {
    for (const c of neighbours(s)) {
      if (personOf[c] === personOf[s]) continue;
      compareInto(model.comparisons, records[s] as PreparedRecord, records[c] as PreparedRecord, other, 0);
      let asAlike = true;
      for (let f = 0; f < width && asAlike; f++) if (levelWeight(f, other[f] as number) < levelWeight(f, pair[f] as number) - 1e-9) asAlike = false;
      if (asAlike) return true;
    }
    return false;
  };
  let truePairs = 0;
  let dominated = 0;
  let recoverable = 0;
  for (const group of byPerson.values()) {
    if (group.length < 2) continue;
    const parent = group.map((_, k) => k);
    const find = (k: number): number => {
      while (parent[k] !== k) k = parent[k] as number;
      return k;
    };
    for (let x = 0; x < group.length; x++) {
      for (let y = x + 1; y < group.length; y++) {
        truePairs++;
        const a = group[x] as number;
        const b = group[y] as number;
        compareInto(model.comparisons, records[a] as PreparedRecord, records[b] as PreparedRecord, pair, 0);
        if (dominatedFrom(a, b) || dominatedFrom(b, a)) dominated++;
        else parent[find(x)] = find(y);
      }
    }
    const sizes = new Map<number, number>();
    group.forEach((_, k) => sizes.set(find(k), (sizes.get(find(k)) ?? 0) + 1));
    for (const n of sizes.values()) recoverable += (n * (n - 1)) / 2;
  }
  const recall = truePairs === 0 ? 1 : recoverable / truePairs;
  return { truePairs, dominated, recoverable, f1: (2 * recall) / (1 + recall) };
}
