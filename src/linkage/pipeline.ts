// Batch linkage: prepare → block → compare → estimate (u, EM) → score → cluster. Pure: takes
// records, returns clusters, scored pairs and the model. Same defaults for every dataset.
import { candidatePairs, DEFAULT_BLOCKING_OPTIONS, DEFAULT_BLOCKING_RULES, PAIR_SHIFT } from './blocking.ts';
import type { BlockingOptions, BlockingRule, CandidatePairs } from './blocking.ts';
import { clusterPairs, DEFAULT_CLUSTER_OPTIONS } from './cluster.ts';
import { competitionLevels, estimateCompetitionWeights } from './competition.ts';
import type { ClusterOptions } from './cluster.ts';
import { DEFAULT_COMPARISONS } from './comparisons.ts';
import type { Comparison } from './comparisons.ts';
import { buildFrequencies, buildModel, compareInto, estimateKinshipU, estimateLambda, estimateU, expectationMaximisation, groupedHistograms, histogram, pairWeight, scorePair, seededRandom } from './model.ts';
import type { LinkageModel, PatternHistogram, SourceLambdas } from './model.ts';
import { prepareRecord } from './record.ts';
import type { LinkageInput, PrepareOptions, PreparedRecord } from './record.ts';

export interface LinkOptions {
  readonly comparisons?: readonly Comparison[];
  readonly blockingRules?: readonly BlockingRule[];
  readonly blocking?: BlockingOptions;
  readonly cluster?: ClusterOptions;
  readonly prepare?: PrepareOptions;
  /** Random pairs sampled to estimate u. */
  readonly uSamplePairs?: number;
  /** EM sessions that estimate m; each blocks on some fields and learns the others. */
  readonly trainingSessions?: readonly TrainingSession[];
  /** Called with a short progress message (Spanish / English) at each stage. */
  readonly onProgress?: (message: string) => void;
  /** Spreads comparing and scoring over threads (see parallel.ts); by default done here. */
  readonly helper?: PairWorkHelper;
}

/**
 * One EM session (Splink's "round robin"): candidate pairs from one blocking rule; the
 * comparisons on the fields the rule blocks on are ignored, since the block forces them to agree.
 */
export interface TrainingSession {
  readonly rule: BlockingRule;
  readonly ignore: readonly string[];
}

export const DEFAULT_TRAINING_SESSIONS: readonly TrainingSession[] = [
  {
    rule: {
      name: 'training: birth date',
      keys: (r) => (r.birthYear > 0 && r.birthMonth > 0 && r.birthDay > 0 ? [`${r.birthYear}-${r.birthMonth}-${r.birthDay}`] : []),
    },
    ignore: ['birth_date'],
  },
  {
    rule: {
      name: 'training: names',
      keys: (r) => (r.givenPhonetic.length > 0 && r.surnamePhonetic.length > 0 ? [`${r.givenPhonetic[0]}|${r.surnamePhonetic[0]}`] : []),
    },
    // Names say much of sex, nationality and place (Rosa is a woman, Yusbelis Venezuelan,
    // Quispe from Puno): among pairs sharing a name, non-matches agree on these far more often
    // than random pairs do, and EM would take that agreement for "same person" (λ 0.74 where
    // 0.11 of the pairs match) and learn nothing about birth dates. They learn from birth dates.
    ignore: ['given_names', 'surnames', 'sex', 'nationality', 'locality', 'department', 'postcode', 'address'],
  },
];

const MAX_TRAINING_PAIRS = 100_000;
const PRIOR_SHARE = 0.03;

