// Name tokens as small integers. Each distinct token (MARIA, QUISPE, KISPI…) is numbered once per
// thread, so comparisons test integers for equality and look up the Jaro-Winkler of two tokens in
// a cache instead of recomputing it: a million records hold only tens of thousands of names.
import { jaroWinkler } from './similarity.ts';

const idOf = new Map<string, number>();
const texts: string[] = [];

/** The number of a token (the same text always gets the same number in this thread). */
export function tokenId(text: string): number {
  let id = idOf.get(text);
  if (id === undefined) {
    id = texts.length;
    texts.push(text);
    idOf.set(text, id);
  }
  return id;
}

export function tokenIds(tokens: readonly string[]): readonly number[] {
  return tokens.length === 0 ? NO_IDS : tokens.map(tokenId);
}

const NO_IDS: readonly number[] = Object.freeze([]);

export function tokenText(id: number): string {
  return texts[id] as string;
}

// A direct-mapped cache of Jaro-Winkler by ordered token pair: a lost entry is only recomputed.
const CACHE_BITS = 18;
const cachedPair = new Float64Array(1 << CACHE_BITS).fill(-1);
const cachedSimilarity = new Float64Array(1 << CACHE_BITS);
const PAIR_BASE = 0x1000000; // token numbers below 2^24 make exact pair keys

/** Jaro-Winkler of two tokens by number: 1 when they are the same token. */
export function tokenSimilarity(a: number, b: number): number {
  if (a === b) return 1;
  if (a >= PAIR_BASE || b >= PAIR_BASE) return jaroWinkler(texts[a] as string, texts[b] as string);
  const key = a * PAIR_BASE + b;
  const slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> (32 - CACHE_BITS);
  if (cachedPair[slot] === key) return cachedSimilarity[slot] as number;
  const similarity = jaroWinkler(texts[a] as string, texts[b] as string);
  cachedPair[slot] = key;
  cachedSimilarity[slot] = similarity;
  return similarity;
}

/** A count per token number, growing as tokens are numbered. */
export class TokenCounts {
  private counts = new Float64Array(1024);

  get(id: number): number {
    return id < this.counts.length ? (this.counts[id] as number) : 0;
  }

  add(id: number, delta: number): void {
    if (id >= this.counts.length) {
      const grown = new Float64Array(Math.max(id + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[id] = Math.max(0, (this.counts[id] as number) + delta);
  }
}
