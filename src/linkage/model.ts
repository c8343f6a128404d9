// Fellegi–Sunter model estimated without labels: u from random pairs, m by EM over the
// comparison patterns of the candidate pairs, and term-frequency adjustment for common
// values (Quispe, Mamani, Flores…). Every score can be explained field by field.
import type { Comparison, TfTable } from './comparisons.ts';
import { resolveNames, withFieldsUnswapped } from './record.ts';
import type { PreparedRecord } from './record.ts';
import { seededRandom } from '../domain/seeded-random.ts';
import { TokenCounts } from './tokens.ts';

export interface FrequencyTables {
  /** How many records hold each value, by the value's token number (tokens.ts). */
  readonly counts: Record<TfTable, TokenCounts>;
  readonly totals: Record<TfTable, number>;
}

export interface LinkageModel {
  readonly comparisons: readonly Comparison[];
  /** P(level | match), per comparison and level (index 0 unused). */
  readonly m: number[][];
  /** P(level | non-match) among random pairs. */
  readonly u: number[][];
  /** log2(m/u) per comparison and level; 0 for the null level. */
  readonly weights: number[][];
  /**
   * Weights used instead of `weights` for household comparisons when the surnames agree at a
   * kinship level: log2(m / u among relatives). Siblings share phone and address; without
   * this, a sister's record scores like the woman's own. Undefined when not estimated.
   */
  readonly kinWeights: number[][] | undefined;
  /** Index of the comparison whose levels say "may be relatives" (surnames), -1 if none. */
  readonly kinshipComparison: number;
  /** Prior match weight log2(λ/(1-λ)), λ = P(match) for a random pair. */
  readonly priorWeight: number;
  readonly lambda: number;
  /**
   * Prior weights for a pair of records from one source and from two sources (see
   * SourceLambdas); both equal `priorWeight` when not estimated apart.
   */
  readonly sameSourcePriorWeight: number;
  readonly crossSourcePriorWeight: number;
  /**
   * Weight of each competition class (competition.ts, COMPETITION_LEVELS) for pairs of two
   * sources, estimated after scoring; undefined with one source.
   */
  readonly competitionWeights?: readonly number[] | undefined;
  readonly frequencies: FrequencyTables;
  readonly emIterations: number;
}

export const TF_TABLES: readonly TfTable[] = ['givenFull', 'givenFirst', 'surnameFull', 'surnameToken', 'postcode', 'locality'];

export function emptyFrequencies(): FrequencyTables {
  return {
    counts: { givenFull: new TokenCounts(), givenFirst: new TokenCounts(), surnameFull: new TokenCounts(), surnameToken: new TokenCounts(), postcode: new TokenCounts(), locality: new TokenCounts() },
    totals: { givenFull: 0, givenFirst: 0, surnameFull: 0, surnameToken: 0, postcode: 0, locality: 0 },
  };
}

function bump(tables: FrequencyTables, table: TfTable, token: number, delta: number): void {
  tables.counts[table].add(token, delta);
  (tables.totals as Record<TfTable, number>)[table] += delta;
}

/**
 * Adds one record's values to the frequency tables (also used by the incremental index);
 * `delta` -1 takes a replaced record's values out again.
 */
export function countFrequencies(tables: FrequencyTables, r: PreparedRecord, delta = 1): void {
  if (r.givenIds.length > 0) bump(tables, 'givenFirst', r.givenIds[0] as number, delta);
  if (r.givenKeyId >= 0) bump(tables, 'givenFull', r.givenKeyId, delta);
  if (r.surnameKeyId >= 0) bump(tables, 'surnameFull', r.surnameKeyId, delta);
  for (let i = 0; i < r.surnameIds.length; i++) bump(tables, 'surnameToken', r.surnameIds[i] as number, delta);
  if (r.postcodeId >= 0) bump(tables, 'postcode', r.postcodeId, delta);
  if (r.localityId >= 0) bump(tables, 'locality', r.localityId, delta);
}

export function buildFrequencies(records: readonly PreparedRecord[]): FrequencyTables {
  const tables = emptyFrequencies();
  for (const r of records) countFrequencies(tables, r);
  return tables;
}

/** Comparison levels for one pair, written into `out` at `offset`. */
export function compareInto(comparisons: readonly Comparison[], left: PreparedRecord, right: PreparedRecord, out: Uint8Array, offset: number): void {
  let a = left;
  let b = right;
  if (left.alternativeNames || right.alternativeNames) {
    // Read, not destructured: destructuring a returned tuple walked it with an iterator.
    const resolved = resolveNames(left, right);
    a = resolved[0];
    b = resolved[1];
  }
  b = withFieldsUnswapped(a, b);
  for (let c = 0; c < comparisons.length; c++) out[offset + c] = (comparisons[c] as Comparison).compare(a, b);
}

