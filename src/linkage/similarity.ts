// String similarity on match forms (upper-case ASCII, so code units are characters).

// Match flags stamped with a generation number, so nothing is cleared between calls.
const flagsA = new Int32Array(256);
const flagsB = new Int32Array(256);
let generation = 0;

/** Textbook Jaro-Winkler (prefix scale 0.1, prefix capped at 4), as Splink and DuckDB use. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0 || la > 255 || lb > 255) return 0;
  if (++generation === 0x7fffffff) {
    generation = 1;
    flagsA.fill(0);
    flagsB.fill(0);
  }
  const g = generation;
  const longest = la > lb ? la : lb;
  const range = longest < 4 ? 0 : (longest >> 1) - 1;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > range ? i - range : 0;
    const hi = i + range < lb - 1 ? i + range : lb - 1;
    const ca = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] !== g && b.charCodeAt(j) === ca) {
        flagsA[i] = g;
        flagsB[j] = g;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] !== g) continue;
    while (flagsB[k] !== g) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  const maxPrefix = la < lb ? (la < 4 ? la : 4) : lb < 4 ? lb : 4;
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

const rowA = new Int32Array(257);
const rowB = new Int32Array(257);
const rowC = new Int32Array(257);

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition), stopping
 * early once it exceeds `limit`: we only ever need "0, 1, 2 or more".
 */
export function editDistance(a: string, b: string, limit = 2): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > limit) return limit + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (la > 256 || lb > 256) return limit + 1;
  let prevPrev = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = (prev[j - 1] as number) + (ca === cb ? 0 : 1);
      const del = (prev[j] as number) + 1;
      if (del < v) v = del;
      const ins = (cur[j - 1] as number) + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const tr = (prevPrev[j - 2] as number) + 1;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] as number;
}

/**
 * `editDistance(a, b, 1) <= 1` (at most one character changed, added or dropped, or two neighbours
 * swapped; strings over 256 characters are never close), by one walk along both strings, not a table.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length > 256 || b.length > 256) return false;
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const ll = long.length;
  const ls = short.length;
  if (ll - ls > 1) return false;
  let i = 0;
  while (i < ls && long.charCodeAt(i) === short.charCodeAt(i)) i++;
  if (ll !== ls) return sameFrom(long, i + 1, short, i);
  // Changed at i, or i and i + 1 swapped.
  if (sameFrom(long, i + 1, short, i + 1)) return true;
  return i + 1 < ls && long.charCodeAt(i) === short.charCodeAt(i + 1) && long.charCodeAt(i + 1) === short.charCodeAt(i) && sameFrom(long, i + 2, short, i + 2);
}

/** `a` from `i` on equals `b` from `j` on. */
function sameFrom(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/** True when two equal-length digit strings or numbers differ by one digit or one adjacent swap. */
export function oneDigitApart(a: number, b: number): boolean {
  // Digit by digit from the right, without building digit lists: most candidate pairs' birth
  // dates differ, and this runs for each of them.
  if (a === b) return false;
  let x = a;
  let y = b;
  let k = 0;
  let diffs = 0;
  let firstDiff = -1;
  let firstX = 0;
  let firstY = 0;
  while (x > 0 || y > 0) {
    const dx = x % 10;
    const dy = y % 10;
    if (dx !== dy) {
      diffs++;
      if (diffs === 1) {
        firstDiff = k;
        firstX = dx;
        firstY = dy;
      } else if (diffs > 2 || k !== firstDiff + 1 || firstX !== dy || dx !== firstY) {
        // A second difference is only a swap with the first (neighbours, digits exchanged).
        return false;
      }
    }
    x = Math.floor(x / 10);
    y = Math.floor(y / 10);
    k++;
  }
  return diffs === 1 || diffs === 2;
}

/** Best Jaro-Winkler between any token of `a` and any token of `b`. */
export function bestTokenSimilarity(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  for (const x of a) {
    for (const y of b) {
      const s = jaroWinkler(x, y);
      if (s > best) best = s;
    }
  }
  return best;
}

/** 53-bit FNV-style hash of a string, for blocking keys (collisions only add candidates). */
export function hashString(s: string, seed = 0): number {
  let h1 = 0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1);
  let h2 = 0x01000193 + seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return ((h1 >>> 0) % 0x200000) * 0x100000000 + (h2 >>> 0);
}
