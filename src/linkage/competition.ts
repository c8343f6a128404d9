// Competition between candidates: an agency registers a person about once, so a record's best
// candidate in another agency is far likelier her than a namesake there that a better candidate
// beats. Fellegi–Sunter scores each pair alone; this looks at the pair among its rivals. Each
// pair of records from two sources falls in a class by the gap between its weight and its best
// rival's (the best other candidate of either record in the other's source), and the class
// weighs log2(m/u), m and u estimated without labels from the pairs' own match probabilities in
// the band where the decision is open. Pairs of one source are left as they are.
import { weightToProbability } from './model.ts';

export const COMPETITION_LEVELS = [
  'one source (no competition)',
  'no rival, or best by 4 bits or more',
  'best by less than 4 bits',
  'beaten by less than 4 bits',
  'beaten by 4 bits or more',
] as const;

const GAP = 4;
/** Pairs scored in this band estimate the class weights: outside it the class hardly matters. */
const BAND = 8;
const MAX_ADJUSTMENT = 6;

/** The class of a pair of two sources weighing `weight` whose best rival weighs `rival` (-Infinity: none). */
export function competitionLevel(weight: number, rival: number): number {
  return rival <= weight - GAP ? 1 : rival < weight ? 2 : rival < weight + GAP ? 3 : 4;
}

/**
 * One record's scored candidates with their competition weight added, in place (link on arrival):
 * a candidate's rivals are the record's other candidates of the candidate's source. Only the new
 * record's side is known here (the batch also looks at the candidate's own rivals).
 */
export function competeAmongCandidates(source: string, candidates: { readonly source: string; weight: number }[], classWeights: readonly number[]): void {
  const weights = Float64Array.from(candidates, (c) => c.weight);
  competeAmongScored(source, candidates.length, (k) => (candidates[k] as { source: string }).source, weights, classWeights);
  candidates.forEach((c, k) => {
    c.weight = weights[k] as number;
  });
}

// Per source among one record's candidates: its best and second-best weight (a handful of
// agencies, looked up in order; reused from one record to the next).
const topSources: string[] = [];
const topBest: number[] = [];
const topSecond: number[] = [];

/**
 * `competeAmongCandidates` over parallel lists, allocating nothing per candidate: candidate k
 * (k < count) is of source `sourceOf(k)` and weighs `weights[k]`, which gets its class's weight.
 */
export function competeAmongScored(source: string, count: number, sourceOf: (k: number) => string, weights: Float64Array, classWeights: readonly number[]): void {
  topSources.length = 0;
  for (let k = 0; k < count; k++) {
    const s = sourceOf(k);
    if (s === source) continue;
    const w = weights[k] as number;
    const t = topSources.indexOf(s);
    if (t < 0) {
      topSources.push(s);
      topBest[topSources.length - 1] = w;
      topSecond[topSources.length - 1] = -Infinity;
    } else if (w > (topBest[t] as number)) {
      topSecond[t] = topBest[t] as number;
      topBest[t] = w;
    } else if (w > (topSecond[t] as number)) topSecond[t] = w;
  }
  for (let k = 0; k < count; k++) {
    const s = sourceOf(k);
    if (s === source) continue;
    const t = topSources.indexOf(s);
    const w = weights[k] as number;
    const rival = topBest[t] === w ? (topSecond[t] as number) : (topBest[t] as number);
    weights[k] = w + (classWeights[competitionLevel(w, rival)] as number);
  }
}

/**
 * Each pair's class (index in COMPETITION_LEVELS). `sourceOf[i]` numbers record i's source;
 * `sourceCount` sources in all.
 */
export function competitionLevels(sourceOf: Int32Array, sourceCount: number, left: Int32Array, right: Int32Array, weights: Float32Array): Uint8Array {
  const n = sourceOf.length;
  const best = new Float32Array(n * sourceCount).fill(-Infinity);
  const second = new Float32Array(n * sourceCount).fill(-Infinity);
  const offer = (i: number, s: number, w: number): void => {
    const k = i * sourceCount + s;
    if (w > (best[k] as number)) {
      second[k] = best[k] as number;
      best[k] = w;
    } else if (w > (second[k] as number)) second[k] = w;
  };
  for (let p = 0; p < weights.length; p++) {
    const i = left[p] as number;
    const j = right[p] as number;
    if (sourceOf[i] === sourceOf[j]) continue;
    offer(i, sourceOf[j] as number, weights[p] as number);
    offer(j, sourceOf[i] as number, weights[p] as number);
  }
  const levels = new Uint8Array(weights.length);
  for (let p = 0; p < weights.length; p++) {
    const i = left[p] as number;
    const j = right[p] as number;
    if (sourceOf[i] === sourceOf[j]) continue;
    const w = weights[p] as number;
    const ki = i * sourceCount + (sourceOf[j] as number);
    const kj = j * sourceCount + (sourceOf[i] as number);
    // The best rival: the best candidate other than this pair (its weight once is this pair).
    const rivalI = best[ki] === w ? (second[ki] as number) : (best[ki] as number);
    const rivalJ = best[kj] === w ? (second[kj] as number) : (best[kj] as number);
    levels[p] = competitionLevel(w, Math.max(rivalI, rivalJ));
  }
  return levels;
}

/**
 * log2(m/u) per class (index 0: 0), by EM over the pairs in the open band: each pair's match
 * probability comes from its weight plus its class's, and m and u of the classes from those.
 */
export function estimateCompetitionWeights(levels: Uint8Array, weights: Float32Array, iterations = 1): number[] {
  let adjustment = new Array<number>(COMPETITION_LEVELS.length).fill(0);
  for (let it = 0; it < iterations; it++) {
    const m = new Array<number>(COMPETITION_LEVELS.length).fill(0);
    const u = new Array<number>(COMPETITION_LEVELS.length).fill(0);
    for (let p = 0; p < weights.length; p++) {
      const level = levels[p] as number;
      const w = weights[p] as number;
      if (level === 0 || w < -BAND || w > BAND) continue;
      const probability = weightToProbability(w + (adjustment[level] as number));
      m[level] = (m[level] as number) + probability;
      u[level] = (u[level] as number) + 1 - probability;
    }
    let mTotal = 0;
    let uTotal = 0;
    for (let l = 1; l < m.length; l++) {
      mTotal += (m[l] as number) + 1;
      uTotal += (u[l] as number) + 1;
    }
    adjustment = m.map((v, l) => (l === 0 ? 0 : Math.max(-MAX_ADJUSTMENT, Math.min(MAX_ADJUSTMENT, Math.log2((v + 1) / mTotal / (((u[l] as number) + 1) / uTotal))))));
  }
  return adjustment;
}