// Seeded, so results do not change from run to run.
export { seededRandom };

/** u = P(level | non-match), from random pairs (almost all non-matches). */
export function estimateU(comparisons: readonly Comparison[], records: readonly PreparedRecord[], samplePairs: number, seed = 1): number[][] {
  const n = records.length;
  const counts = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  const random = seededRandom(seed);
  const levels = new Uint8Array(comparisons.length);
  const total = n < 2 ? 0 : Math.min(samplePairs, (n * (n - 1)) / 2);
  for (let k = 0; k < total; k++) {
    const i = Math.floor(random() * n);
    let j = Math.floor(random() * (n - 1));
    if (j >= i) j++;
    compareInto(comparisons, records[i] as PreparedRecord, records[j] as PreparedRecord, levels, 0);
    for (let c = 0; c < comparisons.length; c++) {
      const row = counts[c] as number[];
      const l = levels[c] as number;
      row[l] = (row[l] as number) + 1;
    }
  }
  // The comparison's population prior counts as U_PRIOR_PAIRS pairs: it decides for tiny
  // inputs (a handful of records say nothing about u) and vanishes for real ones.
  return counts.map((row, c) => {
    const prior = normaliseLevels((comparisons[c] as Comparison).uStart, 0);
    const sampled = row.reduce((a, b, l) => (l === 0 ? a : a + b), 0);
    return row.map((v, l) => (l === 0 ? 1 : (v + U_PRIOR_PAIRS * (prior[l] as number)) / (sampled + U_PRIOR_PAIRS)));
  });
}

const U_PRIOR_PAIRS = 2000;

/** Probabilities over the non-null levels, with `pseudo` added to each count so nothing is 0. */
function normaliseLevels(row: readonly number[], pseudo: number): number[] {
  let sum = 0;
  for (let l = 1; l < row.length; l++) sum += (row[l] as number) + pseudo;
  return row.map((v, l) => (l === 0 ? 1 : (v + pseudo) / sum));
}

export interface PatternHistogram {
  /** Level vectors of the distinct patterns, `comparisons.length` bytes each. */
  readonly patterns: Uint8Array;
  readonly counts: number[];
}

/** Groups identical comparison vectors: EM then runs on a few thousand patterns, not millions of pairs. */
export function histogram(levels: Uint8Array, width: number, pairCount: number, include?: (pair: number) => boolean): PatternHistogram {
  if (!include) return groupedHistograms(levels, width, pairCount, undefined, 0).all;
  const groupOf = new Uint8Array(pairCount);
  for (let p = 0; p < pairCount; p++) groupOf[p] = include(p) ? 0 : 1;
  return groupedHistograms(levels, width, pairCount, groupOf, 2).groups[0] as PatternHistogram;
}

/**
 * The histogram of all pairs and, with `groupOf`, one per group (the pairs p with groupOf[p] = g,
 * g < groupCount), in one pass: each pair's pattern is keyed and looked up once. Each histogram
 * is the one `histogram` gives for its pairs (patterns in order of first appearance).
 */
export function groupedHistograms(
  levels: Uint8Array,
  width: number,
  pairCount: number,
  groupOf: Uint8Array | undefined,
  groupCount: number,
): { all: PatternHistogram; groups: PatternHistogram[] } {
  if (width > 13) throw new Error('at most 13 comparisons fit in a pattern key');
  const index = new Map<number, number>();
  const counts: number[] = [];
  const patterns: number[] = [];
  // Per group: each pattern's number in the group's histogram (-1 until it appears there).
  const groups = groupOf ? Array.from({ length: groupCount }, () => ({ localOf: new Int32Array(1024).fill(-1), counts: [] as number[], patterns: [] as number[] })) : [];
  for (let p = 0; p < pairCount; p++) {
    const offset = p * width;
    let key = 0;
    for (let c = 0; c < width; c++) key = key * 16 + (levels[offset + c] as number);
    let id = index.get(key);
    if (id !== undefined) {
      counts[id] = (counts[id] as number) + 1;
    } else {
      id = counts.length;
      index.set(key, id);
      counts.push(1);
      for (let c = 0; c < width; c++) patterns.push(levels[offset + c] as number);
    }
    if (!groupOf) continue;
    const group = groups[groupOf[p] as number] as { localOf: Int32Array; counts: number[]; patterns: number[] };
    if (id >= group.localOf.length) {
      const grown = new Int32Array(group.localOf.length * 2).fill(-1);
      grown.set(group.localOf);
      group.localOf = grown;
    }
    const local = group.localOf[id] as number;
    if (local !== -1) {
      group.counts[local] = (group.counts[local] as number) + 1;
    } else {
      group.localOf[id] = group.counts.length;
      group.counts.push(1);
      for (let c = 0; c < width; c++) group.patterns.push(levels[offset + c] as number);
    }
  }
  return {
    all: { patterns: Uint8Array.from(patterns), counts },
    groups: groups.map((g) => ({ patterns: Uint8Array.from(g.patterns), counts: g.counts })),
  };
}