/** m per comparison: the mean over the sessions that do not ignore it. */
function trainM(
  records: readonly PreparedRecord[],
  comparisons: readonly Comparison[],
  u: number[][],
  sessions: readonly TrainingSession[],
): { m: number[][]; iterations: number } {
  const sums = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  const sessionsPerComparison = new Array<number>(comparisons.length).fill(0);
  let iterations = 0;
  for (const session of sessions) {
    let pairs = candidatePairs(records, [session.rule], { maxBlockSize: 50, window: 0 }).pairs;
    if (pairs.length < 50) continue;
    if (pairs.length > MAX_TRAINING_PAIRS) {
      const random = seededRandom(7);
      const sample = new Float64Array(MAX_TRAINING_PAIRS);
      for (let k = 0; k < sample.length; k++) sample[k] = pairs[Math.floor(random() * pairs.length)] as number;
      pairs = sample;
    }
    const levels = compareCandidatePairs(records, pairs, comparisons);
    const ignore = new Set(session.ignore.map((name) => comparisons.findIndex((c) => c.name === name)));
    const em = expectationMaximisation(comparisons, histogram(levels, comparisons.length, pairs.length), u, ignore);
    iterations += em.iterations;
    comparisons.forEach((_, c) => {
      if (ignore.has(c)) return;
      sessionsPerComparison[c] = (sessionsPerComparison[c] as number) + 1;
      const row = sums[c] as number[];
      (em.m[c] as number[]).forEach((v, l) => {
        row[l] = (row[l] as number) + v;
      });
    });
  }
  const m = comparisons.map((c, ci) => {
    const k = sessionsPerComparison[ci] as number;
    const total = c.mStart.reduce((a, b, l) => (l === 0 ? a : a + b), 0);
    const prior = c.mStart.map((v, l) => (l === 0 ? 1 : v / total));
    if (k === 0) return prior;
    // A little of the prior keeps rare levels from becoming "impossible for a match":
    // with few training pairs EM can push m to ~0 and one field would veto a true link.
    return (sums[ci] as number[]).map((v, l) => (l === 0 ? 1 : (1 - PRIOR_SHARE) * (v / k) + PRIOR_SHARE * (prior[l] as number)));
  });
  return { m, iterations };
}

/** What the model learns before scoring: u from random pairs, m by EM (λ comes later, from all candidates). */
export interface TrainedParameters {
  readonly u: number[][];
  readonly m: number[][];
  readonly iterations: number;
  /** u of the household comparisons among relatives (see estimateKinshipU), if learnt. */
  readonly kinU: number[][] | undefined;
}

/**
 * Pairs of records with the same surnames (both of them): families and namesakes, sampled
 * apart from the candidate pairs, whose blocking rules on phone and place would make
 * relatives look more alike at home than they are.
 */
const KINSHIP_RULE: BlockingRule = { name: 'training: same surnames', keys: (r) => (r.surnames.length >= 2 ? [r.surnameKey] : []) };

function trainKinshipU(records: readonly PreparedRecord[], comparisons: readonly Comparison[], u: number[][]): number[][] | undefined {
  let pairs = candidatePairs(records, [KINSHIP_RULE], { maxBlockSize: 200, window: 0 }).pairs;
  if (pairs.length > MAX_TRAINING_PAIRS) {
    const random = seededRandom(11);
    const sample = new Float64Array(MAX_TRAINING_PAIRS);
    for (let k = 0; k < sample.length; k++) sample[k] = pairs[Math.floor(random() * pairs.length)] as number;
    pairs = sample;
  }
  return estimateKinshipU(comparisons, compareCandidatePairs(records, pairs, comparisons), pairs.length, u);
}

/** Estimates u and m from the records alone (independent of the batch's candidate pairs). */
export function trainParameters(records: readonly PreparedRecord[], options: LinkOptions = {}): TrainedParameters {
  const comparisons = options.comparisons ?? DEFAULT_COMPARISONS;
  const u = estimateU(comparisons, records, options.uSamplePairs ?? 150_000);
  const { m, iterations } = trainM(records, comparisons, u, options.trainingSessions ?? DEFAULT_TRAINING_SESSIONS);
  return { u, m, iterations, kinU: trainKinshipU(records, comparisons, u) };
}

/**
 * Another thread holding the same prepared records (it read and prepared the same input):
 * it trains the model while this thread blocks, then compares and scores the chunks of
 * candidate pairs it claims, so only parameters cross; pairs, levels and weights lie in
 * shared memory that both threads read and write.
 */
export interface PairWorkHelper {
  /** Estimates u and m there (with the default options) while this thread builds the candidates. */
  train(): Promise<TrainedParameters>;
  /** Compares the chunks of `work.pairs` it claims (see compareClaimedChunks); resolves when none is left. */
  compare(work: SharedPairWork): Promise<void>;
  /** Scores the chunks of the same pairs it claims from `claims` into `weights` (shared) with the final model. */
  score(model: ModelParameters, weights: Float32Array, claims: Int32Array): Promise<void>;
  close(): void;
}

/** Candidate pairs and their levels in shared memory, and the counter of chunks claimed so far. */
export interface SharedPairWork {
  readonly pairs: Float64Array;
  readonly levels: Uint8Array;
  readonly claims: Int32Array;
}

/**
 * Pairs go in chunks of this many to whichever thread asks first: the helper joins when it
 * has trained, and neither thread waits for the other's fixed half.
 */
export const PAIR_CHUNK = 8192;

