// Batch linkage: prepare → block → compare → estimate (u, EM) → score → cluster. Pure: takes
// records, returns clusters, scored pairs and the model. Same defaults for every dataset.
import { candidatePairs, DEFAULT_BLOCKING_OPTIONS, DEFAULT_BLOCKING_RULES, PAIR_SHIFT } from './blocking.ts';
import type { BlockingOptions, BlockingRule } from './blocking.ts';
import { clusterPairs, DEFAULT_CLUSTER_OPTIONS } from './cluster.ts';
import type { ClusterOptions } from './cluster.ts';
import { DEFAULT_COMPARISONS } from './comparisons.ts';
import type { Comparison } from './comparisons.ts';
import { buildFrequencies, buildModel, compareInto, estimateU, expectationMaximisation, histogram, pairWeight, scorePair } from './model.ts';
import type { LinkageModel } from './model.ts';
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
  /** Where the non-match probabilities come from: random pairs (Splink's way) or EM on the candidates. */
  readonly uSource?: 'random' | 'candidates';
  /** Called with a short progress message (Spanish / English) at each stage. */
  readonly onProgress?: (message: string) => void;
  /**
   * Computes comparison levels for a slice of the candidate pairs; lets a caller spread the
   * work over worker threads. Defaults to doing it here.
   */
  readonly compareAll?: (records: readonly PreparedRecord[], pairs: Float64Array, comparisons: readonly Comparison[]) => Promise<Uint8Array>;
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
    readonly timings: Record<string, number>;
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

export async function linkRecords(inputs: readonly LinkageInput[], options: LinkOptions = {}): Promise<LinkResult> {
  const records = prepareAll(inputs, options.prepare);
  return linkPrepared(records, options);
}

export async function linkPrepared(records: readonly PreparedRecord[], options: LinkOptions = {}): Promise<LinkResult> {
  const comparisons = options.comparisons ?? DEFAULT_COMPARISONS;
  const progress = options.onProgress ?? (() => {});
  const timings: Record<string, number> = {};
  let clock = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round(now - clock);
    clock = now;
  };
  const n = records.length;

  progress(`bloques / blocking: ${n} registros / records`);
  const candidates = candidatePairs(records, options.blockingRules ?? DEFAULT_BLOCKING_RULES, options.blocking ?? DEFAULT_BLOCKING_OPTIONS);
  lap('block');
  const pairCount = candidates.pairs.length;
  progress(`comparando / comparing: ${pairCount} pares candidatos / candidate pairs`);
  const levels = options.compareAll
    ? await options.compareAll(records, candidates.pairs, comparisons)
    : compareCandidatePairs(records, candidates.pairs, comparisons);
  lap('compare');

  progress('estimando el modelo / estimating the model (u, EM)');
  const uRandom = estimateU(comparisons, records, options.uSamplePairs ?? 400_000);
  const hist = histogram(levels, comparisons.length, pairCount);
  const em = expectationMaximisation(comparisons, hist, uRandom);
  const totalPairs = (n * (n - 1)) / 2;
  const useCandidateU = options.uSource === 'candidates';
  const lambda = useCandidateU ? em.lambdaCandidates : totalPairs > 0 ? (em.lambdaCandidates * pairCount) / totalPairs : 0;
  const model = buildModel(comparisons, em.m, useCandidateU ? em.uCandidates : uRandom, lambda, buildFrequencies(records), em.iterations);
  lap('estimate');

  progress('puntuando / scoring');
  const width = comparisons.length;
  const left = new Int32Array(pairCount);
  const right = new Int32Array(pairCount);
  const weights = new Float32Array(pairCount);
  for (let p = 0; p < pairCount; p++) {
    const packed = candidates.pairs[p] as number;
    const i = Math.floor(packed / PAIR_SHIFT);
    const j = packed - i * PAIR_SHIFT;
    left[p] = i;
    right[p] = j;
    weights[p] = pairWeight(model, records[i] as PreparedRecord, records[j] as PreparedRecord, levels, p * width);
  }
  lap('score');

  progress('agrupando / clustering');
  const clusters = clusterPairs(
    n,
    left,
    right,
    weights,
    (i, j) => scorePair(model, records[i] as PreparedRecord, records[j] as PreparedRecord),
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
      perRule: candidates.perRule,
      rejectedMerges: clusters.rejectedMerges,
      emIterations: em.iterations,
      timings,
    },
  };
}