export interface EmResult {
  m: number[][];
  lambda: number;
  iterations: number;
}

/**
 * EM over a training session's patterns with u held fixed (from random pairs), as Splink
 * does: only m and the session's λ move, which anchors EM on "match" rather than on
 * "shares the blocking field". Comparisons in `ignore` (the session's blocking fields, whose
 * agreement the block itself forces) are left out.
 */
export function expectationMaximisation(
  comparisons: readonly Comparison[],
  hist: PatternHistogram,
  u: number[][],
  ignore: ReadonlySet<number> = new Set(),
  maxIterations = 100,
): EmResult {
  const width = comparisons.length;
  let m = comparisons.map((c) => normaliseLevels(c.mStart, 0));
  let lambda = 0.3;
  const patternCount = hist.counts.length;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const mCounts = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
    let matches = 0;
    let total = 0;
    for (let p = 0; p < patternCount; p++) {
      let pm = lambda;
      let pu = 1 - lambda;
      const offset = p * width;
      for (let c = 0; c < width; c++) {
        const level = hist.patterns[offset + c] as number;
        if (level === 0 || ignore.has(c)) continue;
        pm *= (m[c] as number[])[level] as number;
        pu *= (u[c] as number[])[level] as number;
      }
      const posterior = pm / (pm + pu);
      const count = hist.counts[p] as number;
      matches += posterior * count;
      total += count;
      for (let c = 0; c < width; c++) {
        const level = hist.patterns[offset + c] as number;
        const mRow = mCounts[c] as number[];
        mRow[level] = (mRow[level] as number) + posterior * count;
      }
    }
    const nextM = mCounts.map((row) => normaliseLevels(row, 1e-2));
    const nextLambda = total > 0 ? matches / total : 0;
    let change = Math.abs(nextLambda - lambda);
    for (let c = 0; c < width; c++) {
      const row = nextM[c] as number[];
      for (let l = 1; l < row.length; l++) change = Math.max(change, Math.abs((row[l] as number) - ((m[c] as number[])[l] as number)));
    }
    m = nextM;
    lambda = nextLambda;
    if (change < 1e-5) break;
  }
  return { m, lambda, iterations };
}

/**
 * The prior λ (P(match) for a random pair) as the fixed point of "expected matches among the
 * candidates = λ × all pairs", with m and u known. Assumes blocking keeps nearly every match.
 */