/** A chunk counter, shared with another thread when `shared` (Atomics work on both kinds). */
export function chunkClaims(shared: boolean): Int32Array {
  return new Int32Array(shared ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
}

/** The candidate pairs, copied into shared memory when `shared` (the blocked list is dropped on return). */
function blockCandidates(records: readonly PreparedRecord[], options: LinkOptions, shared: boolean): CandidatePairs {
  const candidates = candidatePairs(records, options.blockingRules ?? DEFAULT_BLOCKING_RULES, options.blocking ?? DEFAULT_BLOCKING_OPTIONS);
  if (!shared) return candidates;
  const pairs = new Float64Array(new SharedArrayBuffer(candidates.pairs.length * 8));
  pairs.set(candidates.pairs);
  return { ...candidates, pairs };
}

/** The first pair of the next chunk of `total` that no thread has claimed, or -1 when none is left. */
function claimChunk(claims: Int32Array, total: number): number {
  const from = Atomics.add(claims, 0, 1) * PAIR_CHUNK;
  return from < total ? from : -1;
}

/** Compares the chunks of pairs this thread claims from `claims`, writing their levels in place. */
export function compareClaimedChunks(records: readonly PreparedRecord[], comparisons: readonly Comparison[], work: SharedPairWork): void {
  const { pairs, levels, claims } = work;
  const width = comparisons.length;
  for (let from = claimChunk(claims, pairs.length); from >= 0; from = claimChunk(claims, pairs.length)) {
    for (let p = from; p < Math.min(pairs.length, from + PAIR_CHUNK); p++) {
      const packed = pairs[p] as number;
      const i = Math.floor(packed / PAIR_SHIFT);
      compareInto(comparisons, records[i] as PreparedRecord, records[packed - i * PAIR_SHIFT] as PreparedRecord, levels, p * width);
    }
  }
}

/** Scores the chunks of pairs this thread claims from `claims`, writing their weights in place. */
export function scoreClaimedChunks(model: LinkageModel, records: readonly PreparedRecord[], pairs: Float64Array, levels: Uint8Array, weights: Float32Array, claims: Int32Array): void {
  const width = model.comparisons.length;
  for (let from = claimChunk(claims, pairs.length); from >= 0; from = claimChunk(claims, pairs.length)) {
    for (let p = from; p < Math.min(pairs.length, from + PAIR_CHUNK); p++) {
      const packed = pairs[p] as number;
      const i = Math.floor(packed / PAIR_SHIFT);
      weights[p] = pairWeight(model, records[i] as PreparedRecord, records[packed - i * PAIR_SHIFT] as PreparedRecord, levels, p * width);
    }
  }
}

/** What a helper needs to rebuild the model: everything but the frequency tables (it counts those itself). */
export interface ModelParameters {
  readonly m: number[][];
  readonly u: number[][];
  readonly lambda: number;
  readonly kinU: number[][] | undefined;
  readonly sourceLambdas: SourceLambdas | undefined;
}

/** Which candidate pairs join two records of one source (1) or of two (0), and how many pairs of each kind exist. */
interface SourceSplit {
  readonly sameSource: Uint8Array;
  readonly samePairs: number;
  readonly crossPairs: number;
}

/** undefined with a single source (one file deduplicated: nothing to tell apart). */
function splitBySource(records: readonly PreparedRecord[], pairs: Float64Array): SourceSplit | undefined {
  const perSource = new Map<string, number>();
  for (const r of records) perSource.set(r.source, (perSource.get(r.source) ?? 0) + 1);
  if (perSource.size < 2) return undefined;
  const n = records.length;
  let samePairs = 0;
  for (const k of perSource.values()) samePairs += (k * (k - 1)) / 2;
  const crossPairs = (n * (n - 1)) / 2 - samePairs;
  const sameSource = new Uint8Array(pairs.length);
  for (let p = 0; p < pairs.length; p++) {
    const packed = pairs[p] as number;
    const i = Math.floor(packed / PAIR_SHIFT);
    sameSource[p] = (records[i] as PreparedRecord).source === (records[packed - i * PAIR_SHIFT] as PreparedRecord).source ? 1 : 0;
  }
  return { sameSource, samePairs, crossPairs };
}

/** λ of each kind of pair from its histogram (groups[1]: one source, groups[0]: two). */
function sourceLambdasOf(comparisons: readonly Comparison[], split: SourceSplit, groups: readonly PatternHistogram[], m: number[][], u: number[][]): SourceLambdas {
  const lambdaOf = (hist: PatternHistogram, total: number): number => (total > 0 ? estimateLambda(comparisons, hist, m, u, total) : 0);
  return { same: lambdaOf(groups[1] as PatternHistogram, split.samePairs), cross: lambdaOf(groups[0] as PatternHistogram, split.crossPairs) };
}

/**
 * λ apart for pairs from one source and pairs from two (see SourceLambdas), each the fixed point
 * of estimateLambda over its own candidates and its own count of pairs; undefined with a single
 * source (one file deduplicated: nothing to tell apart).
 */
export function estimateSourceLambdas(
  records: readonly PreparedRecord[],
  comparisons: readonly Comparison[],
  pairs: Float64Array,
  levels: Uint8Array,
  m: number[][],
  u: number[][],
): SourceLambdas | undefined {
  const split = splitBySource(records, pairs);
  if (!split) return undefined;
  return sourceLambdasOf(comparisons, split, groupedHistograms(levels, comparisons.length, pairs.length, split.sameSource, 2).groups, m, u);
}

export interface ScoredPairs {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly weights: Float32Array;
  /** Comparison levels, `comparisons.length` bytes per pair. */
  readonly levels: Uint8Array;
}

export interface LinkResult {
  readonly records: readonly PreparedRecord[];
  readonly model: LinkageModel;
  readonly pairs: ScoredPairs;
  readonly clusterOf: Int32Array;
  readonly clusterCount: number;
  readonly stats: {
    readonly candidatePairs: number;
    readonly perRule: { rule: string; pairs: number; oversizedBlocks: number }[];
    readonly rejectedMerges: number;
    readonly emIterations: number;
    /** Wall time per stage (ms). */
    readonly timings: Record<string, number>;
    /** CPU time of the whole process (all threads) per stage (ms): fair when the machine is shared. */
    readonly cpuTimings: Record<string, number>;
  };
}

export function compareCandidatePairs(records: readonly PreparedRecord[], pairs: Float64Array, comparisons: readonly Comparison[]): Uint8Array {
  const width = comparisons.length;
  const levels = new Uint8Array(pairs.length * width);
  for (let p = 0; p < pairs.length; p++) {
    const packed = pairs[p] as number;
    const i = Math.floor(packed / PAIR_SHIFT);
    const j = packed - i * PAIR_SHIFT;
    compareInto(comparisons, records[i] as PreparedRecord, records[j] as PreparedRecord, levels, p * width);
  }
  return levels;
}

export function prepareAll(inputs: readonly LinkageInput[], options: PrepareOptions = {}): PreparedRecord[] {
  const records = new Array<PreparedRecord>(inputs.length);
  for (let i = 0; i < inputs.length; i++) records[i] = prepareRecord(inputs[i] as LinkageInput, i, options);
  return records;
}

function cpuMilliseconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Position of a packed pair in sorted unique pairs, -1 if absent. */
export function findPair(pairs: Float64Array, key: number): number {
  let lo = 0;
  let hi = pairs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = pairs[mid] as number;
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Adds to each pair of two sources the weight of its competition class (competition.ts), in
 * place; returns the class weights (undefined with one source).
 */
function competeCandidates(records: readonly PreparedRecord[], left: Int32Array, right: Int32Array, weights: Float32Array): number[] | undefined {
  const numbers = new Map<string, number>();
  const sourceOf = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const source = (records[i] as PreparedRecord).source;
    let k = numbers.get(source);
    if (k === undefined) {
      k = numbers.size;
      numbers.set(source, k);
    }
    sourceOf[i] = k;
  }
  if (numbers.size < 2) return undefined;
  const levels = competitionLevels(sourceOf, numbers.size, left, right, weights);
  const classWeights = estimateCompetitionWeights(levels, weights);
  for (let p = 0; p < weights.length; p++) weights[p] = (weights[p] as number) + (classWeights[levels[p] as number] as number);
  return classWeights;
}

export async function linkRecords(inputs: readonly LinkageInput[], options: LinkOptions = {}): Promise<LinkResult> {
  const records = prepareAll(inputs, options.prepare);
  return linkPrepared(records, options);
}

export async function linkPrepared(records: readonly PreparedRecord[], options: LinkOptions = {}): Promise<LinkResult> {
  const comparisons = options.comparisons ?? DEFAULT_COMPARISONS;
  const progress = options.onProgress ?? (() => {});
  const timings: Record<string, number> = {};
  const cpuTimings: Record<string, number> = {};
  let clock = performance.now();
  let cpuClock = cpuMilliseconds();
  const lap = (name: string): void => {
    const now = performance.now();
    const cpuNow = cpuMilliseconds();
    timings[name] = Math.round(now - clock);
    cpuTimings[name] = Math.round(cpuNow - cpuClock);
    clock = now;
    cpuClock = cpuNow;
  };
  const n = records.length;

  let helper = options.helper;
  // The helper trains (u, m) meanwhile; it knows only the default comparisons and sessions.
  const usesDefaults = !options.comparisons && !options.uSamplePairs && !options.trainingSessions;
  const helperTraining = helper && usesDefaults ? helper.train().catch((error: unknown) => error as Error) : undefined;
  progress(`bloques / blocking: ${n} registros / records`);
  // With a helper thread, pairs and levels lie in shared memory, compared chunk by chunk by
  // whichever thread is free.
  const shared = helper !== undefined;
  const { pairs, perRule } = blockCandidates(records, options, shared);
  const pairCount = pairs.length;
  const width = comparisons.length;
  lap('block');
  progress(`comparando / comparing: ${pairCount} pares candidatos / candidate pairs`);
  const levels = new Uint8Array(shared ? new SharedArrayBuffer(pairCount * width) : new ArrayBuffer(pairCount * width));
  const work: SharedPairWork = { pairs, levels, claims: chunkClaims(shared) };
  const helperCompared = helper ? helper.compare(work).catch((error: unknown) => error as Error) : undefined;
  compareClaimedChunks(records, comparisons, work);
  if (helperCompared) {
    const failure = await helperCompared;
    if (failure instanceof Error) {
      // The helper thread could not start or failed: which of its chunks it finished is
      // unknown, so compare everything here, and go on alone.
      progress(`hilo auxiliar no disponible / helper thread unavailable (${failure.message}); continuing on one thread`);
      compareClaimedChunks(records, comparisons, { pairs, levels, claims: chunkClaims(false) });
      helper?.close();
      helper = undefined;
    }
  }
  lap('compare');

  progress('estimando el modelo / estimating the model (u, EM)');
  const trained = helperTraining ? await helperTraining : undefined;
  const training = trained && !(trained instanceof Error) ? trained : trainParameters(records, options);
  const u = training.u;
  // One pass builds the histogram of all pairs and those of one-source and two-source pairs.
  const split = splitBySource(records, pairs);
  const { all: hist, groups } = groupedHistograms(levels, comparisons.length, pairCount, split?.sameSource, 2);
  const totalPairs = (n * (n - 1)) / 2;
  const lambda = estimateLambda(comparisons, hist, training.m, u, totalPairs);
  const kinU = training.kinU;
  const sourceLambdas = split ? sourceLambdasOf(comparisons, split, groups, training.m, u) : undefined;
  const scoringModel = buildModel(comparisons, training.m, u, lambda, buildFrequencies(records), training.iterations, kinU, sourceLambdas);
  lap('estimate');

  progress('puntuando / scoring');
  const weights = new Float32Array(shared && helper ? new SharedArrayBuffer(pairCount * 4) : new ArrayBuffer(pairCount * 4));
  const scoreClaims = chunkClaims(shared && helper !== undefined);
  const helperScored = helper ? helper.score({ m: scoringModel.m, u: scoringModel.u, lambda: scoringModel.lambda, kinU, sourceLambdas }, weights, scoreClaims).catch((error: unknown) => error as Error) : undefined;
  scoreClaimedChunks(scoringModel, records, pairs, levels, weights, scoreClaims);
  if (helperScored && (await helperScored) instanceof Error) scoreClaimedChunks(scoringModel, records, pairs, levels, weights, chunkClaims(false));
  helper?.close();
  const left = new Int32Array(pairCount);
  const right = new Int32Array(pairCount);
  for (let p = 0; p < pairCount; p++) {
    const packed = pairs[p] as number;
    const i = Math.floor(packed / PAIR_SHIFT);
    left[p] = i;
    right[p] = packed - i * PAIR_SHIFT;
  }
  const competitionWeights = competeCandidates(records, left, right, weights);
  const model = competitionWeights ? { ...scoringModel, competitionWeights } : scoringModel;
  lap('score');

  progress('agrupando / clustering');
  const clusters = clusterPairs(
    n,
    left,
    right,
    weights,
    (i, j) => {
      // A candidate pair weighs as scored (with its competition class); another, on its fields.
      const p = findPair(pairs, Math.min(i, j) * PAIR_SHIFT + Math.max(i, j));
      if (p >= 0) return weights[p] as number;
      return scorePair(model, records[i] as PreparedRecord, records[j] as PreparedRecord);
    },
    options.cluster ?? DEFAULT_CLUSTER_OPTIONS,
  );
  lap('cluster');

  return {
    records,
    model,
    pairs: { left, right, weights, levels },
    clusterOf: clusters.clusterOf,
    clusterCount: clusters.clusterCount,
    stats: {
      candidatePairs: pairCount,
      perRule,
      rejectedMerges: clusters.rejectedMerges,
      emIterations: training.iterations,
      timings,
      cpuTimings,
    },
  };
}