export function estimateLambda(comparisons: readonly Comparison[], hist: PatternHistogram, m: number[][], u: number[][], totalPairs: number): number {
  const width = comparisons.length;
  const bayesFactor = hist.counts.map((_, p) => {
    let w = 1;
    for (let c = 0; c < width; c++) {
      const level = hist.patterns[p * width + c] as number;
      if (level === 0) continue;
      w *= ((m[c] as number[])[level] as number) / ((u[c] as number[])[level] as number);
    }
    return w;
  });
  let lambda = 1e-4;
  for (let it = 0; it < 200; it++) {
    const odds = lambda / (1 - lambda);
    let matches = 0;
    for (let p = 0; p < bayesFactor.length; p++) {
      const k = odds * (bayesFactor[p] as number);
      matches += ((hist.counts[p] as number) * k) / (1 + k);
    }
    const next = Math.min(0.5, Math.max(1e-12, matches / Math.max(totalPairs, 1)));
    if (Math.abs(next - lambda) < lambda * 1e-6) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  return lambda;
}

/**
 * λ for pairs of records from one source and for pairs from two sources. An agency rarely
 * registers one person twice, while another agency's record of her is what linkage looks for:
 * among a namesake pair from one registry a match is far rarer than among a namesake pair from
 * two (in the synthetic registry, about ten times). Estimated from the data like λ (no labels).
 */
export interface SourceLambdas {
  readonly same: number;
  readonly cross: number;
}

const priorWeightOf = (lambda: number): number => {
  const clamped = Math.min(Math.max(lambda, 1e-12), 0.5);
  return Math.log2(clamped / (1 - clamped));
};

export function buildModel(
  comparisons: readonly Comparison[],
  m: number[][],
  u: number[][],
  lambda: number,
  frequencies: FrequencyTables,
  emIterations: number,
  kinU?: number[][],
  sourceLambdas?: SourceLambdas,
): LinkageModel {
  const clampedLambda = Math.min(Math.max(lambda, 1e-12), 0.5);
  const weightsFor = (uOf: number[][]): number[][] =>
    comparisons.map((c, ci) => c.levels.map((_, l) => (l === 0 ? 0 : Math.log2(Math.max((m[ci] as number[])[l] as number, 1e-9) / Math.max((uOf[ci] as number[])[l] as number, 1e-9)))));
  return {
    comparisons,
    m,
    u,
    weights: weightsFor(u),
    kinWeights: kinU ? weightsFor(kinU) : undefined,
    kinshipComparison: comparisons.findIndex((c) => c.kinship !== undefined),
    priorWeight: priorWeightOf(clampedLambda),
    lambda: clampedLambda,
    sameSourcePriorWeight: priorWeightOf(sourceLambdas?.same ?? clampedLambda),
    crossSourcePriorWeight: priorWeightOf(sourceLambdas?.cross ?? clampedLambda),
    frequencies,
    emIterations,
  };
}

/** Candidate pairs this many or more of relatives (see estimateKinshipU) are needed to learn from them. */
const MIN_KIN_PAIRS = 200;
/** The random-pair u counts as this many relative pairs: a few relatives only nudge it. */
const KIN_PRIOR_PAIRS = 50;

/**
 * u of the household comparisons among relatives and namesakes: of the compared pairs given
 * (pipeline.ts samples pairs with the same surnames), those whose surnames agree at a kinship
 * level but whose given names and birth dates plainly differ, which are almost never one person. Returns undefined (no kinship weights) with too few such pairs or without
 * the comparisons it needs; other comparisons keep their u.
 */
export function estimateKinshipU(comparisons: readonly Comparison[], levels: Uint8Array, pairCount: number, u: number[][]): number[][] | undefined {
  const kin = comparisons.findIndex((c) => c.kinship !== undefined);
  const given = comparisons.findIndex((c) => c.name === 'given_names');
  const birth = comparisons.findIndex((c) => c.name === 'birth_date');
  if (kin < 0 || given < 0 || birth < 0 || !comparisons.some((c) => c.household)) return undefined;
  const kinship = comparisons[kin] as Comparison;
  const givenDifferent = (comparisons[given] as Comparison).levels.length - 1;
  const birthLevels = (comparisons[birth] as Comparison).levels.length;
  const width = comparisons.length;
  const counts = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  let total = 0;
  for (let p = 0; p < pairCount; p++) {
    const offset = p * width;
    if (levels[offset + given] !== givenDifferent) continue;
    // Birth dates "within 5 years" or "different": the last two levels.
    if ((levels[offset + birth] as number) < birthLevels - 2) continue;
    if (!kinship.kinship?.(levels[offset + kin] as number)) continue;
    total++;
    for (let c = 0; c < width; c++) {
      const row = counts[c] as number[];
      const l = levels[offset + c] as number;
      row[l] = (row[l] as number) + 1;
    }
  }
  if (total < MIN_KIN_PAIRS) return undefined;
  return comparisons.map((c, ci) => {
    const base = u[ci] as number[];
    if (!c.household) return base;
    const row = counts[ci] as number[];
    const known = row.reduce((a, b, l) => (l === 0 ? a : a + b), 0);
    return base.map((v, l) => (l === 0 ? 1 : ((row[l] as number) + KIN_PRIOR_PAIRS * v) / (known + KIN_PRIOR_PAIRS)));
  });
}

/**
 * Term-frequency adjustment: replace the level's average u by the value's own frequency,
 * so "Quispe = Quispe" counts for less than a rare surname agreeing. Bounded both ways.
 */
export function tfAdjustment(model: LinkageModel, comparisonIndex: number, level: number, a: PreparedRecord, b: PreparedRecord): number {
  const comparison = model.comparisons[comparisonIndex] as Comparison;
  const table = comparison.tfTable?.(level);
  if (!table || !comparison.tfToken) return 0;
  const token = comparison.tfToken(a, b, level);
  if (token < 0) return 0;
  const total = model.frequencies.totals[table];
  if (total === 0) return 0;
  const count = model.frequencies.counts[table].get(token) || 1;
  const frequency = Math.max(count / total, 1 / total);
  const u = (model.u[comparisonIndex] as number[])[level] as number;
  const adjustment = Math.log2(u / frequency);
  return Math.max(-6, Math.min(6, adjustment));
}

/** The kinship weights when this pair's surnames agree at a kinship level, else undefined. */
function kinWeightsFor(model: LinkageModel, levels: Uint8Array, offset: number): number[][] | undefined {
  if (!model.kinWeights || model.kinshipComparison < 0) return undefined;
  const level = levels[offset + model.kinshipComparison] as number;
  return (model.comparisons[model.kinshipComparison] as Comparison).kinship?.(level) ? model.kinWeights : undefined;
}

/** One field's contribution: its level's weight (kinship-aware), plus the TF adjustment. */
function fieldWeight(model: LinkageModel, kin: number[][] | undefined, c: number, level: number, a: PreparedRecord, b: PreparedRecord): number {
  const comparison = model.comparisons[c] as Comparison;
  // Among relatives the household u replaces the random-pair u, frequencies included.
  if (kin && comparison.household) return (kin[c] as number[])[level] as number;
  const w = (model.weights[c] as number[])[level] as number;
  return comparison.tfTable ? w + tfAdjustment(model, c, level, a, b) : w;
}

/** The pair's prior weight: one source or two. */
export function priorFor(model: LinkageModel, a: PreparedRecord, b: PreparedRecord): number {
  return a.source === b.source ? model.sameSourcePriorWeight : model.crossSourcePriorWeight;
}

/** Match weight of a pair from its levels (TF included): log2 of the posterior odds. */
export function pairWeight(model: LinkageModel, left: PreparedRecord, right: PreparedRecord, levels: Uint8Array, offset: number): number {
  // TF values are read from `b` (see Comparison.tfValue): when only one record has several
  // readings of its names, the other one is `b` and no reading needs choosing again.
  let a = right;
  let b = left;
  if (left.alternativeNames && right.alternativeNames) {
    const resolved = resolveNames(left, right);
    a = resolved[0];
    b = resolved[1];
  } else if (left.alternativeNames) {
    a = left;
    b = right;
  }
  b = withFieldsUnswapped(a, b);
  let w = priorFor(model, left, right);
  const comparisons = model.comparisons;
  const kin = kinWeightsFor(model, levels, offset);
  for (let c = 0; c < comparisons.length; c++) {
    const level = levels[offset + c] as number;
    if (level === 0) continue;
    w += fieldWeight(model, kin, c, level, a, b);
  }
  return w;
}

export function weightToProbability(weight: number): number {
  const odds = 2 ** weight;
  return odds / (1 + odds);
}

export interface FieldContribution {
  readonly comparison: string;
  readonly level: string;
  /** log2 Bayes factor of this field, TF adjustment included. */
  readonly weight: number;
}

export interface PairExplanation {
  readonly weight: number;
  readonly probability: number;
  readonly prior: number;
  readonly fields: FieldContribution[];
}

const scratch = new Uint8Array(64);

/** Scores a pair and says what each field contributed. */
export function explainPair(model: LinkageModel, a: PreparedRecord, b: PreparedRecord): PairExplanation {
  compareInto(model.comparisons, a, b, scratch, 0);
  return explainLevels(model, a, b, scratch, 0);
}

export function explainLevels(model: LinkageModel, left: PreparedRecord, right: PreparedRecord, levels: Uint8Array, offset: number): PairExplanation {
  const [a, resolved] = resolveNames(left, right);
  const b = withFieldsUnswapped(a, resolved);
  const fields: FieldContribution[] = [];
  const prior = priorFor(model, left, right);
  let weight = prior;
  const kin = kinWeightsFor(model, levels, offset);
  model.comparisons.forEach((c, ci) => {
    const level = levels[offset + ci] as number;
    const w = level === 0 ? 0 : fieldWeight(model, kin, ci, level, a, b);
    weight += w;
    fields.push({ comparison: c.name, level: c.levels[level] as string, weight: w });
  });
  return { weight, probability: weightToProbability(weight), prior, fields };
}

/** Weight of any pair, compared on demand (used by clustering and the incremental index). */
export function scorePair(model: LinkageModel, a: PreparedRecord, b: PreparedRecord): number {
  compareInto(model.comparisons, a, b, scratch, 0);
  return pairWeight(model, a, b, scratch, 0);
}
